"""Runs the engine in the real Pyodide runtime (Node, offline), through tests/engine/pyodide_runner.mjs.

``run_in_pyodide(cases)`` evaluates ``[{"spec", "answers"}]`` in Pyodide and returns the results;
``run_in_cpython(cases)`` does the same here, through the same JSON round trip, so the two lists can
be compared with ``==``. ``responses_in_pyodide`` builds QuestionnaireResponses the same way, and
``pytest_in_pyodide`` runs the engine's own tests there.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from generator.engine import evaluate

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("pyodide_runner.mjs")
PYODIDE = ROOT / "node_modules" / "pyodide" / "pyodide.mjs"
# pytest's pure wheels, downloaded once per machine by scripts/setup.sh into the build cache's folder
# (generator/cache.py: $REPERES_CACHE, else $XDG_CACHE_HOME/reperes, else ~/.cache/reperes), so that a fresh
# clone does not download them again. Not generator.cache.cache_dir: it imports Jinja2 and filelock, and this
# file is also imported inside Pyodide (tests/engine/test_pyodide_parity.py), where only the engine is.
WHEELS = Path(os.environ.get("REPERES_CACHE")
              or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reperes") / "pyodide-wheels"
TIMEOUT = 600  # seconds; loading Pyodide alone takes a few, much more on a busy machine


def pyodide_missing() -> str | None:
    """Why Pyodide can't be run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not PYODIDE.is_file():
        return f"{PYODIDE.relative_to(ROOT)} is missing (run npm ci)"
    return None


def run_node(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["node", str(RUNNER), *args], capture_output=True, text=True, encoding="utf-8",
                          timeout=TIMEOUT, cwd=ROOT)


def _run_cases(mode: str, cases: list[dict], *extra: str):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cases.json"
        path.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
        done = run_node(mode, str(path), *extra)
    if done.returncode != 0:
        raise RuntimeError(f"pyodide_runner.mjs failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return json.loads(done.stdout)


def run_in_pyodide(cases: list[dict]) -> list[dict]:
    """The results of ``evaluate`` for each case, computed by Pyodide."""
    return _run_cases("evaluate", cases)


def responses_in_pyodide(cases: list[dict]) -> list[dict]:
    """``questionnaire_response(spec, answers, evaluate(spec, answers), day)`` for each case, by Pyodide."""
    return _run_cases("response", cases)


def run_in_cpython(cases: list[dict]) -> list[dict]:
    """The same results from CPython, after the same JSON round trip."""
    cases = json.loads(json.dumps(cases, ensure_ascii=False))
    return json.loads(json.dumps([evaluate(c["spec"], c["answers"]) for c in cases], ensure_ascii=False))


def pyodide_ms_per_call(cases: list[dict], repeat: int = 200) -> float:
    """Mean time of one ``evaluate`` call inside Pyodide, in milliseconds (best of 5 rounds)."""
    return _run_cases("bench", cases, str(repeat))["ms_per_call"]


def pytest_in_pyodide(*args: str) -> subprocess.CompletedProcess:
    """The engine's tests (tests/engine) run by pytest inside Pyodide; its report is in ``stdout``."""
    return run_node("pytest", str(WHEELS), *args)
