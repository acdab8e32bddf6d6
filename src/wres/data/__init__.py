"""wres.data: the canonical tables (schema) and reading/validating canonical folders."""

from wres.data.schema import FORMAT_VERSION, TABLES, Column, ColumnType, Table

__all__ = ["FORMAT_VERSION", "TABLES", "Column", "ColumnType", "Table"]
