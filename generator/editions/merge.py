"""Regional editions: merge an edition layer over the national one, and say what differs.

Every difference becomes a Change the site shows its readers (« Écarts par
rapport au référentiel national »): replaced, added and removed records and
pages, and every modified rule or threshold of a calculator, with the
edition's justification and sources.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..sources.errors import InvalidTerm, LowContrast, PathCollision, Problem, TerminologyUnused, UnjustifiedOverride, UnknownOverride
from .links import record_title
from ..sources.models import CRITERIA
from ..sources.models.common import SourceRef
from .project import Project
from .rulediff import example_diff, prose_diff, rule_diff, spec_of
from .terminology import plural, scripts, term_pattern
from ..sources.rules import ANSWER_OPTIONS
from ..sources.validate import EditionConfig, Layer, Layers, Page


@dataclass(frozen=True)
class Change:
    kind: str  # "remplacee", "ajoutee" or "retiree"
    target: str  # "collection/id" or "page:<uri>"
    title: str
    justification: str
    sources: tuple[SourceRef, ...] = ()
    details: tuple[str, ...] = ()  # rule differences, « national → édition »
    rule_changed: bool = False
    path: str = ""  # the edition file (or edition.yml for a removal) and line that make this change
    line: int | None = None
    review: "Review | None" = None  # set when the national version changed since « reperes edition accept »


@dataclass(frozen=True)
class Review:
    """The national source an override was written against has changed since."""

    since: dt.date  # the national update (its « reviewed » date)
    lines: tuple[str, ...]  # what changed nationally, in plain French


@dataclass
class Merge:
    project: Project
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def merge(layers: Layers) -> Merge:
    national, edition, config = layers.national, layers.edition, layers.config
    pages = dict(national.pages)  # src_uri → page while the edition replaces, adds or removes some
    project = Project(layers.root, {c: dict(e) for c, e in national.records.items()}, dict(national.reviewed),
                      [], set(national.invalid))
    out = Merge(project)
    if edition is None:
        project.pages = list(pages.values())
        return out
    project.invalid |= edition.invalid
    for collection, when in edition.reviewed.items():
        project.reviewed[collection] = max(project.reviewed.get(collection, when), when)
    if config is not None:
        _removals(config, project, pages, out)
    for collection, entries in edition.records.items():
        for rid, entry in entries.items():
            _record(collection, rid, entry, national, edition, project, out)
    for uri, page in edition.pages.items():
        _page(uri, page, pages, out)
    project.pages = list(pages.values())
    return out


def _removals(config: EditionConfig, project: Project, pages: dict[str, Page], out: Merge) -> None:
    for i, removal in enumerate(config.edition.remove):
        line = config.doc.line(("remove", i, "target"))
        target = removal.target
        if target.startswith("page:"):
            page = pages.pop(target[5:], None)
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
        out.changes.append(Change("retiree", target, title, removal.justification, path=config.rel, line=line))


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
    details: tuple[str, ...] = ()
    rule_changed = False
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
                              tuple(entry.record.sources), details, rule_changed, entry.rel, entry.line))


def _page(uri: str, page: Page, pages: dict[str, Page], out: Merge) -> None:
    note = page.meta.edition
    assert note is not None  # validate leaves out an edition page without « edition: » (missing-field)
    exists = uri in pages
    twin = next((other for other in pages if other != uri and other.casefold() == uri.casefold()), None)
    if twin is not None:
        # Windows and macOS file systems, and many hosts, ignore case: one page would overwrite the other.
        out.problems.append(PathCollision.at(page.rel, 1, page=uri, problem=(
            f"ne diffère de la page « {twin} » que par les majuscules : sur un hébergement ou un disque qui ne les "
            "distingue pas, l'une écraserait l'autre ; reprenez exactement le chemin national pour la remplacer")))
        return
    if note.action == "remplace" and not exists:
        out.problems.append(UnknownOverride.at(page.rel, page.edition_line, target=f"page:{uri}",
                                               problem="« action: remplace » mais le référentiel national n'a pas cette page"))
        return
    if note.action == "ajoute" and exists:
        out.problems.append(UnknownOverride.at(page.rel, page.edition_line, target=f"page:{uri}",
                                               problem="« action: ajoute » mais cette page existe déjà (« action: remplace » ?)"))
        return
    pages[uri] = page
    out.changes.append(Change("remplacee" if exists else "ajoutee", f"page:{uri}", page.meta.title, note.justification,
                              tuple(page.meta.sources), path=page.rel, line=page.edition_line))


def criterion_diff(national, local) -> tuple[tuple[str, ...], bool]:
    """Readable differences between two versions of a criterion, and whether a rule changed.

    Compared as the engine sees them (rulediff.engine_view): order, conditions, scores, params and
    groups are rules; the national worked examples are run on both versions."""
    a, b = spec_of(national), spec_of(local)
    rules = rule_diff(a, b)
    if rules:
        rules += example_diff(a, b)
    details = rules + prose_diff(a, b)
    return tuple(dict.fromkeys(details)), bool(rules)


def edition_checks(config: EditionConfig, project: Project, texts: list[tuple[str, int | None, str]]) -> list[Problem]:
    problems: list[Problem] = []
    edition = config.edition
    corpus = "\n".join(t for _, _, t in texts)
    problems += _terms(config, project)
    for i, rule in enumerate(edition.terminology):
        if not (term_pattern(rule.national).search(corpus) or term_pattern(plural(rule.national)).search(corpus)):
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


def _terms(config: EditionConfig, project: Project) -> list[Problem]:
    """Terms that would mislead: look-alike letters from another script, or an answer's label."""
    labels = {label for options in ANSWER_OPTIONS.values() for _, label in options}
    labels |= {o.label for e in project.records[CRITERIA.name].values() for q in e.record.items for o in q.options}
    folded = {label.casefold() for label in labels}
    problems = []
    for i, rule in enumerate(config.edition.terminology):
        for key in ("national", "local"):
            term = getattr(rule, key)
            found = scripts(term)
            why = None
            if not found:
                why = "aucune lettre : les nombres, dates et signes ne se remplacent pas"
            elif found != {"LATIN"}:
                why = ("il mêle des lettres d'un autre alphabet (" + ", ".join(sorted(found - {"LATIN"})) +
                       ") à l'alphabet latin : caractères trompeurs" if "LATIN" in found else
                       "lettres d'un autre alphabet que l'alphabet latin")
            # A term that is an answer's label, or a word of a short one (« Non » in « Non atteint »), could
            # make a form say the opposite of what the engine computes.
            elif term.casefold() in folded or (key == "national" and any(
                    len(label) < 25 and term_pattern(term).search(label) for label in labels)):
                why = "c'est le libellé d'une réponse d'un outil : les réponses ne changent jamais de nom"
            if why:
                problems.append(InvalidTerm.at(config.rel, config.doc.line(("terminology", i, key)), term=term, problem=why))
    return problems


def _exists(target: str, project: Project) -> bool:
    if target.startswith("page:"):
        return any(p.src_uri == target[5:] for p in project.pages)
    return project.get(target) is not None


def contrast_with_white(color: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)
