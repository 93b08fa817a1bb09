"""The authors' reference page, derived from the models (never written by hand)."""
from __future__ import annotations

from typing import Any

from ..sources.errors import ERROR_TYPES
from ..sources.schemas import schemas
from ..sources.models import COLLECTIONS, CRITERIA


def _type(schema: dict, defs: dict) -> str:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return f"bloc {name}"
    if "anyOf" in schema or "oneOf" in schema:
        parts = [_type(s, defs) for s in schema.get("anyOf", schema.get("oneOf", [])) if s.get("type") != "null"]
        return " ou ".join(dict.fromkeys(parts))
    if "enum" in schema:
        return "une valeur parmi " + ", ".join(f"`{v}`" for v in schema["enum"])
    if "const" in schema:
        return f"`{schema['const']}`"
    kind = schema.get("type", "")  # none given: any value
    if kind == "array":
        items = schema.get("items", {})
        if "enum" in items:  # « liste de valeurs parmi `france`, `quebec` », not « liste de une valeur parmi »
            return "liste de valeurs parmi " + ", ".join(f"`{v}`" for v in items["enum"])
        return f"liste de {_type(items, defs)}"
    if kind == "object":
        return "bloc clé: valeur"
    return {"string": "texte" if schema.get("format") != "date" else "date AAAA-MM-JJ", "integer": "nombre entier",
            "number": "nombre", "boolean": "true / false"}.get(kind, "valeur")


def _fields(schema: dict, defs: dict) -> list[dict[str, Any]]:
    required = set(schema.get("required", []))
    return [{"name": name, "type": _type(prop, defs), "required": name in required,
             "description": prop.get("description", "")}
            for name, prop in schema.get("properties", {}).items()]


def describe() -> list[dict]:
    """For each collection: its folder, its record fields and its nested blocks."""
    out = []
    all_schemas = schemas()
    for name, title, folder in [*((n, c.title, f"content/{n}/*.yml") for n, c in COLLECTIONS.items()),
                                (CRITERIA.name, CRITERIA.title, "criteria/*.yml"), ("page", "Pages Markdown", "content/pages/**/*.md"),
                                ("edition", "Édition régionale", "editions/<id>/edition.yml")]:
        schema = all_schemas[name]
        defs = schema.get("$defs", {})
        if name in COLLECTIONS:
            record_def = schema["properties"]["records"]["items"]["$ref"].rsplit("/", 1)[-1]
            main = defs[record_def]
        else:
            main = schema
        # Class docstrings are for developers (English); authors get the French field descriptions.
        blocks = [{"name": d, "description": "", "fields": _fields(s, defs)}
                  for d, s in defs.items() if s.get("properties") and s is not main]
        out.append({"name": name, "title": title, "folder": folder, "fields": _fields(main, defs), "blocks": blocks})
    return out


def error_codes() -> list[dict]:
    return [{"code": code, "description": cls.description} for code, cls in ERROR_TYPES.items()]
