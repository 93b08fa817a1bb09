"""Stage 2 — validate: check every file against its model, then across files.

Each record is validated alone, so one bad record never hides the others;
cross-file checks (duplicate ids, unknown references) run on the records that
passed. All problems are returned together.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel, Field, ValidationError

from . import rules
from .errors import DuplicateId, InvalidMarkup, InvalidValue, Problem, SourcesInvalid, UnknownReference
from .load import SourceFile, Sources
from .markers import find_markers, markup_problems
from .models import COLLECTIONS, CRITERIA, Model, PageMeta, Record
from .pydantic_errors import found, to_problems


@dataclass(frozen=True)
class Entry:
    """A valid record and where it was written."""

    record: Record
    collection: str
    rel: str
    line: int | None


@dataclass(frozen=True)
class Page:
    meta: PageMeta
    body: str
    rel: str
    body_line: int
    src_uri: str  # path under content/pages, e.g. "comprendre/complexite.md"


@dataclass
class Project:
    """Everything the sources say, validated."""

    root: Path
    records: dict[str, dict[str, Entry]] = field(default_factory=dict)  # collection → id → entry
    reviewed: dict[str, dt.date] = field(default_factory=dict)  # collection → latest review
    pages: list[Page] = field(default_factory=list)
    # Records that exist but failed validation: links to them are not reported again.
    invalid: set[str] = field(default_factory=set)

    def known(self, link: str) -> bool:
        return self.get(link) is not None or link in self.invalid

    def get(self, link: str) -> Entry | None:
        collection, _, rid = link.partition("/")
        return self.records.get(collection, {}).get(rid)


class _Header(Model):
    reviewed: dt.date
    records: list[Any] = Field(min_length=0)


def validate(sources: Sources) -> Project:
    """Return the validated project, or raise SourcesInvalid with every problem."""
    problems: list[Problem] = list(sources.problems)
    project = Project(sources.root, {name: {} for name in [*COLLECTIONS, CRITERIA.name]})
    texts: list[tuple[str, int | None, str]] = []  # (file, line, text) to scan for markers
    for f in sources.files:
        if f.doc is None:
            continue
        if f.kind == "collection":
            problems += _collection_file(f, project, texts)
        elif f.kind == "criterion":
            problems += _criterion_file(f, project, texts)
        else:
            problems += _page(f, sources.root, project, texts)
    problems += _references(project)
    problems += _recommendations(project)
    problems += _texts(texts, project)
    for entry in project.records[CRITERIA.name].values():
        problems += rules.check(entry.record, entry.rel, entry.line)
    if problems:
        raise SourcesInvalid(problems)
    return project


def _collection_file(f: SourceFile, project: Project, texts: list) -> list[Problem]:
    doc = f.doc
    try:
        header = _Header.model_validate(doc.data)
    except ValidationError as exc:
        return to_problems(exc, doc.data, _Header, doc, (), f.rel, None)
    model = COLLECTIONS[f.collection].model
    project.reviewed[f.collection] = max(project.reviewed.get(f.collection, header.reviewed), header.reviewed)
    problems = []
    for i, raw in enumerate(header.records):
        prefix = ("records", i)
        problems += _add(model, raw, prefix, f, project, f.collection, texts)
    return problems


def _criterion_file(f: SourceFile, project: Project, texts: list) -> list[Problem]:
    return _add(CRITERIA.model, f.doc.data, (), f, project, CRITERIA.name, texts)


def _add(model: type[Record], raw: Any, prefix: tuple, f: SourceFile, project: Project, collection: str,
         texts: list) -> list[Problem]:
    record_id = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
    try:
        record = model.model_validate(raw)
    except ValidationError as exc:
        if record_id:
            project.invalid.add(f"{collection}/{record_id}")
        return to_problems(exc, raw, model, f.doc, prefix, f.rel, record_id)
    line = f.doc.line(prefix + ("id",))
    for path, text in _strings(raw, prefix):
        texts.append((f.rel, f.doc.line(path), text))
    existing = project.records[collection].get(record.id)
    if existing:
        other = f"{existing.rel}:{existing.line}"
        return [DuplicateId.at(f.rel, line, id=record.id, other=other)]
    project.records[collection][record.id] = Entry(record, collection, f.rel, line)
    return []


def _page(f: SourceFile, root: Path, project: Project, texts: list) -> list[Problem]:
    try:
        meta = PageMeta.model_validate(f.doc.data)
    except ValidationError as exc:
        return to_problems(exc, f.doc.data, PageMeta, f.doc, (), f.rel, f.rel)
    src_uri = Path(f.rel).relative_to("content/pages").as_posix()
    project.pages.append(Page(meta, f.body, f.rel, f.body_line, src_uri))
    texts.append((f.rel, f.body_line, f.body))
    for path, text in _strings(f.doc.data, ()):
        texts.append((f.rel, f.doc.line(path), text))
    return []


def _strings(data: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings(v, path + (i,))


def _references(project: Project) -> list[Problem]:
    """Every source, link and bibliography pointer must name an existing record."""
    problems = []
    refs = project.records["references"]
    for entries in project.records.values():
        for entry in entries.values():
            for source in _source_refs(entry.record):
                if not project.known(f"references/{source}"):
                    problems.append(UnknownReference.at(entry.rel, entry.line, target=f"references/{source}",
                                                        hint=_hint(source, refs)))
            for link in _links(entry.record):
                if not project.known(link):
                    collection = link.partition("/")[0]
                    problems.append(UnknownReference.at(entry.rel, entry.line, target=link,
                                                        hint=_hint(link.partition("/")[2], project.records.get(collection, {}))))
    for page in project.pages:
        for source in page.meta.sources:
            if not project.known(f"references/{source.ref}"):
                problems.append(UnknownReference.at(page.rel, 1, target=f"references/{source.ref}", hint=_hint(source.ref, refs)))
    return problems


def factor_index(project: Project) -> dict[str, tuple[str, str]]:
    """"list#item" → (item text, list title), for criteria that cite success-factor items."""
    index = {}
    for entry in project.records["success-factors"].values():
        for item in entry.record.items:
            index[f"{entry.record.id}#{item.id}"] = (item.text, entry.record.title)
    return index


def _recommendations(project: Project) -> list[Problem]:
    known = factor_index(project)
    return [UnknownReference.at(entry.rel, entry.line, target=f"success-factors/{ref}", hint="")
            for entry in project.records[CRITERIA.name].values()
            for question in entry.record.items for ref in question.recommendations if ref not in known]


def _source_refs(model: BaseModel) -> Iterator[str]:
    for name, value in model:
        if name == "sources":
            yield from (s.ref for s in value)
        elif name == "reference" and isinstance(value, str):
            yield value
        yield from _nested(value, _source_refs)


def _links(model: BaseModel) -> Iterator[str]:
    for name, value in model:
        if name == "see_also":
            yield from value
        yield from _nested(value, _links)


def _nested(value: Any, fn) -> Iterator[str]:
    if isinstance(value, BaseModel):
        yield from fn(value)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _nested(v, fn)


def _texts(texts: list, project: Project) -> list[Problem]:
    problems = []
    for rel, line, text in texts:
        base = line or 1
        for offset, description in markup_problems(text):
            problems.append(InvalidMarkup.at(rel, base + offset, problem=description))
        for marker in find_markers(text):
            where = base + marker.line_offset
            if marker.kind == "bad":
                problems.append(InvalidMarkup.at(rel, where, problem=(
                    f"marqueur « [[{marker.target}]] » mal formé : attendu [[source:référence|localisateur]] "
                    "ou [[collection/identifiant]]")))
            elif not project.known(marker.target):
                collection, _, rid = marker.target.partition("/")
                problems.append(UnknownReference.at(rel, where, target=marker.target,
                                                    hint=_hint(rid, project.records.get(collection, {}), collection)))
    return problems


def _hint(wrong: str, known: dict, collection: str | None = None) -> str:
    import difflib

    if collection is not None and collection not in COLLECTIONS and collection != CRITERIA.name:
        names = ", ".join([*COLLECTIONS, CRITERIA.name])
        return f" (collection « {collection} » inconnue ; collections : {names})"
    close = difflib.get_close_matches(wrong, list(known), n=1, cutoff=0.6)
    return f" (vouliez-vous dire « {close[0]} » ?)" if close else ""


__all__ = ["Entry", "Page", "Project", "validate", "found", "InvalidValue"]
