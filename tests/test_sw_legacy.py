"""A returning visitor of Repères' first offline version loses its stale caches, and nothing else — in Chromium.

The first worker named its caches « reperes-<16 hex> » (pages) and « reperes-pyodide-<version> »
(runtime), whatever its scope; the current worker names them after its scope and, once active, deletes
the old ones. Another application's caches on the same origin, even one whose name starts with
« reperes- », are left alone.
"""
from __future__ import annotations

import pytest

from browser import needs_chromium, serve, until

pytestmark = [pytest.mark.browser, needs_chromium]

LEGACY = ["reperes-0123456789abcdef", "reperes-pyodide-0.27.2"]
OTHERS = ["autre-application", "reperes-notes-du-service", "reperes-0123456789abcdef-copie"]


def test_first_versions_caches_are_deleted_and_no_other(built_site, browser):
    with serve(built_site) as url:
        context = browser.new_context(service_workers="allow")
        page = context.new_page()
        page.goto(url + "sitemap.xml")  # same origin, no script of the site: no worker registered yet
        page.evaluate("""async (names) => { for (const name of names) {
            const cache = await caches.open(name);
            await cache.put(new Request(location.origin + '/' + name), new Response(name)); } }""", LEGACY + OTHERS)
        page.goto(url)
        until(page, "navigator.serviceWorker.controller !== null", timeout=60)
        until(page, """async (legacy) => { const names = await caches.keys();
                         return legacy.every((name) => !names.includes(name)); }""", LEGACY, timeout=60)
        names = page.evaluate("caches.keys()")
        assert all(name in names for name in OTHERS), names
        assert any(name.startswith("reperes-") and name not in OTHERS for name in names), names  # its own
        context.close()
