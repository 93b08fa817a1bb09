"""French search: Repères' own engine (search_engine.js), its data built here from the final HTML of each page.

The engine is one JavaScript module that knows no theme: folding, elisions, stop words, a light stemmer
that spares acronyms, typo tolerance, letter/number splits, synonyms and ranking all happen there, in the
visitor's browser (nothing is sent anywhere). This module gives it its data, the same for every backend:
- ``documents``: every page cut into sections at its headings (``sections``), each with its location,
  title and text; a page's first document also says what kind of page it is (tool, written page,
  glossary, record, home), what a tool is for (``Rendered.search_about``: its population and use, found
  but never shown) and its tags (a record's jurisdiction, from its front matter);
- ``vocabulary``: the acronyms the stemmer leaves alone (the glossary's terms) and the synonym groups (each
  glossary term with its expansions, the thesaurus search_synonyms.yml, an edition's terms).
A thin adapter per theme speaks its search interface's worker protocol (search_material.js,
search_zensical.js): ``install_worker`` writes the engine and the adapter as one worker file named after its
content in place of the theme's worker, and the returned ``Worker`` points each page's configuration to it.
The backend (generator/site/backend.py) says which adapter and writes the data where and as its theme
reads it (``Backend.search_worker``, ``Backend.write_search_index``). Every step that looks for a file or
a pattern of the theme fails the build (theme-mismatch, naming the step) when it is absent.
"""
from __future__ import annotations

import hashlib
import html as htmllib
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from ..editions.links import SINGLE_PAGE, page_url, url_folder
from ..render.pages import Rendered
from ..sources.models import COLLECTIONS, CRITERIA
from .mismatch import mismatch

ENGINE = Path(__file__).with_name("search_engine.js")
THESAURUS = Path(__file__).with_name("search_synonyms.yml")


def acronyms(abbreviations: str) -> list[str]:
    """Words of the glossary's terms (« *[CIUSSS NIM]: … » → CIUSSS, NIM)."""
    words: set[str] = set()
    for term in re.findall(r"^\*\[([^\]]+)\]:", abbreviations, re.M):
        words.update(w for w in re.split(r"[\s\-/]+", term) if w)
    return sorted(words)


# Pages a professional looks for first: the tools, the glossary of acronyms, the written pages; records
# (programmes, trainings, evidence…) count once. For mkdocs-material's own search, in a docs tree built by
# MkDocs alone (its scores times the page's ``search.boost``); Repères' engine ranks by kind of page.
BOOSTS = {"outils/": 1.5, "glossaire/index.md": 2.0}
AUTHORED_BOOST = 2.0


def boost(meta: dict[str, Any], uri: str, authored: bool) -> None:
    """Set the page's search boost in its front matter ``meta``, unless it sets one."""
    value = next((b for prefix, b in BOOSTS.items() if uri.startswith(prefix)), AUTHORED_BOOST if authored else None)
    if value is not None and not (isinstance(meta.get("search"), dict) and "boost" in meta["search"]):
        meta.setdefault("search", {})
        if isinstance(meta["search"], dict):
            meta["search"]["boost"] = value


# ------------------------------------------------------------------------------------------ sections
_BLOCKS = {"p", "li", "dt", "dd", "td", "th", "pre", "blockquote", "figcaption", "caption", "summary", "div", "tr",
           "table", "ul", "ol", "dl", "details", "section", "article", "aside", "form", "fieldset", "legend", "label",
           "br", "hr", "nav", "header", "footer", "figure"}
# Not text a reader searches: scripts, controls (« Copier le résultat »), drawings.
_SKIP = {"script", "style", "template", "svg", "noscript", "button", "select", "textarea", "math"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass
class Section:
    anchor: str  # "" for the page's first section (before its first heading with an id)
    title: str  # the heading's text; the page's title for the first section
    blocks: list[str]

    @property
    def text(self) -> str:
        """The section's text as the engine reads it: one <p> per block, text escaped."""
        return "".join(f"<p>{htmllib.escape(b, quote=False)}</p>" for b in self.blocks)


class _Sections(HTMLParser):
    """A page's content → its sections: a new one at each h2–h6 with an id (what the table of contents
    links to); the h1 is the page's title. Elements marked ``data-search-exclude`` are left out."""

    def __init__(self, title: str) -> None:
        super().__init__(convert_charrefs=True)
        self.sections = [Section("", title, [])]
        self.block: list[str] = []
        self.skipping: list[str] = []  # open elements whose text is left out
        self.heading: tuple[str, str | None, list[str]] | None = None  # (tag, id, text) inside a heading

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br" and not self.skipping:
                self.flush()
            return
        if self.skipping or tag in _SKIP or any(name == "data-search-exclude" for name, _ in attrs):
            self.skipping.append(tag)
            return
        if tag in _HEADINGS:
            self.flush()
            self.heading = (tag, dict(attrs).get("id"), [])
        elif tag in _BLOCKS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if self.heading is not None and tag == self.heading[0]:
            name, anchor, parts = self.heading
            text = _space("".join(parts))
            self.heading = None
            if name == "h1":
                return  # the page's title, already known
            if anchor:
                self.sections.append(Section(anchor, text, []))
            elif text:
                self.sections[-1].blocks.append(text)
        elif tag in _BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        (self.heading[2] if self.heading is not None else self.block).append(data)

    def flush(self) -> None:
        text = _space("".join(self.block))
        self.block = []
        if text:
            self.sections[-1].blocks.append(text)


def _space(text: str) -> str:
    """Runs of HTML white space as one space; no-break spaces (French typography) stay."""
    return re.sub(r"[ \t\n\r\f]+", " ", text).strip(" \t\n\r\f")


def sections(content: str, title: str) -> list[Section]:
    """The sections of a page's final content (the HTML its Markdown became, post-pass done)."""
    parser = _Sections(title)
    parser.feed(content)
    parser.close()
    parser.flush()
    return parser.sections


_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S | re.I)


def page_title(page: str, where: str) -> str:
    """The title of a built page: its h1 (the theme writes one when the content has none)."""
    m = _H1.search(page)
    if m is None:
        mismatch("search-index", where, "aucun titre <h1> dans la page construite, d'où la recherche tire le titre de la page")
    return _space(htmllib.unescape(re.sub(r"<[^>]+>", "", m.group(1))))


# --------------------------------------------------------------------------------------- documents
@dataclass
class Built:
    """A page of the built site, post-pass done."""

    uri: str  # its Markdown source, relative to the docs folder
    html: str  # the whole page
    content: str  # the HTML its Markdown became


_RECORD_FOLDERS = {f"{c.url}/" for c in [*COLLECTIONS.values(), CRITERIA]}
_RECORD_PAGES = {f"{url_folder(c)}/index.md" for c in SINGLE_PAGE if c != "glossary"}  # the bibliography…


def kind(uri: str) -> str:
    """tool, glossary, home, record (a record's page, a page of records) or page (written pages, indexes)."""
    if uri == "index.md":
        return "home"
    if uri == f"{url_folder('glossary')}/index.md":
        return "glossary"
    folder = uri.split("/")[0] + "/"
    if uri in _RECORD_PAGES or (folder in _RECORD_FOLDERS and not uri.endswith("/index.md")):
        return "tool" if folder == f"{CRITERIA.url}/" else "record"
    return "page"


def _about(rendered: Rendered, uri: str) -> str | None:
    """What the page is for, in a reader's words: a tool's population and use, a written page's summary."""
    if uri in rendered.search_about:
        return rendered.search_about[uri]
    page = next((p for p in rendered.authored if p.src_uri == uri), None)
    return page.meta.description if page is not None else None


def _tags(rendered: Rendered, uri: str) -> list[str]:
    """The tags in a generated page's front matter (a record's jurisdiction: « France », « Québec »…)."""
    m = re.match(r"---\n(.*?)\n---\n", rendered.pages.get(uri, ""), re.S)
    meta = yaml.safe_load(m.group(1)) if m else None
    tags = meta.get("tags") if isinstance(meta, dict) else None
    return [str(t) for t in tags] if isinstance(tags, list) else []


def documents(built: list[Built], rendered: Rendered) -> list[dict[str, Any]]:
    """The engine's documents: each page's sections, in page order (see search_engine.js, data.docs)."""
    docs: list[dict[str, Any]] = []
    for page in built:
        url = page_url(page.uri)
        meta: dict[str, Any] = {}
        boost(meta, page.uri, authored=any(p.src_uri == page.uri for p in rendered.authored))
        for i, section in enumerate(sections(page.content, page_title(page.html, url + "index.html"))):
            doc: dict[str, Any] = {"location": url + (f"#{section.anchor}" if section.anchor else ""),
                                   "title": section.title, "text": section.text}
            if "search" in meta:  # for the theme's own worker, should a page cached before this engine run it
                doc["boost"] = meta["search"]["boost"]
            if i == 0:
                doc["kind"] = kind(page.uri)
                if about := _about(rendered, page.uri):
                    doc["about"] = about
                if tags := _tags(rendered, page.uri):
                    doc["tags"] = tags
            docs.append(doc)
    return docs


def vocabulary(rendered: Rendered) -> dict[str, Any]:
    """What the engine knows beyond the pages: acronyms to leave unstemmed, synonym groups."""
    groups = [list(g) for g in rendered.synonyms]
    groups += [list(g) for g in yaml.safe_load(THESAURUS.read_text(encoding="utf-8"))["groups"]]
    if rendered.terminology:
        groups += [[national, local] for national, local in rendered.terminology.locals.items()]
    return {"keep": acronyms(rendered.abbreviations), "synonyms": [[str(e) for e in g] for g in groups if len(g) > 1]}


def engine_source() -> str:
    return ENGINE.read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------ the worker
WORKERS = Path("assets/javascripts/workers")  # where mkdocs-material and Zensical put their search worker
THEIRS = "search.*.min.js"
OURS = "search.reperes-"  # the engine's worker: search.reperes-<hash of its content>.min.js
# The page's configuration block (base.html of both themes): {…, "search": "<path to the search worker>", …}
_CONFIG_WORKER = re.compile(r'(<script id="__config" type="application/json">[^<]*?"search":\s*")([^"]*?)([^"/]+)(")')


@dataclass
class Worker:
    """The theme's search worker, replaced by the engine and the theme's adapter under a name made from its content."""

    name: str
    replaced: str  # the theme's own worker's file name

    def point(self, page: str, where: str) -> str:
        """The page, its configuration pointing to the engine's worker instead of the theme's."""
        m = _CONFIG_WORKER.search(page)
        if m is None or not (m.group(3) == self.replaced or m.group(3).startswith(OURS)):
            mismatch("search-worker", where, "la configuration du thème (<script id=\"__config\">, clé « search ») "
                     f"ne désigne pas son worker de recherche {self.replaced}")
        return page[:m.start(3)] + self.name + page[m.end(3):]


def install_worker(site: Path, adapter: Path) -> Worker:
    """Write the engine's worker (the engine, then the theme's ``adapter``) in place of the theme's."""
    body = engine_source() + "\n" + adapter.read_text(encoding="utf-8")
    name = f"{OURS}{hashlib.sha256(body.encode('utf-8')).hexdigest()[:12]}.min.js"
    folder = site / WORKERS
    found = sorted(folder.glob(THEIRS)) if folder.is_dir() else []
    theirs = [p for p in found if not p.name.startswith(OURS)]
    # « mkdocs serve » rebuilds over a site already adapted: the theme's worker may be back, or not.
    if len(theirs) > 1 or not found:
        mismatch("search-worker", (WORKERS / THEIRS).as_posix(),
                 f"{len(theirs)} worker(s) de recherche du thème trouvé(s) au lieu d'un")
    for old in found:
        old.unlink()
        old.with_name(old.name + ".map").unlink(missing_ok=True)
    (folder / name).write_text(body, encoding="utf-8")
    return Worker(name, theirs[0].name if theirs else name)


def theme_index(site: Path, index: Path, entries: str) -> dict[str, Any]:
    """The theme's own search index, read to be replaced: it must hold a « config » with the « separator » (the
    theme's page highlighter reads it) and its list of ``entries``."""
    if not (site / index).is_file():
        mismatch("search-index", index.as_posix(), "l'index de recherche du thème est absent du site construit")
    data = json.loads((site / index).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("config"), dict) or "separator" not in data["config"]:
        mismatch("search-index", index.as_posix(), "l'index du thème n'a pas de « config » avec « separator »")
    if not isinstance(data.get(entries), list):
        mismatch("search-index", index.as_posix(), f"l'index de recherche n'a pas de liste « {entries} »")
    return data


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
