"""Stage 5c — the post-pass: what needs the built HTML, run over the site a backend built from the docs tree.

For every page (generator/site/docs_tree.py framed its content between two comments, removed here):
- an edition's terminology on the page content and its table of contents (not on tool pages,
  whose calculators it never touches, nor on the « Écarts » page, which shows both terms);
- French spacing on the page content;
- the engine boot tag on calculator pages;
- the Content-Security-Policy hashes last, once the page is final (404.html too), with the inline
  styles the backend's scripts add.
Search (generator/site/search.py): the backend replaces its theme's search worker by Repères' French engine
and its adapter, each page's configuration is pointed to it, and the engine's data (documents cut from the
final content of each page, vocabulary) is written where and as the backend's theme reads it. The service
worker and compression come after (generator/site/write.py).

Each step that looks for a file or a pattern of the theme fails the build (theme-mismatch, naming the
step) when it is absent: a site is never published with a step silently skipped.
"""
from __future__ import annotations

import html as htmllib
import re
from pathlib import Path
from collections.abc import Sequence
from typing import Any

from markupsafe import escape

from . import search
from .backend import Backend
from .docs_tree import CONTENT_END, CONTENT_START
from .htmltext import french_spacing, map_text
from .mismatch import mismatch
from ..render.pages import Rendered
from ..editions.links import is_tool_page, page_url, root_of
from ..render.render_edition import CHANGES_URI
from ..render.security import with_csp

# Python-Markdown separates blocks with newlines and strips its output: they go with the comments.
_CONTENT = re.compile(re.escape(CONTENT_START) + r"\n*(?P<content>.*?)\n*" + re.escape(CONTENT_END), re.S)
# The headings a table of contents lists (toc_depth: 3 in mkdocs.yml): a page with one has TOC entries.
_TOC_HEADING = re.compile(r'<h[23][^>]* id="[^"]+"')
ERROR_PAGES = ("404.html",)


def run(site: Path, rendered: Rendered, pages: list[str], backend: Backend) -> None:
    """Rewrite the built ``site`` in place; ``pages``: the src_uri of every page of the docs tree."""
    styles = backend.style_hashes(site)
    worker = backend.search_worker(site)  # before the service worker lists the files
    built: list[search.Built] = []
    for uri in pages:
        url = page_url(uri)
        path = site / url / "index.html"
        if not path.is_file():
            mismatch("pages", f"{url}index.html", f"la page construite à partir de {uri} est absente du site")
        text = worker.point(path.read_text(encoding="utf-8"), f"{url}index.html")
        text, content = page(text, uri, rendered, backend, styles)
        built.append(search.Built(uri, text, content))
        path.write_text(text, encoding="utf-8")
    for name in ERROR_PAGES:
        if not (site / name).is_file():
            mismatch("csp", name, "la page d'erreur du thème est absente du site construit")
        text = worker.point((site / name).read_text(encoding="utf-8"), name)
        (site / name).write_text(_csp(text, name, styles), encoding="utf-8")
    backend.write_search_index(site, search.documents(built, rendered), search.vocabulary(rendered))
    backend.finish(site)


def page(text: str, uri: str, rendered: Rendered, backend: Backend, styles: Sequence[str] = ()) -> tuple[str, str]:
    """A built page, final; and its final content (for the search index)."""
    term = rendered.terminology if rendered.edition is not None and rendered.terminology else None
    translated = term is not None and uri != CHANGES_URI  # an edition's vocabulary (generator/editions/terminology.py)
    m = _CONTENT.search(text)
    if m is None:
        mismatch("content", uri, "le contenu de la page n'est pas entre les deux commentaires de l'arborescence "
                 "(le gabarit du thème n'affiche plus page.content ?)")
    content = m.group("content")
    if translated and term is not None:
        content = term.html(content, tool_page=is_tool_page(uri))
    content = map_text(content, french_spacing)
    head, tail = text[:m.start()], text[m.end():]
    if translated and term is not None and not is_tool_page(uri):
        head, tail = _toc(head, tail, term, backend, uri, bool(_TOC_HEADING.search(content)))
    text = head + content + tail
    if 'class="reperes-calculator"' in text:
        if "</head>" not in text:
            mismatch("engine-boot", uri, "la page n'a pas de balise </head> où amorcer le moteur de calcul")
        # Start Pyodide before the theme's scripts are even parsed (slow tablets wait less).
        text = text.replace("</head>", f'<script src="{root_of(uri)}assets/engine-boot.js"></script>\n</head>', 1)
    return _csp(text, uri, styles), content


def _csp(html: str, where: str, styles: Sequence[str]) -> str:
    made = with_csp(html, styles)
    if made == html:
        mismatch("csp", where, "la page n'a pas de balise <head> où placer sa politique de sécurité (CSP)")
    return made


def _toc(head: str, tail: str, term: Any, backend: Backend, uri: str, listed: bool) -> tuple[str, str]:
    """Table of contents entries are titles: the edition's term (as for headings). A page whose content has
    a heading the table of contents lists must have an entry the backend's pattern finds."""
    found = 0

    def entry(m: re.Match[str]) -> str:
        nonlocal found
        found += 1
        return m.group(1) + term.title(m.group(2)) + m.group(3)

    def label(m: re.Match[str]) -> str:
        return m.group(1) + str(escape(term.title(htmllib.unescape(m.group(2))))) + m.group(3)

    head, tail = (backend.toc_label.sub(label, backend.toc_entry.sub(entry, part)) for part in (head, tail))
    if listed and not found:
        mismatch("toc", uri, f"aucune entrée de la table des matières ne correspond au motif de {backend.label} "
                 f"({backend.toc_entry.pattern})")
    return head, tail
