"""Each kind of bad input gives its own stable code, at the right file and line.

Tests assert codes and locations, never wording (messages may improve).
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO, problems
from helpers import edit


def test_fixture_is_valid(mini):
    assert problems(mini) == []


def test_yaml_syntax_error(mini):
    edit(mini / "content/programmes/p.yml", "    place: France", "    place: [France")  # line 5
    # The « [ » is never closed: YAML can tell only on line 6, whose « key: » cannot be in a list.
    assert problems(mini) == [("yaml-syntax", "content/programmes/p.yml", 6)]


def test_yaml_syntax_error_line(mini):
    edit(mini / "content/glossary/g.yml", "    term: MAIA", "    term: MAIA: x")
    assert problems(mini) == [("yaml-syntax", "content/glossary/g.yml", 4)]


def test_unknown_key(mini):
    edit(mini / "content/programmes/p.yml", "    place: France", "    place: France\n    lieu: Paris")
    assert problems(mini) == [("unknown-key", "content/programmes/p.yml", 6)]


def test_unknown_key_in_nested_block(mini):
    edit(mini / "content/programmes/p.yml", "        locator: \"§ 2.2\"", "        locator: \"§ 2.2\"\n        page: 4")
    assert problems(mini) == [("unknown-key", "content/programmes/p.yml", 13)]


def test_missing_required_field(mini):
    edit(mini / "content/programmes/p.yml", "    description: Un programme qui aide les médecins.\n", "")
    assert problems(mini) == [("missing-field", "content/programmes/p.yml", 3)]


def test_missing_source(mini):
    edit(mini / "content/glossary/g.yml", "    sources:\n      - ref: doc-a\n        locator: \"§ 2.5.8\"\n", "")
    assert problems(mini) == [("missing-source", "content/glossary/g.yml", 3)]


def test_empty_sources_list(mini):
    edit(mini / "content/glossary/g.yml", "    sources:\n      - ref: doc-a\n        locator: \"§ 2.5.8\"\n", "    sources: []\n")
    assert problems(mini) == [("missing-source", "content/glossary/g.yml", 6)]


def test_duplicate_id_across_files(mini):
    (mini / "content/glossary/h.yml").write_text(
        "reviewed: 2026-11-04\nrecords:\n  - id: maia\n    term: MAIA\n    expansion: autre\n"
        "    sources: [{ref: doc-a, locator: x}]\n    jurisdiction: [france]\n", encoding="utf-8")
    assert problems(mini) == [("duplicate-id", "content/glossary/h.yml", 3)]


def test_unknown_reference_from_profile(mini):
    edit(mini / "content/profiles/p.yml", "      - ref: doc-a\n        locator: Tableau 2",
         "      - ref: doc-z\n        locator: Tableau 2")
    assert problems(mini) == [("unknown-reference", "content/profiles/p.yml", 3)]


def test_unknown_link_in_markdown_marker(mini):
    edit(mini / "content/pages/index.md", "[[programmes/prog-un]]", "[[programmes/prog-deux]]")
    assert problems(mini) == [("unknown-reference", "content/pages/index.md", 11)]


def test_unknown_reference_in_source_marker(mini):
    edit(mini / "content/pages/index.md", "[[source:doc-a|§ 1]]", "[[source:doc-b|§ 1]]")
    assert problems(mini) == [("unknown-reference", "content/pages/index.md", 13)]


def test_duplicate_key(mini):
    edit(mini / "content/programmes/p.yml", "    place: France", "    place: France\n    place: Belgique")
    assert problems(mini) == [("duplicate-key", "content/programmes/p.yml", 6)]


def test_invalid_value(mini):
    edit(mini / "content/programmes/p.yml", "support_function: aide-a-la-pratique", "support_function: magie")
    assert problems(mini) == [("invalid-value", "content/programmes/p.yml", 6)]


def test_raw_html_refused(mini):
    edit(mini / "content/programmes/p.yml", "Un programme qui aide les médecins.", "Un <script>alert(1)</script> programme.")
    codes = {c for c, _, _ in problems(mini)}
    assert codes == {"invalid-markup"}


def test_javascript_link_refused(mini):
    edit(mini / "content/pages/index.md", "## Présentation", "## Présentation\n\n[clic](javascript:alert(1))")
    assert problems(mini) == [("invalid-markup", "content/pages/index.md", 11)]


def test_not_utf8(mini):
    (mini / "content/glossary/g.yml").write_bytes("reviewed: 2026-11-04\nrecords: []\n# é\n".encode("latin-1"))
    assert problems(mini) == [("not-utf8", "content/glossary/g.yml", 3)]


def test_empty_file(mini):
    (mini / "content/glossary/g.yml").write_text("", encoding="utf-8")
    assert problems(mini) == [("empty-file", "content/glossary/g.yml", 1)]


def test_rule_naming_unknown_question(mini):
    edit(mini / "criteria/grille.yml", "positive: {count: [a, b]", "positive: {count: [a, c]")
    assert problems(mini) == [("invalid-rule", "criteria/grille.yml", 1)]


def test_all_problems_reported_in_one_run(mini):
    edit(mini / "content/programmes/p.yml", "    place: France", "    place: France\n    lieu: Paris")
    edit(mini / "content/glossary/g.yml", "    term: MAIA", "    term: MAIA: x")
    edit(mini / "content/profiles/p.yml", "ref: doc-a", "ref: doc-z")
    codes = sorted(code for code, _, _ in problems(mini))
    assert codes == ["unknown-key", "unknown-reference", "yaml-syntax"]


def test_cli_prints_path_line_code_and_exits_1(mini):
    edit(mini / "content/programmes/p.yml", "    place: France", "    place: France\n    lieu: Paris")
    run = subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(mini), "check"],
                         capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 1
    assert "content/programmes/p.yml:6: unknown-key: " in run.stderr
    assert "Traceback" not in run.stderr + run.stdout


def test_cli_check_valid_exits_0(mini):
    run = subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(mini), "check"],
                         capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0, run.stderr


@pytest.mark.parametrize("code", ["yaml-syntax", "unknown-key", "missing-field", "duplicate-id", "unknown-reference",
                                  "missing-source", "duplicate-key", "invalid-value", "invalid-markup", "not-utf8",
                                  "empty-file", "invalid-rule", "build-failed"])
def test_every_code_is_documented(code):
    from generator.sources.errors import ERROR_TYPES

    assert ERROR_TYPES[code].description
