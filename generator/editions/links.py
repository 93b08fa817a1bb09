"""Where each record is published, and relative links between pages.

Python computes every URL; templates only print them.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..sources.models import COLLECTIONS, CRITERIA
from .project import Project

CHANGES_URI = "edition/ecarts.md"  # an edition's « Écarts » page (generated: render/render_edition.py)

# Collections published as one page with an anchor per record; the others get a page per record.
SINGLE_PAGE = {"references", "glossary", "standards"}


@dataclass(frozen=True)
class Target:
    src_uri: str  # Markdown page, relative to the docs folder
    anchor: str | None
    title: str


EMPHASIS = re.compile(r"(\*{1,2}|_{1,2})(\S(?:.*?\S)?)\1")


def plain(text: str) -> str:
    """A title without Markdown emphasis: « Peikes *et al.* » → « Peikes et al. » (titles are plain text)."""
    return EMPHASIS.sub(r"\2", text)


def record_title(collection: str, record) -> str:
    for attr in ("short", "term", "title", "name"):
        value = getattr(record, attr, None)
        if isinstance(value, str):
            return plain(value)
    if collection == "evidence":
        return plain(f"{record.authors}, {record.year}")
    return record.id


def url_folder(collection: str) -> str:
    return CRITERIA.url if collection == CRITERIA.name else COLLECTIONS[collection].url


def is_tool_page(src_uri: str) -> bool:
    """A calculator's page: the terminology leaves it alone, title included (its result keeps the national words)."""
    folder = url_folder(CRITERIA.name) + "/"
    return src_uri.startswith(folder) and src_uri != folder + "index.md"


def record_uri(collection: str, rid: str) -> tuple[str, str | None]:
    """(page, anchor) where a record is published, whether or not it exists in this build."""
    folder = url_folder(collection)
    return (f"{folder}/index.md", rid) if collection in SINGLE_PAGE else (f"{folder}/{rid}.md", None)


def targets(project: Project) -> dict[str, Target]:
    """"collection/id" → where that record is shown; "page:<src_uri>" → authored pages."""
    index: dict[str, Target] = {}
    for collection, entries in project.records.items():
        for rid, entry in entries.items():
            uri, anchor = record_uri(collection, rid)
            index[f"{collection}/{rid}"] = Target(uri, anchor, record_title(collection, entry.record))
    for page in project.pages:
        index[f"page:{page.src_uri}"] = Target(page.src_uri, None, page.meta.title)
    return index


def page_url(src_uri: str) -> str:
    """Directory URL of the page built from ``src_uri`` (relative to the site root)."""
    stem = src_uri[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def root_of(src_uri: str) -> str:
    """Relative URL from the page built from ``src_uri`` (directory URLs) to the site root."""
    return "../" * page_url(src_uri).count("/")


def href(from_uri: str, target: Target) -> str:
    rel = posixpath.relpath(target.src_uri, posixpath.dirname(from_uri) or ".")
    return rel + (f"#{target.anchor}" if target.anchor else "")


def site_root(site_url: str | None) -> str:
    """The path of the site's address, « / » or « /reperes/ »: where root-relative links start. Raw HTML in a
    page links this way, as site generators read relative links in raw HTML differently."""
    path = urlsplit(site_url or "").path or "/"
    return path if path.endswith("/") else path + "/"
