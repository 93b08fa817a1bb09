"""Opened in a real browser, the site talks to nobody but its own host, and stores nothing."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from browser import chromium, needs_chromium, search, serve, site_pages

pytestmark = [pytest.mark.browser, needs_chromium]


def test_every_page_loads_only_from_the_local_server(built_site):
    pages = site_pages(built_site)
    assert len(pages) > 100
    foreign: list[str] = []
    failed: list[str] = []
    with serve(built_site) as base, chromium() as browser:
        host = urlparse(base).netloc
        context = browser.new_context()
        context.on("request", lambda r: foreign.append(r.url)
                   if urlparse(r.url).scheme in ("http", "https", "ws", "wss") and urlparse(r.url).netloc != host else None)
        page = context.new_page()
        for path in pages:
            response = page.goto(base + path, wait_until="load")
            if response is None or response.status != 200:
                failed.append(path)
        page.wait_for_timeout(500)  # late requests (fonts, beacons) would show up here
        storage = page.evaluate("() => [Object.keys(localStorage), Object.keys(sessionStorage), document.cookie]")
        context.close()
    assert failed == []
    assert foreign == [], f"requests to other hosts: {sorted(set(foreign))[:10]}"
    # Only the theme's colour-scheme preference may be kept (mkdocs-material's « __palette »).
    local, session, cookies = storage
    assert [k for k in local if not k.endswith(".__palette")] == [] and session == [] and cookies == ""


def test_search_works_offline_in_french(built_site):
    with serve(built_site) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base, wait_until="load")
        assert search(page, "gestionnaire") > 0
