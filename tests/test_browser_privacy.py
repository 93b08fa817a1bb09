"""Opened in a real browser, the site talks to nobody but its own host, and stores nothing."""
from __future__ import annotations

import pytest

from browser import needs_chromium, search, serve

pytestmark = [pytest.mark.browser, needs_chromium]


# Every page loads from the local server only (and stores nothing but the palette choice):
# tests/test_accessibility.py::test_every_page_in_one_visit checks it on its crawl of every page, every edition.


def test_search_works_offline_in_french(built_site, browser):
    with serve(built_site) as base:
        page = browser.new_page()
        page.goto(base, wait_until="load")
        assert search(page, "gestionnaire") > 0
        page.close()
