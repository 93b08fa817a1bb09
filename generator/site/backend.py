"""Stage 5b — the site generator's interface: the docs tree in, HTML out, and what the post-pass must know.

In the spirit of Sphinx's ``Builder``: one small interface, one module per backend
(generator/site/backend_mkdocs.py, generator/site/backend_zensical.py), chosen by name
(« reperes build --backend zensical »; MkDocs by default). A backend:
- builds the docs tree (generator/site/docs_tree.py, a plain MkDocs project) into a folder;
- says how its theme marks a table of contents entry (the post-pass puts an edition's words there);
- search: replaces its theme's search worker by Repères' French engine (generator/site/search_engine.js,
  shared by every backend) with an adapter that speaks the theme's worker protocol, and writes the engine's
  data (built by generator/site/search.py from each page's final HTML) where and as its theme reads it;
- names the inline styles its scripts add, whose hashes the Content-Security-Policy must allow;
- finishes what else its theme needs (Zensical: the search interface's labels in French).
Where each page's content is does not depend on the backend: the docs tree frames it between two
comments (docs_tree.CONTENT_START/END) that both keep.

Every step that looks for a file or a pattern of the theme raises ``theme-mismatch`` naming the step and
what it looked for when it is absent (``mismatch``, generator/site/mismatch.py).
"""
from __future__ import annotations

import re
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, ClassVar, Protocol

from . import BACKENDS, DEFAULT_BACKEND
from ..render.pages import Rendered
from .docs_tree import Tree

DEFAULT = DEFAULT_BACKEND
NAMES = BACKENDS  # the choices of « --backend »; generator/site/write.py maps them to classes


def source_of(uri: str | None, rendered: Rendered) -> str:
    """The file a generator's message about the docs-tree page ``uri`` is about (mkdocs.yml when none)."""
    if uri is None:
        return "mkdocs.yml"
    if uri in rendered.pages:
        return f"(page générée) {uri}"
    return f"content/pages/{uri}"


class SearchWorker(Protocol):
    """The search worker a backend installed (generator/site/search.py, ``Worker``)."""

    def point(self, page: str, where: str) -> str:
        """The built ``page`` (its file ``where``), its configuration pointing to the worker."""
        ...


class Backend(ABC):
    """One site generator. Instances hold no state: one per build."""

    name: ClassVar[str]  # as given to « --backend »
    label: ClassVar[str]  # as readers and messages name it
    # The theme's table of contents: the text of an entry linking to a heading of the page (groups:
    # before, text, after), and the label of the nested list under an entry with children.
    toc_entry: ClassVar[re.Pattern[str]]
    toc_label: ClassVar[re.Pattern[str]]
    search_index: ClassVar[Path]  # where the built site holds the search index

    @abstractmethod
    def build(self, tree: Tree, site: Path, rendered: Rendered) -> None:
        """Build ``tree`` into the empty folder ``site``; raise SourcesInvalid (build-failed) with the
        generator's messages, each with the source file of the page it names (``source_of``)."""

    @abstractmethod
    def search_worker(self, site: Path) -> SearchWorker:
        """Replace the theme's search worker by Repères' engine and this theme's adapter
        (generator/site/search.py, ``install_worker``); the post-pass points every page to it."""

    @abstractmethod
    def write_search_index(self, site: Path, docs: list[dict[str, Any]], vocabulary: dict[str, Any]) -> None:
        """Write the engine's data (``search.documents``, ``search.vocabulary``) in place of the theme's search
        index (``search_index``), as the theme's interface reads it and hands it to its worker."""

    def style_hashes(self, site: Path) -> list[str]:
        """CSP sources ('sha256-…') of the inline styles the theme's scripts add to every page."""
        return []

    def finish(self, site: Path) -> None:
        """What else the built site needs from this backend, after the post-pass."""
