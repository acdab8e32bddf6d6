"""Tests for wres.stats (the pure statistics layer)."""
