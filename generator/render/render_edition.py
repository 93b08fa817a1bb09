"""What an edition adds to the site: the « Écarts » page, notices, contacts, brand."""
from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Sequence
from typing import Any

import jinja2
from markupsafe import Markup

from ..editions.merge import Change
from .environment import environment
from ..french import french_date
from ..editions.links import CHANGES_URI, href, page_url, record_title, record_uri
from ..sources.models import COLLECTIONS, CRITERIA
from ..sources.models.edition import Contact, Edition
from ..sources.models.common import SourceRef
from ..sources.validate import strings

Provenance = Callable[[str, Sequence[SourceRef]], list[dict[str, Any]]]  # pages._Renderer.provenance

KIND = {"remplacee": "Remplacée", "ajoutee": "Ajoutée", "retiree": "Retirée"}


def national_link(edition: Edition, src_uri: str, site_root: str) -> str:
    """The national version of the page ``src_uri``, for raw HTML (the banner, the « Écarts » page). A relative
    national_url (editions published beside the national site) starts from the edition's root path
    (links.site_root), as generators read relative links in raw HTML differently."""
    base = edition.national_url
    if not base.endswith("/"):
        base += "/"
    if "://" in base:
        return base + page_url(src_uri)
    return posixpath.normpath(site_root + base).rstrip("/") + "/" + page_url(src_uri)


def target_uri(change: Change) -> str:
    if change.target.startswith("page:"):
        return change.target[5:]
    collection, _, rid = change.target.partition("/")
    return record_uri(collection, rid)[0]


VERB = {"remplacee": "remplace la version nationale", "ajoutee": "est propre à cette édition",
        "retiree": "est retirée de cette édition"}


@functools.cache
def _templates() -> jinja2.Environment:
    """One environment for the run: its templates are compiled once, however many pages carry a notice."""
    return environment()


def said(change: Change, from_uri: str, provenance: Provenance) -> dict[str, Any]:
    """What the notice and the « Écarts » page say about one change, besides the change itself
    (templates edition/_change.md.j2)."""
    return {"change": change, "verb": VERB[change.kind], "kind": KIND[change.kind],
            "since": french_date(change.review.since) if change.review else None,
            "sources": provenance(from_uri, change.sources)}


def notice(changes: list[Change], uri: str, provenance: Provenance) -> str:
    """The admonition at the top of a page that differs from the national reference (Markdown)."""
    return _templates().get_template("edition/notice.md.j2").render(
        changes=[said(change, uri, provenance) for change in changes])


def wording_notice() -> str:
    """The note at the top of a page that only the edition's vocabulary changes (Markdown)."""
    return _templates().get_template("edition/wording.md.j2").render()


def changes_page(edition: Edition, changes: list[Change], provenance: Provenance, titles: dict[str, str],
                 terminology_pages: list[tuple[str, str]], site_root: str = "/") -> Markup:
    """Markdown of the edition-wide list of differences (edition/changes.md.j2)."""
    here = posixpath.dirname(CHANGES_URI)
    listed = []
    for change in changes:
        uri = target_uri(change)
        retired = change.kind == "retiree"  # its page is gone here: the link goes to the national site
        listed.append({**said(change, CHANGES_URI, provenance),
                       "national": national_link(edition, uri, site_root) if retired else None,
                       "href": None if retired else posixpath.relpath(uri, here)})
    contacts = [{"name": r.contact.name, "where": titles.get(f"criteria/{r.criterion}", r.criterion),
                 "reach": " ; ".join(x for x in (r.contact.phone, r.contact.email, r.contact.url) if x)}
                for r in edition.resources]
    # Pages whose only difference is the vocabulary: said, so readers know nothing else changed.
    changed = {c.target for c in changes}
    worded = [{"title": title, "href": posixpath.relpath(uri, here)}
              for uri, title in terminology_pages if f"page:{uri}" not in changed]
    return Markup(_templates().get_template("edition/changes.md.j2").render(
        edition=edition, changes=listed, contacts=contacts, worded=worded))


def terminology_pages(project, terminology, changed: set[str]) -> list[tuple[str, str]]:
    """(src_uri, title) of the pages the vocabulary alone changes (tool pages excepted: never touched)."""
    if not terminology:
        return []
    found: dict[str, str] = {}
    for page in project.pages:
        if terminology.pattern.search(page.meta.title + "\n" + page.body):
            found[page.src_uri] = page.meta.title
    for collection, entries in project.records.items():
        if collection == CRITERIA.name:
            continue
        for rid, entry in entries.items():
            data = entry.record.model_dump(mode="json", exclude={"id", "sources", "see_also", "edition"})
            if any(terminology.pattern.search(text) for _, text in strings(data, ())):
                uri, anchor = record_uri(collection, rid)
                found.setdefault(uri, COLLECTIONS[collection].title if anchor else record_title(collection, entry.record))
    return sorted((uri, title) for uri, title in found.items() if uri not in changed)


def contact_texts(edition: Edition, criterion_id: str) -> dict[str, list[str]]:
    """outcome id (or "*") → local contacts as plain text, for the copied summary."""
    out: dict[str, list[str]] = {}
    for resource in edition.resources:
        if resource.criterion == criterion_id:
            c = resource.contact
            text = " — ".join(x for x in (c.name, c.role, c.address, c.phone and f"tél. {c.phone}", c.email, c.url) if x)
            for outcome in resource.outcomes or ["*"]:
                out.setdefault(outcome, []).append(" ".join(text.split()))
    return out


HOME_NATIONAL = re.compile(r"Rien n'y est ajouté\s*:\s*")


def edition_home(markdown: str) -> str:
    """The national home page says nothing is added to the sources; an edition adds its own, and says so."""
    return HOME_NATIONAL.sub("Cette édition y ajoute ses propres contenus, chacun signalé et justifié (voir les écarts "
                             "par rapport au référentiel national) ; ailleurs, rien n'est ajouté aux sources : ", markdown)


def contact_html(contact: Contact) -> Markup:
    """A local contact for the calculator result (HTML, edition/contact.html.j2: every value escaped)."""
    tel = "".join(c for c in contact.phone if c.isdigit() or c == "+") if contact.phone else ""
    return Markup(_templates().get_template("edition/contact.html.j2").render(contact=contact, tel=tel))


def brand_css(edition: Edition) -> bytes:
    color = edition.branding.primary_color
    # The header (white text on the colour) uses it in both schemes; links use it only on the light
    # background, where its contrast is the one checked; the dark scheme keeps its own link colour.
    return (f"/* Édition {edition.id} : couleur principale (contraste vérifié avec le texte blanc). */\n"
            f"[data-md-color-scheme] {{ --md-primary-fg-color: {color}; --md-primary-fg-color--dark: {color}; }}\n"
            f"[data-md-color-scheme=\"default\"] {{ --md-primary-fg-color--light: {color}; --md-typeset-a-color: {color}; }}\n"
            ".reperes-edition-banner { padding: 0.4rem 0.8rem; border-left: 4px solid var(--md-primary-fg-color); }\n").encode()


__all__ = ["CHANGES_URI", "brand_css", "changes_page", "contact_html", "href", "national_link", "notice",
           "wording_notice"]
