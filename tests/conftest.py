"""Shared fixtures: the real project's sites, built once per test session and shared (as Sphinx's
``shared_result``), and throw-away copies of the tiny fixture project for the tests that break one.

The shared sites are read-only: a test that needs a modified site builds its own from the mini fixture
(or makes a symlinked view of a shared one, as tests/test_calculators_browser.py does).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from generator.errors import SourcesInvalid
from generator.load import load
from generator.resolve import resolve
from engine import hypothesis_profiles  # noqa: F401  (registers « ci » and « thorough »)
from generator.validate import validate
from helpers import MINI, MINI_EDITION, REPO, copy_fixtures  # noqa: F401  (re-exported to the tests)

# Hypothesis: « ci » (light) unless --hypothesis-profile=thorough (nightly) says otherwise.
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh, valid copy of tests/fixtures/mini that a test may break."""
    return copy_fixtures(tmp_path)[0]


@pytest.fixture
def mini_and_edition(tmp_path: Path) -> tuple[Path, Path]:
    """Fresh, valid copies of tests/fixtures/mini and of its edition (tests/fixtures/mini-edition)."""
    return copy_fixtures(tmp_path)


def problems(project: Path, edition: Path | None = None) -> list[tuple[str, str, int | None]]:
    """(code, file, line) of every problem ``reperes check`` would report; [] when valid."""
    try:
        resolve(validate(load(project, edition)))
    except SourcesInvalid as exc:
        return [(p.code, p.path, p.line) for p in exc.problems]
    return []


@pytest.fixture(scope="session")
def all_sites(tmp_path_factory) -> dict[str, Path]:
    """The national edition and every shipped edition, built once per session by ``build_all`` (in
    parallel, as « reperes build --all »), each in its own folder: {"national": …, "quebec": …, …}."""
    from generator.build import build_all

    return build_all(REPO, tmp_path_factory.mktemp("all"))


@pytest.fixture(scope="session")
def built_site(all_sites) -> Path:
    """The real project's national site: the one of ``all_sites`` (never built twice in a session)."""
    return all_sites["national"]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, one per test module (Playwright's sync API allows one at a time)."""
    from browser import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture
def page(context):
    """A page of the module's ``context`` that records its uncaught JavaScript errors: the test fails on any."""
    from browser import recording_js_errors

    with recording_js_errors(context) as page:
        yield page
