"""Help that shows what to type (ADR 5): flags as flags, values by a plain name.

Typer labels every parameter in ``--help`` with its Python annotation (``--all <bool>``, ``--year <list[int]>``,
``files... <list[Path]>``). Here a flag shows no value at all, and a value shows a plain upper-case name
(``INTEGER``, ``NUMBER``, ``TEXT``, ``PATH``, or the option's own ``metavar=``, e.g. ``YEAR``). Every command of
``wres`` is a :class:`PlainCommand` (:class:`WresTyper` makes it the default), and the groups are
:class:`PlainGroup`, so a command added later gets the same help without doing anything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption
from typer.models import CommandFunctionType

PLAIN_NAMES: Final[dict[object, str]] = {int: "INTEGER", float: "NUMBER", str: "TEXT", Path: "PATH"}
"""Python type → the name shown for its values in ``--help``."""


def plain_metavar(param: TyperArgument | TyperOption) -> str:
    """What ``--help`` shows for ``param``'s value: nothing for a flag, else its ``metavar`` or a plain name."""
    if param.metavar is not None:
        return param.metavar
    if isinstance(param, TyperOption) and (param.is_flag or param.count):
        return ""
    descriptor = param.type_descriptor
    if descriptor.is_choice and descriptor.choices is not None:
        return "|".join(str(getattr(c, "value", c)) for c in descriptor.choices)
    if descriptor.is_path:
        return "PATH"
    annotation = descriptor.annotation
    if descriptor.is_list:
        annotation = getattr(annotation, "__args__", (str,))[0]
    if annotation in PLAIN_NAMES:
        return PLAIN_NAMES[annotation]
    return str(getattr(annotation, "__name__", "VALUE")).upper()


class _PlainArgument(TyperArgument):
    """An argument whose type column shows :func:`plain_metavar` (Typer's ignores ``metavar`` there)."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return plain_metavar(self)


def _plain(params: list[Any]) -> list[Any]:
    """``params`` with plain value names (changed in place: Typer builds the parameters afresh for every run)."""
    for param in params:
        if type(param) is TyperArgument:
            param.__class__ = _PlainArgument
        elif isinstance(param, TyperOption) and param.metavar is None:
            param.metavar = plain_metavar(param)
    return params


class PlainCommand(TyperCommand):
    """A command whose help shows flags as flags and values by a plain name."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain(super().get_params(ctx))


class PlainGroup(TyperGroup):
    """A group (``wres``, ``wres users``) whose own options are shown as :class:`PlainCommand` shows them."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain(super().get_params(ctx))


class WresTyper(typer.Typer):
    """A Typer app whose group is a :class:`PlainGroup` and whose commands are :class:`PlainCommand` unless
    told otherwise."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("cls", PlainGroup)
        super().__init__(*args, **kwargs)

    def command(
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        return super().command(name, cls=cls or PlainCommand, **kwargs)
