"""Text normalisation shared by the vocabulary parsers (wres-domain.md §3.3 step 1, §4.2 step 2, §4.3).

Private module: the public parsers in :mod:`wres.vocab` are the supported interface.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["freeze_mapping", "label_key", "normalise_text"]

# Hyphen-like characters folded to ASCII "-" (§3.3 step 1: "en/em dashes to -"); the rest of the dash
# family (hyphen, non-breaking hyphen, figure dash, horizontal bar, minus sign, small/full-width hyphen-minus)
# goes too.
_DASHES = dict.fromkeys(
    map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"),
    "-",
)
# Apostrophes are dropped (so "don't" matches "dont"); every other non-alphanumeric character is a word break.
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
_NON_WORD = re.compile(r"[\W_]+")


def normalise_text(raw: str) -> str:
    """Normalise a raw value as in wres-domain.md §3.3 step 1.

    Unicode NFKC; en/em (and other) dashes to ``-``; ``&`` to ``and``; whitespace collapsed; trimmed. Case is
    kept, because code tokens are matched case-sensitively.
    """
    text = unicodedata.normalize("NFKC", raw).translate(_DASHES)
    text = text.replace("&", " and ")
    return " ".join(text.split())


def label_key(text: str) -> str:
    """The matching key of a label: case-insensitive and punctuation-blind (§3.3 step 1).

    ``"White - British"``, ``"white british"`` and ``"WHITE/British"`` all give ``"white british"``.
    """
    text = _APOSTROPHES.sub("", normalise_text(text).casefold())
    return " ".join(_NON_WORD.sub(" ", text).split())


def freeze_mapping[K, V](items: Mapping[K, V]) -> Mapping[K, V]:
    """A read-only copy of ``items`` (used to keep frozen config dataclasses immutable)."""
    return MappingProxyType(dict(items))
