"""Stage 5b — the site generator's interface: the docs tree in, HTML out, and what the post-pass must know.

In the spirit of Sphinx's ``Builder``: one small interface, one module per backend
(generator/site/backend_mkdocs.py, generator/site/backend_zensical.py), chosen by name
(« reperes build --backend zensical »; MkDocs by default). A backend:
- builds the docs tree (generator/site/docs_tree.py, a plain MkDocs project) into a folder;
- says how its theme marks a table of contents entry (the post-pass puts an edition's words there);
- rebuilds its search index from each page's final content, in its own format and place;
- installs French search in its own search worker;
- names the inline styles its scripts add, whose hashes the Content-Security-Policy must allow;
- finishes what else its theme needs (Zensical: the search interface's labels in French).
Where each page's content is does not depend on the backend: the docs tree frames it between two
comments (docs_tree.CONTENT_START/END) that both keep.

Every step that looks for a file or a pattern of the theme raises ``theme-mismatch`` naming the step and
what it looked for when it is absent (``mismatch``): a new theme release that renames a file fails the
build instead of publishing a site without French search or without an edition's words.
"""
from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, NoReturn

from . import BACKENDS, DEFAULT_BACKEND
from ..render.pages import Rendered
from ..sources.errors import SourcesInvalid, ThemeMismatch
from .docs_tree import Tree

DEFAULT = DEFAULT_BACKEND
NAMES = BACKENDS  # the choices of « --backend »; generator/site/write.py maps them to classes
SETUP = "bash scripts/setup.sh"  # installs the pinned versions (pyproject.toml) of both generators


def mismatch(step: str, where: str, problem: str) -> NoReturn:
    """A post-pass step did not find what it looks for: the build fails, naming the step and the file."""
    raise SourcesInvalid([ThemeMismatch.at(where, None, step=step, problem=(
        f"{problem} ; le thème ou le générateur de site n'est pas la version prévue par pyproject.toml : "
        f"réinstallez-la avec « {SETUP} », ou adaptez cette étape à la nouvelle version"))])


def source_of(uri: str | None, rendered: Rendered) -> str:
    """The file a generator's message about the docs-tree page ``uri`` is about (mkdocs.yml when none)."""
    if uri is None:
        return "mkdocs.yml"
    if uri in rendered.pages:
        return f"(page générée) {uri}"
    return f"content/pages/{uri}"


@dataclass(frozen=True)
class Section:
    """A part of a page's final content, as the search index holds it: its heading (none for the
    part before the first heading), its level (1 for that part), its text with the theme's markup."""
    id: str | None
    title: str | None
    level: int
    text: str


def sections(content: str) -> list[Section]:
    """A page's final content cut at its headings, by mkdocs-material's own search parser (the one both
    themes' indexes are made with: the same tags kept, the same spacing), excluded parts left out.

    The docs tree frames the content with a comment followed by a blank line: the parser makes a first,
    untitled section of it (where the page's own title goes)."""
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(content)
    parser.close()
    out = []
    for section in parser.data:
        if section.is_excluded():
            continue
        tag = section.el.tag
        level = int(tag[1]) if re.fullmatch(r"h[1-6]", tag) else 1
        title = "".join(section.title).strip() if section.title else None
        out.append(Section(section.id, title, level, "".join(section.text).strip()))
    return out


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
    def reindex(self, site: Path, contents: dict[str, str]) -> None:
        """Make the index's entries of each page again from its final content (url → HTML)."""

    @abstractmethod
    def french_search(self, site: Path, keep: list[str]) -> None:
        """French word processing in the search worker: accents, elisions, plurals, stems, except the
        acronyms of ``keep``."""

    def style_hashes(self, site: Path) -> list[str]:
        """CSP sources ('sha256-…') of the inline styles the theme's scripts add to every page."""
        return []

    def finish(self, site: Path) -> None:
        """What else the built site needs from this backend, after the post-pass."""
