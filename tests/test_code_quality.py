"""ruff (lint), mypy (types: strict on generator/engine/, default elsewhere) and the import contracts of the
generator's stages (import-linter) pass, with the settings of pyproject.toml; a failure lists each problem
with its file and line."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from helpers import REPO

LINT_IMPORTS = str(Path(sys.executable).with_name("lint-imports"))


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True)


def test_ruff_passes():
    done = run("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_passes():
    done = run("mypy", "--cache-dir", "/dev/null")  # files and strictness: [tool.mypy] in pyproject.toml
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout


def lint_imports(project: Path) -> subprocess.CompletedProcess:
    """« lint-imports » on the generator package of ``project``, with its pyproject.toml (no cache left behind)."""
    return subprocess.run([LINT_IMPORTS, "--no-cache"], cwd=project, capture_output=True, text=True)


def test_import_contracts_hold():
    """Each stage imports only the stages below it, no module imports in a circle, the engine stands alone."""
    done = lint_imports(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    said = " ".join(done.stdout.split())  # long contract names are wrapped
    contracts = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]["contracts"]
    assert len(contracts) >= 3
    for contract in contracts:
        assert f"{contract['name']} KEPT" in said, said


def test_import_contracts_refuse_an_import_from_a_later_stage(tmp_path):
    """The contracts are not vacuous: a copy of the generator where a source module imports the render stage,
    and one where the engine imports YAML, are refused, naming the import."""
    for module, line, expected in [
        ("sources/load.py", "from ..render import pages", "generator.sources is not allowed to import generator.render"),
        ("engine/shapes.py", "import yaml", "generator.engine is not allowed to import yaml"),
    ]:
        project = tmp_path / module.replace("/", "-")
        shutil.copytree(REPO / "generator", project / "generator", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(REPO / "pyproject.toml", project)
        with (project / "generator" / module).open("a", encoding="utf-8") as f:
            f.write(f"\n{line}  # noqa\n")
        done = lint_imports(project)
        assert done.returncode == 1, done.stdout + done.stderr
        assert expected in done.stdout
