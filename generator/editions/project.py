"""The merged, valid set of records and pages that render publishes."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel

from ..sources.models import COLLECTIONS, CRITERIA


@dataclass
class Project:
    root: Path
    records: dict[str, dict[str, Any]] = field(default_factory=lambda: {n: {} for n in [*COLLECTIONS, CRITERIA.name]})
    reviewed: dict[str, dt.date] = field(default_factory=dict)
    pages: list[Any] = field(default_factory=list)  # validate.Page, in source order
    invalid: set[str] = field(default_factory=set)  # records that failed validation: not reported twice
    removed: set[str] = field(default_factory=set)  # "collection/id" or "page:uri" removed by the edition

    def get(self, link: str):
        collection, _, rid = link.partition("/")
        return self.records.get(collection, {}).get(rid)

    def known(self, link: str) -> bool:
        return self.get(link) is not None or link in self.invalid or link in self.removed


def factor_index(project: Project) -> dict[str, tuple[str, str]]:
    """"list#item" → (item text, list title), for criteria that cite success-factor items."""
    index = {}
    for entry in project.records["success-factors"].values():
        for item in entry.record.items:
            index[f"{entry.record.id}#{item.id}"] = (item.text, entry.record.title)
    return index


def source_refs(model: BaseModel) -> Iterator[str]:
    """Reference ids a record cites (its sources, nested sources, evidence.reference)."""
    for name, value in model:
        if name == "sources":
            yield from (s.ref for s in value)
        elif name == "reference" and isinstance(value, str):
            yield value
        yield from _nested(value, source_refs)


def links(model: BaseModel) -> Iterator[str]:
    """"collection/id" links a record makes (see_also, nested see_also)."""
    for name, value in model:
        if name == "see_also":
            yield from value
        yield from _nested(value, links)


def _nested(value: Any, fn) -> Iterator[str]:
    if isinstance(value, BaseModel):
        yield from fn(value)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _nested(v, fn)
