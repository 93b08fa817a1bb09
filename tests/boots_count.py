"""Counts, per test, the engine boots and the full page loads that its browser pages make (a pytest plugin).

    BOOTS_COUNT=counts.jsonl PYTHONPATH=tests .venv/bin/python -m pytest -p boots_count tests/test_x_browser.py

Every context and page that Playwright opens is watched. « engines »: the engine workers its pages start
(one per engine boot, wherever its files come from; a worker started inside a cross-origin iframe may not be
reported). « boots »: the requests for ``pyodide.asm.wasm`` that are not the service worker's own (each
boot instantiates it, but a page that the service worker controls may not report it). « loads »: requests
of resource type « document » from a top frame, one per full page load (instant navigation fetches pages
with fetch(): not counted); « frames »: the same from iframes. « sw-fetches »: the service worker's own
requests (its precache on install, the runtime kept for offline use). One JSON line per test.
"""
from __future__ import annotations

import json
import os
from collections import Counter

import pytest

_counts: Counter = Counter()


def _watch(request) -> None:
    url = request.url
    if request.service_worker is not None:  # the service worker keeping the runtime for offline use
        _counts["sw-fetches"] += 1
        return
    if "pyodide.asm.wasm" in url:
        _counts["boots"] += 1
    if request.resource_type == "document":
        _counts["frames" if request.frame.parent_frame else "loads"] += 1


def _watch_page(page) -> None:
    """An engine worker started by a page is one engine boot, wherever its files come from (server, HTTP
    cache or the service worker, whose answers the « request » events do not always show)."""
    page.on("worker", lambda worker: _counts.__setitem__("engines", _counts["engines"] + 1)
            if "engine-worker" in worker.url else None)


def _patch() -> None:
    from playwright.sync_api._generated import Browser

    new_context, new_page = Browser.new_context, Browser.new_page

    def patched_context(self, *args, **kwargs):
        context = new_context(self, *args, **kwargs)
        context.on("request", _watch)
        context.on("page", _watch_page)
        return context

    def patched_page(self, *args, **kwargs):
        page = new_page(self, *args, **kwargs)
        page.context.on("request", _watch)
        _watch_page(page)
        return page

    Browser.new_context, Browser.new_page = patched_context, patched_page


def pytest_configure(config) -> None:
    _patch()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _counts.clear()
    yield
    out = os.environ.get("BOOTS_COUNT")
    if out:
        with open(out, "a", encoding="utf-8") as f:
            f.write(json.dumps({"test": item.nodeid, **_counts}) + "\n")
