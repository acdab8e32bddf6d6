"""Import defaults and vocabulary, kept free of heavy imports so the CLI starts quickly."""

from __future__ import annotations

DEFAULT_MAX_INVALID_SHARE = 0.05
"""A file with a larger share of rows with problems is refused whole (``--max-invalid``)."""

STAGES = ("read", "map", "validate", "quality")
"""The per-file stages an import reports to its progress callback."""

KINDS_OF_SOURCE: frozenset[str] = frozenset(
    {"staff", "recruitment", "disciplinary", "training", "survey", "board", "organisations"}
)
"""What a raw file can be (a profile's ``kind``; ``wres import --source``)."""
