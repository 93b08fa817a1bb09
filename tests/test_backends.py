"""The site generators (issue 23): the same docs tree built by MkDocs (default) or Zensical gives the same pages,
tabs and links; the post-pass finishes either; a step whose file or pattern of the theme is absent fails the
build with its name (theme-mismatch), leaving the previous site as it was."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
import zensical_ui

from generator.build import build
from generator.site.backend_zensical import BUNDLE, CONTRAST_FIX, NAME_FIX, TAGS_CONTRAST_FIX, fixed, js_string
from generator.sources.errors import SourcesInvalid
from helpers import edit, visible_text

MATERIAL = Path(__import__("material").__file__).parent / "templates"
ZENSICAL = Path(zensical_ui.get_theme_dir())
TABS = re.compile(r'<a href="([^"]*)" class="md-tabs__link">\s*([^<]*?)\s*</a>')
TOC = {"mkdocs": re.compile(r'<a href="#[^"]*" class="md-nav__link">\s*<span class="md-ellipsis">\s*([^<]*?)\s*</span>'),
       "zensical": re.compile(r'<a href="#[^"]*" class="md-nav__link">\s*<span class="md-ellipsis">\s*'
                              r'<span class="md-typeset">\s*([^<]*?)\s*</span>')}


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name in ("index.html", "404.html")}


def test_both_backends_publish_the_same_pages(backend_sites):
    assert pages(backend_sites["zensical"]) == pages(backend_sites["mkdocs"])
    assert len(pages(backend_sites["zensical"])) > 100


@pytest.mark.parametrize("backend", ["mkdocs", "zensical"])
def test_tabs_lead_to_each_section_s_first_page_and_the_credit_names_the_generator(backend_sites, backend):
    html = (backend_sites[backend] / "gestion-de-cas/metier/index.html").read_text(encoding="utf-8")
    tabs = {title: urljoin("http://site/gestion-de-cas/metier/", href)[len("http://site/"):] for href, title in TABS.findall(html)}
    assert tabs["Organiser la gestion de cas"] == "gestion-de-cas/definitions/"
    assert tabs["Se former"] == "se-former/formations-en-france/"
    assert tabs["Mettre en œuvre"] == "mettre-en-oeuvre/v1sages-approche/"
    credit = visible_text(html)
    assert ("Réalisé avec Zensical" if backend == "zensical" else "Réalisé avec Material for MkDocs") in credit
    assert "Made with" not in credit


@pytest.mark.parametrize("backend", ["mkdocs", "zensical"])
def test_outcome_links_start_from_the_site_root(backend_sites, backend):
    """Raw HTML (a tool's outcomes) links from the site's root path: each generator reads it the same way."""
    html = (backend_sites[backend] / "outils/v1sages-reperage/index.html").read_text(encoding="utf-8")
    assert 'href="/outils/conect-6/"' in html  # the step that administers CONECT-6 leads to its page


def test_zensical_site_is_finished_by_the_post_pass(zensical_site):
    """Search: Repères' engine in place of Zensical's worker, every page pointing to it, its data in search.json
    from the final text (the glossary's acronyms, the engine's documents with the pages' paths); the dialog's
    style hashed; French labels."""
    index = json.loads((zensical_site / "search.json").read_text(encoding="utf-8"))
    items = index["items"]
    assert any("\u202f" in item["text"] or "\u00a0" in item["text"] for item in items)  # French spacing: final text
    assert {"location", "title", "text", "path", "kind"} <= set(items[0]) and "boost" not in items[0]
    maia = next(item for item in items if item["location"] == "outils/maia-orientation-2015/")
    assert maia["kind"] == "tool" and "plus de 60 ans" in maia["about"] and maia["path"][0] == "Repérer"
    # Issue 21: the interface draws a result's path, not its tags: a tool's territory ends the path of every
    # result of its page (a section's too), and no other page gets one.
    conect = [item for item in items if item["location"].startswith("outils/conect-6/")]
    assert len(conect) > 1 and all(item["path"][-1] == "Territoire de la source : Québec" for item in conect)
    assert maia["path"][-1] == "Territoire de la source : France" and maia["tags"] == ["France"]
    assert not any("Territoire" in " ".join(item["path"]) for item in items if not item["location"].startswith("outils/"))
    assert "CIUSSS" in index["config"]["reperes"]["keep"] and index["config"]["separator"]
    workers = [p.name for p in (zensical_site / "assets/javascripts/workers").glob("search.*.min.js")]
    assert len(workers) == 1 and workers[0].startswith("search.reperes-")
    worker = (zensical_site / "assets/javascripts/workers" / workers[0]).read_text(encoding="utf-8")
    assert "ReperesSearch" in worker and "Zensical's search worker" in worker
    page = (zensical_site / "glossaire/index.html").read_text(encoding="utf-8")
    assert f'"search":"../assets/javascripts/workers/{workers[0]}"' in page
    bundle = next((zensical_site / "assets/javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    assert '"Aucun résultat"' in bundle and '"No results"' not in bundle and "arrow keys" not in bundle
    assert re.search(r"style-src 'self' 'sha256-[A-Za-z0-9+/=]+';", page)


def test_js_string_reads_a_literal_as_the_browser_does():
    assert js_string(r"""'a\'b\\c\u00e9\x41\n\u{1F600}'""") == "a'b\\céA\n\U0001F600"
    assert js_string('"l\'ARS"') == "l'ARS"


def test_mini_edition_on_zensical_gets_its_words_and_its_national_links(mini_and_edition, tmp_path):
    """An edition built with Zensical: the edition's words in the headings' table of contents and in the search
    index (the post-pass), the banner's national link absolute as the edition says."""
    base, edition = mini_and_edition
    edit(base / "content/pages/index.md", "## Présentation", "## Présentation aux médecins")
    out = build(base, edition, tmp_path / "site", backend="zensical")
    html = (out / "programmes/prog-un/index.html").read_text(encoding="utf-8")
    assert 'href="https://national.example.org/programmes/prog-un/"' in html
    items = json.loads((out / "search.json").read_text(encoding="utf-8"))["items"]
    assert any("médecins [dans cette édition\u00a0: médecins de famille]" in i["text"] for i in items)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Présentation aux médecins de famille" in TOC["zensical"].findall(index)


def _theme_with(project: Path, backend: str, partial: str, old: str, new: str) -> None:
    """A copy of the theme's ``partial`` with ``old`` changed, as the project's theme override (custom_dir)."""
    source = (ZENSICAL if backend == "zensical" else MATERIAL) / partial
    target = project / "theme" / partial
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    edit(target, old, new)
    edit(project / "mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: theme\n")


@pytest.mark.parametrize("backend", ["mkdocs", "zensical"])
def test_a_changed_theme_partial_fails_the_step_that_reads_it(mini_and_edition, tmp_path, backend):
    """The table of contents' partial of a new theme release marks its entries otherwise: the build stops at the
    « toc » step (the edition's words would be missing), names it, and writes nothing."""
    base, edition = mini_and_edition
    _theme_with(base, backend, "partials/toc-item.html", '"md-ellipsis"', '"md-text"')
    out = tmp_path / "site"
    with pytest.raises(SourcesInvalid) as failure:
        build(base, edition, out, backend=backend)
    problem, = failure.value.problems
    assert problem.code == "theme-mismatch" and "étape « toc »" in problem.message, problem
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["edition", "mini"]


def test_a_theme_without_its_search_index_fails_the_search_index_step(mini, tmp_path):
    edit(mini / "mkdocs.yml", "  - search:\n      lang: fr\n", "")
    with pytest.raises(SourcesInvalid) as failure:
        build(mini, out=tmp_path / "site")
    problem, = failure.value.problems
    assert problem.code == "theme-mismatch" and "étape « search-index »" in problem.message
    assert problem.path == "search/search_index.json" and "bash scripts/setup.sh" in problem.message


def test_search_dialog_fixes_find_their_pattern_once_and_fail_by_name_when_absent():
    """The dialog's accessibility fixes (backend_zensical.py) on the pinned theme's own script: each pattern is
    there once; a script without it (a new release) fails the build, naming the step."""
    script, = (p.read_text(encoding="utf-8") for p in (Path(zensical_ui.__file__).parent / "templates").glob(BUNDLE))
    for fix in (CONTRAST_FIX, TAGS_CONTRAST_FIX, NAME_FIX):
        script = fixed(script, fix, "bundle.js")
        with pytest.raises(SourcesInvalid) as failure:
            fixed(script, fix, "bundle.js")  # already made: the pattern is gone
        problem, = failure.value.problems
        assert problem.code == "theme-mismatch" and f"étape « {fix[0]} »" in problem.message
    assert "/.45)" not in script.split("display:inline-flex", 1)[1].split("}", 1)[0]
