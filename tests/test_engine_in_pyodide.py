"""The engine's own tests (tests/engine) pass inside Pyodide under Node, where the engine really runs.

pytest and hypothesis are pure-Python wheels that scripts/setup.sh downloads once per machine (harness: WHEELS);
tests/engine/pyodide_runner.mjs installs them from there (no network) next to the engine's files.
"""
from __future__ import annotations

import re

import pytest

from engine.pyodide_harness import WHEELS, pyodide_missing, pytest_in_pyodide


def test_engine_tests_pass_in_pyodide():
    reason = pyodide_missing() or (None if any(WHEELS.glob("pytest-*.whl")) else
                                   f"{WHEELS} holds no pytest wheel (run scripts/setup.sh)")
    if reason:
        pytest.fail(f"needs Pyodide under Node and pytest's wheels: {reason}")
    done = pytest_in_pyodide("-q", "--hypothesis-profile=ci")
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-2000:]
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    passed = int(re.search(r"(\d+) passed", summary).group(1))
    skipped = re.search(r"(\d+) skipped", summary)
    assert passed >= 600, summary  # every engine test but the Node-driven parity ones (no Node in Pyodide)
    assert skipped is None or int(skipped.group(1)) <= 2, summary
