"""The MkDocs backend (the default): MkDocs 1.6 with mkdocs-material, in this process.

- build: MkDocs' own build of the docs tree's mkdocs.yml, strict; its warnings become build-failed problems.
- table of contents: mkdocs-material's partials/toc-item.html (a « md-ellipsis » span holds the text).
- search: the theme's worker (assets/javascripts/workers/search.*.min.js, lunr) is replaced by Repères' engine
  with search_material.js, which speaks the theme's worker protocol; search/search_index.json keeps the
  theme's layout ({"config", "docs"}) and holds the engine's data (generator/site/search.py).
- the CSP: no inline style (the theme's inline scripts are hashed from each page by the post-pass).
"""
from __future__ import annotations

import logging
import re
import shutil
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
from .backend import Backend, source_of
from .docs_tree import Tree

ADAPTER = Path(__file__).with_name("search_material.js")  # the theme's worker protocol, spoken by Repères' engine
LUNR = Path("assets/javascripts/lunr")


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

    def search_worker(self, site: Path) -> search.Worker:
        """The theme's worker replaced by the engine and search_material.js; lunr (the theme's engine, with its
        languages) is never loaded any more."""
        worker = search.install_worker(site, ADAPTER)
        shutil.rmtree(site / LUNR, ignore_errors=True)
        return worker

    def write_search_index(self, site: Path, docs: list[dict[str, Any]], vocabulary: dict[str, Any]) -> None:
        """search/search_index.json keeps the theme's layout ({"config", "docs"}): the theme hands both to its
        worker as they are; the vocabulary goes in config.reperes."""
        data = search.theme_index(site, self.search_index, "docs")
        search.write_json(site / self.search_index, {"config": {**data["config"], "reperes": vocabulary}, "docs": docs})


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
