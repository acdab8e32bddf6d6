"""Pseudonymisation at the door: employee numbers become keyed ids before anything is stored.

HR extracts carry employee numbers, names, NI numbers and dates of birth. wres keeps none of them.
Each identifier is replaced, as it is read, by a keyed pseudonym:

``pseudonym = PREFIX + base32(HMAC-SHA256(key, kind + NUL + normalised value))[:20]``

HMAC is the keyed-hash construction of RFC 2104 (H. Krawczyk, M. Bellare, R. Canetti, *HMAC: Keyed-Hashing for
Message Authentication*, 1997), here with SHA-256 (FIPS 180-4). Without the key nobody can recompute a pseudonym
from an employee number, so the data store alone cannot be re-identified by trying every possible number.

* ``kind`` separates domains: the same number as a *person* and as an *applicant* gives unrelated ids. Kinds are a
  fixed set without NUL, so ``kind + NUL + value`` is unambiguous.
* The prefix (``P`` person, ``A`` applicant, ``B`` board member, ``R`` respondent) makes ids readable; the 20 base32
  characters carry 100 bits, so collisions among even millions of people are negligible (about 2**-60).
* The key is 32 random bytes kept **outside** the data store (see :func:`default_key_path`), in a file that only its
  owner can read. Its ``key_id`` (first 8 hex characters of SHA-256 of the key) may be recorded in an import ledger
  to show which key produced which ids; it does not reveal the key.

Normalisation (applied before hashing, so these spell the same employee):

1. surrounding whitespace is stripped (``" 123 "`` is ``"123"``);
2. leading zeros of purely numeric (ASCII digit) ids are dropped (``"00123"`` is ``"123"``; ``"000"`` is ``"0"``);
3. nothing else: case is kept (``"A123"`` and ``"a123"`` are different ids), as are inner spaces and leading zeros
   of ids that contain any non-digit (``"A0123"`` is not ``"A123"``). Guessing further equivalences could merge
   two different people, which is worse than failing to link one.

No raw value is ever logged or put into an exception message: errors name the kind and the row only.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import secrets
import stat
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

import numpy as np

from wres.errors import WresError
from wres.store.owner_only import FILE_MODE, make_private_folder

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "KEY_BYTES",
    "KINDS",
    "PSEUDONYM_LENGTH",
    "Pseudonymiser",
    "default_key_path",
    "load_key",
    "load_or_create_key",
    "new_key",
    "save_key",
]

log = logging.getLogger(__name__)

KEY_BYTES: Final = 32
"""Length of the secret key in bytes (256 bits)."""

KINDS: Final[dict[str, str]] = {"person": "P", "applicant": "A", "board_member": "B", "respondent": "R"}
"""The kinds of identifier wres pseudonymises, and the readable prefix of each kind's ids."""

_BASE32_CHARS: Final = 20
PSEUDONYM_LENGTH: Final = 1 + _BASE32_CHARS
"""Every pseudonym is one prefix letter followed by 20 base32 characters."""

_ALPHABET: Final = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", dtype=np.uint8)  # RFC 4648 base32
_SHIFTS: Final = np.arange(35, -1, -5, dtype=np.uint64)  # eight 5-bit groups in a 40-bit block
_DIGEST_BYTES: Final = 15  # 120 bits: three 40-bit blocks give 24 base32 characters; the first 20 are kept

_KEY_HEADER: Final = (
    "# wres pseudonymisation key (HMAC-SHA256 secret, hex). Keep it private and backed up, outside the data store:"
    " losing or replacing it breaks linkage of pseudonymous ids across imports.\n"
)


def default_key_path() -> Path:
    """Where the pseudonymisation key lives unless a path is given.

    ``$WRES_KEY_FILE`` if set; otherwise ``$XDG_CONFIG_HOME/wres/pseudonym.key``, with ``XDG_CONFIG_HOME``
    defaulting to ``~/.config``. The key is deliberately kept apart from the data store.
    """
    explicit = os.environ.get("WRES_KEY_FILE")
    if explicit:
        return Path(explicit).expanduser()
    config_home = os.environ.get("XDG_CONFIG_HOME")
    base = Path(config_home).expanduser() if config_home else Path.home() / ".config"
    return base / "wres" / "pseudonym.key"


def _normalise(value: object) -> str | None:
    """The normalised form of an identifier, or ``None`` when it is unusable (empty or not text)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():
        text = text.lstrip("0") or "0"
    return text or None


def _problem(value: object) -> str:
    """Why ``value`` cannot be pseudonymised, without showing the value itself."""
    if not isinstance(value, str):
        return f"is not text (got {type(value).__name__})"
    return "is empty"


def _prefix_of(kind: str) -> str:
    try:
        return KINDS[kind]
    except KeyError:
        expected = ", ".join(KINDS)
        raise WresError(f"unknown pseudonym kind {kind!r}: expected one of {expected}") from None


def _encode_bytes(digests: bytes, count: int, prefix: str) -> bytes:
    """``count`` concatenated 15-byte digests as concatenated ``prefix`` + 20 base32 characters (vectorised)."""
    blocks = np.zeros((count, 3, 8), dtype=np.uint8)
    blocks[:, :, 3:] = np.frombuffer(digests, dtype=np.uint8).reshape(count, 3, 5)
    words = blocks.view(">u8").reshape(count, 3, 1).astype(np.uint64)
    groups = (words >> _SHIFTS) & np.uint64(31)
    out = np.empty((count, PSEUDONYM_LENGTH), dtype=np.uint8)
    out[:, 0] = ord(prefix)
    out[:, 1:] = _ALPHABET[groups.reshape(count, 24)[:, :_BASE32_CHARS]]
    return out.tobytes()


def _encode(digests: bytes, count: int, prefix: str) -> list[str]:
    """Turn ``count`` concatenated 15-byte digests into ``prefix`` + 20 base32 characters each (vectorised)."""
    if count == 0:
        return []
    text = _encode_bytes(digests, count, prefix).decode("ascii")
    n = PSEUDONYM_LENGTH
    return [text[i : i + n] for i in range(0, count * n, n)]


@dataclass(frozen=True)
class Pseudonymiser:
    """Turns identifiers into keyed pseudonyms (HMAC-SHA256, RFC 2104) with one secret key.

    ``secret`` is the 32-byte key; it never appears in ``repr()`` or ``str()``. ``key_id`` is the first 8 hex
    characters of SHA-256 of the key: safe to record, and enough to tell which key produced a set of ids.
    """

    secret: bytes = field(repr=False)
    key_id: str = field(init=False)
    _pads: tuple[hashlib._Hash, hashlib._Hash] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.secret, bytes) or len(self.secret) != KEY_BYTES:
            raise ValueError(f"a pseudonymisation key must be exactly {KEY_BYTES} bytes")
        object.__setattr__(self, "key_id", hashlib.sha256(self.secret).hexdigest()[:8])
        # RFC 2104 section 4: the hash states after the ipad- and opad-masked key blocks can be computed once and
        # reused. The key (32 bytes) is shorter than the SHA-256 block (64 bytes), so it is zero-padded.
        block = self.secret.ljust(64, b"\0")
        inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))
        object.__setattr__(self, "_pads", (inner, outer))

    def pseudonym_array(self, values: Sequence[str], kind: str = "person") -> pa.StringArray:
        """Pseudonyms of distinct identifiers as an Arrow string array (``None`` or empty → null).

        The same pseudonyms as :meth:`pseudonym`, without making a Python string per value: the fast path for
        a file of a million staff. Values are normalised as everywhere else (see the module docstring).
        """
        import pyarrow as pa

        prefix = _prefix_of(kind)
        normalised = [_normalise(v) for v in values]
        valid = np.fromiter((t is not None for t in normalised), dtype=bool, count=len(normalised))
        texts = [t for t in normalised if t is not None]
        data = _encode_bytes(self._digests(kind, texts), len(texts), prefix) if texts else b""
        lengths = np.where(valid, PSEUDONYM_LENGTH, 0).astype(np.int32)
        offsets = np.zeros(len(values) + 1, dtype=np.int32)
        np.cumsum(lengths, out=offsets[1:])
        validity = pa.array(valid).buffers()[1] if not valid.all() else None
        return pa.StringArray.from_buffers(  # type: ignore[no-any-return]
            len(values), pa.py_buffer(offsets.tobytes()), pa.py_buffer(data), validity
        )

    def _digests(self, kind: str, texts: list[str]) -> bytes:
        """Concatenated first 15 bytes of HMAC-SHA256(key, kind + NUL + text) for each text."""
        inner, outer = self._pads
        inner = inner.copy()
        inner.update(kind.encode("ascii") + b"\0")
        inner_copy, outer_copy = inner.copy, outer.copy
        size = _DIGEST_BYTES
        out: list[bytes] = []
        append = out.append
        for text in texts:
            i = inner_copy()
            i.update(text.encode("utf-8"))
            o = outer_copy()
            o.update(i.digest())
            append(o.digest()[:size])
        return b"".join(out)

    def pseudonym(self, value: str, *, kind: str = "person") -> str:
        """The pseudonym of one identifier, e.g. ``"P3JQ..."`` (prefix letter + 20 base32 characters).

        ``value`` is normalised first (see the module docstring). An empty value raises :class:`WresError`
        whose message names the kind but never the value.
        """
        prefix = _prefix_of(kind)
        text = _normalise(value)
        if text is None:
            raise WresError(f"cannot pseudonymise {kind} id: it {_problem(value)}")
        return _encode(self._digests(kind, [text]), 1, prefix)[0]

    def pseudonymise_many(self, values: Iterable[str], kind: str = "person", *, first_row: int = 1) -> list[str]:
        """Pseudonyms of many identifiers, in order; fast for millions of values.

        Each distinct raw value is hashed once and base32 encoding is vectorised with numpy. ``first_row`` is the
        row number of the first value, used only to say where an empty value is (the value is never shown).
        """
        prefix = _prefix_of(kind)
        items = values if isinstance(values, list) else list(values)
        distinct = list(dict.fromkeys(items))
        normalised = [_normalise(v) for v in distinct]
        if None in normalised:
            bad = distinct[normalised.index(None)]
            row = first_row + items.index(bad)
            raise WresError(f"cannot pseudonymise {kind} id at row {row}: it {_problem(bad)}")
        texts = [t for t in normalised if t is not None]
        encoded = _encode(self._digests(kind, texts), len(texts), prefix)
        if len(distinct) == len(items):  # all distinct: same order as the input
            return encoded
        mapping = dict(zip(distinct, encoded, strict=True))
        return [mapping[v] for v in items]


def _parse_key(raw: bytes, path: Path) -> bytes:
    """The key in a key file's content; the content itself never appears in an error."""
    malformed = WresError(
        f"pseudonymisation key file {path} is malformed: expected one line of {2 * KEY_BYTES} hex digits"
        " after the comment header; restore it from your backup"
    )
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        raise malformed from None
    lines = [line.strip() for line in text.splitlines()]
    body = [line for line in lines if line and not line.startswith("#")]
    if len(body) != 1 or len(body[0]) != 2 * KEY_BYTES:
        raise malformed
    try:
        return bytes.fromhex(body[0])
    except ValueError:
        raise malformed from None


def _read_key(path: Path) -> bytes:
    """Read and check a key file. Raises :class:`FileNotFoundError` if there is none."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise WresError(f"pseudonymisation key {path} is not a regular file")
        if os.name == "posix" and info.st_mode & 0o077:
            mode = stat.S_IMODE(info.st_mode)
            raise WresError(
                f"pseudonymisation key {path} is readable by other users (mode {mode:04o}); "
                f"restrict it with: chmod 600 '{path}'"
            )
        with os.fdopen(fd, "rb", closefd=False) as f:
            raw = f.read(4096)
    finally:
        os.close(fd)
    return _parse_key(raw, path)


def _fsync_dir(directory: Path) -> None:
    """Make a rename or link in ``directory`` durable (best effort; not possible on every platform)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _create_key_file(path: Path, secret: bytes) -> list[Path]:
    """Write ``secret`` to a new key file atomically; never overwrite one.

    Missing folders are created with mode 0700 (:func:`wres.store.owner_only.make_private_folder`). The key is
    written to a 0600 temporary file in the same folder, fsynced, then linked into place (``os.link`` fails if the
    key exists, so two concurrent first imports cannot replace each other's key); where hard links are
    unsupported, ``os.replace`` is used after checking the key is absent. Raises :class:`FileExistsError` if a key
    is already there. Returns the folders created (outermost first).
    """
    parent = path.parent
    created = make_private_folder(parent)
    fd, tmp_name = tempfile.mkstemp(dir=parent, prefix=".pseudonym-key-", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            if os.name == "posix":
                os.fchmod(f.fileno(), FILE_MODE)
            f.write(_KEY_HEADER + secret.hex() + "\n")
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:
            if path.exists():
                raise FileExistsError(path) from None
            os.replace(tmp, path)
        _fsync_dir(parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return created


def load_key(path: Path | None = None) -> Pseudonymiser | None:
    """The pseudonymisation key at ``path`` (default :func:`default_key_path`), or ``None`` when there is no key
    file there. Nothing is created.

    Raises :class:`WresError` if the key file is readable by group or others (with the ``chmod`` that fixes it),
    is not a regular file, is malformed or cannot be read.
    """
    key_path = default_key_path() if path is None else Path(path)
    try:
        return Pseudonymiser(_read_key(key_path))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WresError(f"cannot read pseudonymisation key {key_path}: {exc.strerror or exc}") from None


def new_key() -> Pseudonymiser:
    """A new key (32 bytes from :mod:`secrets`), held in memory only: :func:`save_key` writes it.

    A dry run without a key file pseudonymises with such a throwaway key (its pseudonyms are never stored); an
    import saves it just before it commits, so that a failing import leaves no key behind.
    """
    return Pseudonymiser(secrets.token_bytes(KEY_BYTES))


def save_key(key: Pseudonymiser, path: Path | None = None) -> list[Path]:
    """Write ``key`` to a new key file at ``path`` (default :func:`default_key_path`); return what was created: the
    folders made for it (outermost first), then the key file.

    The file is hex-encoded under a one-line comment header, mode 0600, in a folder created with mode 0700,
    written atomically; an existing key is never overwritten: a key file that appeared meanwhile (another first
    import) is an error, since ids already made with ``key`` would not link to that key's.
    """
    key_path = default_key_path() if path is None else Path(path)
    try:
        created = _create_key_file(key_path, key.secret)
    except FileExistsError:
        raise WresError(
            f"a pseudonymisation key appeared at {key_path} while this import ran (another import?); nothing was "
            "imported: run the import again to use that key"
        ) from None
    except OSError as exc:
        raise WresError(f"cannot create pseudonymisation key {key_path}: {exc.strerror or exc}") from None
    log.info("created pseudonymisation key %s (key id %s)", key_path, key.key_id)
    return [*created, key_path]


def load_or_create_key(path: Path | None = None, *, create: bool = True) -> Pseudonymiser:
    """Load the pseudonymisation key at ``path`` (default :func:`default_key_path`), creating it on first use.

    A new key is made by :func:`new_key` and written by :func:`save_key`; an existing key is never overwritten
    (a key created meanwhile by someone else is used instead). :func:`wres.ingest.importer.import_files` does not
    use this: it creates a key only when it commits.

    Raises :class:`WresError` if the key file is readable by group or others (with the ``chmod`` that fixes it),
    is malformed, or is missing while ``create`` is false.
    """
    key_path = default_key_path() if path is None else Path(path)
    key = load_key(key_path)
    if key is not None:
        return key
    if not create:
        raise WresError(
            f"no pseudonymisation key at {key_path}: point WRES_KEY_FILE at the key used for earlier imports, "
            "or allow wres to create one (load_or_create_key(create=True)); a new key does not link to old ids"
        )
    key = new_key()
    try:
        _create_key_file(key_path, key.secret)
    except FileExistsError:  # created by someone else meanwhile: use theirs
        return Pseudonymiser(_read_key(key_path))
    except OSError as exc:
        raise WresError(f"cannot create pseudonymisation key {key_path}: {exc.strerror or exc}") from None
    log.info("created pseudonymisation key %s (key id %s)", key_path, key.key_id)
    return key
