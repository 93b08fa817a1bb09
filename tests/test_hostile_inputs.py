"""Hostile or broken sources: every case of tests/hostile/cases.py gives its documented code, never a traceback.

Sources of a regional edition come from outside the core team; none of these may crash the
generator, hang it, or reach the published site as script.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, problems
from generator.build import build
from generator.sources.errors import ERROR_TYPES
from helpers import copy_fixtures
from hostile.cases import CASES, REC, HEAD

REWRITES = {  # cases that edit the fixture's criterion rather than replace it
    "unknown-question-in-rule": ("positive: {count: [a, b]", "positive: {count: [a, zz]"),
    "closing-script-in-criterion": ('"Question A ?"', '"Question A </script><script>alert(1)</script> ?"'),
}


def apply(case, base: Path, edition: Path) -> None:
    name, rel, content = case[0], case[1], case[2]
    root, rel = (edition, rel[len("edition/"):]) if rel.startswith("edition/") else (base, rel)
    target = root / rel
    if name in REWRITES:
        old, new = REWRITES[name]
        target.write_text(target.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        return
    if isinstance(content, tuple):
        kind = content[0]
        if kind == "symlink":
            target.symlink_to(content[1])
        elif kind == "symlink-dir":
            outside = base.parent / "dehors"
            shutil.move(str(target), str(outside))
            target.symlink_to(outside, target_is_directory=True)
        else:  # replace
            target.write_text(target.read_text(encoding="utf-8").replace(content[1], content[2], 1), encoding="utf-8")
        return
    content = content() if callable(content) else content
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path]:
    return copy_fixtures(tmp_path)


def test_corpus_is_large_and_documented():
    assert len(CASES) >= 40
    assert len({c[0] for c in CASES}) == len(CASES)
    for case in CASES:
        assert case[3] in ERROR_TYPES, f"{case[0]}: {case[3]} is not a documented code"


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_case_gives_its_code(case, copies):
    base, edition = copies
    apply(case, base, edition)
    start = time.process_time()  # CPU time: the bound holds on a loaded machine too, where the wall clock does not
    found = problems(base, edition if case[1].startswith("edition/") else None)
    assert time.process_time() - start < 30, "a hostile file must not make the check hang"
    codes = [code for code, _, _ in found]
    assert case[3] in codes, f"expected {case[3]}, got {found}"
    if case[4] is not None:
        assert any(code == case[3] and line == case[4] for code, _, line in found), found


@pytest.mark.parametrize("name", ["alias-bomb", "python-tag", "latin-1", "symlink-to-etc-passwd", "script-tag",
                                  "deep-nesting", "zero-bytes", "front-matter-not-mapping"])
def test_cli_reports_without_traceback(name, copies):
    base, edition = copies
    case = next(c for c in CASES if c[0] == name)
    apply(case, base, edition)
    run = subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(base), "check"],
                         capture_output=True, text=True, cwd=REPO, timeout=120)
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    assert f": {case[3]}: " in run.stderr


def test_references_that_form_a_cycle_are_fine(copies):
    base, _ = copies
    (base / "content/programmes/p.yml").write_text(
        HEAD + REC.format(desc="A.") + "    see_also: [programmes/prog-deux]\n"
        + REC.format(desc="B.").replace("prog-un", "prog-deux") + "    see_also: [programmes/prog-un]\n", encoding="utf-8")
    assert problems(base) == []


def test_text_that_looks_like_html_is_published_inert(copies, tmp_path):
    base, _ = copies
    (base / "content/programmes/p.yml").write_text(
        HEAD + REC.format(desc="'Écrire &lt;script&gt;alert(1)&lt;/script&gt; ou 3 < 4 > 2 est sans effet.'"),
        encoding="utf-8")
    out = build(base, out=tmp_path / "site")
    html = (out / "programmes/prog-un/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "onerror" not in html and "javascript:" not in html
    assert "alert(1)" in html  # still shown, as text
