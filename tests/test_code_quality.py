"""ruff (lint) and mypy (types: strict on generator/engine/, default elsewhere) pass, with the settings
of pyproject.toml; a failure lists each problem with its file and line."""
from __future__ import annotations

import subprocess
import sys

from helpers import REPO


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True)


def test_ruff_passes():
    done = run("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_passes():
    done = run("mypy", "--cache-dir", "/dev/null")  # files and strictness: [tool.mypy] in pyproject.toml
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout
