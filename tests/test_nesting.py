"""Markdown nested past any real use is a coded problem with its line, never a RecursionError."""
from __future__ import annotations

import subprocess
import sys

from conftest import problems
from generator.build import build
from generator.sources.markers import MAX_NESTING


def append(mini, text: str) -> int:
    """Add ``text`` to the mini home page after a blank line; the line number where it starts."""
    page = mini / "content/pages/index.md"
    before = page.read_text(encoding="utf-8")
    page.write_text(before + "\n" + text, encoding="utf-8")
    return before.count("\n") + 2


def test_600_nested_list_levels_give_invalid_markup_at_the_line(mini):
    start = append(mini, "".join("    " * i + "- niveau\n" for i in range(600)))
    assert problems(mini) == [("invalid-markup", "content/pages/index.md", start + MAX_NESTING)]
    run = subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(mini), "build", "--out", str(mini / "out")],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr and "RecursionError" not in run.stderr
    assert f"content/pages/index.md:{start + MAX_NESTING}: invalid-markup:" in run.stderr


def test_markers_on_one_line_count(mini):
    start = append(mini, "Texte.\n\n" + "- " * 300 + "x\n")
    assert problems(mini) == [("invalid-markup", "content/pages/index.md", start + 2)]


def test_nested_quotes_count(mini):
    start = append(mini, "Texte.\n\n" + "> " * 300 + "x\n")
    assert problems(mini) == [("invalid-markup", "content/pages/index.md", start + 2)]


def test_deep_emphasis_is_refused(mini):
    start = append(mini, "Un paragraphe\nsur deux lignes " + "*" * 3000 + "x" + "*" * 3000 + "\n")
    assert problems(mini) == [("invalid-markup", "content/pages/index.md", start + 1)]


def test_deep_nesting_in_a_yaml_text(mini):
    glossary = mini / "content/glossary/g.yml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("    expansion: ", "    expansion: Texte " + "_a " * 40, 1), encoding="utf-8")
    assert problems(mini) == [("invalid-markup", "content/glossary/g.yml", 5)]


def test_the_deepest_accepted_page_builds(mini, tmp_path):
    """Right under the cap in every way at once: MkDocs, abbr and the search index still cope."""
    append(mini, "".join("    " * i + "- niveau\n" for i in range(MAX_NESTING - 1)) + "    " * (MAX_NESTING - 1) + "- "
           + "*a " * MAX_NESTING + "x" + " a*" * MAX_NESTING + "\n\n" + "> " * MAX_NESTING + "[a " * 16 + "**" * 8 + "x"
           + "**" * 8 + "](https://example.org/)" * 16 + "\n")
    assert problems(mini) == []
    assert (build(mini, out=tmp_path / "site") / "index.html").is_file()


def test_ordinary_text_is_not_nesting():
    from generator.sources.markers import nesting_problem

    text = ("- **gras** et *italique*, snake_case, __init__, 5 * 3, [lien](x) [1]\n    - sous-liste\n\n"
            "> citation\n> - liste dans la citation\n\n" + "**mot** " * 500 + "\n")
    assert nesting_problem(text) is None
