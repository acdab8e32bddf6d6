"""wres: the NHS Workforce Race Equality Standard, computed exactly, with honest uncertainty."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("wres")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["__version__"]
