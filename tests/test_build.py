"""Building: both entry points work, output replaces the old site only on success."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.build import build
from generator.sources.errors import SourcesInvalid
from mini_site import copy_of


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_site_and_exports(out: Path) -> None:
    assert (out / "index.html").is_file()
    assert (out / "programmes/prog-un/index.html").is_file()
    index = json.loads((out / "api/index.json").read_text(encoding="utf-8"))
    assert index["collections"]["programmes"]["count"] == 1
    spec = json.loads((out / "api/criteria/grille.json").read_text(encoding="utf-8"))
    assert spec["format"] == "reperes-criterion/1" and spec["outcomes"][-1]["id"] == "incomplet"
    assert (out / "schemas/programmes.schema.json").is_file()


def test_build_writes_site_and_exports(mini_site):
    """« reperes build » (the shared mini site); build() writes the same in test_successful_rebuild_replaces_site."""
    assert_site_and_exports(mini_site["site"])


def test_failed_build_leaves_previous_site_byte_identical(mini, mini_site, tmp_path):
    out = copy_of(mini_site["site"], tmp_path / "out" / "site")  # the previous build
    before = tree_digest(out)
    programmes = mini / "content/programmes/p.yml"
    programmes.write_text(programmes.read_text(encoding="utf-8").replace("place: France", "place: [France"), encoding="utf-8")
    with pytest.raises(SourcesInvalid):
        build(mini, out=out)
    assert tree_digest(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"], "no temporary folder may be left behind"


def test_failed_mkdocs_stage_leaves_previous_site(mini, mini_site, tmp_path):
    """A broken Markdown link passes validation but fails MkDocs' strict build."""
    out = copy_of(mini_site["site"], tmp_path / "site")  # the previous build
    before = tree_digest(out)
    page = mini / "content/pages/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[lien cassé](nulle-part.md)\n", encoding="utf-8")
    with pytest.raises(SourcesInvalid) as failure:
        build(mini, out=out)
    assert [p.code for p in failure.value.problems] == ["build-failed"]
    assert failure.value.problems[0].path == "content/pages/index.md"
    assert tree_digest(out) == before


def test_successful_rebuild_replaces_site(mini, mini_site, tmp_path):
    out = copy_of(mini_site["site"], tmp_path / "site")  # the previous build
    (out / "stale.txt").write_text("old", encoding="utf-8")
    assert build(mini, out=out) == out.resolve()
    assert not (out / "stale.txt").exists()
    assert_site_and_exports(out)  # build(), the other entry point, writes the site and its exports


def test_plain_mkdocs_build_works_from_project_root(mini, tmp_path):
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "m")],
                         cwd=mini, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "m/programmes/prog-un/index.html").is_file()


def test_plain_mkdocs_build_reports_source_errors(mini, tmp_path):
    glossary = mini / "content/glossary/g.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("term: MAIA", "term: MAIA: x"), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "m")],
                         cwd=mini, capture_output=True, text=True)
    assert run.returncode != 0
    assert "content/glossary/g.yml:4: yaml-syntax:" in run.stderr


def test_real_project_builds(built_site):
    assert (built_site / "outils/has-assistance-parcours/index.html").is_file()


def test_cli_builds_the_site_and_its_zip(mini_site):
    """« reperes build --zip » (the shared mini site): the real project's archive is checked in a browser
    (test_trust_browser.py)."""
    assert (mini_site["site"] / "programmes/prog-un/index.html").is_file()
    with zipfile.ZipFile(mini_site["zip"]) as archive:
        names = archive.namelist()
    assert "site/programmes/prog-un/index.html" in names and "site/.htaccess" in names


def test_provenance_and_review_date_rendered(mini_site):
    out = mini_site["site"]
    html = (out / "programmes/prog-un/index.html").read_text(encoding="utf-8")
    assert "Source\u00a0:" in html and 'href="../../references/#doc-a"' in html
    assert "Dernière révision\u00a0: 2 novembre 2026" in html
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Sources de cette page" in home
    assert '<abbr title="maisons pour l&#39;autonomie' in home or "<abbr title=\"maisons pour l'autonomie" in home
