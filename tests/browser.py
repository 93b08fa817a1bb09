"""Real browser for the tests: Debian's Chromium driven by Playwright, pages served on loopback.

Playwright's own browser downloads do not work here; we launch /usr/bin/chromium
with the flags that keep it from calling home.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import shutil
import threading
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# A host name that reaches the test servers (on 127.0.0.1) without being loopback to Chromium: a page served
# there is not a secure context (no WebCrypto, no service worker), as on a plain-http intranet host.
PLAIN_HTTP_HOST = "plain-http.test"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps",
         f"--host-resolver-rules=MAP {PLAIN_HTTP_HOST} 127.0.0.1"]

# A page's Content-Security-Policy violations, kept in window.__violations (an init script of the context).
RECORD_VIOLATIONS = """window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));"""

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                    reason="Debian chromium absent: scripts/test.sh installs it (apt-get install chromium)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript",
                      ".wasm": "application/wasm", ".json": "application/json"}
    replaced: dict[str, tuple[bytes, str]] = {}
    asked: list[str] | None = None

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        if self.asked is not None:
            self.asked.append(self.path)
        answer = self.replaced.get(self.path.split("?", 1)[0])
        if answer is None:
            return super().do_GET()
        body, content_type = answer
        # A replaced file may change between two pages: the browser keeps its copy but asks each time, and
        # gets a 304 while it is unchanged (its compiled script kept, as for any cached file).
        tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        unchanged = self.headers.get("If-None-Match") == tag
        self.send_response(304 if unchanged else 200)
        self.send_header("ETag", tag)
        self.send_header("Cache-Control", "no-cache")
        if not unchanged:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not unchanged:
            self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):  # a tab closed mid-download
            super().handle_error(request, client_address)


# mkdocs-material's search worker (the same file on every page) builds the whole search index at each full
# page load: about 0.5 s of CPU, more than the page itself. A test that does not search may have it answered
# by this stand-in (serve(…, search=False)): the page still creates a worker at the same URL, under the same
# policy, so a policy violation would still show; only the index is not built. Search: test_search_browser.py.
SEARCH_STANDIN = ("// Repères tests: a stand-in for the theme's search worker (this test does not search).\n".encode(),
                  "text/javascript")


def search_worker(site: Path) -> str:
    """The URL path of the theme's search worker in a built site."""
    return "/" + next((site / "assets" / "javascripts" / "workers").glob("search.*.js")).relative_to(site).as_posix()


@contextlib.contextmanager
def serve(folder: Path, host: str = "127.0.0.1", replaced: dict[str, tuple[bytes, str]] | None = None,
          asked: list[str] | None = None, search: bool = True) -> Iterator[str]:
    """Serve ``folder`` on a free loopback port; yields the base URL.

    ``replaced`` maps URL paths to (body, content type) answered instead of the folder's file; it is read
    at each request, so a test may change it between pages: the browser revalidates a replaced file each
    time (« no-cache » and an ETag), so a change is never hidden by a cached copy. Serving a test's own
    file this way, rather than with a Playwright route, keeps the browser's HTTP cache on (a route turns
    it off for its whole context); the site's own files are cached as any static host's (Last-Modified).
    ``asked``, when given, receives the path of every request answered. ``search=False``: the theme's search
    worker is answered by SEARCH_STANDIN (added to ``replaced``), for tests that do not search."""
    replaced = replaced if replaced is not None else {}
    if not search:
        replaced.setdefault(search_worker(folder), SEARCH_STANDIN)
    handler = functools.partial(type("_Handler", (_Quiet,), {"replaced": replaced, "asked": asked}), directory=str(folder))
    server = _Server((host, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


_playwright = None


def _driver():
    """One Playwright driver per test process, started on first use: Playwright's sync API allows one at
    a time, and a browser of its own (chromium()) may then be launched beside the session's one."""
    global _playwright
    if _playwright is None:
        import atexit

        from playwright.sync_api import sync_playwright

        _playwright = sync_playwright().start()
        atexit.register(_playwright.stop)
    return _playwright


@contextlib.contextmanager
def chromium(**launch) -> Iterator:
    browser = _driver().chromium.launch(executable_path=CHROMIUM, args=FLAGS, **launch)
    try:
        yield browser
    finally:
        browser.close()


def site_pages(site: Path) -> list[str]:
    """URL paths of every HTML page of a built site (directory URLs)."""
    pages = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        pages.append("" if rel == "." else rel + "/")
    return pages


def search(page, query: str, timeout: float = 90.0) -> int:
    """Type ``query`` in the theme's search and return the number of results: mkdocs-material's search box, or
    Zensical's search dialog (in an open shadow root, which Playwright's selectors pierce).

    The theme ignores a query typed before its search worker is ready, and does not rerun it
    later: retype until results show (the index loads slowly on a busy machine).
    """
    import time

    box, result = SEARCH_UI[search_ui(page)]
    if box == SEARCH_UI["mkdocs"][0]:
        page.keyboard.press("s")  # the theme's shortcut focuses the search box
    elif not page.locator(box).is_visible():
        page.click(".md-search__button")  # opens the dialog
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        page.fill(box, "")
        page.fill(box, query)
        try:
            page.wait_for_selector(result, timeout=3000)
            return page.locator(result).count()
        except Exception:
            continue
    return 0


# Each backend's search box and result links (generator/site/backend.py).
SEARCH_UI = {"mkdocs": ("input.md-search__input", ".md-search-result__item"),
             "zensical": ("input[role=combobox]", "a[role=option]")}


def search_ui(page) -> str:
    """Which theme's search the page has: mkdocs-material's has its box in the page, Zensical's opens a dialog."""
    return "mkdocs" if page.locator(SEARCH_UI["mkdocs"][0]).count() else "zensical"


def until(page, script: str, arg=None, timeout: float = 90.0) -> None:
    """Poll ``script`` in the page until it is truthy. Unlike Playwright's wait_for_function, an async
    script is awaited (wait_for_function takes the pending promise itself for a truthy answer)."""
    import time

    end = time.monotonic() + timeout
    while not page.evaluate(script, arg):
        assert time.monotonic() < end, f"still false after {timeout} s: {script[:120]}"
        time.sleep(0.25)


def record_js_errors(page):
    """``page``, its uncaught JavaScript errors kept from now on in ``page.js_errors``."""
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(f"{page.url}: {error}"))
    return page


@contextlib.contextmanager
def recording_js_errors(context) -> Iterator:
    """A new page of ``context`` that records its uncaught JavaScript errors; fails on closing if any.

    Its localStorage is cleared on closing: a palette chosen by one test must not follow the next.
    """
    page = record_js_errors(context.new_page())
    yield page
    if page.url.startswith("http"):
        page.evaluate("() => localStorage.clear()")
    page.close()
    assert page.js_errors == [], f"JavaScript errors: {page.js_errors}"
