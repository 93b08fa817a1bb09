"""Shared fixtures: the real project, and throw-away copies of the tiny fixture project."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.errors import SourcesInvalid
from generator.load import load
from generator.resolve import resolve
from generator.validate import validate

REPO = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh, valid copy of tests/fixtures/mini that a test may break."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


def problems(project: Path, edition: Path | None = None) -> list[tuple[str, str, int | None]]:
    """(code, file, line) of every problem ``reperes check`` would report; [] when valid."""
    try:
        resolve(validate(load(project, edition)))
    except SourcesInvalid as exc:
        return [(p.code, p.path, p.line) for p in exc.problems]
    return []


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real project, built once per test session."""
    from generator.build import build

    return build(REPO, out=tmp_path_factory.mktemp("built") / "site")


@pytest.fixture(scope="session")
def all_sites(tmp_path_factory) -> dict[str, Path]:
    """The national edition and every shipped edition, built once per session (in parallel)."""
    from generator.build import build_all

    return build_all(REPO, tmp_path_factory.mktemp("all"))
