"""Helpers shared by the tests: the fixture projects, editing a copy, the visible text of a built page.

One implementation each (tests/conftest.py turns the copies into fixtures; tests/browser.py holds the
browser helpers).
"""
from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
MINI_EDITION = Path(__file__).resolve().parent / "fixtures" / "mini-edition"


def copy_fixtures(tmp: Path) -> tuple[Path, Path]:
    """Fresh copies of the mini project (tmp/mini) and of its valid edition (tmp/edition), for a test to break."""
    base, edition = tmp / "mini", tmp / "edition"
    shutil.copytree(MINI, base)
    shutil.copytree(MINI_EDITION, edition)
    return base, edition


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` by ``new`` in a fixture copy; fails if the fixture no longer has ``old``."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# Elements whose boundaries separate words; inline elements (a, abbr, em, strong, code…) do not.
_BLOCKS = {"address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
           "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "label",
           "li", "main", "nav", "ol", "option", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
           "th", "thead", "tr", "ul"}
_INVISIBLE = {"script", "style", "template", "noscript"}


class _Text(HTMLParser):
    def __init__(self, invisible: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.invisible = invisible

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self.invisible:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append(" ")

    def handle_startendtag(self, tag, attrs) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag) -> None:
        if tag in self.invisible:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(page_html: str, *, templates: bool = False, code: bool = True) -> str:
    """What a reader sees of an HTML page or fragment: the text outside script, style, template and
    noscript, entities decoded, block boundaries as spaces (inline tags join their words), no-break spaces
    (U+00A0, U+202F) made plain, whitespace collapsed.

    ``templates=True`` keeps <template> contents (a calculator's results, shown once computed);
    ``code=False`` leaves out <code> and <pre> (documented keys, not prose)."""
    invisible = (_INVISIBLE - ({"template"} if templates else set())) | (set() if code else {"code", "pre"})
    parser = _Text(invisible)
    parser.feed(page_html)
    parser.close()
    text = "".join(parser.parts).replace("\u00a0", " ").replace("\u202f", " ")
    return " ".join(text.split())
