#!/usr/bin/env bash
# Quick start, command 2: install everything (Chromium included), then run the whole test suite.
# Extra arguments go to pytest (e.g. scripts/test.sh -k errors).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
exec .venv/bin/python -m pytest "$@"
