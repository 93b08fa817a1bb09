#!/usr/bin/env bash
# Quick start, command 1: install everything, then build the national edition into site/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/reperes build "$@"
