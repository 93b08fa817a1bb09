"""Stage 4 — render: Markdown pages for every collection, JSON exports and schemas.

Templates (generator/render/templates, rendered by environment.py) receive a documented context and
only format; this module computes links, labels and groupings.
"""
from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup

from . import calculator, chooser, exports, formatdoc, render_edition
from .environment import LABELS, environment
from ..runtime import publish
from ..sources import jurisdiction
from ..sources.compile import compile_criterion
from ..sources.logo import published_svg
from ..editions.terminology import Terminology
from ..editions.links import SINGLE_PAGE, Target, href, record_title, site_root, targets, url_folder
from ..sources.models import COLLECTIONS, CRITERIA
from ..sources.models.edition import Edition
from ..editions.resolve import Site
from ..editions.project import factor_index
from ..sources.validate import Page


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
    terminology: Any = None  # terminology.Terminology, applied to page text by the post-pass (site/postpass.py)
    removed_pages: set[str] = field(default_factory=set)  # src_uris the edition removes (and their nav entries)
    home_chooser: str = ""  # the tools by use, for the home page (Markdown, links relative to index.md)
    site_root: str = "/"  # the path of the site's address: raw HTML links to pages start with it (links.site_root)
    # For search (generator/site/search.py): src_uri → what a tool is for, in a reader's words (its population
    # and use), found but never shown; expressions search takes for one another (a glossary term, its expansions).
    search_about: dict[str, str] = field(default_factory=dict)
    synonyms: list[list[str]] = field(default_factory=list)
    engine_preloads: list[dict[str, str]] = field(default_factory=list)  # runtime.preloads: for pages that start the engine


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


class _Renderer:
    def __init__(self, site: Site, site_url: str | None = None):
        self.site = site
        self.project = site.project
        self.env = environment()
        self.targets = targets(self.project)
        self.out = Rendered(targets=self.targets, authored=list(self.project.pages), site_root=site_root(site_url))

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
            if collection == CRITERIA.name:
                self.out.search_about[uri] = chooser.about(record, LABELS["criterion_kind"])
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
            context = calculator.page_context(record, self.compiled[record.id], uri, self.contacts(record.id),
                                              self.out.site_root)
            home = jurisdiction.of_site(self.site.edition)
            notice = jurisdiction.foreign_notice(record.jurisdiction, home)
            wording = self.title_wording(record)
            context["territory"] = {"text": jurisdiction.text(record.jurisdiction), "notice": notice, "wording": wording}
            # Read before the verdict, with the source's warnings (criteria/_form.html.j2): a source from another
            # territory, and the edition's words the title takes while the tool keeps its source's.
            context["calc"]["warnings"] = [*render_notices(notice, wording), *context["calc"]["warnings"]]
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
            logo, uri = root / edition.branding.logo, f"assets/edition/{Path(edition.branding.logo).name}"
            if logo.suffix == ".svg":  # checked by validate; published without editors' bookkeeping (generator/sources/logo.py)
                self.out.files[uri] = published_svg(logo.read_bytes())
            else:
                self.out.copies[uri] = logo
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
                  {"body": render_edition.changes_page(edition, self.site.changes, self.provenance, titles, worded,
                                                                self.out.site_root)},
                  None, f"Tout ce en quoi l'édition {edition.name} diffère du référentiel national.")
        self.out.files["api/ecarts.json"] = json.dumps({
            "edition": edition.model_dump(mode="json", exclude={"branding", "national"}),  # national: a path on this disk
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
            files, copies, self.out.engine_preloads = publish.publish(self.project.root, self.compiled, examples)
            self.out.files.update(files)
            self.out.copies.update(copies)
        for collection in [*COLLECTIONS, CRITERIA.name]:
            self.collection_pages(collection)
        for cid, entry in self.project.records[CRITERIA.name].items():  # each tool alone, for iframes
            self.out.files[calculator.embed_uri(cid)] = calculator.embed_page(
                self.env, entry.record, self.compiled[cid], self.contacts(cid), self.out.engine_preloads)
        self.page("a-propos/format-des-sources.md", "Format des sources", "formatdoc.md.j2",
                  {"collections": formatdoc.describe(), "errors": formatdoc.error_codes()}, None,
                  "Référence du format YAML et Markdown des sources, générée depuis les modèles.")
        glossary = sorted(self.records("glossary"), key=lambda r: -len(r.term))
        self.out.abbreviations = "\n".join(f"*[{g.term}]: {g.expansion}" for g in glossary)
        self.out.synonyms = [[g.term, g.expansion, *g.other_expansions] for g in glossary]
        self.out.files.update(exports.files(self.project, self.compiled))
        return self.out


def render(site: Site, site_url: str | None = None) -> Rendered:
    """``site_url``: the address the site is built for (raw HTML links to pages start from its path)."""
    return _Renderer(site, site_url).run()


__all__ = ["Rendered", "render", "json"]


def render_notices(notice: dict[str, str] | None, wording: list[dict[str, str]]) -> list[Markup]:
    """The tool page's notices among the form's warnings: its source's territory, its title's words."""
    out = []
    if notice:
        out.append(Markup("<strong>{}.</strong> {}").format(notice["title"], notice["text"]))
    if wording:
        local = ", ".join(f"« {w['local']} »" for w in wording)
        national = ", ".join(f"« {w['national']} »" for w in wording)
        out.append(Markup("<strong>Vocabulaire de cette édition.</strong> {}").format(
            f"Le titre de cet outil emploie {local}, le vocabulaire de cette édition ; la source écrit {national}, "
            "que l'outil garde dans ses questions, ses réponses et ses résultats."))
    return out
