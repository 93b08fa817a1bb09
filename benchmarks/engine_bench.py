"""Benchmark of one ``evaluate`` call on a 20-question grid, in CPython and in Pyodide under Node
(figures printed; not a test). Target: under 1 ms per call in both.

The machine may be shared and noisy: each figure is the best of 5 rounds of 200 calls, the round least
disturbed by other processes.

Usage: .venv/bin/python benchmarks/engine_bench.py [--check]   (--check: exit 1 when a target is missed)
"""
from __future__ import annotations

import argparse
import sys
import timeit
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path[:0] = [str(TESTS), str(TESTS / "engine")]
from engine_specs import large_answers, large_spec  # noqa: E402
from pyodide_harness import pyodide_missing, pyodide_ms_per_call  # noqa: E402

from generator.engine import evaluate  # noqa: E402

TARGET_MS = 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure misses its target")
    args = parser.parse_args()
    spec, answers = large_spec(), large_answers()
    assert len(spec["items"]) == 20 and evaluate(spec, answers)["ok"]
    figures = {"CPython": min(timeit.repeat(lambda: evaluate(spec, answers), number=200, repeat=5)) / 200 * 1000}
    reason = pyodide_missing()
    if reason:
        print(f"Pyodide: not measured ({reason})")
    else:
        figures["Pyodide (Node)"] = pyodide_ms_per_call([{"spec": spec, "answers": answers}], repeat=200)
    for where, ms in figures.items():
        print(f"{where}: {ms:.3f} ms per evaluate() call (target < {TARGET_MS} ms)")
    return 1 if args.check and any(ms >= TARGET_MS for ms in figures.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
