"""The import-layer contract (issue 12), over the syntax tree of every module in ``src/wres/``.

1. **One-way layers.** The layers are the rows of the table in ``docs/ARCHITECTURE.md``, read from the document
   itself so that the two cannot drift: a module may import wres modules of its own row or of the rows above it,
   never below. Every import counts, also one inside a function (a lazy import) or under ``TYPE_CHECKING``;
   ``from wres import __version__`` (the package itself) may be imported from anywhere.
2. **The web stack is an extra.** Django and the rest of the web extra (and ``psycopg``, the postgres extra) are
   imported at module level only by ``wres.web``, so the CLI and the library install and start without them;
   outside ``wres.web`` only the CLI's web command bodies import them (lazily, behind a check that names the extra).

Each rule is shown to catch a planted violation.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
ARCHITECTURE = ROOT / "docs" / "ARCHITECTURE.md"

WEB_ONLY = frozenset(
    {
        "django",
        "axes",
        "argon2",
        "dj_database_url",
        "gunicorn",
        "nhsuk_frontend_jinja",
        "simple_history",
        "whitenoise",
        "psycopg",
    }
)
"""Top-level modules of the ``web`` and ``postgres`` extras (pyproject.toml)."""


# --------------------------------------------------------------------------------------------- reading


def documented_layers(text: str) -> list[list[str]]:
    """The packages of each row of the layer table (``| layer | package | job |``), top row first."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"\|\s*layer\s*\|\s*package\s*\|", line))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows.append(re.findall(r"`(wres\.\w+)`", cells[1]))
    return rows


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. wres.store.imports
    target: str  # what it imports, absolute, e.g. wres.ingest.importer or django.conf
    line: int
    module_level: bool  # executed when the module is imported (not in a function, not under TYPE_CHECKING)

    def __str__(self) -> str:
        return f"{self.module} (line {self.line}) imports {self.target}"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(module: str, source: str, *, is_package: bool = False) -> Iterator[Import]:
    """Every import in ``source`` (the module ``module``), relative ones resolved."""
    package = module.split(".") if is_package else module.split(".")[:-1]

    def visit(node: ast.AST, module_level: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield Import(module, alias.name, child.lineno, module_level)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package[: len(package) - child.level + 1]
                    source_module = ".".join(base + ([child.module] if child.module else []))
                else:
                    source_module = child.module or ""
                if source_module != "wres":
                    yield Import(module, source_module, child.lineno, module_level)
                for alias in child.names if source_module == "wres" else ():
                    # `from wres import faults` imports the module wres.faults; `__version__` is the package's
                    submodule = any((SRC / "wres" / name).exists() for name in (alias.name, f"{alias.name}.py"))
                    yield Import(module, f"wres.{alias.name}" if submodule else "wres", child.lineno, module_level)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                yield from visit(child, False)
            elif isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for stmt in child.body:
                    yield from visit(ast.Module(body=[stmt], type_ignores=[]), False)
                for stmt in child.orelse:
                    yield from visit(ast.Module(body=[stmt], type_ignores=[]), module_level)
            else:
                yield from visit(child, module_level)

    yield from visit(ast.parse(source), True)


def all_imports() -> list[Import]:
    out = []
    for path in sorted((SRC / "wres").rglob("*.py")):
        out += imports_of(module_name(path), path.read_text(encoding="utf-8"), is_package=path.name == "__init__.py")
    return out


# --------------------------------------------------------------------------------------------- checking


def unit(name: str) -> str:
    """The layer unit of a wres module: ``wres.store.imports`` → ``wres.store``; the package itself → ``wres``."""
    return ".".join(name.split(".")[:2])


def upward_imports(imports: list[Import], layers: list[list[str]]) -> list[str]:
    """Imports of a wres module from a layer below the importer's (the table's later rows)."""
    rank = {package: i for i, row in enumerate(layers) for package in row}
    problems = []
    for imp in imports:
        if not imp.target.startswith("wres.") or unit(imp.target) == unit(imp.module):
            continue
        source, target = rank.get(unit(imp.module)), rank.get(unit(imp.target))
        if source is None or target is None:
            problems.append(f"{imp}: {unit(imp.module) if source is None else unit(imp.target)} is in no layer")
        elif target > source:
            problems.append(f"{imp}: {unit(imp.target)} is below {unit(imp.module)}")
    return problems


def web_imports_outside_web(imports: list[Import]) -> list[str]:
    """Web-extra modules (or ``wres.web``) imported outside ``wres.web``: at module level anywhere, lazily outside
    the CLI."""
    problems = []
    for imp in imports:
        if unit(imp.module) == "wres.web":
            continue
        web = imp.target.split(".")[0] in WEB_ONLY or unit(imp.target) == "wres.web"
        if web and (imp.module_level or unit(imp.module) != "wres.cli"):
            where = "at module level" if imp.module_level else "outside the CLI"
            problems.append(f"{imp} {where}")
    return problems


# ------------------------------------------------------------------------------------------------ tests


@pytest.fixture(scope="module")
def layers() -> list[list[str]]:
    return documented_layers(ARCHITECTURE.read_text(encoding="utf-8"))


def test_every_package_and_module_is_in_exactly_one_layer(layers: list[list[str]]) -> None:
    listed = [package for row in layers for package in row]
    assert len(listed) == len(set(listed)), f"listed twice: {listed}"
    present = {
        f"wres.{p.stem if p.is_file() else p.name}"
        for p in (SRC / "wres").iterdir()
        if (p.is_dir() and (p / "__init__.py").exists()) or (p.suffix == ".py" and p.name != "__init__.py")
    }
    assert set(listed) == present, f"in the table, not in src/wres: {set(listed) - present}; the reverse: " + str(
        present - set(listed)
    )


def test_layers_point_one_way(layers: list[list[str]]) -> None:
    problems = upward_imports(all_imports(), layers)
    assert not problems, "imports against the layers of docs/ARCHITECTURE.md:\n" + "\n".join(problems)


def test_store_is_below_ingest(layers: list[list[str]]) -> None:
    """The importer commits into the store (ADR 9); the store never imports the importer."""
    rank = {package: i for i, row in enumerate(layers) for package in row}
    assert rank["wres.store"] < rank["wres.ingest"]


def test_the_package_imports_nothing_of_its_own() -> None:
    source = (SRC / "wres" / "__init__.py").read_text(encoding="utf-8")
    assert not [i for i in imports_of("wres", source, is_package=True) if i.target.startswith("wres")]


def test_only_the_web_layer_imports_the_web_extra() -> None:
    problems = web_imports_outside_web(all_imports())
    assert not problems, "\n".join(problems)


# -------------------------------------------------------------------------------- the checks catch violations

PLANTED = {
    "wres.store.planted": "def f():\n    from wres.ingest.importer import import_files\n",  # lazy, upward
    "wres.vocab.planted": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from wres.data import schema\n",
    "wres.stats.planted": "from .. import indicators\n",  # relative
    "wres.data.planted": "from wres import store\n",
}


@pytest.mark.parametrize("module", sorted(PLANTED))
def test_a_planted_upward_import_is_caught(layers: list[list[str]], module: str) -> None:
    imports = list(imports_of(module, PLANTED[module]))
    assert len(upward_imports(imports, layers)) == 1, imports


def test_a_downward_or_unknown_import_is_judged_right(layers: list[list[str]]) -> None:
    fine = list(imports_of("wres.reports.planted", "from wres import __version__\nfrom ..store import Store\n"))
    assert upward_imports(fine, layers) == []
    unknown = list(imports_of("wres.nowhere.planted", "import wres.errors\n"))
    assert upward_imports(unknown, layers) == [
        "wres.nowhere.planted (line 1) imports wres.errors: wres.nowhere is in no layer"
    ]


@pytest.mark.parametrize(
    ("module", "source", "caught"),
    [
        ("wres.reports.planted", "import django\n", True),
        ("wres.reports.planted", "def f():\n    from whitenoise import WhiteNoise\n", True),
        ("wres.cli.planted", "from django.conf import settings\n", True),
        ("wres.cli.planted", "from wres.web.serve import configure\n", True),
        ("wres.cli.planted", "class C:\n    import psycopg\n", True),
        ("wres.cli.planted", "def serve():\n    from wres.web.serve import configure\n", False),
        ("wres.cli.planted", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import django\n", False),
        ("wres.web.planted", "import django\n", False),
        ("wres.reports.planted", "import jinja2\n", False),
    ],
)
def test_a_planted_web_import_is_caught(module: str, source: str, caught: bool) -> None:
    assert bool(web_imports_outside_web(list(imports_of(module, source)))) == caught


def test_the_table_reader() -> None:
    text = "intro\n\n| layer | package | job |\n|---|---|---|\n"
    text += "| a | `wres.a`, `wres.b` | x `wres.c` |\n| b | `wres.d` | y |\n\nafter\n"
    assert documented_layers(text) == [["wres.a", "wres.b"], ["wres.d"]]
