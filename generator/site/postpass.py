"""Stage 5c — the post-pass: what needs the built HTML, run over the site MkDocs wrote from the docs tree.

For every page (generator/site/docs_tree.py framed its content between two comments, removed here):
- an edition's terminology on the page content and its table of contents (not on tool pages,
  whose calculators it never touches, nor on the « Écarts » page, which shows both terms);
- French spacing on the page content;
- the engine boot tag on calculator pages;
- the Content-Security-Policy hashes last, once the page is final (404.html too).
Search (generator/site/search.py): the theme's search worker is replaced by Repères' French engine, each
page's configuration points to it, and the index is rebuilt from the final content of each page. The
service worker and compression come after (generator/site/write.py).
"""
from __future__ import annotations

import html as htmllib
import re
from pathlib import Path
from typing import Any

from markupsafe import escape

from . import search
from .docs_tree import CONTENT_END, CONTENT_START
from .htmltext import french_spacing, map_text
from ..render.pages import Rendered
from ..editions.links import page_url, root_of, url_folder
from ..sources.models import CRITERIA
from ..render.render_edition import CHANGES_URI
from ..render.security import with_csp

# Python-Markdown separates blocks with newlines and strips its output: they go with the comments.
_CONTENT = re.compile(re.escape(CONTENT_START) + r"\n*(?P<content>.*?)\n*" + re.escape(CONTENT_END), re.S)
# mkdocs-material's table of contents (partials/toc-item.html): each entry's link, and the label of
# the nested list under an entry with children. Links to « #anchor » in a md-nav are TOC entries only.
_TOC_LINK = re.compile(r'(<a href="#[^"]*" class="md-nav__link">\s*<span class="md-ellipsis">)([^<]*)(</span>)')
_TOC_LABEL = re.compile(r'(<nav class="md-nav" aria-label=")([^"]*)(">)')
ERROR_PAGES = ("404.html",)


def is_tool_page(src_uri: str) -> bool:
    """A calculator's page: the terminology leaves its body alone (never to calculators)."""
    folder = url_folder(CRITERIA.name) + "/"
    return src_uri.startswith(folder) and src_uri != folder + "index.md"


def run(site: Path, rendered: Rendered, pages: list[str]) -> None:
    """Rewrite the built ``site`` in place; ``pages``: the src_uri of every page of the docs tree."""
    worker = search.material_worker(site)  # before the service worker lists the files
    built: list[search.Built] = []
    for uri in pages:
        url = page_url(uri)
        path = site / url / "index.html"
        if not path.is_file():
            continue
        text, content = page(path.read_text(encoding="utf-8"), uri, rendered)
        text = worker.point(text, url + "index.html")
        built.append(search.Built(uri, text, content))
        path.write_text(text, encoding="utf-8")
    for name in ERROR_PAGES:
        if (site / name).is_file():
            (site / name).write_text(worker.point(with_csp((site / name).read_text(encoding="utf-8")), name), encoding="utf-8")
    search.write_material_index(site, search.documents(built, rendered), search.vocabulary(rendered))


def page(text: str, uri: str, rendered: Rendered) -> tuple[str, str]:
    """A built page, final; and its final content (for the search index)."""
    term = rendered.terminology if rendered.edition is not None and rendered.terminology else None
    translated = term is not None and uri != CHANGES_URI  # an edition's vocabulary (generator/editions/terminology.py)
    m = _CONTENT.search(text)
    if m is None:
        raise ValueError(f"{uri}: page content not found in the built HTML (theme without page.content?)")
    content = m.group("content")
    if translated and term is not None:
        content = term.html(content, tool_page=is_tool_page(uri))
    content = map_text(content, french_spacing)
    head, tail = text[:m.start()], text[m.end():]
    if translated and term is not None and not is_tool_page(uri):
        head, tail = _toc(head, term), _toc(tail, term)
    text = head + content + tail
    if 'class="reperes-calculator"' in text:
        # Start Pyodide before the theme's scripts are even parsed (slow tablets wait less).
        text = text.replace("</head>", f'<script src="{root_of(uri)}assets/engine-boot.js"></script>\n</head>', 1)
    return with_csp(text), content


def _toc(html: str, term: Any) -> str:
    """Table of contents entries are titles: the edition's term (as for headings)."""
    html = _TOC_LINK.sub(lambda m: m.group(1) + term.title(m.group(2)) + m.group(3), html)
    return _TOC_LABEL.sub(lambda m: m.group(1) + str(escape(term.title(htmllib.unescape(m.group(2))))) + m.group(3), html)

