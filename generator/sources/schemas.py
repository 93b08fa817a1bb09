"""The JSON Schema of every source format, derived from the models (never written by hand).

Published in every site (schemas/, generator/render/exports.py), documented on the authors' format page
(generator/render/formatdoc.py) and written into a new edition's folder (generator/editions/scaffold.py).
"""
from __future__ import annotations

from typing import Any

from .models import COLLECTIONS, CRITERIA, CollectionFile, PageMeta, Record
from .models.edition import Edition


def _file_schema(model: type[Record]) -> dict[str, Any]:
    """The JSON schema of one collection's files. CollectionFile is parametrized at run time with the
    collection's record model, through pydantic's own hook (a type argument in brackets must be static)."""
    file_model = CollectionFile.__class_getitem__(model)
    assert isinstance(file_model, type)  # not a recursive reference: Record models are complete when imported
    return file_model.model_json_schema(by_alias=True)


def schemas() -> dict[str, dict[str, Any]]:
    out = {name: _file_schema(c.model) for name, c in COLLECTIONS.items()}
    out[CRITERIA.name] = CRITERIA.model.model_json_schema(by_alias=True)
    out["page"] = PageMeta.model_json_schema(by_alias=True)
    out["edition"] = Edition.model_json_schema(by_alias=True)
    for name, schema in out.items():
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"{name}.schema.json"
    return out
