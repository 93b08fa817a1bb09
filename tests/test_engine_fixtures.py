"""The engine's tests import the engine only (they also run inside Pyodide, tests/test_engine_in_pyodide.py):
what they copy from the generator is checked here, where the generator is at hand.

Set REPERES_UPDATE_ENGINE_SPECS=1 to rewrite tests/engine/specs/ after an intended change of criteria/,
then review the diff like any other code change.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from engine.engine_specs import UNDECIDED
from generator.sources.compile import UNDECIDED as COMPILED_UNDECIDED
from generator.sources.compile import compile_criterion
from generator.sources.models.criteria import Criterion
from helpers import REPO

SPECS = REPO / "tests" / "engine" / "specs"
LABELS = {"has-2014": "HAS 2014"}  # the source labels the engine's summary tests expect


def test_undecided_outcome_is_the_compiled_one():
    assert UNDECIDED == COMPILED_UNDECIDED


@pytest.mark.parametrize("path", sorted(SPECS.glob("*.json")), ids=lambda p: p.stem)
def test_engine_spec_fixture_is_the_compiled_criterion(path: Path):
    criterion = Criterion.model_validate(yaml.safe_load((REPO / "criteria" / f"{path.stem}.yml").read_text(encoding="utf-8")))
    compiled = compile_criterion(criterion, LABELS)
    if os.environ.get("REPERES_UPDATE_ENGINE_SPECS"):
        path.write_text(json.dumps(compiled, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        pytest.skip(f"{path.name} rewritten")
    assert json.loads(path.read_text(encoding="utf-8")) == compiled


def test_engine_tests_import_the_engine_only():
    from engine.test_engine_imports import forbidden_imports

    own = sorted((REPO / "tests" / "engine").glob("*.py"))
    allowed = {"pytest", "hypothesis"} | {path.stem for path in own}  # test tools and the folder's own modules
    for path in own:
        bad = [name for name in forbidden_imports(path.read_text(encoding="utf-8"), "tests.engine")
               if name.split(".")[0] not in allowed]
        assert bad == [], f"{path.name} imports {bad}"
