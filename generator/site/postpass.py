"""Stage 5c — the post-pass: what needs the built HTML, run over the site MkDocs wrote from the docs tree.

For every page (generator/site/docs_tree.py framed its content between two comments, removed here):
- an edition's terminology on the page content and its table of contents (not on tool pages,
  whose calculators it never touches, nor on the « Écarts » page, which shows both terms);
- French spacing on the page content;
- the engine boot tag on calculator pages;
- the Content-Security-Policy hashes last, once the page is final (404.html too).
The search index (mkdocs-material's lunr index, built from the untouched content) is rebuilt from
the final content of each page with the theme's own parser, then the French search steps are added
(generator/site/search.py). The service worker and compression come after (generator/site/write.py).
"""
from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path
from typing import Any

from markupsafe import escape

from . import search
from .docs_tree import CONTENT_END, CONTENT_START
from .htmltext import french_spacing, map_text
from ..render.calculator import engine_head
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
SEARCH_INDEX = Path("search/search_index.json")
ERROR_PAGES = ("404.html",)


def is_tool_page(src_uri: str) -> bool:
    """A calculator's page: the terminology leaves its body alone (never to calculators)."""
    folder = url_folder(CRITERIA.name) + "/"
    return src_uri.startswith(folder) and src_uri != folder + "index.md"


def run(site: Path, rendered: Rendered, pages: list[str]) -> None:
    """Rewrite the built ``site`` in place; ``pages``: the src_uri of every page of the docs tree."""
    contents: dict[str, str] = {}
    for uri in pages:
        url = page_url(uri)
        path = site / url / "index.html"
        if not path.is_file():
            continue
        text, content = page(path.read_text(encoding="utf-8"), uri, rendered)
        contents[url] = content
        path.write_text(text, encoding="utf-8")
    for name in ERROR_PAGES:
        if (site / name).is_file():
            (site / name).write_text(with_csp((site / name).read_text(encoding="utf-8")), encoding="utf-8")
    reindex(site / SEARCH_INDEX, contents)
    search.patch_site(site, search.acronyms(rendered.abbreviations))  # before the service worker lists the files


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
        # Start Pyodide's downloads and its worker before the theme's scripts are even parsed (slow tablets wait less).
        text = text.replace("</head>", f"{engine_head(rendered.engine_preloads, root_of(uri))}\n</head>", 1)
    return with_csp(text), content


def _toc(html: str, term: Any) -> str:
    """Table of contents entries are titles: the edition's term (as for headings)."""
    html = _TOC_LINK.sub(lambda m: m.group(1) + term.title(m.group(2)) + m.group(3), html)
    return _TOC_LABEL.sub(lambda m: m.group(1) + str(escape(term.title(htmllib.unescape(m.group(2))))) + m.group(3), html)


def reindex(index: Path, contents: dict[str, str]) -> None:
    """The search index's entries of each page, made again from its final content with the theme's parser.

    mkdocs-material indexed the content as MkDocs built it, framed by the docs tree's comments: its
    parser makes a first, untitled section of the blank line after the opening one, titled with the
    page's title (front matter, nav, or first heading), which is where that title is read from. Each
    entry is then made as the theme makes it (plugin.py, create_entry_for_section): the location of
    the section's heading, its title and text, the page's tags and search boost."""
    if not index.is_file():
        return
    try:
        from material.plugins.search.plugin import Parser
    except ImportError:  # another theme: its index is left as built
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    pages: dict[str, list[dict[str, Any]]] = {}
    for entry in data["docs"]:  # a page's entries follow each other, pages in build order
        pages.setdefault(entry["location"].split("#")[0], []).append(entry)
    docs: list[dict[str, Any]] = []
    for url, entries in pages.items():
        first = entries[0]
        if url not in contents or first["location"] != url:
            docs += entries
            continue
        parser = Parser()
        parser.feed(contents[url])
        parser.close()
        for section in parser.data:
            if section.is_excluded():
                continue
            made: dict[str, Any] = {"location": url + (f"#{section.id}" if section.id else ""),
                                     "title": "".join(section.title).strip() if section.title else first["title"],
                                     "text": "".join(section.text).strip()}
            made.update({key: first[key] for key in ("tags", "boost") if key in first})
            docs.append(made)
    data["docs"] = docs
    index.write_text(json.dumps(data, separators=(",", ":"), default=str), encoding="utf-8")
