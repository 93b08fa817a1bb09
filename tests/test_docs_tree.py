"""The docs tree (issue 13): the pipeline writes a plain MkDocs project that MkDocs builds with no Repères
plugin, giving the same pages as « reperes build »; the plugin keeps only what « mkdocs serve » needs."""
from __future__ import annotations

import inspect
import json
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.build import docs_tree, prepare
from generator.site.docs_tree import CONTENT_END, CONTENT_START, STAMP, stage
from generator.sources.errors import SourcesInvalid
from generator.plugin import EVENTS, ReperesPlugin
from conftest import shared
from helpers import REPO, edit

MKDOCS = Path(sys.executable).with_name("mkdocs")


def pages(site: Path) -> set[str]:
    """Every page of a built site: its index.html files and its 404 page."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name in ("index.html", "404.html")}


def _plain_builds(folder: Path) -> dict[str, Path]:
    """The staged trees of the national site and of the Québec edition, each built by plain « mkdocs build »
    (both builds at once): {"national-tree": …, "national-site": …, "quebec-tree": …, "quebec-site": …}."""
    runs, out = [], {}
    for name, edition in (("national", None), ("quebec", REPO / "editions" / "quebec")):
        tree = docs_tree(REPO, edition, folder / name / "tree")
        site = folder / name / "site"
        runs.append(subprocess.Popen([str(MKDOCS), "build", "-q", "-f", str(tree / "mkdocs.yml"), "-d", str(site)],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
        out[f"{name}-tree"], out[f"{name}-site"] = tree, site
    for run in runs:
        output, _ = run.communicate(timeout=600)
        assert run.returncode == 0, output
    return out


@pytest.fixture(scope="session")
def plain_builds(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """{"national": (tree, site), "quebec": (tree, site)}: made once per test run, even under pytest-xdist
    (the tests of this module run on both workers, a module fixture would be made on each, or more)."""
    built = shared(tmp_path_factory, "docs-tree", _plain_builds)
    return {name: (built[f"{name}-tree"], built[f"{name}-site"]) for name in ("national", "quebec")}


@pytest.mark.parametrize("name", ["national", "quebec"])
def test_staged_tree_builds_without_the_plugin_and_gives_the_same_pages(plain_builds, all_sites, name):
    tree, site = plain_builds[name]
    config = yaml.safe_load((tree / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert "reperes" not in plugins and "search" in plugins
    assert Path(config["theme"]["custom_dir"]).is_absolute() and config["docs_dir"] == "docs"
    assert pages(site) == pages(all_sites[name])
    assert len(pages(site)) > 100


def test_staged_edition_config_carries_the_edition(plain_builds):
    tree, _ = plain_builds["quebec"]
    config = yaml.safe_load((tree / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "Repères — édition Québec"
    assert "assets/edition.css" in config["extra_css"]
    assert list(config["nav"][-1]) == ["Édition"] and "edition/ecarts.md" in config["nav"][-1]["Édition"]
    home = (tree / "docs" / "index.md").read_text(encoding="utf-8")
    assert '!!! abstract "Repères — édition Québec"' in home and "reperes-edition-banner" in home


def test_post_pass_leaves_no_content_comment(all_sites):
    for site in all_sites.values():
        for path in site.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            assert CONTENT_START not in text and CONTENT_END not in text, path


def test_plugin_has_only_the_events_serve_needs():
    events = {name for name, _ in inspect.getmembers(ReperesPlugin, inspect.isfunction) if name.startswith("on_")}
    assert events == set(EVENTS) == {"on_config", "on_post_build", "on_serve"}


def test_staging_again_rewrites_only_what_changed(mini, tmp_path):
    folder = tmp_path / "tree"
    stage(prepare(mini), mini, folder)
    files = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    page = mini / "content" / "pages" / "index.md"
    edit(page, "\n\n", "\n\nUne phrase de plus.\n\n")
    stage(prepare(mini), mini, folder)
    changed = {p for p, mtime in files.items() if p.stat().st_mtime_ns != mtime}
    assert changed == {folder / "docs" / "index.md"}
    assert "Une phrase de plus." in (folder / "docs" / "index.md").read_text(encoding="utf-8")


def test_docs_tree_refuses_a_folder_it_did_not_write(mini, tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("à garder", encoding="utf-8")
    with pytest.raises(SourcesInvalid) as refused:
        docs_tree(mini, None, tmp_path / "mine")
    assert [p.code for p in refused.value.problems] == ["output-not-ours"]
    assert (tmp_path / "mine" / "notes.txt").is_file() and not (tmp_path / "mine" / STAMP).exists()


def test_post_pass_gives_the_edition_its_words_in_toc_and_search(all_sites):
    """The terminology, applied after MkDocs: headings and table of contents take the local term, text is
    glossed, and the search index is made from that final text (French spacing included)."""
    page = "reperer/dimensions-complexite/index.html"
    local = (all_sites["quebec"] / page).read_text(encoding="utf-8")
    national = (all_sites["national"] / page).read_text(encoding="utf-8")
    toc = re.compile(r'<a href="#[^"]*" class="md-nav__link">\s*<span class="md-ellipsis">\s*([^<]*?)\s*</span>')
    assert "Une grille de repérage pour le médecin de famille" in toc.findall(local)
    assert "Une grille de repérage pour le médecin traitant" in toc.findall(national)
    index = json.loads((all_sites["quebec"] / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    entries = [e for e in index if e["location"].startswith("reperer/dimensions-complexite/")]
    assert "Une grille de repérage pour le médecin de famille" in [e["title"] for e in entries]
    # The source's term is quoted there (the title of the HAS grid): glossed after the quotation, never inside it.
    gloss = re.compile(r"médecin traitant\s*»\s*\[au Québec\s*: médecin de famille\]")
    assert any(gloss.search(e["text"]) for e in entries)
    assert all(e.get("boost") == 2.0 for e in entries)  # the authored page's boost, from its front matter


def test_mkdocs_serve_publishes_the_sources_and_rebuilds_once_per_edit(mini, tmp_path):
    """« mkdocs serve » through the plugin: the staged tree is served (post-pass done), an edit of a
    content page is served after one rebuild, and rewriting the staged tree triggers no other; an edit
    of a YAML source is served too (authors see their edit without restarting)."""
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        # Ctrl-C must reach it even when this test runs in a background job (where SIGINT is ignored, and
        # a child inherits that): the server starts with SIGINT's default, as in a terminal.
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                  cwd=mini, stdout=out, stderr=subprocess.STDOUT,
                                  preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))

    def home(wanted: str, seconds: float = 120, path: str = "") -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                text = urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5).read().decode("utf-8")
                if wanted in text:
                    return text
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"{wanted!r} never served:\n{log.read_text(encoding='utf-8')}")

    try:
        text = home("Présentation")
        assert "Content-Security-Policy" in text and CONTENT_START not in text  # the post-pass ran
        edit(mini / "content" / "pages" / "index.md", "## Présentation", "## Présentation modifiée")
        home("Présentation modifiée")
        time.sleep(5)  # a rebuild caused by the staged tree would start within this delay
        assert log.read_text(encoding="utf-8").count("Building documentation") == 2, log.read_text(encoding="utf-8")
        home("Un programme qui aide les médecins", path="programmes/prog-un/")
        edit(mini / "content" / "programmes" / "p.yml", "Un programme qui aide les médecins.",
             "Un programme modifié pendant le service.")
        home("Un programme modifié pendant le service", path="programmes/prog-un/")
        assert log.read_text(encoding="utf-8").count("Building documentation") == 3, log.read_text(encoding="utf-8")
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl-C, as a person stops it: the staged tree is removed
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()  # never left running
            raise
