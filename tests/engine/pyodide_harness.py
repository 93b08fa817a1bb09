"""Runs the engine in the real Pyodide runtime (Node, offline) for parity tests.

``run_in_pyodide(cases)`` evaluates ``[{"spec", "answers"}]`` in Pyodide and
returns the results; ``run_in_cpython(cases)`` does the same here, through the
same JSON round trip, so the two lists can be compared with ``==``.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from generator.engine import evaluate

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("pyodide_runner.mjs")
PYODIDE = ROOT / "node_modules" / "pyodide" / "pyodide.mjs"
TIMEOUT = 300  # seconds; loading Pyodide alone takes a few


def pyodide_missing() -> str | None:
    """Why Pyodide can't be run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not PYODIDE.is_file():
        return f"{PYODIDE.relative_to(ROOT)} is missing (run npm ci)"
    return None


def _run_node(cases: list[dict], *extra: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cases.json"
        path.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
        done = subprocess.run(
            ["node", str(RUNNER), str(path), *extra],
            capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT, cwd=ROOT,
        )
    if done.returncode != 0:
        raise RuntimeError(f"pyodide_runner.mjs failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return done.stdout


def run_in_pyodide(cases: list[dict]) -> list[dict]:
    """The results of ``evaluate`` for each case, computed by Pyodide."""
    return json.loads(_run_node(cases))


def run_in_cpython(cases: list[dict]) -> list[dict]:
    """The same results from CPython, after the same JSON round trip."""
    cases = json.loads(json.dumps(cases, ensure_ascii=False))
    return json.loads(json.dumps([evaluate(c["spec"], c["answers"]) for c in cases], ensure_ascii=False))


def pyodide_ms_per_call(cases: list[dict], repeat: int = 200) -> float:
    """Mean time of one ``evaluate`` call inside Pyodide, in milliseconds (best of 5 rounds)."""
    return json.loads(_run_node(cases, "--bench", str(repeat)))["ms_per_call"]
