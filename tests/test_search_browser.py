"""French search on the built site, in headless Chromium: the query benchmark of tests/data/search_queries.yml.

Each query is put in mkdocs-material's search box the way a paste, a dictation or an autofill does it:
the value is set by script and an « input » event follows, with no key event at all. Every expected
page must be among the first three results. One build and one browser for the whole module.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from browser import needs_chromium, search, serve

# One worker for the module (xdist group): its page, its index build and its service worker's install, once.
pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.xdist_group("search-page")]

QUERIES = yaml.safe_load((Path(__file__).parent / "data" / "search_queries.yml").read_text(encoding="utf-8"))
RESULT_MS = 20000


@pytest.fixture(scope="module")
def search_page(built_site, browser):
    with serve(built_site) as base:
        context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(base)
        page.base = base
        yield page
        context.close()


def paste(page, text: str) -> None:
    """What a paste does to the search box: a new value and an « input » event, no key pressed."""
    page.evaluate("""(text) => { const box = document.querySelector("input.md-search__input");
        box.focus(); box.value = text; box.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertFromPaste"})); }""",
                  text)


def top_pages(page, query: str, count: int = 3) -> list[str]:
    """The pages of the first ``count`` results for ``query``, as paths from the site root."""
    paste(page, "")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length === 0", timeout=RESULT_MS)
    paste(page, query)
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0", timeout=RESULT_MS)
    previous = None
    for _ in range(20):  # the theme renders results in batches: read until two readings agree
        links = page.evaluate("""(n) => [...document.querySelectorAll('.md-search-result__item')]
            .slice(0, n).map((item) => item.querySelector('a.md-search-result__link').href)""", count)
        if links == previous:
            break
        previous = links
        page.wait_for_timeout(150)
    base = page.base
    return [link.split("#")[0].split("?")[0].removeprefix(base) for link in previous]


def test_benchmark_has_enough_queries():
    assert len(QUERIES) >= 30
    assert all(q["query"] and q["expected"] for q in QUERIES)


def test_typed_query_gets_results(search_page):
    """Typed with the keyboard, as before: the theme's own path still works (and warms the index).
    « gestionnaire »: what test_browser_privacy.py's test_search_works_offline_in_french typed."""
    assert search(search_page, "coordination") > 0
    assert search(search_page, "gestionnaire") > 0


def test_french_queries_find_the_expected_pages(search_page):
    misses = []
    for entry in QUERIES:
        top = top_pages(search_page, entry["query"])
        if not set(top) & set(entry["expected"]):
            misses.append(f"« {entry['query']} » → {top}, attendu l'une de {entry['expected']}")
    assert not misses, "\n".join(misses)


def test_pasted_text_searches_without_any_key_event(search_page):
    keys = search_page.evaluate("""() => { window.__keys = 0;
        addEventListener("keydown", () => window.__keys++, true); return window.__keys; }""")
    assert top_pages(search_page, "gestionnaire de cas à temps plein")
    assert search_page.evaluate("() => window.__keys") == keys == 0


def test_results_of_a_tool_say_where_its_source_applies(search_page):
    """Issue 21: a GP in France looking for « urgences » sees that the V1SAGES tools come from Québec — the
    tool pages' territory is a search tag, which mkdocs-material shows with each of the page's results."""
    top_pages(search_page, "urgences")
    results = search_page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')].map((item) => ({
        href: item.querySelector('a.md-search-result__link').href,
        tags: [...item.querySelectorAll('.md-tag')].map((tag) => tag.textContent.trim())}))""")
    tools = {r["href"].split("#")[0].split("/outils/")[1].strip("/"): set(r["tags"]) for r in results if "/outils/" in r["href"]}
    assert tools.get("v1sages-reperage") == {"Québec"}, results
