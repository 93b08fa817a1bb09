"""Private by construction, locked down, usable offline — checked in a real browser.

Every page of every shipped edition: a Content-Security-Policy that allows only the
site itself (plus WebAssembly for Pyodide and the hashes of the theme's own inline
scripts), no policy violation, no request to another host. The calculators work
under that policy, keep working offline after a first visit, and write no answer
anywhere. The zip produced by « reperes build --zip » works once unpacked.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import zipfile
from urllib.parse import urlparse

import pytest

from browser import RECORD_VIOLATIONS, needs_chromium, search, serve, until
from instant_site import follow, serve_instant

pytestmark = [pytest.mark.browser, needs_chromium]

CSP = re.compile(r'<head>\s*<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


@pytest.fixture(scope="module")
def sites(all_sites, zensical_site):
    """Every shipped edition, and the national site built with Zensical (« zensical »)."""
    return {**all_sites, "zensical": zensical_site}


@pytest.mark.parametrize("name", ["national", "quebec", "ars-exemple", "zensical"])
def test_every_page_declares_a_strict_policy(sites, name):
    site = sites[name]
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = CSP.search(html)
        assert found, f"{page}: no Content-Security-Policy as first element of <head>"
        policy = dict(d.strip().split(" ", 1) for d in found.group(1).split(";"))
        sources = policy["script-src"].split()
        assert sources[:2] == ["'self'", "'wasm-unsafe-eval'"], page
        assert all(s.startswith("'sha256-") for s in sources[2:]), page
        assert "unsafe-inline" not in found.group(1) and "'unsafe-eval'" not in found.group(1)
        assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
        styles = policy["style-src"].split()  # Zensical: its search dialog's style, by hash
        assert styles[0] == "'self'" and all(s.startswith("'sha256-") for s in styles[1:]), page


# Every page of every edition, opened in Chromium, with no policy violation and no request to another host:
# tests/test_accessibility.py::test_every_page_in_one_visit checks it on the one crawl that also runs axe.


def test_service_worker_lists_only_its_own_site(all_sites):
    """The service worker downloads only what its manifest lists, relative to its own scope: no other host."""
    for name, site in all_sites.items():
        found = re.search(r"const MANIFEST = (\{.*?\});\n", (site / "sw.js").read_text(encoding="utf-8"))
        assert found, f"{name}: no manifest in sw.js"
        listed = json.loads(found.group(1))
        paths = [*listed["precache"], *listed["runtime"], *listed["runtime_folders"]]
        assert len(listed["precache"]) > 100 and listed["runtime"], name
        outside = [p for p in paths if not p.startswith("./") or "//" in p or ":" in p or "/../" in p]
        assert outside == [], f"{name}: service-worker entries outside its scope: {outside[:10]}"


def answer_has_grid(page) -> None:
    for item, value in [("hospitalisation_urgence_6_mois", "non"), ("mobilite", "oui"), ("socio_economique", "non"),
                        ("troubles_cognitifs_mentaux_comportementaux", "non"), ("isolement", "nsp"),
                        ("difficultes_systeme_sante", "non")]:
        page.check(f'input[name="{item}"][value="{value}"]')
    page.check('input[name="peut_beneficier"][value="oui"]')
    page.check('input[name="accepte_orientation"][value="oui"]')
    page.wait_for_selector('[data-result-for][data-outcome="orientation-assistant-parcours"]', timeout=20000)


# Editions: same service worker; see the closing note of 2026-11-23. « zensical »: the national site built with Zensical.
@pytest.mark.parametrize("name", ["national", "zensical"])
def test_calculator_works_under_the_policy_and_offline(sites, browser, name):
    foreign = []
    with serve(sites[name]) as base:
        host = urlparse(base).netloc
        context = browser.new_context()
        context.add_init_script(RECORD_VIOLATIONS)
        # The context sees the service worker's requests too (its install, the runtime it keeps).
        context.on("request", lambda r: foreign.append(r.url)
                   if urlparse(r.url).scheme in ("http", "https") and urlparse(r.url).netloc != host else None)
        page = context.new_page()
        page.goto(base + "outils/conect-6/", wait_until="load")  # first visit: online
        page.wait_for_selector('[data-result-for][data-outcome]', timeout=60000)
        assert CSP.search(page.content())
        # Wait until the service worker's one cache holds both the site and the Python runtime.
        until(page, """async () => {
            const own = (await caches.keys()).filter((k) => k.startsWith("reperes-"));
            if (own.length !== 1) return false;
            const urls = (await (await caches.open(own[0])).keys()).map((r) => new URL(r.url).pathname);
            // The runtime: Pyodide, the engine's worker, its lock and wheel, and the snapshot it booted from.
            return ["/", "/glossaire/", "/assets/pyodide/pyodide.asm.wasm", "/assets/pyodide/python_stdlib.zip",
                    "/assets/pyodide/pyodide.mjs", "/assets/pyodide/pyodide.asm.mjs", "/assets/engine/pyodide-lock.json",
                    "/assets/engine/engine-worker.mjs"].every((p) => urls.includes(p))
                && urls.some((p) => p.startsWith("/assets/engine/reperes_engine-") && p.endsWith(".whl"))
                && urls.some((p) => p.startsWith("/assets/engine/snapshot-") && p.endsWith(".bin"));
        }""")
        context.set_offline(True)
        page.goto(base + "outils/has-assistance-parcours/", wait_until="load")  # another calculator, offline
        page.wait_for_selector('[data-result-for][data-outcome]', timeout=60000)
        answer_has_grid(page)
        assert "prêt" in page.text_content("[data-status]")
        page.goto(base + "glossaire/", wait_until="load")  # a reading page, offline
        assert "Glossaire" in page.title()
        assert search(page, "gestionnaire") > 0  # the search index works offline
        assert page.evaluate("window.__violations") == []
        context.close()
    assert foreign == [], f"requests to other hosts: {sorted(set(foreign))[:10]}"


def test_embed_works_offline_from_a_cache_of_its_own(built_site, browser):
    """Issue 22: an embed page (a trainer's iframe) registers the site's service worker for the embed pages only
    (« sw.js?embed », generator/site/sw.js): it keeps those pages, the files they load and, once a tool has run,
    the Python runtime — not the rest of the site (7 MB of pages a trainee never reads) — so the next visit works
    offline and starts from the cache. Loaded here as a page of its own; in a cross-origin iframe the browser
    keeps the same cache under the course site's partition, where it allows third-party storage."""
    with serve(built_site, search=False) as base:
        context = browser.new_context()
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        page.goto(base + "embed/conect-6/", wait_until="load")  # first visit: online
        page.wait_for_selector('[data-result-for][data-outcome]', timeout=60000)
        until(page, """async () => {
            const own = (await caches.keys()).filter((k) => k.startsWith("reperes-"));
            if (own.length !== 1) return false;
            const urls = (await (await caches.open(own[0])).keys()).map((r) => new URL(r.url).pathname);
            return ["/embed/conect-6/", "/embed/has-assistance-parcours/", "/assets/calculator.js", "/assets/calculator.css",
                    "/assets/pyodide/pyodide.asm.wasm", "/assets/engine/engine-worker.mjs"].every((p) => urls.includes(p))
                && urls.some((p) => p.startsWith("/assets/engine/snapshot-"));
        }""")
        workers = page.evaluate("""async () => (await navigator.serviceWorker.getRegistrations())
            .map((r) => [r.scope, r.active && r.active.scriptURL])""")
        assert workers == [[base, base + "sw.js?embed"]]
        kept = page.evaluate("""async () => (await Promise.all((await caches.keys()).map(async (k) =>
            (await (await caches.open(k)).keys()).map((r) => new URL(r.url).pathname)))).flat()""")
        assert not [p for p in kept if not p.startswith(("/embed/", "/assets/"))], kept  # no page of the site
        context.set_offline(True)
        page.goto(base + "embed/has-assistance-parcours/?isolement=oui", wait_until="load")  # another tool, offline
        page.wait_for_selector('[data-result-for][data-outcome]', timeout=60000)
        answer_has_grid(page)
        assert page.evaluate("window.__violations") == []
        context.close()


def test_no_answer_is_stored_anywhere(built_site, browser, tmp_path):
    with serve_instant(built_site, tmp_path) as base:
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + "outils/has-assistance-parcours/?isolement=oui", wait_until="load")
        page.wait_for_selector('[data-result-for][data-outcome]', timeout=60000)
        answer_has_grid(page)
        follow(page, base + "outils/v1sages-reperage/")  # a link of the site: the same page and engine
        page.wait_for_selector('[data-result-for="v1sages-reperage"][data-outcome]', timeout=60000)
        page.fill('input[name="visites_urgence_12_mois"]', "12")
        page.check('input[name="hebergement_longue_duree"][value="non"]')
        page.wait_for_selector('[data-result-for][data-outcome="reperee"]', timeout=20000)
        stored = page.evaluate("""async () => ({
            local: Object.keys(localStorage).map((k) => k + "=" + localStorage.getItem(k)),
            session: Object.keys(sessionStorage),
            cookies: document.cookie,
            databases: indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [],
            cached: (await Promise.all((await caches.keys()).map(async (k) =>
                (await (await caches.open(k)).keys()).map((r) => r.url)))).flat(),
        })""")
        context.close()
    # Only mkdocs-material's colour-scheme preference may be kept; no answer, nowhere.
    assert all(entry.startswith("/.__palette=") for entry in stored["local"])
    assert stored["session"] == [] and stored["cookies"] == "" and stored["databases"] == []
    assert not [u for u in stored["cached"] if "?" in u or "isolement" in u or "visites" in u]
    assert not any(word in " ".join(stored["local"]) for word in ("oui", "non", "isolement", "12"))


def test_zip_works_once_unpacked(built_site, tmp_path, browser):
    from generator.site.archive import make_zip  # what « reperes build --zip » runs (test_build.py runs the CLI)

    view = tmp_path / "site"  # the session's national site, seen through symlinks: the zip goes beside the view
    shutil.copytree(built_site, view, copy_function=os.symlink)
    archive = make_zip(view)
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        assert "site/.htaccess" in names and "site/web.config" in names and "site/sw.js" in names
        z.extractall(tmp_path / "unpacked")
    with serve(tmp_path / "unpacked" / "site") as base:
        page = browser.new_page()
        page.goto(base + "outils/maia-orientation-2015/?crise=oui", wait_until="load")
        page.wait_for_selector('[data-result-for][data-outcome="criteres-non-reunis"]', timeout=60000)
        page.close()
