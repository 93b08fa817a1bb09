"""The MkDocs backend (the default): MkDocs 1.6 with mkdocs-material, in this process.

- build: MkDocs' own build of the docs tree's mkdocs.yml, strict; its warnings become build-failed problems.
- table of contents: mkdocs-material's partials/toc-item.html (a « md-ellipsis » span holds the text).
- search index: search/search_index.json, mkdocs-material's lunr index ({"config", "docs": [{location,
  title, text, tags, boost}]}), rebuilt from the final content as the theme's plugin makes it.
- French search: generator/site/search_fr.js appended to the theme's lunr.fr (generator/site/search.py).
- the CSP: no inline style (the theme's inline scripts are hashed from each page by the post-pass).
"""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.theme import Theme

from . import search
from ..cache import keep_compiled
from ..render.pages import Rendered
from ..sources.errors import BuildFailed, SourcesInvalid
from .backend import Backend, mismatch, sections, source_of
from .docs_tree import Tree


class _Collect(logging.Handler):
    """Keep MkDocs' warnings so they can be reported as problems with their file."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class MkDocs(Backend):
    name = "mkdocs"
    label = "MkDocs"
    toc_entry = re.compile(r'(<a href="#[^"]*" class="md-nav__link">\s*<span class="md-ellipsis">)([^<]*)(</span>)')
    toc_label = re.compile(r'(<nav class="md-nav" aria-label=")([^"]*)(">)')
    search_index = Path("search/search_index.json")

    def build(self, tree: Tree, site: Path, rendered: Rendered) -> None:
        handler = _Collect()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        try:
            config = load_config(str(tree.config_file), site_dir=str(site), strict=True)
            _keep_compiled_templates(config.theme)
            mkdocs_build(config)
        except (MkDocsException, OSError) as exc:
            problems = [BuildFailed.at(_where(m, rendered), None, problem=m) for m in handler.messages]
            raise SourcesInvalid(problems or [BuildFailed.at("mkdocs.yml", None, problem=str(exc))]) from None
        finally:
            logger.removeHandler(handler)

    def reindex(self, site: Path, contents: dict[str, str]) -> None:
        """mkdocs-material indexed the content as MkDocs built it, framed by the docs tree's comments: its
        parser makes a first, untitled section of the blank line after the opening one, titled with the
        page's title (front matter, nav, or first heading), which is where that title is read from. Each
        entry is then made as the theme makes it (plugin.py, create_entry_for_section): the location of
        the section's heading, its title and text, the page's tags and search boost."""
        index = site / self.search_index
        if not index.is_file():
            mismatch("reindex", str(self.search_index), "l'index de recherche de mkdocs-material est absent du site construit")
        data = json.loads(index.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("docs"), list):
            mismatch("reindex", str(self.search_index), "l'index de recherche n'a pas de liste « docs »")
        pages: dict[str, list[dict[str, Any]]] = {}
        for entry in data["docs"]:  # a page's entries follow each other, pages in build order
            pages.setdefault(entry["location"].split("#")[0], []).append(entry)
        docs: list[dict[str, Any]] = []
        for url, entries in pages.items():
            first = entries[0]
            if url not in contents or first["location"] != url:
                docs += entries
                continue
            for section in sections(contents[url]):
                made: dict[str, Any] = {"location": url + (f"#{section.id}" if section.id else ""),
                                         "title": section.title or first["title"], "text": section.text}
                made.update({key: first[key] for key in ("tags", "boost") if key in first})
                docs.append(made)
        if contents and not any(url in pages for url in contents):
            mismatch("reindex", str(self.search_index), "aucune page du site n'a d'entrée dans l'index de recherche")
        data["docs"] = docs
        index.write_text(json.dumps(data, separators=(",", ":"), default=str), encoding="utf-8")

    def french_search(self, site: Path, keep: list[str]) -> None:
        """Append the French steps (search_fr.js) to the built site's lunr.fr, which the worker loads."""
        target = site / search.LUNR_FR
        if not target.is_file():
            mismatch("french-search", str(search.LUNR_FR), "le fichier lunr.fr de mkdocs-material, que la recherche "
                     "française complète, est absent du site construit")
        original = target.read_text(encoding="utf-8").split(search.MARKER)[0]  # idempotent under « mkdocs serve »
        keep_js = json.dumps(keep, ensure_ascii=False).replace("<", "\\u003c")
        target.write_text(f"{original}{search.MARKER}self.REPERES_SEARCH_KEEP = {keep_js};\n"
                          f"{search.EXTENSION.read_text(encoding='utf-8')}", encoding="utf-8")


def _keep_compiled_templates(theme: Theme) -> None:
    """The theme's Jinja environment reads and keeps its compiled templates in the build cache
    (generator/cache.py): the same templates give the same pages, compiled once per machine."""
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        return keep_compiled(make_env())

    theme.get_env = get_env  # type: ignore[method-assign]


def _where(message: str, rendered: Rendered) -> str:
    """The source file a MkDocs message is about, when it names a page."""
    m = re.search(r"Doc file '([^']+)'", message)
    return source_of(m.group(1) if m else None, rendered)
