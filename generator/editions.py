"""Regional editions: merge an edition layer over the national one, and say what differs.

Every difference becomes a Change the site shows its readers (« Écarts par
rapport au référentiel national »): replaced, added and removed records and
pages, and every modified rule or threshold of a calculator, with the
edition's justification and sources.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import LowContrast, Problem, TerminologyUnused, UnjustifiedOverride, UnknownOverride
from .links import record_title
from .models import CRITERIA
from .models.common import SourceRef
from .project import Project
from .rulephrase import phrase
from .validate import EditionConfig, Layer, Layers

RULE_KEYS = ("ask_if", "answers", "options", "minimum", "maximum")


@dataclass(frozen=True)
class Change:
    kind: str  # "remplacee", "ajoutee" or "retiree"
    target: str  # "collection/id" or "page:<uri>"
    title: str
    justification: str
    sources: tuple[SourceRef, ...] = ()
    details: tuple[str, ...] = ()  # rule differences, « national → édition »
    rule_changed: bool = False


@dataclass
class Merge:
    project: Project
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def merge(layers: Layers) -> Merge:
    national, edition, config = layers.national, layers.edition, layers.config
    project = Project(layers.root, {c: dict(e) for c, e in national.records.items()}, dict(national.reviewed),
                      dict(national.pages), set(national.invalid))
    out = Merge(project)
    if edition is None:
        project.pages = list(project.pages.values())
        return out
    project.invalid |= edition.invalid
    for collection, when in edition.reviewed.items():
        project.reviewed[collection] = max(project.reviewed.get(collection, when), when)
    if config is not None:
        _removals(config, project, out)
    for collection, entries in edition.records.items():
        for rid, entry in entries.items():
            _record(collection, rid, entry, national, edition, project, out)
    for uri, page in edition.pages.items():
        _page(uri, page, project, out)
    project.pages = list(project.pages.values())
    return out


def _removals(config: EditionConfig, project: Project, out: Merge) -> None:
    for i, removal in enumerate(config.edition.remove):
        line = config.doc.line(("remove", i, "target"))
        target = removal.target
        if target.startswith("page:"):
            page = project.pages.pop(target[5:], None)
            title = page.meta.title if page else None
        else:
            collection, _, rid = target.partition("/")
            entry = project.records.get(collection, {}).pop(rid, None)
            title = record_title(collection, entry.record) if entry else None
        if title is None:
            out.problems.append(UnknownOverride.at(config.rel, line, target=target,
                                                   problem="rien de tel à retirer dans le référentiel national"))
            continue
        project.removed.add(target)
        out.changes.append(Change("retiree", target, title, removal.justification))


def _record(collection: str, rid: str, entry, national: Layer, edition: Layer, project: Project, out: Merge) -> None:
    note = entry.record.edition
    target = f"{collection}/{rid}"
    base = national.records[collection].get(rid)
    if base is None and target in national.invalid:
        return  # the national record is invalid: that is the problem to report, not this override
    if note.action == "remplace" and base is None:
        out.problems.append(UnknownOverride.at(entry.rel, entry.line, target=target, problem=(
            "« action: remplace » mais le référentiel national n'a pas cette fiche (pour une nouvelle fiche : « action: ajoute »)")))
        return
    if note.action == "ajoute" and base is not None:
        out.problems.append(UnknownOverride.at(entry.rel, entry.line, target=target, problem=(
            "« action: ajoute » mais le référentiel national a déjà cette fiche (pour la modifier : « action: remplace »)")))
        return
    details, rule_changed = (), False
    if collection == CRITERIA.name and base is not None:
        details, rule_changed = criterion_diff(base.record, entry.record)
        own_sources = [s for s in entry.record.sources if s.ref in edition.records["references"]]
        if rule_changed and not own_sources:
            out.problems.append(UnjustifiedOverride.at(entry.rel, entry.line, target=target, problem=(
                "une règle ou un seuil change : la fiche doit citer dans « sources » une référence définie dans "
                "l'édition (content/references/), en plus de sa justification")))
    project.records[collection][rid] = entry
    kind = "remplacee" if note.action == "remplace" else "ajoutee"
    out.changes.append(Change(kind, target, record_title(collection, entry.record), note.justification,
                              tuple(entry.record.sources), details, rule_changed))


def _page(uri: str, page, project: Project, out: Merge) -> None:
    note = page.meta.edition
    exists = uri in project.pages
    if note.action == "remplace" and not exists:
        out.problems.append(UnknownOverride.at(page.rel, 1, target=f"page:{uri}",
                                               problem="« action: remplace » mais le référentiel national n'a pas cette page"))
        return
    if note.action == "ajoute" and exists:
        out.problems.append(UnknownOverride.at(page.rel, 1, target=f"page:{uri}",
                                               problem="« action: ajoute » mais cette page existe déjà (« action: remplace » ?)"))
        return
    project.pages[uri] = page
    out.changes.append(Change("remplacee" if exists else "ajoutee", f"page:{uri}", page.meta.title, note.justification,
                              tuple(page.meta.sources)))


def criterion_diff(national, local) -> tuple[tuple[str, ...], bool]:
    """Readable differences between two versions of a criterion, and whether a rule changed."""
    a = national.model_dump(mode="json", by_alias=True, exclude_none=True)
    b = local.model_dump(mode="json", by_alias=True, exclude_none=True)
    qa, qb = {q["id"]: q for q in a["items"]}, {q["id"]: q for q in b["items"]}
    details: list[str] = []
    rule = False
    for qid in qa.keys() - qb.keys():
        details.append(f"Question retirée : « {qa[qid]['text']} »")
        rule = True
    for qid in qb.keys() - qa.keys():
        details.append(f"Question ajoutée : « {qb[qid]['text']} »")
        rule = True
    for qid in qa.keys() & qb.keys():
        if qa[qid]["text"] != qb[qid]["text"]:
            details.append(f"Libellé de la question « {qid} » : national « {qa[qid]['text']} » → édition « {qb[qid]['text']} »")
        for key in RULE_KEYS:
            if qa[qid].get(key) != qb[qid].get(key):
                rule = True
                details.append(_param_diff(qid, key, qa[qid], qb[qid], qa, qb))
    if a.get("positive") != b.get("positive"):
        rule = True
        details.append(f"Règle de repérage : national {phrase(a.get('positive'), qa)} → édition {phrase(b.get('positive'), qb)}")
    if a.get("score") != b.get("score"):
        rule = True
        details.append("Calcul du score modifié")
    oa, ob = {o["id"]: o for o in a["outcomes"]}, {o["id"]: o for o in b["outcomes"]}
    for oid in oa.keys() | ob.keys():
        if oid not in ob or oid not in oa:
            rule = True
            details.append(f"Résultat {'retiré' if oid not in ob else 'ajouté'} : « {(oa.get(oid) or ob.get(oid))['label']} »")
        elif oa[oid]["when"] != ob[oid]["when"]:
            rule = True
            details.append(f"Condition du résultat « {ob[oid]['label']} » : national {phrase(oa[oid]['when'], qa)} "
                           f"→ édition {phrase(ob[oid]['when'], qb)}")
        elif (oa[oid]["label"], oa[oid]["interpretation"], oa[oid].get("next_steps")) != (
                ob[oid]["label"], ob[oid]["interpretation"], ob[oid].get("next_steps")):
            details.append(f"Texte du résultat « {ob[oid]['label']} » adapté")
    return tuple(sorted(set(details), key=details.index)), rule


def _param_diff(qid: str, key: str, qa: dict, qb: dict, all_a: dict, all_b: dict) -> str:
    if key == "ask_if":
        return f"Question « {qid} » posée si : national {phrase(qa.get(key), all_a)} → édition {phrase(qb.get(key), all_b)}"
    if key == "options":
        before = {o["value"]: o for o in qa.get("options", [])}
        after = {o["value"]: o for o in qb.get("options", [])}
        changed = [f"« {after[v]['label']} » {before[v].get('params')} → {after[v].get('params')}"
                   for v in before.keys() & after.keys() if before[v].get("params") != after[v].get("params")]
        added = [f"ajout de « {after[v]['label']} »" for v in after.keys() - before.keys()]
        removed = [f"retrait de « {before[v]['label']} »" for v in before.keys() - after.keys()]
        return f"Options de « {qid} » : " + " ; ".join(changed + added + removed)
    return f"« {key} » de la question « {qid} » : national {qa.get(key)} → édition {qb.get(key)}"


def edition_checks(config: EditionConfig, project: Project, texts: list[tuple[str, int | None, str]]) -> list[Problem]:
    problems: list[Problem] = []
    edition = config.edition
    corpus = "\n".join(t for _, _, t in texts)
    for i, rule in enumerate(edition.terminology):
        if not term_pattern(rule.national).search(corpus):
            problems.append(TerminologyUnused.at(config.rel, config.doc.line(("terminology", i, "national")), term=rule.national))
    for i, target in enumerate(edition.featured):
        if not _exists(target, project):
            problems.append(UnknownOverride.at(config.rel, config.doc.line(("featured", i)), target=target,
                                               problem="à mettre en avant, mais absent de l'édition"))
    for i, resource in enumerate(edition.resources):
        criterion = project.records[CRITERIA.name].get(resource.criterion)
        line = config.doc.line(("resources", i, "criterion"))
        if criterion is None:
            problems.append(UnknownOverride.at(config.rel, line, target=f"criteria/{resource.criterion}",
                                               problem="contact local pour un outil absent de l'édition"))
            continue
        known = {o.id for o in criterion.record.outcomes}
        for outcome in resource.outcomes:
            if outcome not in known:
                problems.append(UnknownOverride.at(config.rel, config.doc.line(("resources", i, "outcomes")),
                                                   target=f"criteria/{resource.criterion}#{outcome}",
                                                   problem=f"résultat inconnu ; résultats : {', '.join(sorted(known))}"))
    ratio = contrast_with_white(edition.branding.primary_color)
    if ratio < 4.5:
        problems.append(LowContrast.at(config.rel, config.doc.line(("branding", "primary_color")),
                                       color=edition.branding.primary_color, ratio=ratio))
    if edition.branding.logo and not (config.root / edition.branding.logo).is_file():
        problems.append(UnknownOverride.at(config.rel, config.doc.line(("branding", "logo")), target=edition.branding.logo,
                                           problem="fichier de logo introuvable dans le dossier de l'édition"))
    return problems


def _exists(target: str, project: Project) -> bool:
    if target.startswith("page:"):
        return any(p.src_uri == target[5:] for p in project.pages)
    return project.get(target) is not None


def term_pattern(term: str) -> re.Pattern:
    """Whole words, first letter in either case (« Médecin traitant » at a sentence start)."""
    first, rest = term[0], re.escape(term[1:])
    return re.compile(rf"(?<!\w)[{re.escape(first.lower())}{re.escape(first.upper())}]{rest}(?!\w)")


def contrast_with_white(color: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)
