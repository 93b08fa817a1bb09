"""Golden output: the Markdown and JSON the render stage produces for the fixture project.

Set REPERES_UPDATE_GOLDEN=1 to rewrite tests/golden/mini after an intended change,
then review the diff like any other code change.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import MINI
from generator.build import prepare

GOLDEN = Path(__file__).parent / "golden" / "mini"


def rendered_files() -> dict[str, bytes]:
    os.environ["SOURCE_DATE_EPOCH"] = "1795000000"  # fixed « built » date in api/index.json
    try:
        rendered = prepare(MINI)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    out = {f"pages/{k}": v.encode("utf-8") for k, v in rendered.pages.items()}
    # Schemas and the engine bundle have their own tests; they would only add churn here.
    out.update({f"files/{k}": v for k, v in rendered.files.items() if not k.startswith(("schemas/", "assets/", "fhir/"))})
    return out


def test_render_matches_golden():
    actual = rendered_files()
    if os.environ.get("REPERES_UPDATE_GOLDEN"):
        for old in GOLDEN.rglob("*"):
            if old.is_file():
                old.unlink()
        for name, content in actual.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(content)
        pytest.skip("golden files rewritten")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(actual) == sorted(expected)
    for name in expected:
        assert actual[name].decode("utf-8") == expected[name].decode("utf-8"), name
