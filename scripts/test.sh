#!/usr/bin/env bash
# Quick start, command 2: install everything (Chromium included), then run the whole test suite.
# Extra arguments go to pytest (e.g. scripts/test.sh -k errors; -n 0 runs in one process).
# Two workers (pytest-xdist): the sites are still built once per run and shared (tests/conftest.py),
# and tests go to whichever worker is free, in the order tests/conftest.py gives them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
exec .venv/bin/python -m pytest -n 2 --dist loadgroup --no-loadscope-reorder "$@"
