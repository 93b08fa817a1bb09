"""Shared fixtures: the real project's sites, built once per test session and shared (as Sphinx's
``shared_result``), and throw-away copies of the tiny fixture project for the tests that break one.

The shared sites are read-only: a test that needs a modified site builds its own from the mini fixture
(or makes a symlinked view of a shared one, as tests/instant_site.py does).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import settings

from generator.sources.errors import SourcesInvalid
from generator.sources.load import load
from generator.editions.resolve import resolve
from engine import hypothesis_profiles  # noqa: F401  (registers « ci » and « thorough »)
from generator.sources.validate import validate
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


def shared(tmp_path_factory, name: str, make: Callable[[Path], dict[str, Path]]) -> dict[str, Path]:
    """``make(folder)`` once per test run, even under pytest-xdist: the first worker to ask builds under a
    file lock into the folder the workers share (the parent of their own base temp, as in xdist's docs
    « Making session-scoped fixtures execute only once »); the others wait for it, then read its result."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):  # a single process: its own temp folder
        return make(tmp_path_factory.mktemp(name))
    from filelock import FileLock

    root = tmp_path_factory.getbasetemp().parent
    done = root / f"{name}.json"
    with FileLock(str(root / f"{name}.lock")):
        if not done.is_file():
            result = make(root / name)
            done.write_text(json.dumps({key: str(path) for key, path in result.items()}), encoding="utf-8")
    return {key: Path(path) for key, path in json.loads(done.read_text(encoding="utf-8")).items()}


@pytest.fixture(scope="session")
def all_sites(tmp_path_factory) -> dict[str, Path]:
    """The national edition and every shipped edition, built once per test run by ``build_all`` (in
    parallel, as « reperes build --all »), each in its own folder: {"national": …, "quebec": …, …}."""
    from generator.build import build_all

    return shared(tmp_path_factory, "all", lambda folder: build_all(REPO, folder))


@pytest.fixture(scope="session")
def built_site(all_sites) -> Path:
    """The real project's national site: the one of ``all_sites`` (never built twice in a session)."""
    return all_sites["national"]


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Path:
    """The real project's national site built with Zensical (« reperes build --backend zensical »), once per run."""
    from generator.build import build

    return shared(tmp_path_factory, "zensical",
                  lambda folder: {"national": build(REPO, out=folder / "national", backend="zensical")})["national"]


@pytest.fixture(scope="session")
def backend_sites(built_site, zensical_site) -> dict[str, Path]:
    """The national site as each backend built it: {"mkdocs": …, "zensical": …} (generator/site/backend.py)."""
    return {"mkdocs": built_site, "zensical": zensical_site}


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> dict[str, Path]:
    """{"site": the mini fixture built by « reperes build --zip », "zip": its archive}: read-only, made once
    per run (tests/mini_site.py; a test that changes it works on ``mini_site.copy_of``)."""
    import mini_site as made

    return shared(tmp_path_factory, "mini-site", made.build)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, one per test process (per xdist worker); each test opens its own context."""
    from browser import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture
def page(context):
    """A page of the module's ``context`` that records its uncaught JavaScript errors: the test fails on any."""
    from browser import recording_js_errors

    with recording_js_errors(context) as page:
        yield page


def pytest_collection_modifyitems(config, items) -> None:
    """Test order for pytest-xdist (« --dist loadgroup --no-loadscope-reorder » hands out tests in this
    order to whichever worker is free): first one test that needs the shared sites, so that one worker
    starts building them at once, then every test that needs no shared site (the other worker runs them
    meanwhile instead of waiting for the build), then the tests of the shared sites, browser tests first
    (the longest: none should be left alone at the end). Within each part, the order of collection."""
    def needs_sites(item) -> bool:
        return bool({"all_sites", "zensical_site"} & set(getattr(item, "fixturenames", ())))

    first = next((item for item in items if needs_sites(item)), None)

    def rank(item) -> int:
        if item is first:
            return 0
        if not needs_sites(item):
            return 1
        return 2 if item.get_closest_marker("browser") else 3

    items[:] = sorted(items, key=rank)  # a stable sort: collection order within each rank


SEARCH_SCORES: list[str] = []  # the search benchmark's score on each backend (tests/test_search_browser.py)


def pytest_runtest_logreport(report) -> None:
    """Runs where the results are gathered (the controller under pytest-xdist): keep the scores tests recorded."""
    if report.when == "call":
        SEARCH_SCORES.extend(value for key, value in report.user_properties if key == "search-score")


def pytest_terminal_summary(terminalreporter) -> None:
    if SEARCH_SCORES:
        terminalreporter.section("recherche : banc d'essai (tests/data/search_queries.yml)")
        for line in SEARCH_SCORES:
            terminalreporter.write_line(line)
