"""The published JSON Schemas come from the models and accept every shipped source file."""
from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import REPO
from generator.sources.schemas import schemas
from generator.sources.models import COLLECTIONS

FOLDERS = [REPO, *sorted(p for p in (REPO / "editions").iterdir() if (p / "edition.yml").is_file())]
SHIPPED = sorted(p for root in FOLDERS for name in COLLECTIONS for p in (root / "content" / name).glob("*.yml"))
CRITERIA = sorted(p for root in FOLDERS for p in (root / "criteria").glob("*.yml"))
EDITIONS = sorted(root / "edition.yml" for root in FOLDERS[1:])


@functools.cache
def published_schemas() -> dict[str, dict]:
    """``schemas()`` once per process (pydantic makes them anew on each call): read-only here."""
    return schemas()


def as_json(data):
    """YAML dates become ISO strings, as in a JSON document."""
    return json.loads(json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v)))


@pytest.mark.parametrize("path", SHIPPED + CRITERIA + EDITIONS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_schema_accepts_shipped_file(path: Path):
    name = "edition" if path.name == "edition.yml" else path.parent.name if path.parent.name in COLLECTIONS else "criteria"
    schema = published_schemas()[name]
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(as_json(yaml.safe_load(path.read_text(encoding="utf-8"))), schema,
                        cls=jsonschema.Draft202012Validator)


def test_schema_rejects_what_the_model_rejects():
    schema = schemas()["glossary"]
    bad = {"reviewed": "2026-01-01", "records": [{"id": "x", "term": "X", "expansion": "y", "sources": []}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema, cls=jsonschema.Draft202012Validator)
    bad["records"][0]["sources"] = [{"ref": "a", "locator": "b"}]
    bad["records"][0]["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema, cls=jsonschema.Draft202012Validator)


def test_there_is_no_hand_written_schema_in_the_repository():
    """schemas/ is written by « reperes schemas » from the models (for editors, without a build): kept in step."""
    shipped = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (REPO / "schemas").glob("*.schema.json")}
    assert shipped == {f"{name}.schema.json": schema for name, schema in schemas().items()}, \
        "schemas/ differs from the models: run « reperes schemas »"
    handmade = [p for p in REPO.rglob("*.schema.json") if ".venv" not in p.parts and "node_modules" not in p.parts
                and "site" not in p.parts and "build" not in p.parts and p.parent != REPO / "schemas"
                and not any(part.startswith(".") for part in p.relative_to(REPO).parts)]
    assert handmade == []


def test_every_collection_has_a_schema():
    assert set(schemas()) == set(COLLECTIONS) | {"criteria", "page", "edition"}
