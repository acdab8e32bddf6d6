"""Fixtures of the command-line tests."""

from tests.cli.odd import odd_import

__all__ = ["odd_import"]
