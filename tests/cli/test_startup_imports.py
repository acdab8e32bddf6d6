"""A one-trust ``wres indicators`` process imports neither SciPy nor statsmodels (issue 18: start-up under 1 s).

``scipy.stats`` alone cost 0.65 s of every process's start, imported for two critical values; statsmodels imports
it too. Checked in fresh interpreters (``sys.modules``), never by timing: the time is measured by
``benchmarks/bench_startup.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from wres.store import Store

HEAVY = ("scipy", "statsmodels", "pandera", "pyspark")


def _loaded(code: str) -> dict[str, bool]:
    script = f"{code}\nimport json, sys\nprint(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded: dict[str, bool] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_importing_the_cli_imports_nothing_heavy() -> None:
    assert _loaded("import wres.cli.main") == dict.fromkeys(HEAVY, False)


def test_one_trust_indicators_import_no_scipy_or_statsmodels(worked_store_path: Path, tmp_path: Path) -> None:
    with Store(worked_store_path, read_only=True) as st:
        org = str(st.con.execute("select min(org_code) from organisations").fetchone()[0])  # type: ignore[index]
    out = tmp_path / "r.csv"
    code = (
        "from wres.cli.main import run\n"
        f"assert run(['indicators', '--store', {str(worked_store_path)!r}, '--org', {org!r}, '--format', 'csv',"
        f" '--out', {str(out)!r}]) == 0"
    )
    assert _loaded(code) == dict.fromkeys(HEAVY, False)
    # The run computed the indicators (so the check above covers the whole path, results step included).
    assert "ci95_low" in out.read_text().splitlines()[0]
