"""Printing raw text through Rich: our markup, their text (ADR 5).

Anything that did not come from wres's own source (values from an extract, file names and paths, profile and
configuration values, error messages that quote them) must print exactly as written. Rich reads ``[...]`` in a
printed string as markup: ``[/]`` raises an error, ``[bold]`` disappears, and ``\\[`` loses its backslash. Escaping
with ``rich.markup.escape`` is not enough (a trailing backslash, or one before a bracket that is not a tag, still
changes what is printed), so raw text never goes through the markup parser at all: :func:`markup` renders only
the template, which is wres's own, and puts each field in as plain text with the template's style at that place.
"""

from __future__ import annotations

import string
from typing import Final

from rich.markup import render
from rich.text import Text

_FORMATTER: Final = string.Formatter()
_OPEN, _CLOSE = "\ue000", "\ue001"
"""Private-use characters that stand for a field while the template is rendered (never in a template)."""


def literal(value: object) -> Text:
    """``value`` as text that Rich prints exactly as written (a table cell, a title, a status line)."""
    return Text(str(value))


def markup(template: str, /, **fields: object) -> Text:
    """The Rich markup ``template`` (wres's own) with its ``{name}`` fields (``str.format`` syntax, keyword
    fields only) filled with ``fields``, each printed exactly as written and styled as the template is there.

    >>> markup("[bold]{file}[/]: {n:,} rows", file="esr_[/].csv", n=1200).plain
    'esr_[/].csv: 1,200 rows'
    """
    if _OPEN in template or _CLOSE in template:
        raise ValueError("template contains a private-use placeholder character")
    parts: list[str] = []
    values: list[str] = []
    for literal_text, name, spec, conversion in _FORMATTER.parse(template):
        parts.append(literal_text)
        if name is None:
            continue
        if not name or name.isdigit():
            raise ValueError(f"markup fields are named: {template!r}")
        value = _FORMATTER.convert_field(fields[name], conversion)
        values.append(_FORMATTER.format_field(value, spec or ""))
        parts.append(f"{_OPEN}{len(values) - 1}{_CLOSE}")
    rendered = render("".join(parts), emoji=False)
    if not values:
        return rendered
    out = Text(style=rendered.style)
    plain = rendered.plain
    at = 0
    while (start := plain.find(_OPEN, at)) >= 0:
        end = plain.index(_CLOSE, start) + 1
        out.append_text(rendered[at:start])
        field = Text(values[int(plain[start + 1 : end - 1])])
        for span in rendered[start:end].spans:
            field.stylize(span.style)
        out.append_text(field)
        at = end
    out.append_text(rendered[at:])
    return out
