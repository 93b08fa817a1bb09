"""Open exports written into every built site: api/ (data), schemas/ (JSON Schema), fhir/ (FHIR R4).

Schemas come from the same pydantic models that validate the sources, so the
published format can never drift from the one the build enforces.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

from .. import fhir
from ..sources.models import COLLECTIONS
from ..sources.schemas import schemas
from ..editions.project import Project

VERSION = "0.1.0"


def build_date() -> str:
    """Today, unless SOURCE_DATE_EPOCH pins it (reproducible builds, golden tests)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()
    return day.isoformat()


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def files(project: Project, compiled: dict[str, dict]) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for name, schema in schemas().items():
        out[f"schemas/{name}.schema.json"] = _json(schema)
    collections: dict[str, dict[str, Any]] = {}
    criteria: dict[str, dict[str, Any]] = {}
    for name in COLLECTIONS:
        records = [e.record.model_dump(mode="json", by_alias=True, exclude_none=True) for e in project.records[name].values()]
        reviewed = project.reviewed.get(name)
        out[f"api/{name}.json"] = _json({"collection": name, "reviewed": reviewed.isoformat() if reviewed else None,
                                         "records": records})
        collections[name] = {"url": f"{name}.json", "count": len(records),
                                      "reviewed": reviewed.isoformat() if reviewed else None,
                                      "schema": f"../schemas/{name}.schema.json"}
    for cid, spec in compiled.items():
        out[f"api/criteria/{cid}.json"] = _json(spec)
        # The site's address is not known here yet: the Questionnaire's canonical URL is a URN.
        out[f"fhir/Questionnaire-{cid}.json"] = _json(fhir.questionnaire(spec, None))
        criteria[cid] = {"url": f"criteria/{cid}.json", "title": spec["title"], "version": spec["version"],
                                  "reviewed": spec["reviewed"], "format": spec["format"]}
    out["api/index.json"] = _json({"name": "Repères", "version": VERSION, "built": build_date(),
                                   "collections": collections, "criteria": criteria})
    return out
