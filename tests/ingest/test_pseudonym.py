"""Tests for keyed pseudonymisation of identifiers (wres.ingest.pseudonym)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wres.errors import WresError
from wres.ingest.pseudonym import (
    KINDS,
    PSEUDONYM_LENGTH,
    Pseudonymiser,
    _create_key_file,
    default_key_path,
    load_or_create_key,
)

KEY_A = bytes(range(32))
KEY_B = bytes(range(1, 33))
SHAPE = re.compile(r"^[PABR][A-Z2-7]{20}$")


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real home directory or a real key."""
    monkeypatch.delenv("WRES_KEY_FILE", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- pseudonyms -------------------------------------------------------------------------------------------------


def test_matches_rfc2104_hmac_sha256_reference() -> None:
    p = Pseudonymiser(KEY_A)
    digest = hmac.new(KEY_A, b"person\x00" + b"123", hashlib.sha256).digest()
    assert p.pseudonym("123") == "P" + base64.b32encode(digest).decode()[:20]


def test_deterministic_with_same_key() -> None:
    assert Pseudonymiser(KEY_A).pseudonym("12345") == Pseudonymiser(KEY_A).pseudonym("12345")


def test_different_keys_give_different_ids() -> None:
    assert Pseudonymiser(KEY_A).pseudonym("12345") != Pseudonymiser(KEY_B).pseudonym("12345")
    assert Pseudonymiser(KEY_A).key_id != Pseudonymiser(KEY_B).key_id


def test_kinds_are_domain_separated_and_prefixed() -> None:
    p = Pseudonymiser(KEY_A)
    ids = {kind: p.pseudonym("12345", kind=kind) for kind in KINDS}
    assert {i[0] for i in ids.values()} == {"P", "A", "B", "R"}
    assert len({i[1:] for i in ids.values()}) == len(KINDS)  # bodies differ too, not just the prefix
    for kind, prefix in KINDS.items():
        assert ids[kind].startswith(prefix)


def test_unknown_kind_refused() -> None:
    with pytest.raises(WresError, match="unknown pseudonym kind"):
        Pseudonymiser(KEY_A).pseudonym("1", kind="patient")


@pytest.mark.parametrize(("a", "b"), [("00123", "123"), (" 123 ", "123"), ("\t00123\n", "123"), ("000", "0")])
def test_normalisation_equivalences(a: str, b: str) -> None:
    p = Pseudonymiser(KEY_A)
    assert p.pseudonym(a) == p.pseudonym(b)


@pytest.mark.parametrize(("a", "b"), [("A123", "a123"), ("A0123", "A123"), ("12 3", "123"), ("123", "1230")])
def test_normalisation_keeps_distinct_ids_distinct(a: str, b: str) -> None:
    p = Pseudonymiser(KEY_A)
    assert p.pseudonym(a) != p.pseudonym(b)


@pytest.mark.parametrize("value", ["", "   ", "\t\n"])
def test_empty_value_refused(value: str) -> None:
    with pytest.raises(WresError, match="empty"):
        Pseudonymiser(KEY_A).pseudonym(value)


def test_fixed_length_and_alphabet() -> None:
    p = Pseudonymiser(KEY_A)
    for value in ["1", "9" * 40, "AB-12/x", "é123"]:
        out = p.pseudonym(value, kind="applicant")
        assert len(out) == PSEUDONYM_LENGTH == 21
        assert SHAPE.match(out)
        assert out[0] == "A"


def test_many_matches_single_and_keeps_order() -> None:
    p = Pseudonymiser(KEY_A)
    values = ["3", "1", "003", "2", "1", " 2"]
    out = p.pseudonymise_many(values, "respondent")
    assert out == [p.pseudonym(v, kind="respondent") for v in values]
    assert out[0] == out[2]
    assert out[3] == out[5]
    assert out[1] == out[4]
    assert p.pseudonymise_many(iter(["7", "8"])) == [p.pseudonym("7"), p.pseudonym("8")]  # any iterable
    assert p.pseudonymise_many([]) == []


def test_many_error_names_row_and_kind_not_value() -> None:
    p = Pseudonymiser(KEY_A)
    with pytest.raises(WresError) as info:
        p.pseudonymise_many(["SECRET1", "SECRET2", "  ", "SECRET3"], "applicant", first_row=2)
    message = str(info.value)
    assert "row 4" in message
    assert "applicant" in message
    assert "SECRET" not in message
    assert "\n" not in message


def test_non_text_value_refused_without_showing_it() -> None:
    p = Pseudonymiser(KEY_A)
    with pytest.raises(WresError, match="not text") as info:
        p.pseudonymise_many(["1", 424242], "person")  # type: ignore[list-item]
    assert "424242" not in str(info.value)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.text(alphabet="abcXYZ0123456789-/", min_size=4, max_size=12), min_size=1, max_size=20),
    st.data(),
)
def test_bad_value_message_never_contains_any_value(values: list[str], data: st.DataObject) -> None:
    bad = data.draw(st.sampled_from(["", "  ", "\t", "\u00a0", 123456789, 3.14159]))
    at = data.draw(st.integers(min_value=0, max_value=len(values)))
    rows: list[object] = [*values[:at], bad, *values[at:]]
    with pytest.raises(WresError) as info:
        Pseudonymiser(KEY_A).pseudonymise_many(rows, "board_member")  # type: ignore[arg-type]
    message = str(info.value)
    assert "board_member" in message
    assert f"row {at + 1}" in message
    assert "\n" not in message
    for value in [*values, bad]:
        if str(value).strip():
            assert str(value) not in message
    with pytest.raises(WresError) as single:
        Pseudonymiser(KEY_A).pseudonym(bad, kind="board_member")  # type: ignore[arg-type]
    if str(bad).strip():
        assert str(bad) not in str(single.value)


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=1, max_value=10**6))
def test_no_collisions_among_10000_distinct_numeric_ids(start: int, step: int) -> None:
    values = [str(start + i * step) for i in range(10_000)]
    out = Pseudonymiser(KEY_A).pseudonymise_many(values)
    assert len(set(out)) == len(values)
    assert all(SHAPE.match(o) for o in out)


@settings(max_examples=30, deadline=None)
@given(st.sets(st.text(min_size=1, max_size=16).map(str.strip).filter(lambda s: s and not s.isdigit()), max_size=300))
def test_no_collisions_among_distinct_text_ids(values: set[str]) -> None:
    out = Pseudonymiser(KEY_A).pseudonymise_many(sorted(values), "applicant")
    assert len(set(out)) == len(values)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=12).filter(lambda s: s.strip()), max_size=30))
def test_many_agrees_with_single(values: list[str]) -> None:
    p = Pseudonymiser(KEY_B)
    assert p.pseudonymise_many(values) == [p.pseudonym(v) for v in values]


def test_repr_and_str_hide_key() -> None:
    p = Pseudonymiser(KEY_A)
    for text in (repr(p), str(p), f"{p}"):
        assert KEY_A.hex() not in text
        assert str(KEY_A) not in text
        assert p.key_id in text
    assert p.key_id == hashlib.sha256(KEY_A).hexdigest()[:8]


def test_key_must_be_32_bytes() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        Pseudonymiser(b"short")


# --- key file ---------------------------------------------------------------------------------------------------


def test_default_key_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_key_path() == tmp_path / "xdg" / "wres" / "pseudonym.key"
    monkeypatch.delenv("XDG_CONFIG_HOME")
    assert default_key_path() == tmp_path / "home" / ".config" / "wres" / "pseudonym.key"
    monkeypatch.setenv("WRES_KEY_FILE", str(tmp_path / "k" / "my.key"))
    assert default_key_path() == tmp_path / "k" / "my.key"


def test_key_created_with_owner_only_permissions(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "wres" / "pseudonym.key"
    p = load_or_create_key(path)
    assert mode_of(path) == 0o600
    assert mode_of(path.parent) == 0o700
    lines = path.read_text(encoding="ascii").splitlines()
    assert lines[0].startswith("#")
    assert "linkage" in lines[0]
    assert lines[1] == p.secret.hex()
    assert len(lines) == 2
    assert [f.name for f in path.parent.iterdir()] == ["pseudonym.key"]  # no temp file left behind


def test_key_not_overwritten_and_loaded_identically(tmp_path: Path) -> None:
    path = tmp_path / "pseudonym.key"
    first = load_or_create_key(path)
    content = path.read_bytes()
    second = load_or_create_key(path)
    third = load_or_create_key(path, create=False)
    assert path.read_bytes() == content
    assert first == second == third
    assert first.pseudonym("42") == third.pseudonym("42")


def test_create_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "pseudonym.key"
    load_or_create_key(path)
    content = path.read_bytes()
    with pytest.raises(FileExistsError):
        _create_key_file(path, bytes(32))
    assert path.read_bytes() == content
    assert [f.name for f in tmp_path.iterdir()] == ["pseudonym.key"]


def test_default_location_used(tmp_path: Path) -> None:
    p = load_or_create_key()
    assert (tmp_path / "xdg" / "wres" / "pseudonym.key").exists()
    assert load_or_create_key(create=False) == p


def test_existing_directory_kept(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)
    load_or_create_key(tmp_path / "pseudonym.key")
    assert mode_of(tmp_path) == 0o755  # an existing directory is not changed


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o644])
def test_group_or_other_readable_key_refused(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "pseudonym.key"
    p = load_or_create_key(path)
    os.chmod(path, mode)
    with pytest.raises(WresError, match="chmod 600") as info:
        load_or_create_key(path)
    assert p.secret.hex() not in str(info.value)
    os.chmod(path, 0o600)
    assert load_or_create_key(path) == p


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"# header only\n",
        b"# h\n" + b"ab" * 31 + b"\n",  # too short
        b"# h\n" + b"zz" * 32 + b"\n",  # not hex
        b"# h\n" + b"ab" * 32 + b"\n" + b"cd" * 32 + b"\n",  # two keys
        b"\xff\xfe" + b"ab" * 32,  # not text
    ],
)
def test_malformed_key_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "pseudonym.key"
    path.write_bytes(content)
    os.chmod(path, 0o600)
    with pytest.raises(WresError, match="malformed") as info:
        load_or_create_key(path)
    assert "zz" * 32 not in str(info.value)
    assert path.read_bytes() == content  # never replaced


def test_missing_key_with_create_false(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "pseudonym.key"
    with pytest.raises(WresError, match="no pseudonymisation key") as info:
        load_or_create_key(path, create=False)
    assert "create" in str(info.value)
    assert "\n" not in str(info.value)
    assert not path.parent.exists()


def test_key_path_is_directory(tmp_path: Path) -> None:
    with pytest.raises(WresError, match=r"not a regular file|directory"):
        load_or_create_key(tmp_path)
