"""Declarative mapping profiles: how the columns of one raw export become one canonical table.

A profile is a small TOML file. Built-in profiles ship in ``wres/ingest/builtin_profiles`` (one per raw format
the synthetic generator writes, see :mod:`wres.synth.raw`); user profiles are read from a folder
(``$WRES_PROFILE_DIR``, else ``~/.config/wres/profiles``) and replace a built-in profile of the same name.

The reference for users, with an example per source, is ``docs/profiles.md`` (tested against this module: every key
and transform there exists here and the reverse). Format (every key is checked; an unknown key, transform or
canonical column is an error naming the file)::

    name = "er_case_log"                  # optional, default the file stem
    description = "Employee-relations case log"
    kind = "disciplinary"                 # staff, recruitment, disciplinary, training, survey, board, organisations
    table = "disciplinary"                # the canonical table produced
    signature = ["Case Reference", "Case Type", "Stage"]   # all present → this profile is detected
    file_date_pattern = '(\\d{4}-\\d{2}-\\d{2})'  # optional: ISO date in the file name (first group); without
                                          # it, any common date form (wres.ingest.file_dates)
    resolve = "esr_assignments"           # optional: the ESR one-row-per-person rule (see wres.ingest.transform)

    [resolver]                            # optional: the resolver's settings
    primary = "Primary Assignment"        # esr_assignments: the primary-assignment column (this default)
    assignment = "Assignment Number"      # esr_assignments: the assignment-number column (this default), read
                                          # only to find one assignment twice with different bands

    [answers]                             # optional: wide question columns → a second, long table
    table = "survey_answers"              # its columns: key columns of the main table, item, response
    items = ["Q14a", "Q14b", "Q15"]       # the question items: names (any case), or a regular expression that
                                          # a raw column's whole name matches; a column named as free text
                                          # (comments, notes, ...) is never an item (wres.ingest.personal)

    [filter]                              # optional: keep rows whose column equals one of the values
    "Case Type" = ["Disciplinary"]        # (case- and space-insensitive)

    [out_of_scope]                        # optional: a filter column's values known to be out of scope; with
    "Case Type" = ["Grievance"]           # it, any other value of that column is a reject (damage), not set
                                          # aside (issue 13)

    [columns.case_id]                     # one table per canonical column
    source = "Case Reference"             # a name or a list: per row, the first non-empty present column
    transform = "text"                    # see TRANSFORMS
    required = true                       # the file must hold one of the sources (default true)

Transform options: ``map`` takes ``values`` (raw text → output, case-insensitive) and optional ``default``;
``constant`` takes ``value`` (and no source) of the column's type (text, true/false, a whole number, a number, a
date); ``band`` takes ``staff_group`` (the raw column holding the staff group); ``pseudonym`` takes ``id_kind``
(``person``, ``applicant``, ``board_member``, ``respondent``). ``file_date`` (no source) fills a date column with the
snapshot date and a whole-number column with the survey year (``--snapshot-date`` / ``--survey-year``, else the
file name); ``derived_id`` makes a record id from the canonical columns named in ``source``
(:func:`wres.ingest.transform.derived_ids`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from wres.data.schema import TABLES, ColumnType
from wres.errors import WresError
from wres.ingest.defaults import KINDS_OF_SOURCE
from wres.ingest.personal import is_personal_column
from wres.ingest.pseudonym import KINDS

__all__ = [
    "ANSWER_ITEM",
    "ANSWER_RESPONSE",
    "KINDS_OF_SOURCE",
    "RESOLVERS",
    "TRANSFORMS",
    "AnswersSpec",
    "ColumnRule",
    "Profile",
    "builtin_profiles",
    "default_profile_dir",
    "detect_profile",
    "load_profile",
    "load_profiles",
    "normalise_name",
    "parse_profile",
]

TRANSFORMS: frozenset[str] = frozenset(
    {
        "text",
        "date_dmy",
        "yes_no",
        "ethnicity",
        "band",
        "staff_group",
        "map",
        "constant",
        "pseudonym",
        "file_date",
        "integer",
        "number",
        "derived_id",
    }
)
"""The fixed registry of value transforms (implemented in :mod:`wres.ingest.transform`)."""

RESOLVERS: dict[str, frozenset[str]] = {"esr_assignments": frozenset({"bank_only"})}
"""Row resolvers and the canonical columns each one produces itself."""

_PROFILE_KEYS = frozenset(
    {
        "name",
        "description",
        "kind",
        "table",
        "signature",
        "file_date_pattern",
        "resolve",
        "filter",
        "out_of_scope",
        "columns",
        "answers",
        "resolver",
    }
)
_RULE_KEYS = frozenset({"source", "transform", "required", "values", "default", "value", "staff_group", "id_kind"})
_TYPES_OF_TRANSFORM = {
    "date_dmy": {ColumnType.DATE},
    "file_date": {ColumnType.DATE, ColumnType.INTEGER},
    "constant": set(ColumnType),
    "derived_id": {ColumnType.STRING},
    "yes_no": {ColumnType.BOOLEAN},
    "text": {ColumnType.STRING},
    "ethnicity": {ColumnType.STRING},
    "band": {ColumnType.STRING},
    "staff_group": {ColumnType.STRING},
    "pseudonym": {ColumnType.STRING},
    "integer": {ColumnType.INTEGER},
    "number": {ColumnType.FLOAT},
}
_ANSWERS_KEYS = frozenset({"table", "items"})
_RESOLVER_KEYS: dict[str, frozenset[str]] = {"esr_assignments": frozenset({"primary", "assignment"})}
ESR_PRIMARY_DEFAULT = "Primary Assignment"
ESR_ASSIGNMENT_DEFAULT = "Assignment Number"
"""The raw column flagging an ESR person's primary assignment unless ``[resolver] primary`` names another."""
ANSWER_ITEM, ANSWER_RESPONSE = "item", "response"

MapValue = str | bool
ConstantValue = str | bool | int | float | dt.date


def normalise_name(name: str) -> str:
    """A column name or value compared case- and space-insensitively."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class ColumnRule:
    """How one canonical column is made from the raw columns.

    Attributes:
        column: Canonical column name.
        sources: Raw column names; per row the first non-empty value among those present is used.
        transform: A name from :data:`TRANSFORMS`.
        required: The raw file must hold at least one of ``sources``.
        values: ``map`` only: normalised raw text → output value.
        default: ``map`` only: output for a non-empty value not in ``values`` (``None``: a reject).
        value: ``constant`` only: the value.
        staff_group: ``band`` only: the raw column holding the staff group the band is parsed with.
        id_kind: ``pseudonym`` only: the pseudonym kind.
    """

    column: str
    sources: tuple[str, ...]
    transform: str
    required: bool = True
    values: Mapping[str, MapValue] = field(default_factory=dict)
    default: MapValue | None = None
    value: ConstantValue | None = None
    staff_group: str | None = None
    id_kind: str | None = None


@dataclass(frozen=True)
class AnswersSpec:
    """Wide question columns turned into a long table: one row per source row per non-empty item column.

    Attributes:
        table: The long canonical table (columns: ``keys``, ``item`` = raw column name, ``response`` = cell).
        items: Regular expression; raw columns whose whole name matches are items (the profile's list of names
            becomes ``(?i:name|...)``), except a column named as free text.
        keys: Columns copied from the main table's row.
    """

    table: str
    items: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    """A declarative mapping of one raw export to one canonical table.

    Attributes:
        name: Profile name (``--profile NAME``).
        kind: Source kind (see :data:`KINDS_OF_SOURCE`).
        table: Canonical table produced.
        signature: Raw columns that must all be present for auto-detection.
        rules: One rule per mapped canonical column.
        filter: Raw column → accepted values (normalised); rows matching every entry are kept.
        out_of_scope: Filter column → the values (normalised) known to be out of scope, set aside by design; a value
            of such a column in neither list is a reject (a damaged filter column; issue 13). A filter column
            without an entry sets aside every value it does not accept.
        file_date_pattern: Regular expression whose first group is an ISO date in the file name.
        resolve: Optional row resolver (see :data:`RESOLVERS`).
        description: Free text.
        origin: The file the profile was read from.
        answers: Wide question columns read into a second, long table.
        primary_column: ``esr_assignments`` only: the raw column flagging the primary assignment (Yes/No).
        assignment_column: ``esr_assignments`` only: the raw column numbering assignments. Read only to find the
            same assignment twice in one snapshot with different bands (a conflict, not a merge); never shown or
            stored. A file without it is resolved by person alone.
    """

    name: str
    kind: str
    table: str
    signature: tuple[str, ...]
    rules: tuple[ColumnRule, ...]
    filter: Mapping[str, frozenset[str]] = field(default_factory=dict)
    file_date_pattern: str | None = None
    resolve: str | None = None
    description: str = ""
    origin: str = ""
    answers: AnswersSpec | None = None
    primary_column: str = ESR_PRIMARY_DEFAULT
    out_of_scope: Mapping[str, frozenset[str]] = field(default_factory=dict)
    assignment_column: str = ESR_ASSIGNMENT_DEFAULT

    @property
    def tables(self) -> tuple[str, ...]:
        """The canonical tables this profile produces."""
        return (self.table,) if self.answers is None else (self.table, self.answers.table)

    def reads(self, header: Sequence[str]) -> list[str]:
        """The columns of ``header`` this profile reads (every other column, names and NI numbers included, is
        never loaded into memory: see :func:`wres.ingest.readers.read_raw`'s ``select``)."""
        wanted = {normalise_name(n) for rule in self.rules if rule.transform != "derived_id" for n in rule.sources}
        wanted |= {normalise_name(rule.staff_group) for rule in self.rules if rule.staff_group}
        wanted |= {normalise_name(n) for n in self.filter}
        if self.resolve == "esr_assignments":
            wanted.add(normalise_name(self.primary_column))
            wanted.add(normalise_name(self.assignment_column))
        items = re.compile(self.answers.items) if self.answers is not None else None
        return [
            c
            for c in header
            if normalise_name(c) in wanted
            or (items is not None and items.fullmatch(c) is not None and not is_personal_column(c))
        ]

    def rule(self, column: str) -> ColumnRule | None:
        """The rule for a canonical column, if any."""
        for rule in self.rules:
            if rule.column == column:
                return rule
        return None


def _fail(origin: str, key: str, message: str) -> WresError:
    return WresError(f"profile {origin}: key {key!r}: {message}")


def _text(origin: str, key: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(origin, key, "expected a non-empty string")
    return value


def _texts(origin: str, key: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (_text(origin, key, value),)
    if not isinstance(value, list) or not value:
        raise _fail(origin, key, "expected a string or a non-empty list of strings")
    return tuple(_text(origin, key, v) for v in value)


def _unknown_keys(origin: str, prefix: str, data: Mapping[str, Any], allowed: frozenset[str]) -> None:
    for key in data:
        if key not in allowed:
            raise _fail(origin, f"{prefix}{key}", f"unknown key; allowed keys are {', '.join(sorted(allowed))}")


def _map_value(origin: str, key: str, value: object, ctype: ColumnType) -> MapValue:
    if ctype == ColumnType.BOOLEAN and isinstance(value, bool):
        return value
    if ctype == ColumnType.STRING and isinstance(value, str):
        return value
    raise _fail(origin, key, f"expected a {'boolean' if ctype == ColumnType.BOOLEAN else 'string'} value")


def _constant(origin: str, key: str, value: object, ctype: ColumnType) -> ConstantValue:
    """A ``constant`` value of the column's type: a string, true/false, a whole number, a number, or a date (a TOML
    date or an ISO ``"2025-03-31"``)."""
    if ctype == ColumnType.INTEGER and isinstance(value, int) and not isinstance(value, bool):
        return value
    if ctype == ColumnType.FLOAT and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if ctype == ColumnType.DATE:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise _fail(origin, key, "expected a date (2025-03-31)")
    if ctype in {ColumnType.STRING, ColumnType.BOOLEAN}:
        return _map_value(origin, key, value, ctype)
    raise _fail(origin, key, f"expected a {'whole number' if ctype == ColumnType.INTEGER else 'number'}")


def _parse_rule(origin: str, table: str, column: str, data: object) -> ColumnRule:
    prefix = f"columns.{column}."
    if column not in TABLES[table].column_names:
        raise _fail(origin, f"columns.{column}", f"not a column of canonical table {table!r}")
    if not isinstance(data, dict):
        raise _fail(origin, f"columns.{column}", "expected a table")
    _unknown_keys(origin, prefix, data, _RULE_KEYS)
    ctype = TABLES[table].column(column).type
    transform = _text(origin, prefix + "transform", data.get("transform"))
    if transform not in TRANSFORMS:
        expected = ", ".join(sorted(TRANSFORMS))
        raise _fail(origin, prefix + "transform", f"unknown transform {transform!r}; expected one of {expected}")
    allowed_types = _TYPES_OF_TRANSFORM.get(transform, {ColumnType.STRING, ColumnType.BOOLEAN})
    if ctype not in allowed_types:
        raise _fail(origin, prefix + "transform", f"transform {transform!r} cannot fill a {ctype} column")
    no_source = transform in {"constant", "file_date"}
    if no_source:
        if "source" in data:
            raise _fail(origin, prefix + "source", f"transform {transform!r} takes no source")
        sources: tuple[str, ...] = ()
    else:
        sources = _texts(origin, prefix + "source", data.get("source"))
    for name in sources if transform not in {"pseudonym", "derived_id"} else ():
        if is_personal_column(name):  # issue 13: names, NI numbers, dates of birth, ... are never stored
            raise _fail(
                origin,
                prefix + "source",
                f"{name!r} holds personal data (names, NI numbers, dates of birth, employee numbers, contact details "
                "or free text): only transform 'pseudonym' may read it",
            )
    required = data.get("required", True)
    if not isinstance(required, bool):
        raise _fail(origin, prefix + "required", "expected true or false")
    options = {"values", "default"} if transform == "map" else set()
    options |= {"value"} if transform == "constant" else set()
    options |= {"staff_group"} if transform == "band" else set()
    options |= {"id_kind"} if transform == "pseudonym" else set()
    for key in ("values", "default", "value", "staff_group", "id_kind"):
        if key in data and key not in options:
            raise _fail(origin, prefix + key, f"not an option of transform {transform!r}")
    values: dict[str, MapValue] = {}
    default: MapValue | None = None
    value: ConstantValue | None = None
    if transform == "map":
        raw_values = data.get("values")
        if not isinstance(raw_values, dict) or not raw_values:
            raise _fail(origin, prefix + "values", "expected a non-empty table of raw value = output")
        values = {normalise_name(k): _map_value(origin, f"{prefix}values.{k}", v, ctype) for k, v in raw_values.items()}
        if "default" in data:
            default = _map_value(origin, prefix + "default", data["default"], ctype)
    if transform == "constant":
        if "value" not in data:
            raise _fail(origin, prefix + "value", "transform 'constant' needs a value")
        value = _constant(origin, prefix + "value", data["value"], ctype)
    staff_group = _text(origin, prefix + "staff_group", data["staff_group"]) if "staff_group" in data else None
    id_kind: str | None = None
    if transform == "pseudonym":
        id_kind = _text(origin, prefix + "id_kind", data.get("id_kind"))
        if id_kind not in KINDS:
            raise _fail(origin, prefix + "id_kind", f"unknown id kind; expected one of {', '.join(KINDS)}")
    if transform == "derived_id":
        for name in sources:
            if name not in TABLES[table].column_names or name == column:
                raise _fail(origin, prefix + "source", f"{name!r} is not another canonical column of {table!r}")
    return ColumnRule(column, sources, transform, required, values, default, value, staff_group, id_kind)


def parse_profile(data: Mapping[str, Any], origin: str, default_name: str) -> Profile:
    """Validate the parsed TOML of one profile strictly and build the :class:`Profile`.

    Raises:
        WresError: naming ``origin`` and the offending key.
    """
    _unknown_keys(origin, "", data, _PROFILE_KEYS)
    name = _text(origin, "name", data.get("name", default_name))
    kind = _text(origin, "kind", data.get("kind"))
    if kind not in KINDS_OF_SOURCE:
        raise _fail(origin, "kind", f"unknown kind {kind!r}; expected one of {', '.join(sorted(KINDS_OF_SOURCE))}")
    table = _text(origin, "table", data.get("table"))
    if table not in TABLES:
        raise _fail(origin, "table", f"unknown canonical table {table!r}")
    signature = _texts(origin, "signature", data.get("signature"))
    description = data.get("description", "")
    if not isinstance(description, str):
        raise _fail(origin, "description", "expected a string")
    pattern = data.get("file_date_pattern")
    if pattern is not None:
        pattern = _text(origin, "file_date_pattern", pattern)
        try:
            if re.compile(pattern).groups < 1:
                raise _fail(origin, "file_date_pattern", "needs one group capturing the ISO date")
        except re.error as err:
            raise _fail(origin, "file_date_pattern", f"invalid regular expression: {err}") from None
    resolve = data.get("resolve")
    if resolve is not None and resolve not in RESOLVERS:
        raise _fail(origin, "resolve", f"unknown resolver {resolve!r}; expected one of {', '.join(RESOLVERS)}")
    raw_filter = data.get("filter", {})
    if not isinstance(raw_filter, dict):
        raise _fail(origin, "filter", "expected a table of column = [values]")
    filters = {k: frozenset(normalise_name(v) for v in _texts(origin, f"filter.{k}", v)) for k, v in raw_filter.items()}
    raw_known = data.get("out_of_scope", {})
    if not isinstance(raw_known, dict):
        raise _fail(origin, "out_of_scope", "expected a table of column = [values]")
    known = {
        k: frozenset(normalise_name(v) for v in _texts(origin, f"out_of_scope.{k}", v)) for k, v in raw_known.items()
    }
    for column, values in known.items():
        if column not in filters:
            raise _fail(origin, f"out_of_scope.{column}", "not a column of [filter]")
        if both := values & filters[column]:
            raise _fail(origin, f"out_of_scope.{column}", f"also in [filter]: {', '.join(sorted(both))}")
    raw_columns = data.get("columns")
    if not isinstance(raw_columns, dict) or not raw_columns:
        raise _fail(origin, "columns", "expected one [columns.NAME] table per canonical column")
    rules = tuple(_parse_rule(origin, table, col, rule) for col, rule in raw_columns.items())
    produced = {r.column for r in rules} | (RESOLVERS[resolve] if resolve else frozenset())
    for col in TABLES[table].columns:
        if not col.nullable and col.name not in produced:
            raise _fail(origin, f"columns.{col.name}", f"missing: canonical column {col.name!r} cannot be empty")
    if resolve == "esr_assignments":
        for needed in ("person_id", "band", "contract"):
            if needed not in produced:
                raise _fail(origin, f"columns.{needed}", "needed by resolver 'esr_assignments'")
    answers = _parse_answers(origin, table, data["answers"]) if "answers" in data else None
    primary, assignment = (
        _parse_resolver(origin, resolve, data["resolver"])
        if "resolver" in data
        else (ESR_PRIMARY_DEFAULT, ESR_ASSIGNMENT_DEFAULT)
    )
    return Profile(
        name,
        kind,
        table,
        signature,
        rules,
        filters,
        pattern,
        resolve,
        description,
        origin,
        answers,
        primary,
        known,
        assignment,
    )


def _parse_resolver(origin: str, resolve: str | None, data: object) -> tuple[str, str]:
    """The ``[resolver]`` settings: for ``esr_assignments``, ``primary`` (the primary-assignment column) and
    ``assignment`` (the assignment-number column)."""
    if resolve is None:
        raise _fail(origin, "resolver", "settings of a resolver, but the profile has no 'resolve'")
    if not isinstance(data, dict):
        raise _fail(origin, "resolver", "expected a table")
    _unknown_keys(origin, "resolver.", data, _RESOLVER_KEYS[resolve])
    return (
        _text(origin, "resolver.primary", data.get("primary", ESR_PRIMARY_DEFAULT)),
        _text(origin, "resolver.assignment", data.get("assignment", ESR_ASSIGNMENT_DEFAULT)),
    )


def _parse_answers(origin: str, table: str, data: object) -> AnswersSpec:
    if not isinstance(data, dict):
        raise _fail(origin, "answers", "expected a table with keys table and items")
    _unknown_keys(origin, "answers.", data, _ANSWERS_KEYS)
    long_table = _text(origin, "answers.table", data.get("table"))
    if long_table not in TABLES:
        raise _fail(origin, "answers.table", f"unknown canonical table {long_table!r}")
    names = TABLES[long_table].column_names
    keys = tuple(c for c in names if c not in {ANSWER_ITEM, ANSWER_RESPONSE})
    if (
        ANSWER_ITEM not in names
        or ANSWER_RESPONSE not in names
        or any(k not in TABLES[table].column_names for k in keys)
    ):
        raise _fail(origin, "answers.table", f"{long_table!r} is not a long item/response table of {table!r}")
    raw_items = data.get("items")
    if isinstance(raw_items, list):  # names, compared ignoring case (issue 13: only the items the indicators use)
        items = "(?i:" + "|".join(re.escape(n.strip()) for n in _texts(origin, "answers.items", raw_items)) + ")"
    else:
        items = _text(origin, "answers.items", raw_items)
    try:
        re.compile(items)
    except re.error as err:
        raise _fail(origin, "answers.items", f"invalid regular expression: {err}") from None
    return AnswersSpec(long_table, items, keys)


def load_profile(path: Path) -> Profile:
    """Read and validate one profile TOML file."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as err:
        raise WresError(f"profile {path}: cannot read: {err.strerror or err}") from None
    except tomllib.TOMLDecodeError as err:
        raise WresError(f"profile {path}: invalid TOML: {err}") from None
    return parse_profile(data, str(path), path.stem)


def builtin_profiles() -> dict[str, Profile]:
    """The profiles shipped with wres, by name."""
    folder = resources.files("wres.ingest") / "builtin_profiles"
    out: dict[str, Profile] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            origin = f"builtin:{entry.name}"
            try:
                data = tomllib.loads(entry.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as err:
                raise WresError(f"profile {origin}: invalid TOML: {err}") from None
            profile = parse_profile(data, origin, entry.name.removesuffix(".toml"))
            out[profile.name] = profile
    return out


def default_profile_dir() -> Path:
    """``$WRES_PROFILE_DIR`` if set, else ``~/.config/wres/profiles``."""
    env = os.environ.get("WRES_PROFILE_DIR")
    return Path(env) if env else Path.home() / ".config" / "wres" / "profiles"


def load_profiles(user_dir: Path | None = None, *, include_builtin: bool = True) -> dict[str, Profile]:
    """Built-in profiles, then every ``*.toml`` of ``user_dir`` (default :func:`default_profile_dir`).

    A user profile replaces a built-in profile of the same name. A missing user folder is not an error.
    """
    profiles = builtin_profiles() if include_builtin else {}
    folder = default_profile_dir() if user_dir is None else user_dir
    if folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            profile = load_profile(path)
            profiles[profile.name] = profile
    return profiles


def _clip(name: str, limit: int = 40) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def detect_profile(columns: Sequence[str], profiles: Mapping[str, Profile] | Iterable[Profile]) -> Profile:
    """The one profile whose signature columns are all among ``columns`` (case- and space-insensitive).

    Raises:
        WresError: no profile matches (listing the profiles and the columns seen), or several do (naming
            them and asking for ``--profile NAME``).
    """
    candidates = list(profiles.values()) if isinstance(profiles, Mapping) else list(profiles)
    seen = {normalise_name(c) for c in columns}
    matches = [p for p in candidates if all(normalise_name(s) in seen for s in p.signature)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        known = "; ".join(f"{p.name} ({', '.join(p.signature)})" for p in candidates) or "(none)"
        shown = ", ".join(_clip(c) for c in list(columns)[:12]) + (
            f" … ({len(columns)} columns)" if len(columns) > 12 else ""
        )
        raise WresError(
            f"no import profile matches the columns {shown}; known profiles (signature columns): "
            f"{known}; add a profile to {default_profile_dir()}"
        )
    names = ", ".join(sorted(p.name for p in matches))
    raise WresError(f"the columns match several import profiles ({names}); pass --profile NAME to choose one")
