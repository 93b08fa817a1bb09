"""A returning visitor gets the new version, and the service worker stays in its lane — in Chromium.

The mini project, with the site's theme, instant navigation and its calculator, is served under
/site/ next to another application (/autre/) on the same origin. Version 1 is visited (the
calculator runs once, so the runtime is kept for offline use); version 2, with a changed rule, is
deployed into the same folder; the revisit shows version 2 online, through instant navigation and
offline. Version 3 changes one file: the worker downloads that file only. The other application's
caches are neither read nor deleted, and « keep-runtime » keeps nothing but the site's own runtime.
"""
from __future__ import annotations

import contextlib
import json
import re
import struct
import zlib
from pathlib import Path
from typing import Iterator

import pytest

import browser as helpers
from browser import needs_chromium, until
from conftest import REPO
from generator.build import build

pytestmark = [pytest.mark.browser, needs_chromium]

CACHES = """async () => Object.fromEntries(await Promise.all((await caches.keys()).map(async (name) =>
    [name, (await (await caches.open(name)).keys()).map((r) => r.url)])))"""


def png(red: int) -> bytes:
    """A 1×1 PNG; a different colour is a different file."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes([0, red, 2, 3]))) + chunk(b"IEND", b""))


def scope_key(scope: str) -> str:
    """The worker's FNV-1a key of its scope (generator/site/sw.js), so the test knows the worker's own caches."""
    value = 0x811C9DC5
    for char in scope:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return f"{value:08x}"


def manifest(site: Path) -> dict:
    return json.loads(re.search(r"const MANIFEST = (\{.*?\});\n", (site / "sw.js").read_text(encoding="utf-8")).group(1))


@contextlib.contextmanager
def counting_server(folder: Path) -> Iterator[tuple[str, list[str]]]:
    """browser.serve(), which records the path of every request it answers."""
    asked: list[str] = []
    with helpers.serve(folder, asked=asked) as base:
        yield base, asked


def prepare(mini: Path) -> None:
    """The mini project with the site's theme and scripts (service worker, calculator), instant navigation on."""
    config = mini / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "theme:\n  name: material\n",
        f"theme:\n  name: material\n  custom_dir: {REPO / 'theme'}\n  features: [navigation.instant]\n")
    config.write_text(text + "extra_css: [assets/reperes.css, assets/calculator.css]\n"
                             "extra_javascript: [assets/reperes.js, assets/calculator.js]\n", encoding="utf-8")
    (mini / "content/pages/image.png").write_bytes(png(1))


def version_2(mini: Path) -> None:
    """The rule changes: two « oui » are now needed (the rule text, the threshold, the outcomes)."""
    grid = mini / "criteria/grille.yml"
    text = grid.read_text(encoding="utf-8")
    for old, new in [("rule_text: Au moins un « oui ».", "rule_text: Au moins deux « oui » (version 2)."),
                     ("at_least: 1", "at_least: 2"), ("at_most: 0", "at_most: 1"),
                     ("answers: {a: oui, b: non, suite: oui}", "answers: {a: oui, b: oui, suite: oui}")]:
        assert old in text
        text = text.replace(old, new)
    grid.write_text(text, encoding="utf-8")


def wait_for_cache(page, name: str, runtime: list[str] | None = None) -> None:
    """Until the worker's cache ``name`` is its only one (activated, older ones deleted), holding ``runtime``."""
    until(page, """async ([name, prefix, runtime]) => {
        const own = (await caches.keys()).filter((k) => k.startsWith(prefix));
        if (own.length !== 1 || own[0] !== name) return false;
        const urls = (await (await caches.open(name)).keys()).map((r) => r.url);
        return runtime.every((u) => urls.includes(u));
    }""", [name, name[: len("reperes-") + 9], runtime or []])


def instant(page, scope: str) -> None:
    """From the tool's page on screen, the home page reached by a link (instant navigation, no new page
    load, the same engine), then a marker in the window and a plain link to the tool (the theme intercepts
    the click)."""
    page.wait_for_function("() => window.document$ !== undefined")
    page.evaluate("""(scope) => {
        window.__same = true;
        const link = Object.assign(document.createElement("a"), {id: "vers-accueil", href: scope, textContent: "Accueil"});
        document.querySelector("article").prepend(link);
    }""", scope)
    page.click("#vers-accueil")
    page.wait_for_function("(scope) => location.href === scope && !document.querySelector('#vers-accueil')", arg=scope,
                           timeout=20000)
    page.evaluate("""() => {
        const link = Object.assign(document.createElement("a"), {id: "vers-grille", href: "outils/grille/", textContent: "Grille"});
        document.querySelector("article").prepend(link);
    }""")


def test_update_reaches_page_instant_navigation_and_offline_and_stays_in_its_lane(mini, tmp_path, browser):
    prepare(mini)
    www = tmp_path / "www"
    (www / "autre").mkdir(parents=True)
    (www / "autre/index.html").write_text("<!doctype html><title>Autre application</title><p>Autre</p>", encoding="utf-8")
    with counting_server(www) as (base, asked):
        scope = base + "site/"
        site = build(mini, out=www / "site", site_url=scope)
        v1 = manifest(site)
        prefix = f"reperes-{scope_key(scope)}-"
        runtime = [scope + path[2:] for path in v1["runtime"]]
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()

        # Another application of the origin, with its own caches (one under our path, one named like ours).
        page.goto(base + "autre/")
        page.evaluate("""async (scope) => {
            await (await caches.open("autre-app")).put(scope + "intrus.txt", new Response("INTRUS"));
            await (await caches.open("reperes-autre")).put(location.href, new Response("autre"));
        }""", scope)

        # Version 1: the calculator runs once; the worker keeps the site and the runtime.
        page.goto(scope + "outils/grille/")
        page.wait_for_selector("[data-result-for]:not([data-outcome]), [data-result-for][data-outcome]", timeout=60000)
        page.check('input[name="a"][value="oui"]')
        page.check('input[name="b"][value="non"]')
        page.wait_for_selector('[data-result-for][data-outcome="incomplet"]', timeout=90000)
        wait_for_cache(page, prefix + v1["version"], runtime)

        # Version 2 deployed into the same folder.
        version_2(mini)
        site = build(mini, out=www / "site", site_url=scope)
        v2 = manifest(site)
        changed = {path for path, rev in v2["precache"].items() if v1["precache"].get(path) != rev}
        assert "./outils/grille/" in changed and v2["runtime"] == v1["runtime"]

        # The revisit shows version 2 at once (pages go to the network first), then the worker updates.
        page.goto(scope + "outils/grille/")
        assert "version 2" in page.text_content("article")
        wait_for_cache(page, prefix + v2["version"], runtime)

        # Instant navigation (no reload: the window keeps its marker) fetches the page from the server.
        instant(page, scope)
        before = len(asked)
        page.click("#vers-grille")
        page.wait_for_function("() => location.pathname.endsWith('/outils/grille/')")
        page.wait_for_selector("text=version 2", timeout=20000)
        assert page.evaluate("window.__same === true"), "a full reload, not an instant navigation"
        assert "/site/outils/grille/" in asked[before:]

        # Offline: the page, instant navigation and the calculator are version 2.
        context.set_offline(True)
        page.goto(scope + "outils/grille/?a=oui")
        assert "version 2" in page.text_content("article")
        page.check('input[name="b"][value="non"]')
        page.wait_for_selector('[data-result-for][data-outcome="negatif"]', timeout=90000)  # version 1: « incomplet »
        instant(page, scope)
        page.click("#vers-grille")
        page.wait_for_selector("text=version 2", timeout=20000)
        assert page.evaluate("window.__same === true")
        # Never read from another application's cache, even for an address under our scope.
        assert page.evaluate("(url) => fetch(url).then((r) => r.text(), () => 'refusé')", scope + "intrus.txt") == "refusé"
        context.set_offline(False)

        # « keep-runtime » keeps only the runtime's own files, without query strings, for our own pages.
        lock = scope + "assets/pyodide/pyodide-lock.json"
        page.evaluate("async ([name, url]) => (await caches.open(name)).delete(url)", [prefix + v2["version"], lock])
        page.goto(base + "autre/")
        page.evaluate("""async ([scope, urls]) => {
            const registration = await navigator.serviceWorker.getRegistration(scope);
            registration.active.postMessage({type: "keep-runtime", urls});
        }""", [scope, [lock]])
        page.goto(scope)
        page.evaluate("""async (urls) => (await navigator.serviceWorker.ready).active.postMessage({type: "keep-runtime", urls})""",
                      [scope + "outils/grille/?a=oui", lock + "?v=1", base + "autre/", scope + "index.html"])
        page.wait_for_timeout(3000)
        stored = page.evaluate(CACHES)
        assert lock not in stored[prefix + v2["version"]], "kept on a request from outside the worker's scope"
        assert not [u for urls in stored.values() for u in urls if "?" in u]
        page.evaluate("""async (urls) => (await navigator.serviceWorker.ready).active.postMessage({type: "keep-runtime", urls})""",
                      [lock])
        wait_for_cache(page, prefix + v2["version"], runtime)  # the site's own page asking for its own file: kept

        # Version 3 changes one file: the update downloads that file, and nothing else.
        (mini / "content/pages/image.png").write_bytes(png(200))
        site = build(mini, out=www / "site", site_url=scope)
        v3 = manifest(site)
        assert {p for p, rev in v3["precache"].items() if v2["precache"].get(p) != rev} == {"./image.png"}
        before = len(asked)
        page.evaluate("async () => (await navigator.serviceWorker.ready).update()")
        wait_for_cache(page, prefix + v3["version"], runtime)
        assert [path for path in asked[before:] if path != "/site/sw.js"] == ["/site/image.png"]

        # The other application's caches are untouched.
        stored = page.evaluate(CACHES)
        assert stored["autre-app"] == [scope + "intrus.txt"] and stored["reperes-autre"] == [base + "autre/"]
        assert sorted(n for n in stored if n.startswith("reperes-")) == sorted([prefix + v3["version"], "reperes-autre"])
        context.close()
