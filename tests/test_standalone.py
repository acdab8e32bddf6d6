"""The repository stands alone: nothing in it reads or cites material outside it (issue 12).

The specifications (docs/spec/) and the reference data the tests load (tests/reference/) are copies kept with their
provenance; these tests check that the copies are intact, that no file points outside the repository, and that
every document a docstring cites is in the repository.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "docs" / "spec"
REFERENCE = ROOT / "tests" / "reference"

# Paths that reach outside a lone clone: the workspace's shared folder, however it is spelt.
OUTSIDE = re.compile(r"\.\./" + r"shared\b|\bshared/(docs|reference|data|hooks)\b|/\s*[\"']" + r"shared[\"']")
CITATION = re.compile(r"\b([\w./-]+\.md)\b")


def tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [ROOT / name for name in out.decode().split("\0") if name]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_reference_data_matches_its_checksums() -> None:
    listed = {}
    for line in (REFERENCE / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name.removeprefix("./")] = digest
    present = {
        str(p.relative_to(REFERENCE))
        for p in REFERENCE.rglob("*")
        if p.is_file() and p.name not in ("SHA256SUMS", "PROVENANCE.md")
    }
    assert present == set(listed), "tests/reference/SHA256SUMS does not list exactly the files present"
    changed = [name for name, digest in listed.items() if sha256(REFERENCE / name) != digest]
    assert not changed, f"reference files differ from their published copies: {changed}"
    assert {"phe", "spc", "funnel"} <= {p.name for p in REFERENCE.iterdir() if p.is_dir()}


def test_specifications_match_their_checksums() -> None:
    rows = re.findall(r"^\| `([\w.-]+\.md)` \| `([0-9a-f]{64})` \|$", (SPEC / "README.md").read_text(), re.M)
    assert {name for name, _ in rows} == {"wres-domain.md", "methods.md"}
    for name, digest in rows:
        assert sha256(SPEC / name) == digest, f"docs/spec/{name} was edited: replace it whole and update README.md"


@pytest.mark.parametrize(
    "text",
    [
        "../" + "shared/docs/methods" + ".md",
        'Path(__file__).parents[3] / "' + 'shared"',
        "the shared/" + "reference folder",
    ],
)
def test_outside_pattern_catches_what_it_should(text: str) -> None:
    assert OUTSIDE.search(text)


@pytest.mark.parametrize("text", ["the shared warehouse", "shared by indicators 1, 3, 4", "a shared cell"])
def test_outside_pattern_leaves_ordinary_words(text: str) -> None:
    assert not OUTSIDE.search(text)


def test_no_file_points_outside_the_repository() -> None:
    offenders = []
    for path in tracked_files():
        if path == Path(__file__).resolve() or path.suffix in (".xlsx", ".png", ".lock") or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "files refer to material outside the repository:\n" + "\n".join(offenders)


def test_every_cited_document_is_in_the_repository() -> None:
    """A docstring citing ``wres-domain.md §5.4`` or ``docs/web.md`` names a file a lone clone has."""
    missing = set()
    cited = 0
    for path in tracked_files():
        if path.suffix != ".py" or not path.is_file():
            continue
        for name in CITATION.findall(path.read_text(encoding="utf-8")):
            cited += 1
            candidates = [ROOT / name, SPEC / name, ROOT / "docs" / name, REFERENCE / name]
            if not any(c.is_file() for c in candidates):
                missing.add(f"{path.relative_to(ROOT)}: {name}")
    assert cited > 100  # the code cites its specifications throughout
    assert not missing, "documents cited but not in the repository:\n" + "\n".join(sorted(missing))
