"""An edition follows the national reference by default: three-way merge of every override.

An edition replaces a national record, page or tool with a whole copy of it, changed where it means
to differ. ``reperes edition accept`` records the national version each copy was reviewed against
(versions-nationales.yml): the base. When the national source changes, each value is merged
(generator/merge3.py): a value the edition did not change follows the national source, in the built
site at once and in the edition's file with ``reperes edition update``; a value both changed is a
conflict, the edition's value stays until the agency decides. ``check`` and ``build`` warn at the
line of each (inherited-stale, edition-conflict); ``accept`` refuses while one is left.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .drift import LOCK, digest, read_lock, snapshot
from ..sources.invocation import edition_step
from ..sources.errors import EditionConflict, InheritedStale, Problem
from .merge3 import IDENTITY_KEYS, MISSING, Conflict, Merge, Op, merge, merge_text
from ..sources.models import PageMeta
from .rulediff import num, quoted
from ..sources.validate import Entry, Layers, Page


@dataclass
class Override:
    """One record or page of the edition that replaces a national one, merged with it."""

    target: str  # "collection/id" or "page:uri"
    rel: str  # the edition's file, as messages show it
    edition: Entry | Page
    national: Entry | Page
    result: Merge = field(default_factory=Merge)
    merged: dict = field(default_factory=dict)  # the merged record (or page's front matter), as models dump it
    model: Any = None  # the same, validated: the Record (or PageMeta) the site publishes
    body: str | None = None  # a page's merged text
    body_ops: list[tuple[int, str, str]] = field(default_factory=list)  # (edition line, national before, now)
    body_conflicts: list[tuple[int, str, str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def pending(self) -> bool:
        """National changes not yet in the edition's file."""
        return bool(self.result.ops or self.body_ops)

    @property
    def conflicted(self) -> bool:
        return bool(self.result.conflicts or self.body_conflicts)


def dump(model) -> dict:
    return model.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)


def inherit(layers: Layers) -> tuple[Layers, list[Override], list[Problem]]:
    """The layers with every override merged with the national source, the merges, and their warnings."""
    if layers.edition is None or layers.config is None:
        return layers, [], []
    lock, _ = read_lock(layers.config.root, str(Path(layers.config.rel).parent))  # drift.review reports its problems
    overrides: list[Override] = []
    for collection, entries in layers.edition.records.items():
        for rid, entry in entries.items():
            national = layers.national.records[collection].get(rid)
            base = lock.get(f"{collection}/{rid}")
            if entry.record.edition is None or entry.record.edition.action != "remplace" or national is None or not base:
                continue
            if (found := _record(f"{collection}/{rid}", entry, national, base, layers)) is not None:
                overrides.append(found)
                entries[rid] = replace(entry, record=found.model, example_lines=_example_lines(found, entry))
    for uri, page in layers.edition.pages.items():
        national_page = layers.national.pages.get(uri)
        base = lock.get(f"page:{uri}")
        if page.meta.edition is None or page.meta.edition.action != "remplace" or national_page is None or not base:
            continue
        if (found := _page(f"page:{uri}", page, national_page, base, layers)) is not None:
            overrides.append(found)
            layers.edition.pages[uri] = replace(page, meta=found.model, body=found.body if found.body is not None else page.body)
    problems = [p for o in overrides for p in o.problems]
    return layers, overrides, problems


def _record(target: str, entry: Entry, national: Entry, base: dict, layers: Layers) -> Override | None:
    now, _ = snapshot(layers, target) or ({}, None)
    if base.get("digest") == digest(now):
        return None  # the national source has not changed since the edition accepted it
    found = Override(target, entry.rel, entry, national)
    found.merged, found.result = merge(base.get("national") or {}, now, dump(entry.record))
    model = type(entry.record)
    try:
        found.model = model.model_validate(found.merged)
    except ValidationError as exc:
        # The merged whole does not hold together (a national change the edition's own changes contradict):
        # the edition's copy stays as it is, and the agency merges by hand.
        found.model = entry.record
        found.result = Merge(conflicts=[Conflict((), base.get("national"), now, dump(entry.record))])
        found.problems.append(EditionConflict.at(entry.rel, entry.line, target=target, where="la fiche entière",
                                                 base="(voir versions-nationales.yml)", national="(voir le fichier national)",
                                                 edition="cette copie", next=_invalid(exc) + _decide(layers)))
        return found
    found.problems += _messages(found, layers)
    return found


def _page(target: str, page: Page, national: Page, base: dict, layers: Layers) -> Override | None:
    now, _ = snapshot(layers, target) or ({}, None)
    if base.get("digest") == digest(now):
        return None
    found = Override(target, page.rel, page, national)
    accepted = dict(base.get("national") or {})
    base_body, now_meta = accepted.pop("body", ""), dict(now)
    now_body = now_meta.pop("body", "")
    found.merged, found.result = merge(accepted, now_meta, dump(page.meta))
    found.body, conflicts = merge_text(base_body, now_body, page.body)
    found.body_conflicts = conflicts
    if found.body != page.body:
        found.body_ops = [(line, b, n) for line, b, n in _text_changes(base_body, now_body, page.body)]
    try:
        found.model = PageMeta.model_validate(found.merged)
    except ValidationError as exc:
        found.model, found.body = page.meta, page.body
        found.problems.append(EditionConflict.at(page.rel, page.edition_line, target=target, where="la page entière",
                                                 base="(voir versions-nationales.yml)", national="(voir la page nationale)",
                                                 edition="cette copie", next=_invalid(exc) + _decide(layers)))
        return found
    found.problems += _messages(found, layers)
    return found


def _text_changes(base: str, now: str, edition: str) -> list[tuple[int, str, str]]:
    """(edition line index, national before, national now) of each national change the edition takes."""
    from .merge3 import diff3

    b, n, e = (t.splitlines(keepends=True) for t in (base, now, edition))
    out, line = [], 0
    for bb, nn, ee in diff3(b, n, e):
        if ee == bb and nn != bb:
            out.append((line, "".join(bb), "".join(nn)))
        line += len(ee)
    return out


def _example_lines(found: Override, entry: Entry) -> tuple[int | None, ...]:
    """Line of each merged worked example: the edition's own where it wrote it, else the tool's line."""
    examples = getattr(found.model, "examples", None) or []
    if entry.doc is None:
        return tuple(entry.line for _ in examples)
    written = {x.name: entry.doc.line(entry.prefix + ("examples", i)) for i, x in enumerate(getattr(entry.record, "examples", []))}
    return tuple(written.get(x.name, entry.line) for x in examples)


# -------------------------------------------------------------------------------------------- messages

def _messages(found: Override, layers: Layers) -> list[Problem]:
    assert layers.config is not None  # overrides exist only in an edition
    edition = found.edition
    doc, prefix = edition.doc, getattr(edition, "prefix", ())
    data = dump(edition.record) if isinstance(edition, Entry) else dump(edition.meta)
    at = lambda path: (doc.line(prefix + path) if doc is not None else None) or _line(edition)  # noqa: E731
    update = edition_step(layers.root, layers.config.root, "edition", "update")
    accept = edition_step(layers.root, layers.config.root, "edition", "accept")
    follow = (f"le site suit déjà la valeur nationale ; « {update} » l'écrit dans ce fichier (relisez le diff), "
              f"puis « {accept} »")
    decide = _decide(layers)
    body_line = edition.body_line if isinstance(edition, Page) else 0  # only pages have a text
    problems = []
    for op in found.result.ops:
        path = op.path + ((op.key,) if op.kind == "add" else ())
        problems.append(InheritedStale.at(found.rel, at(op.path), target=found.target, where=where(path, data),
                                          change=_change(op), next=follow))
    for line, before, now in found.body_ops:
        problems.append(InheritedStale.at(found.rel, body_line + line, target=found.target,
                                          where="texte de la page", change=excerpt(before, now), next=follow))
    for c in found.result.conflicts:
        base, national, mine = (excerpts(c.base, c.national, c.edition) if all(isinstance(x, str) for x in (
            c.base, c.national, c.edition)) else (value(c.base), value(c.national), value(c.edition)))
        problems.append(EditionConflict.at(found.rel, at(c.path), target=found.target, where=where(c.path, data),
                                           base=base, national=national, edition=mine, next=decide))
    for line, before, now, mine in found.body_conflicts:
        base, national, ours = excerpts(before, now, mine)
        problems.append(EditionConflict.at(found.rel, body_line + line, target=found.target,
                                           where="texte de la page", base=base, national=national, edition=ours,
                                           next=decide))
    return problems


def _line(edition: Entry | Page) -> int | None:
    return edition.line if isinstance(edition, Entry) else edition.edition_line


def _decide(layers: Layers) -> str:
    assert layers.config is not None
    accept = edition_step(layers.root, layers.config.root, "edition", "accept")
    return (f"Pour suivre le national, écrivez sa valeur ici ; pour garder la vôtre, après relecture : "
            f"« {accept} --garder-edition »")


def _invalid(exc: ValidationError) -> str:
    first = exc.errors(include_url=False)[0]
    place = ".".join(str(s) for s in first["loc"]) or "(racine)"
    return (f"Fusionnée avec la version nationale, elle ne serait plus valide ({place}) : l'édition garde sa copie "
            "telle quelle ; reportez les changements nationaux à la main. ")


def _change(op: Op) -> str:
    if op.kind == "set" and isinstance(op.before, str) and isinstance(op.after, str):
        return excerpt(op.before, op.after)
    if op.kind == "set":
        return f"{value(op.before)} → {value(op.after)}"
    if op.kind == "delete":
        return f"{value(op.before)} → (retiré)"
    if op.kind == "move":
        return "élément déplacé dans la liste nationale"
    name = next((op.after[k] for k in IDENTITY_KEYS if k in op.after), None) if isinstance(op.after, dict) else None
    return f"élément « {name} » ajouté" if name is not None else f"ajouté : {value(op.after)}"


def where(path: tuple, data: Any) -> str:
    """A place in a record as its author reads it: « items « modele » › options « guide-britannique » › params »."""
    parts: list[str] = []
    current = data
    for step in path:
        if isinstance(step, int) and isinstance(current, list) and 0 <= step < len(current):
            element = current[step]
            name = next((element[k] for k in IDENTITY_KEYS if isinstance(element, dict) and k in element), None)
            label = f"« {name} »" if name is not None else f"n° {step + 1}"
            parts[-1:] = [f"{parts[-1]} {label}" if parts else label]
            current = element
        else:
            parts.append(str(step))
            current = current.get(step) if isinstance(current, dict) else None
    return " › ".join(parts) or "la fiche entière"


def value(v: Any) -> str:
    """A value in a message: never a Python repr."""
    if v is MISSING:
        return "(absent)"
    if v is None:
        return "(vide)"
    if isinstance(v, bool):
        return "oui" if v else "non"
    if isinstance(v, (int, float)):
        return num(v)
    if isinstance(v, str):
        return quoted(v, 120)
    if isinstance(v, list):
        return "[" + ", ".join(value(x) for x in v[:8]) + (", …" if len(v) > 8 else "") + "]"
    if isinstance(v, dict):
        name = next((v[k] for k in IDENTITY_KEYS if k in v), None)
        return f"« {name} » (bloc)" if name is not None else "{" + ", ".join(f"{k} : {value(x)}" for k, x in list(v.items())[:4]) + "}"
    return quoted(str(v))


def excerpt(before: str, after: str) -> str:
    """« before → after » for two texts, long ones cut to the words that differ and a few around them."""
    a, b = excerpts(before, after)
    return f"{a} → {b}"


def excerpts(*texts: str, context: int = 6) -> tuple[str, ...]:
    """Each text quoted; when one is long, cut to the words where they differ, with a few words around."""
    if all(len(t) <= 120 for t in texts):
        return tuple(_text(t) for t in texts)
    words = [t.split() for t in texts]
    shortest = min(len(w) for w in words)
    start = next((i for i in range(shortest) if len({w[i] for w in words}) > 1), shortest)
    tail = 0
    while tail < shortest - start and len({w[-1 - tail] for w in words}) == 1:
        tail += 1

    def cut(w: list[str]) -> str:
        first, last = max(0, start - context), len(w) - max(0, tail - context)
        if first >= last:
            return "(rien)"
        return "« " + ("…" if first else "") + quoted(" ".join(w[first:last]), 200)[2:-2] + ("…" if last < len(w) else "") + " »"
    return tuple(cut(w) for w in words)


def _text(text: str) -> str:
    return quoted(text, 120) if text.strip() else "(rien)"


def next_steps(layers: Layers, overrides: list[Override]) -> dict[str, str]:
    """For drift.review: what the agency does next about each target whose national source changed."""
    if layers.config is None:
        return {}
    steps = {}
    update = edition_step(layers.root, layers.config.root, "edition", "update")
    accept = edition_step(layers.root, layers.config.root, "edition", "accept")
    # accept refuses until both are done: both said, in the order they are done; « --garder-edition » is harmless
    # once every conflict has the national value, so the last command works whatever the agency decided.
    decide = (f"pour chaque conflit (edition-conflict), écrivez la valeur nationale ou gardez la vôtre ; enfin "
              f"« {accept} --garder-edition » (il garde la valeur de l'édition dans les conflits restants)")
    for o in overrides:
        if o.pending and o.conflicted:
            steps[o.target] = f"lancez « {update} » (il écrit ces changements dans l'édition) et relisez ; {decide}"
        elif o.pending:
            steps[o.target] = f"lancez « {update} » (il écrit ces changements dans l'édition), relisez, puis « {accept} »"
        elif o.conflicted:
            steps[o.target] = decide
    return steps


__all__ = ["LOCK", "Override", "inherit", "next_steps", "value", "where"]
