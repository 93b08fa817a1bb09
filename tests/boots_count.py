"""Counts, per test, the engine boots and the full page loads that its browser pages make (a pytest plugin).

    BOOTS_COUNT=counts.jsonl PYTHONPATH=tests .venv/bin/python -m pytest -p boots_count tests/test_x_browser.py

Every context and page that Playwright opens is watched: a request for ``pyodide.asm.wasm`` is one engine
boot (each boot, from the snapshot or not, instantiates it; a request served from the HTTP cache is still
reported; the service worker's own fetches, keeping the runtime for offline use, are not), a request
of resource type « document » is one full page load (instant navigation fetches
pages with fetch(), so it is not counted; nor are iframes, counted apart). One JSON line per test.
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


def _patch() -> None:
    from playwright.sync_api._generated import Browser

    new_context, new_page = Browser.new_context, Browser.new_page

    def patched_context(self, *args, **kwargs):
        context = new_context(self, *args, **kwargs)
        context.on("request", _watch)
        return context

    def patched_page(self, *args, **kwargs):
        page = new_page(self, *args, **kwargs)
        page.context.on("request", _watch)
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
