"""What is personal in a raw extract, and how it is shown: never as written (issue 13, "Never prints or stores
personal data").

HR extracts carry names, NI numbers, dates of birth, employee numbers and free text. wres reads only the columns
a profile maps (:meth:`wres.ingest.profiles.Profile.reads`) and pseudonymises identifiers
(:mod:`wres.ingest.pseudonym`); this module is the rule for everything that is *shown*: a reject (file, row,
column, value, problem), an error message, the import ledger, the data-quality report and the files of
``--report-dir``. A value is shown masked, as ``«masked: 9 characters»``, when

* its column is personal: a column mapped with the ``pseudonym`` transform (an id of a person before
  pseudonymisation), or a column whose name says it holds names, NI numbers, dates of birth, employee or
  assignment numbers, contact details or free text (:func:`is_personal_column`; a profile may read such a column
  only with the ``pseudonym`` transform, :func:`wres.ingest.profiles.parse_profile`); or
* the value itself looks personal wherever it turns up (a row shifted by a deleted cell or an unquoted comma puts
  one field's value under another's name): an NI number, or a date in a column that is not read as a date
  (:func:`looks_personal`).

A cell that is a value, not a column name, never makes a header row (:func:`looks_like_data`, used by
:func:`wres.ingest.readers.find_header`): numbers, dates (dd/mm/yyyy and the like, ISO) and id-like tokens
(``E99887766``, ``QQ123456C``), so that a file whose header row is missing is refused as having none, rather
than its first data row, with a name, an NI number and a date of birth, being printed as its column names.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["is_personal_column", "looks_like_data", "looks_personal", "mask", "shown"]

_WHOLE_NAMES: Final = re.compile(
    r"(?:(?:full|first|last|sur|fore|given|family|middle|maiden|preferred|legal|known as|staff|employee|person|"
    r"member|candidate|applicant|respondent|board member)\s?)?names?|initials?|age|notes?|address|mobile"
)
"""Column names that are personal only as the whole name (``Name``, ``Surname``, ``Age``; not ``Course Name``)."""
_PERSONAL_WORDS: Final = re.compile(
    r"\b(?:"
    r"n\.?\s?i\.?\s?(?:number|no\b\.?|num\b)|national insurance|nino\b"
    r"|date of birth|birth ?date|d\.?o\.?b\b\.?"
    r"|(?:employee|assignment|staff|payroll|nhs|personnel) (?:number|no\b\.?|num\b|id\b|ref(?:erence)?\b)"
    r"|e-?mail|home address|address line|post ?code|(?:tele)?phone"
    r"|comments?\b|free text|remarks?\b|please specify|please describe|in your own words"
    r")"
)
"""Words that make a column personal wherever they are in its name (``Date of Birth``, ``NI Number``,
``Employee Number``, ``Any other comments``)."""
_NI_NUMBER: Final = re.compile(r"[A-Za-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-Da-d]?")
_DATE: Final = re.compile(r"\d{1,4}\s?[-/.]\s?(?:\d{1,2}|[A-Za-z]{3,9})\s?[-/.]\s?\d{2,4}(?:[ T]\S.*)?")
_NUMBER: Final = re.compile(r"[-+£$€]?\s?\d[\d,]*(?:\.\d+)?%?|[-+]?\d*\.\d+(?:[eE][-+]?\d+)?|[-+]?\d+[eE][-+]?\d+")
_ID_LIKE: Final = re.compile(r"\S*\d\S*")


def _normalise(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).casefold()


def is_personal_column(name: str) -> bool:
    """Whether a raw column's name says it holds personal data: a person's name, NI number, date of birth or age,
    an employee, assignment, payroll or NHS number, contact details, or free text (comments, notes)."""
    key = _normalise(name)
    return _WHOLE_NAMES.fullmatch(key) is not None or _PERSONAL_WORDS.search(key) is not None


def looks_personal(value: str, *, date_column: bool = False) -> bool:
    """Whether a value looks personal wherever it is found: an NI number, or (outside a date column) a date, which
    in an HR extract may be a date of birth."""
    text = value.strip()
    if _NI_NUMBER.fullmatch(text):
        return True
    return not date_column and _DATE.fullmatch(text) is not None


def looks_like_data(cell: str) -> bool:
    """Whether a non-empty cell is a value rather than a column name: a number, a date, or an id-like token (one
    word holding at least 4 digits, such as ``E99887766`` or ``QQ123456C``); column names such as ``Q14a``,
    ``Q101`` or ``Survey Year 2024`` are not."""
    text = cell.strip()
    if not text:
        return False
    if _NUMBER.fullmatch(text) or _DATE.fullmatch(text) or _NI_NUMBER.fullmatch(text):
        return True
    if " " in text or not _ID_LIKE.fullmatch(text):
        return False
    return sum(ch.isdigit() for ch in text) >= 4


def mask(value: object) -> str:
    """A personal value as it is shown: its length only."""
    n = len(str(value))
    return f"«masked: {n} character{'' if n == 1 else 's'}»"


def shown(value: str | None, *, personal: bool, date_column: bool = False) -> str | None:
    """A raw value as a reject, message or report may show it: masked if its column is personal or the value looks
    personal (:func:`looks_personal`); empty and missing values as they are."""
    if value is None or value == "":
        return value
    if personal or looks_personal(value, date_column=date_column):
        return mask(value)
    return value
