"""wres.store: the DuckDB warehouse (canonical tables, schema versions, load ledger)."""

from wres.store.warehouse import DEFAULT_STORE, SCHEMA_VERSION, LoadResult, Store, StoreLockedError, default_store_path

__all__ = ["DEFAULT_STORE", "SCHEMA_VERSION", "LoadResult", "Store", "StoreLockedError", "default_store_path"]
