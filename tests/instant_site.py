"""The built site served so that mkdocs-material's instant navigation works, and a reader's click on a link.

A booted engine costs ~4 CPU-seconds (Pyodide from its snapshot) and every full page load also rebuilds the
search index (~0.6 s): tests that visit several tool states navigate as a reader does, by clicking links
inside the site, which keeps one page, one engine and one search index (the theme's instant navigation).
The theme navigates instantly only to the pages its sitemap.xml lists, with the host and port it is
served from; the built site lists its public address, so it is served through a view of its files
(symlinks) whose sitemap is written for the test server — every other file is the build's own.
"""
from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from typing import Iterator

from browser import record_js_errors, serve, site_pages

NAVIGATION_MS = 30000  # an instant navigation: one small fetch, but a busy machine may be slow


def sitemap(base: str, site: Path) -> str:
    """The sitemap.xml MkDocs writes when ``site_url`` is ``base`` (mkdocs-material navigates instantly
    only to the pages it lists, and compares their port too)."""
    urls = "".join(f"<url><loc>{base}{path}</loc></url>" for path in site_pages(site) if not path.startswith("embed/"))
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


@contextlib.contextmanager
def serve_instant(built_site: Path, folder: Path, **options) -> Iterator[str]:
    """Serve a view of ``built_site`` (made in ``folder``) whose sitemap lists the server's own URLs
    (``options``: those of browser.serve)."""
    site = folder / "site"
    shutil.copytree(built_site, site, copy_function=os.symlink)  # a view of the real build...
    (site / "sitemap.xml").unlink()  # ...whose sitemap is our own file
    with serve(site, **options) as base:
        (site / "sitemap.xml").write_text(sitemap(base, site), encoding="utf-8")
        yield base


def follow(page, url: str) -> None:
    """Click a link to ``url`` placed in the current page's article, as a reader follows a link of the site
    (the theme fetches the page and swaps it in: same window, same engine). The theme skips the fetch when
    only the query or the fragment changes, so a link to the page on screen goes through another page first
    (the tool index, or the home page; the site is served at the server's root)."""
    page.wait_for_function("() => window.document$ !== undefined")
    current = page.evaluate("() => location.pathname")
    target = page.evaluate("(u) => new URL(u, location.href).pathname", url)
    if current == target:
        follow(page, page.evaluate("(via) => new URL(via, location.href).href", "/outils/" if target != "/outils/" else "/"))
    page.evaluate("() => { window.__instant = (window.__instant || 0) + 1; }")
    marker = page.evaluate("() => window.__instant")
    page.evaluate("""(href) => {
        const link = Object.assign(document.createElement("a"), {href, textContent: "lien"});
        link.setAttribute("data-test-link", "");
        document.querySelector("article").prepend(link);
    }""", url)
    page.click("[data-test-link]")
    page.wait_for_function("(target) => location.pathname === target && !document.querySelector('[data-test-link]')",
                           arg=target, timeout=NAVIGATION_MS)
    assert page.evaluate("() => window.__instant") == marker, "the link reloaded the page instead of navigating instantly"


@contextlib.contextmanager
def tour_page(context, base: str) -> Iterator:
    """One page (of ``context``) for a module's tests that only need a tool in a given state, reached by links
    (``follow``): its engine boots once, on the first tool page, and serves every later one. Opened on the
    tool index."""
    page = record_js_errors(context.new_page())
    page.goto(base + "outils/")
    try:
        yield page
    finally:
        page.close()


@contextlib.contextmanager
def visiting(tour) -> Iterator:
    """A test's turn on the tour page: it fails on any uncaught JavaScript error meanwhile; the screen media
    and an empty localStorage (a palette chosen must not follow the next test) are restored after it."""
    before = len(tour.js_errors)
    try:
        yield tour
    finally:
        tour.emulate_media(media="screen")
        tour.evaluate("() => localStorage.clear()")
    assert tour.js_errors[before:] == [], f"JavaScript errors: {tour.js_errors[before:]}"
