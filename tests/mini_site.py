"""The mini fixture project (tests/fixtures/mini) built once per test run, by the command line as a user
runs it (« reperes build --zip »), and shared by the tests that only read a built mini site; a test that
changes a built site works on a copy (``copy_of``). The fixture « mini_site » (tests/conftest.py) calls ``build``.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from helpers import MINI, REPO


def build(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    project = folder / "mini"
    shutil.copytree(MINI, project)
    run = subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(project), "build", "--out",
                          str(folder / "site"), "--zip"], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return {"site": folder / "site", "zip": folder / "site.zip"}


def copy_of(site: Path, to: Path) -> Path:
    """A copy of a built site that a test may change, or build over, as it would a previous build."""
    to.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(site, to, symlinks=True)
    return to
