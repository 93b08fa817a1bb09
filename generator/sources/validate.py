"""Stage 2 — validate: check every file against its model, layer by layer.

Each record is validated alone, so one bad record never hides the others.
The result is one Layer for the national sources and one for the edition (if
any); nothing is raised here — resolve merges the layers, checks references
across the merged whole, and reports every problem of the run together.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterator

from pydantic import Field, ValidationError

from .errors import DuplicateId, InvalidMarkup, InvalidValue, MissingField, Problem, UnsafeFile
from .logo import svg_problems
from .load import SourceFile, Sources, unsafe_path
from .markers import markup_problems
from .models import COLLECTIONS, CRITERIA, Model, PageMeta, Record
from .models.edition import Edition
from .pydantic_errors import to_problems
from .yamlpos import Located


@dataclass(frozen=True)
class Entry:
    """A valid record and where it was written."""

    record: Record
    collection: str
    rel: str
    line: int | None
    layer: str = "national"
    example_lines: tuple[int | None, ...] = ()  # line of each worked example (criteria), for editions/checks.py
    doc: Located | None = field(default=None, compare=False, repr=False)  # its file, lines and all
    prefix: tuple = ()  # where the record is in ``doc`` (("records", 2) in a collection file)


@dataclass(frozen=True)
class Page:
    meta: PageMeta
    body: str
    rel: str
    body_line: int
    src_uri: str  # path under content/pages, e.g. "comprendre/complexite.md"
    layer: str = "national"
    path: Path | None = None
    edition_line: int = 1  # line of its « edition: » block: where an edition's messages about the page point
    doc: Located | None = field(default=None, compare=False, repr=False)  # its front matter, lines and all


@dataclass
class Layer:
    """The valid records and pages of one folder (national or edition)."""

    records: dict[str, dict[str, Entry]] = field(default_factory=lambda: {n: {} for n in [*COLLECTIONS, CRITERIA.name]})
    reviewed: dict[str, dt.date] = field(default_factory=dict)  # collection → latest review
    pages: dict[str, Page] = field(default_factory=dict)  # src_uri → page
    invalid: set[str] = field(default_factory=set)  # "collection/id" of records that failed validation
    texts: list[tuple[str, int | None, str]] = field(default_factory=list)  # (file, line, text) to scan


@dataclass(frozen=True)
class EditionConfig:
    edition: Edition
    rel: str
    doc: Located
    root: Path


@dataclass
class Layers:
    root: Path
    national: Layer
    edition: Layer | None = None
    config: EditionConfig | None = None
    problems: list[Problem] = field(default_factory=list)


class _Header(Model):
    reviewed: dt.date
    records: list[Any] = Field(min_length=0)


def validate(sources: Sources) -> Layers:
    """Check every file of every layer; problems are collected in ``Layers.problems``."""
    layers = Layers(sources.root, Layer(), Layer() if sources.edition_root else None)
    layers.problems += sources.problems
    for f in sources.files:
        layer = layers.edition if f.layer == "edition" else layers.national
        assert layer is not None  # load reads edition files only when it is given an edition folder
        if f.doc is None:
            layer.invalid.update(f"{f.collection}/{rid}" for rid in f.guessed_ids if f.collection)
            continue
        if f.kind == "edition":
            layers.problems += _edition(f, f.doc, layers, sources)
        elif f.kind == "collection":
            layers.problems += _collection_file(f, f.doc, layer)
        elif f.kind == "criterion":
            layers.problems += _add(CRITERIA.model, f.doc.data, (), f, f.doc, layer, CRITERIA.name)
        else:
            layers.problems += _page(f, f.doc, layer)
    return layers


def _edition(f: SourceFile, doc: Located, layers: Layers, sources: Sources) -> list[Problem]:
    try:
        edition = Edition.model_validate(doc.data)
    except ValidationError as exc:
        return to_problems(exc, doc.data, Edition, doc, (), f.rel, None)
    root = sources.edition_root
    assert root is not None  # load reads an edition.yml only from the edition folder it is given
    layers.config = EditionConfig(edition, f.rel, doc, root)
    # Its texts reach the pages too (the terminology even lands in every page's HTML as is), but they are
    # not added to the layer's texts: the terminology check must not find a term in the table itself.
    problems = [InvalidMarkup.at(f.rel, (doc.text_line(path) or 1) + offset, problem=description)
                for path, text in strings(doc.data, ()) for offset, description in markup_problems(text)]
    return problems + _quotes(f, doc, ("name", "publisher")) + _logo(edition, f, doc, root)


def _quotes(f: SourceFile, doc: Located, keys: tuple[str, ...]) -> list[Problem]:
    """The theme prints these fields inside HTML attributes without escaping them (mkdocs-material's
    aria-label="{{ config.site_name }}", <meta content="{{ page.meta.description }}">): a straight double
    quote would end the attribute and let the text add its own (onmouseover=…)."""
    return [InvalidMarkup.at(f.rel, doc.line((key,)), problem=(
        f"guillemet droit « \" » refusé dans « {key} » : ce texte est placé dans un attribut HTML ; "
        "écrire « … » ou “…”")) for key in keys if isinstance(doc.data.get(key), str) and '"' in doc.data[key]]


# An SVG opened by itself runs its scripts with the site's rights, and one that loads from another host
# breaks the promise that the site requests nothing elsewhere: generator/sources/logo.py keeps an allow-list.
MAX_LOGO_BYTES = 500_000


def _logo(edition: Edition, f: SourceFile, doc: Located, root: Path) -> list[Problem]:
    logo = edition.branding.logo
    if not logo:
        return []
    path = root / logo
    if not (path.exists() or path.is_symlink()):
        return []  # a missing logo: editions/merge.py reports it
    line = doc.line(("branding", "logo"))
    if why := unsafe_path(path, root):
        return [UnsafeFile.at(f.rel, line, problem=f"logo : {why}")]
    if not path.is_file() or path.stat().st_size > MAX_LOGO_BYTES:
        return [UnsafeFile.at(f.rel, line, problem=f"logo : fichier ordinaire de {MAX_LOGO_BYTES} octets au plus attendu")]
    if path.suffix.lower() == ".svg":
        rel = str(PurePosixPath(f.rel).parent / logo)  # problems point at the drawing's own line
        return [UnsafeFile.at(rel, at, problem=f"logo SVG refusé : {what} ; un logo n'est qu'un dessin "
                              "(dans Inkscape : « Enregistrer une copie… », format « SVG simple »)")
                for at, what in svg_problems(path.read_bytes())]
    return []


def _collection_file(f: SourceFile, doc: Located, layer: Layer) -> list[Problem]:
    collection = f.collection
    assert collection is not None  # load names the collection of every collection file
    try:
        header = _Header.model_validate(doc.data)
    except ValidationError as exc:
        # The records are there but unusable: links to them are not reported a second time.
        raw = doc.data.get("records") if isinstance(doc.data, dict) else None
        for record in raw if isinstance(raw, list) else []:
            if isinstance(record, dict) and isinstance(record.get("id"), str):
                layer.invalid.add(f"{collection}/{record['id']}")
        return to_problems(exc, doc.data, _Header, doc, (), f.rel, None)
    layer.reviewed[collection] = max(layer.reviewed.get(collection, header.reviewed), header.reviewed)
    model = COLLECTIONS[collection].model
    problems = []
    for i, raw in enumerate(header.records):
        problems += _add(model, raw, ("records", i), f, doc, layer, collection)
    return problems


def _add(model: type[Record], raw: Any, prefix: tuple, f: SourceFile, doc: Located, layer: Layer, collection: str) -> list[Problem]:
    record_id = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
    try:
        record = model.model_validate(raw)
    except ValidationError as exc:
        if record_id:
            layer.invalid.add(f"{collection}/{record_id}")
        problems = to_problems(exc, raw, model, doc, prefix, f.rel, record_id)
        if f.layer == "edition" and isinstance(raw, dict) and "edition" not in raw:  # said now, not at the next try
            problems += _edition_note(None, f, doc.line(prefix + ("id",)))
        return problems
    line = doc.line(prefix + ("id",))
    problems = _edition_note(record.edition, f, doc.line(prefix + ("edition",)) or line)
    if problems:  # its intent is unknown: reported, then left out of the merge
        layer.invalid.add(f"{collection}/{record.id}")
        return problems
    for path, text in strings(raw, prefix):
        layer.texts.append((f.rel, doc.text_line(path), text))
    existing = layer.records[collection].get(record.id)
    if existing:
        return problems + [DuplicateId.at(f.rel, line, id=record.id, other=f"{existing.rel}:{existing.line}")]
    examples = getattr(record, "examples", None) or []
    example_lines = tuple(doc.line(prefix + ("examples", i)) for i in range(len(examples)))
    layer.records[collection][record.id] = Entry(record, collection, f.rel, line, f.layer, example_lines, doc, prefix)
    return problems


def _edition_note(note, f: SourceFile, line: int | None) -> list[Problem]:
    """National sources never carry « edition: »; edition sources always do (intent is explicit)."""
    if f.layer == "national" and note is not None:
        return [InvalidValue.at(f.rel, line, field="edition", expected="aucune clé « edition » dans le référentiel national",
                                found="un bloc edition")]
    if f.layer == "edition" and note is None:
        return [MissingField.at(f.rel, line, field="edition (action: remplace ou ajoute, justification)")]
    return []


def _page(f: SourceFile, doc: Located, layer: Layer) -> list[Problem]:
    try:
        meta = PageMeta.model_validate(doc.data)
    except ValidationError as exc:
        return to_problems(exc, doc.data, PageMeta, doc, (), f.rel, f.rel)
    problems = _edition_note(meta.edition, f, doc.line(("edition",)) or 1)
    if problems:
        return problems
    uri = f.page_uri
    assert uri is not None  # load gives every page its path under content/pages
    layer.pages[uri] = Page(meta, f.body, f.rel, f.body_line, uri, f.layer, f.path, doc.line(("edition",)) or 1, doc)
    layer.texts.append((f.rel, f.body_line, f.body))
    for path, text in strings(doc.data, ()):
        layer.texts.append((f.rel, doc.text_line(path), text))
    return _quotes(f, doc, ("description",))


def strings(data: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    """Every string inside ``data`` with its path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from strings(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from strings(v, path + (i,))
