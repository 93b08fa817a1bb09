"""Which national version each override was written against, and what changed nationally since.

``reperes edition accept <dossier>`` writes ``versions-nationales.yml`` in the edition folder: for
every record, page or tool the edition replaces or removes, a digest of the national source as
it stood, its review date, and a copy (to tell later, in plain French, what changed). Never
typed by hand. When the national source no longer matches its digest, ``check`` and ``build``
warn (``national-changed``) at the edition file's line, and the site marks the override
« à revoir ».
"""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import re
from pathlib import Path
import yaml

from ..french import french_date
from .merge import Change, Review
from ..sources.errors import InvalidValue, NationalChanged, NationalUnrecorded, Problem, YamlSyntax
from ..sources.invocation import edition_step
from ..sources.models import CRITERIA
from .rulediff import prose_diff, quoted, rule_diff, spec_of
from ..sources.validate import Layers

LOCK = "versions-nationales.yml"
HEADER = ("# Écrit par « reperes edition accept » : ne pas modifier à la main.\n"
          "# Pour chaque fiche, page ou outil national que l'édition remplace ou retire : la version nationale\n"
          "# relue (empreinte, date de révision nationale, copie). Quand la source nationale change, « reperes check »\n"
          "# et « reperes build » le signalent (national-changed) ; relisez puis relancez « reperes edition accept ».\n")
VOLATILE = {"reviewed"}  # a new review date alone is not a change of content
FIELD_LABELS = {
    "title": "Titre", "name": "Nom", "short": "Nom court", "description": "Description", "evaluation": "Évaluation",
    "evaluation_status": "Statut d'évaluation", "sources": "Sources", "see_also": "Voir aussi", "place": "Lieu",
    "note": "Note", "term": "Terme", "expansion": "Forme développée", "definition": "Définition", "text": "Texte",
    "items": "Éléments", "body": "Texte de la page", "version": "Version", "intro": "Présentation",
    "warnings": "Mises en garde", "rule_text": "Règle en toutes lettres", "population": "Population",
    "examples": "Cas d'exemple", "authors": "Auteurs", "year": "Année", "url": "Adresse", "outcomes": "Résultats",
    "jurisdiction": "Territoire de la source",
}


def snapshot(layers: Layers, target: str) -> tuple[dict, dt.date | None] | None:
    """The national source of ``target`` as data, and its review date; None if there is none."""
    national = layers.national
    if target.startswith("page:"):
        page = national.pages.get(target[5:])
        if page is None:
            return None
        return {**page.meta.model_dump(mode="json", exclude_none=True, exclude_defaults=True), "body": page.body}, page.meta.reviewed
    collection, _, rid = target.partition("/")
    entry = national.records.get(collection, {}).get(rid)
    if entry is None:
        return None
    data = entry.record.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
    return data, getattr(entry.record, "reviewed", None) or national.reviewed.get(collection)


def digest(data: dict) -> str:
    stable = {k: v for k, v in data.items() if k not in VOLATILE}
    text = json.dumps(stable, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_lock(root: Path, rel_dir: str) -> tuple[dict, list[Problem]]:
    path = root / LOCK
    if not path.is_file():
        return {}, []
    rel = str(Path(rel_dir) / LOCK)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return {}, [YamlSyntax.at(rel, None, problem=str(exc).splitlines()[0])]
    if not isinstance(data, dict) or not all(isinstance(v, dict) and "digest" in v for v in data.values()):
        return {}, [InvalidValue.at(rel, None, field="(racine)", expected="le fichier écrit par « reperes edition accept »",
                                    found="un autre contenu")]
    return data, []


def review(layers: Layers, changes: list[Change], steps: dict[str, str] | None = None) -> tuple[list[Change], list[Problem]]:
    """The changes, with « à revoir » set where the national source moved; the warnings to report.

    ``steps``: what to do next for a target, when it is not simply to review then accept (national
    changes to write into the edition's file first, conflicts to decide: generator/inherit.py)."""
    if layers.config is None:
        return changes, []
    accept = edition_step(layers.root, layers.config.root, "edition", "accept")
    steps = steps or {}
    lock, problems = read_lock(layers.config.root, str(Path(layers.config.rel).parent))
    out = []
    for change in changes:
        current = snapshot(layers, change.target) if change.kind != "ajoutee" else None
        if current is None:
            out.append(change)
            continue
        data, reviewed = current
        accepted = lock.get(change.target)
        if accepted is None:
            problems.append(NationalUnrecorded.at(change.path, change.line, target=change.target, problem=(
                "aucune version nationale enregistrée pour ce remplacement ou ce retrait : relisez-le, puis lancez "
                f"« {accept} »")))
            out.append(change)
        elif accepted["digest"] != digest(data):
            lines = tuple(what_changed(change.target, accepted.get("national") or {}, data))
            since = reviewed or dt.date.today()
            problems.append(NationalChanged.at(change.path, change.line, target=change.target, problem=(
                f"la version nationale a changé depuis votre dernière relecture (mise à jour nationale du "
                f"{_french(since)}) : " + " ; ".join(lines) + " — " + steps.get(change.target, f"relisez, puis lancez « {accept} »"))))
            out.append(_with_review(change, Review(since, lines)))
        else:
            out.append(change)
    return out, problems


def _french(day: dt.date) -> str:
    return french_date(day)


def _with_review(change: Change, r: Review) -> Change:
    from dataclasses import replace

    return replace(change, review=r)


def accept(layers: Layers, changes: list[Change]) -> dict[str, dict]:
    """Write the lock: the current national version of every replaced or removed target."""
    entries = {}
    for change in changes:
        current = snapshot(layers, change.target) if change.kind != "ajoutee" else None
        if current is None:
            continue
        data, reviewed = current
        entries[change.target] = {"digest": digest(data), "national_reviewed": reviewed.isoformat() if reviewed else None,
                                  "accepted_on": dt.date.today().isoformat(), "national": data}
    text = HEADER + yaml.safe_dump(dict(sorted(entries.items())), allow_unicode=True, sort_keys=False, width=110)
    assert layers.config is not None, "accept() is called for an edition only"
    (layers.config.root / LOCK).write_text(text, encoding="utf-8")
    return entries


def what_changed(target: str, before: dict, after: dict) -> list[str]:
    """What changed nationally, in plain French (one line per difference)."""
    if target.startswith(f"{CRITERIA.name}/"):
        lines = _criterion(before, after)
        if lines is not None:
            return lines
    lines = []
    for key in [*after, *(k for k in before if k not in after)]:
        if key in VOLATILE or before.get(key) == after.get(key):
            continue
        label = FIELD_LABELS.get(key, f"champ « {key} »")
        if key == "body":
            lines += _body(before.get(key) or "", after.get(key) or "")
        elif isinstance(after.get(key), str) and isinstance(before.get(key), (str, type(None))):
            lines.append(f"{label} : {quoted(before.get(key) or '(vide)')} → {quoted(after[key])}")
        else:
            lines.append(f"{label} modifié(e)")
    return lines or ["modification de forme"]


def _criterion(before: dict, after: dict) -> list[str] | None:
    from pydantic import ValidationError

    try:
        a, b = spec_of(CRITERIA.model.model_validate(before)), spec_of(CRITERIA.model.model_validate(after))
    except ValidationError:
        return None  # an old copy the current model no longer reads: compare fields instead
    lines = [f"règle : {line}" for line in rule_diff(a, b)] + prose_diff(a, b)
    if a.get("version") != b.get("version"):
        lines.append(f"Version : {a.get('version')} → {b.get('version')}")
    return lines or ["modification de forme"]


_SOURCE_MARKER = re.compile(r"\[\[source:[^\]]*\]\]")
_LINK_MARKER = re.compile(r"\[\[(?:[^\]|]+\|)?([^\]]+)\]\]")


def _paragraphs(text: str) -> list[str]:
    """Paragraphs as readers see them: provenance markers dropped, link markers as their text."""
    out = (_LINK_MARKER.sub(r"\1", _SOURCE_MARKER.sub("", p)).strip() for p in text.split("\n\n"))
    return [p for p in out if p]


def _body(before: str, after: str) -> list[str]:
    """Paragraphs added or removed nationally."""
    a, b = _paragraphs(before), _paragraphs(after)
    lines = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            lines += [f"Paragraphe retiré : {quoted(p, 120)}" for p in a[i1:i2]]
        if op in ("insert", "replace"):
            lines += [f"Paragraphe ajouté : {quoted(p, 120)}" for p in b[j1:j2]]
    return lines

