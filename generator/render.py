"""Stage 4 — render: Markdown pages for every collection, JSON exports and schemas.

Templates (generator/templates) receive a documented context and only format;
this module computes links, labels and groupings. Jinja runs with autoescape
on (text from sources becomes inert HTML entities inside the Markdown) and
StrictUndefined (a missing variable is an error, not an empty string).
"""
from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from . import calculator, chooser, exports, formatdoc, jurisdiction, render_edition, runtime
from .cache import keep_compiled
from .compile import compile_criterion
from .engine.scales import SCALES
from .terminology import Terminology
from .links import SINGLE_PAGE, Target, href, record_title, targets, url_folder
from .models import COLLECTIONS, CRITERIA
from .models.edition import Edition
from .resolve import Site
from .project import factor_index
from .validate import Page

TEMPLATES = Path(__file__).parent / "templates"
FRENCH_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                 "novembre", "décembre"]

LABELS = {
    "support_function": {
        "aide-a-la-pratique": "Aide à la pratique", "aide-aux-procedures-cliniques": "Aide aux procédures cliniques",
        "education-therapeutique": "Éducation thérapeutique du patient", "transition-hopital-ville": "Transition hôpital-ville",
        "demarche-qualite": "Accompagnement à la démarche qualité", "systemes-information": "Systèmes d'information",
        "gestion-de-cas": "Gestion de cas", "coordination-integree": "Coordination intégrée",
    },
    "evaluation_status": {"evalue": "Évalué", "implantation-evaluee": "Implantation évaluée, effets non mesurés",
                          "en-cours": "Évaluation en cours", "en-attente": "Évaluation en attente",
                          "non-evalue": "Pas d'évaluation rapportée"},
    "jurisdiction": {"france": "France", "quebec": "Québec", "international": "international"},
    "training_type": {"master-2": "Master 2", "du": "DU", "diu": "DIU", "autre": "Autre"},
    "factor_kind": {"facteurs-de-succes": "Facteurs de succès", "conditions": "Conditions",
                    "messages-cles": "Messages clés", "recommandations": "Recommandations"},
    "evidence_kind": {"revue-systematique": "Revue systématique", "etude-controlee": "Étude contrôlée"},
    "criterion_kind": {"grille-reperage": "Grille de repérage", "criteres-orientation": "Critères d'orientation",
                       "outil-reperage": "Outil de repérage", "classification": "Classification",
                       "planificateur": "Planificateur", "auto-evaluation": "Auto-évaluation"},
    "region": {"france": "France", "quebec": "Québec", "suisse": "Suisse", "belgique": "Belgique",
               "royaume-uni": "Royaume-Uni", "etats-unis": "États-Unis", "international": "international"},
    "answers": {**{kind: " / ".join(label for _, label in scale) for kind, scale in SCALES.items()},
                "entier": "Nombre entier", "choix": "Choix"},
}


@dataclass
class Rendered:
    """What MkDocs publishes besides the authored pages."""

    pages: dict[str, str] = field(default_factory=dict)  # src_uri → Markdown with front matter
    files: dict[str, bytes] = field(default_factory=dict)  # src_uri → file content (JSON…)
    copies: dict[str, Path] = field(default_factory=dict)  # src_uri → file copied as is (Pyodide runtime)
    targets: dict[str, Target] = field(default_factory=dict)
    authored: list[Page] = field(default_factory=list)
    abbreviations: str = ""
    reference_labels: dict[str, str] = field(default_factory=dict)  # reference id → short label
    edition: Any = None  # models.edition.Edition of a regional edition, None for the national one
    notices: dict[str, str] = field(default_factory=dict)  # src_uri → « écarts » admonition (Markdown)
    terminology: Any = None  # terminology.Terminology, applied to page text by the post-pass (postpass.py)
    removed_pages: set[str] = field(default_factory=set)  # src_uris the edition removes (and their nav entries)
    home_chooser: str = ""  # the tools by use, for the home page (Markdown, links relative to index.md)


def french_date(day: dt.date) -> str:
    return f"{day.day}{'er' if day.day == 1 else ''} {FRENCH_MONTHS[day.month - 1]} {day.year}"


def citation(ref) -> str:
    """« Authors. *Title*. Journal or publisher. Date. » without doubled dots or years."""
    parts = []
    if ref.authors:
        parts.append(", ".join(ref.authors))
    parts.append(f"*{ref.title.rstrip('.')}*")
    for extra in (ref.journal, ref.publisher):
        if extra:
            parts.append(extra)
    when = ref.date or (str(ref.year) if ref.year else None)
    if when and not any(when in p for p in parts[1:]):
        parts.append(when)
    return " ".join(p if p.endswith((".", "?", "!")) else p + "." for p in parts)


def sort_key(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if unicodedata.category(c) != "Mn")


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    keep_compiled(env)  # compiled once per machine, not once per build
    env.filters["cell"] = _cell
    env.filters["md"] = _md
    env.filters["code"] = _code
    env.filters["label"] = lambda value, table: LABELS[table].get(value, value)
    return env


def _cell(value: Any) -> str:
    """Text safe inside a Markdown table cell: one line, pipes escaped."""
    text = "" if value is None else str(value)
    return " ".join(text.split()).replace("|", "\\|")


def _md(text: str) -> str:
    """Source text inside Markdown written here (bold, link text): its brackets never make a link."""
    return text.replace("[", "\\[").replace("]", "\\]")


def _code(text: str) -> Markup:
    """A Markdown code span of any text. Markdown escapes a code span's content itself: escaping it here
    too would show « &amp;#39; » instead of an apostrophe."""
    return Markup(f"`` {text} ``" if "`" in text else f"`{text}`")


class _Renderer:
    def __init__(self, site: Site):
        self.site = site
        self.project = site.project
        self.env = environment()
        self.targets = targets(self.project)
        self.out = Rendered(targets=self.targets, authored=list(self.project.pages))

    # -- links -----------------------------------------------------------------------------
    def link(self, from_uri: str, key: str) -> dict:
        target = self.targets[key]
        return {"title": target.title, "href": href(from_uri, target)}

    def provenance(self, from_uri: str, sources) -> list[dict]:
        return [
            {"label": self.targets[f"references/{s.ref}"].title, "href": href(from_uri, self.targets[f"references/{s.ref}"]),
             "locator": s.locator, "note": s.note}
            for s in sources
        ]

    def record_context(self, from_uri: str, collection: str, record) -> dict:
        key = f"{collection}/{record.id}"
        cited_by = [self.link(from_uri, k) for k in self.site.backlinks.get(key, []) if k in self.targets and k != key]
        return {
            "record": record,
            "provenance": self.provenance(from_uri, record.sources),
            "see_also": [self.link(from_uri, k) for k in record.see_also],
            "cited_by": cited_by,
        }

    # -- pages -----------------------------------------------------------------------------
    def page(self, src_uri: str, title: str, template: str, context: dict, reviewed: dt.date | None,
             description: str | None = None, tags: list[str] | None = None) -> None:
        meta: dict[str, Any] = {"title": title}
        if description:
            meta["description"] = description
        if reviewed:
            meta["reviewed"] = reviewed.isoformat()
        if tags:  # mkdocs-material's search shows a page's tags with each of its results
            meta["tags"] = tags
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        body = self.env.get_template(template).render(**context)
        if src_uri in self.out.pages or any(p.src_uri == src_uri for p in self.project.pages):
            raise ValueError(f"two pages would be published at {src_uri}")
        self.out.pages[src_uri] = f"---\n{front}---\n\n{body}"

    def records(self, collection: str) -> list:
        return [e.record for e in self.project.records[collection].values()]

    def collection_pages(self, collection: str) -> None:
        spec = COLLECTIONS[collection] if collection in COLLECTIONS else CRITERIA
        folder = url_folder(collection)
        reviewed = self.project.reviewed.get(collection)
        index_uri = f"{folder}/index.md"
        records = self.records(collection)
        if not records:  # an empty collection gets no page (a small project or edition may not use it)
            return
        rows = [dict(self.record_context(index_uri, collection, r), link=self.link(index_uri, f"{collection}/{r.id}"),
                     citation=citation(r) if collection == "references" else None)
                for r in self._ordered(collection, records)]
        context = {"rows": rows, "labels": LABELS}
        if collection == CRITERIA.name:
            context["chooser"] = self.chooser(index_uri, "##")
            self.out.home_chooser = self.chooser("index.md", "###")
        self.page(index_uri, spec.title, f"{collection}/index.md.j2", context, reviewed)
        if collection in SINGLE_PAGE:
            return
        for record in records:
            uri = f"{folder}/{record.id}.md"
            ctx = self.record_context(uri, collection, record)
            ctx.update(self.extra(collection, uri, record))
            when = getattr(record, "reviewed", None) or reviewed
            # A tool's territory, in its search results: a GP looking for « urgences » sees « Québec ».
            tags = jurisdiction.tags(record.jurisdiction) if collection == CRITERIA.name else None
            self.page(uri, record_title(collection, record), f"{collection}/record.md.j2", ctx, when, tags=tags)

    def chooser(self, from_uri: str, heading: str) -> Markup:
        """The tools by use, with links relative to ``from_uri`` (chooser.py)."""
        tools = [chooser.tool(r, self.compiled[r.id], self.link(from_uri, f"{CRITERIA.name}/{r.id}")["href"],
                              self.out.reference_labels)
                 for r in self.records(CRITERIA.name)]
        return chooser.markdown(chooser.uses(tools, jurisdiction.of_site(self.site.edition)), heading,
                                LABELS["criterion_kind"])

    def _ordered(self, collection: str, records: list) -> list:
        if collection == "glossary":
            return sorted(records, key=lambda r: sort_key(r.term))
        if collection == "references":
            return sorted(records, key=lambda r: (r.kind != "document-source", sort_key(r.short)))
        if collection == "evidence":
            return sorted(records, key=lambda r: (r.kind, sort_key(r.authors)))
        return records

    def extra(self, collection: str, uri: str, record) -> dict:
        if collection == "success-factors":
            themes: dict[str, list] = {}
            for item in record.items:
                themes.setdefault(item.theme or "", []).append(
                    {"item": item, "see_also": [self.link(uri, k) for k in item.see_also]})
            return {"themes": themes}
        if collection == CRITERIA.name:
            context = calculator.page_context(record, self.compiled[record.id], uri, self.contacts(record.id))
            home = jurisdiction.of_site(self.site.edition)
            context["territory"] = {"text": jurisdiction.text(record.jurisdiction),
                                    "notice": jurisdiction.foreign_notice(record.jurisdiction, home),
                                    "wording": self.title_wording(record)}
            return context
        return {}

    def title_wording(self, record) -> list[dict[str, str]]:
        """The edition's words a tool's title takes ([{national, local}]): its page says so, since the tool
        itself (questions, answers, results) keeps its source's words."""
        term = self.out.terminology
        if self.site.edition is None or not term or term.title(record.title) == record.title:
            return []
        found = {m.group(0).casefold(): m.group(0) for m in term.pattern.finditer(record.title)}
        return [{"national": words, "local": term.locals[key]} for key, words in found.items()]

    def contacts(self, criterion_id: str) -> dict[str, list]:
        """outcome id → local contacts (HTML) of the edition; "*" for every outcome."""
        out: dict[str, list] = {}
        for resource in (self.site.edition.resources if self.site.edition else []):
            if resource.criterion == criterion_id:
                for outcome in resource.outcomes or ["*"]:
                    out.setdefault(outcome, []).append(render_edition.contact_html(resource.contact))
        return out

    def edition_files(self, edition: Edition, root: Path) -> None:
        """``root``: the edition's folder (its logo is copied from there)."""
        self.out.edition = edition
        self.out.terminology = Terminology(edition.terminology, edition.territory)
        self.out.files["assets/edition.css"] = render_edition.brand_css(edition)
        if edition.branding.logo:
            self.out.copies[f"assets/edition/{Path(edition.branding.logo).name}"] = root / edition.branding.logo
        by_uri: dict[str, list] = {}
        for change in self.site.changes:
            uri = render_edition.target_uri(change)
            if change.kind != "retiree":
                by_uri.setdefault(uri, []).append(change)
            elif change.target.startswith("page:") or not uri.endswith("/index.md"):
                # Its page is gone, and its nav entry with it (one-page collections keep their page).
                self.out.removed_pages.add(uri)
        for uri, changes in by_uri.items():
            self.out.notices[uri] = render_edition.notice(changes, uri, self.provenance)
        worded = render_edition.terminology_pages(self.project, self.out.terminology, set(by_uri))
        wording = render_edition.wording_notice()
        for uri, _ in worded:
            self.out.notices[uri] = wording
        titles = {key: t.title for key, t in self.targets.items()}
        self.page(render_edition.CHANGES_URI, "Écarts par rapport au référentiel national", "edition.md.j2",
                  {"body": render_edition.changes_page(edition, self.site.changes, self.provenance, titles, worded)},
                  None, f"Tout ce en quoi l'édition {edition.name} diffère du référentiel national.")
        self.out.files["api/ecarts.json"] = json.dumps({
            "edition": edition.model_dump(mode="json", exclude={"branding"}),
            "changes": [{"kind": c.kind, "target": c.target, "title": c.title, "justification": c.justification,
                         "details": list(c.details), "rule_changed": c.rule_changed,
                         "review": ({"since": c.review.since.isoformat(), "national_changes": list(c.review.lines)}
                                    if c.review else None),
                         "sources": [s.model_dump(mode="json", exclude_none=True) for s in c.sources]}
                        for c in self.site.changes]}, ensure_ascii=False, indent=2).encode("utf-8")

    def run(self) -> Rendered:
        self.out.reference_labels = {r.id: r.short for r in self.records("references")}
        factors = factor_index(self.project)
        self.compiled = {cid: compile_criterion(e.record, self.out.reference_labels, factors)
                         for cid, e in self.project.records[CRITERIA.name].items()}
        if self.site.edition is not None:
            assert self.site.edition_root is not None  # resolve sets both, from the same edition folder
            # The terminology never touches calculators: their specs stay national.
            self.edition_files(self.site.edition, self.site.edition_root)
            for cid, spec in self.compiled.items():  # local contacts, for « Copier le résultat » too
                contacts = render_edition.contact_texts(self.site.edition, cid)
                if contacts:
                    spec["contacts"] = contacts
        if self.compiled:
            examples = {cid: [dict(x.answers) for x in e.record.examples] for cid, e in self.project.records[CRITERIA.name].items()}
            files, copies = runtime.publish(self.project.root, self.compiled, examples)
            self.out.files.update(files)
            self.out.copies.update(copies)
        for collection in [*COLLECTIONS, CRITERIA.name]:
            self.collection_pages(collection)
        for cid, entry in self.project.records[CRITERIA.name].items():  # each tool alone, for iframes
            self.out.files[calculator.embed_uri(cid)] = calculator.embed_page(
                self.env, entry.record, self.compiled[cid], self.contacts(cid))
        self.page("a-propos/format-des-sources.md", "Format des sources", "formatdoc.md.j2",
                  {"collections": formatdoc.describe(), "errors": formatdoc.error_codes()}, None,
                  "Référence du format YAML et Markdown des sources, générée depuis les modèles.")
        glossary = sorted(self.records("glossary"), key=lambda r: -len(r.term))
        self.out.abbreviations = "\n".join(f"*[{g.term}]: {g.expansion}" for g in glossary)
        self.out.files.update(exports.files(self.project, self.compiled))
        return self.out


def render(site: Site) -> Rendered:
    return _Renderer(site).run()


__all__ = ["Rendered", "render", "french_date", "json"]
