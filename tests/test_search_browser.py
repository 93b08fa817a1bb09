"""French search on the built site, in headless Chromium: the query benchmark of tests/data/search_queries.yml,
on the national site as each backend built it, through each theme's own search interface (mkdocs-material's
search box; Zensical's search dialog), both answered by Repères' engine (generator/site/search_engine.js) and
the theme's adapter (search_material.js, search_zensical.js).

Each query is put in the theme's search box the way a paste, a dictation or an autofill does it:
the value is set by script and an « input » event follows, with no key event at all. Every expected
page must be among the first three results, on either backend.
The score on each backend is printed at the end of the run (tests/conftest.py, « search-score »).
One build and one browser page per backend for the whole module.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from browser import SEARCH_UI, needs_chromium, search, serve

# One worker for the module (xdist group): its page, its index build and its service worker's install, once.
pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.xdist_group("search-page")]

QUERIES = yaml.safe_load((Path(__file__).parent / "data" / "search_queries.yml").read_text(encoding="utf-8"))
RESULT_MS = 20000


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def search_page(request, backend_sites, browser):
    with serve(backend_sites[request.param]) as base:
        context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(base)
        page.base = base
        page.backend = request.param
        if request.param == "zensical":
            page.click(".md-search__button")  # its search box is in a dialog
        yield page
        context.close()


def paste(page, text: str) -> None:
    """What a paste does to the search box: a new value and an « input » event, no key pressed."""
    page.locator(SEARCH_UI[page.backend][0]).evaluate("""(box, text) => { box.focus(); box.value = text;
        box.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertFromPaste"})); }""", text)


def top_pages(page, query: str, count: int = 3) -> list[str]:
    """The pages of the first ``count`` results for ``query``, as paths from the site root."""
    results = page.locator(SEARCH_UI[page.backend][1])
    paste(page, "")
    if page.backend == "mkdocs":  # Zensical keeps the last results on screen until the next ones come
        expect(results).to_have_count(0, timeout=RESULT_MS)
    paste(page, query)
    expect(results.first).to_be_attached(timeout=RESULT_MS)
    previous = None
    for _ in range(20):  # the theme renders results in batches: read until two readings agree
        links = results.evaluate_all("""(items, n) => items.slice(0, n)
            .map((item) => (item.matches("a") ? item : item.querySelector("a.md-search-result__link")).href)""", count)
        if links == previous:
            break
        previous = links
        page.wait_for_timeout(300)
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


def test_french_queries_find_the_expected_pages(search_page, record_property):
    misses = {}
    for entry in QUERIES:
        top = top_pages(search_page, entry["query"])
        if not set(top) & set(entry["expected"]):
            misses[entry["query"]] = f"« {entry['query']} » → {top}, attendu l'une de {entry['expected']}"
    record_property("search-score", f"{search_page.backend} : {len(QUERIES) - len(misses)}/{len(QUERIES)} requêtes "
                    "avec une page attendue parmi les trois premiers résultats")
    assert not misses, "\n".join(misses.values())


def test_pasted_text_searches_without_any_key_event(search_page):
    keys = search_page.evaluate("""() => { window.__keys = 0;
        addEventListener("keydown", () => window.__keys++, true); return window.__keys; }""")
    assert top_pages(search_page, "gestionnaire de cas à temps plein")
    assert search_page.evaluate("() => window.__keys") == keys == 0


# What each theme shows of a search, read from its results (Zensical's are in its dialog's open shadow root):
# the words marked in titles and excerpts, the words under « Non trouvé » (mkdocs-material only), and the words
# each result's address carries to highlight the page it opens (« ?h= »).
SHOWN = {
    "mkdocs": """() => {
        const all = (selector) => [...document.querySelectorAll(selector)].map((e) => e.textContent);
        return {missing: all(".md-search-result__terms del"), marked: all(".md-search-result mark"),
                highlight: [...document.querySelectorAll("a.md-search-result__link")].map(
                    (a) => new URL(a.href).searchParams.get("h") || "")}; }""",
    "zensical": """() => {
        const root = [...document.body.children].map((e) => e.shadowRoot).find((r) => r && r.querySelector("[role=listbox]"));
        const all = (selector) => [...root.querySelectorAll(selector)].map((e) => e.textContent);
        return {missing: [], marked: all("[role=listbox] mark"),
                highlight: [...root.querySelectorAll("a[role=option]")].map((a) => new URL(a.href).searchParams.get("h") || "")}; }""",
}


def test_results_show_the_readers_words_never_a_stem(search_page):
    """Under « Non trouvé », the words typed, as typed; in the results, the pages' own words; in the address that
    highlights the page opened, the pages' own words (mkdocs-material: the worker says which) or the words typed
    (Zensical's interface puts the search box's text there): never an internal form (issue 22 saw
    « ~~repet~~ ~~urgenc~~ »)."""
    shown = {}
    for query in ("retours répétés aux urgences", "passages aux urgences personne âgée", "urgense", "gestionaire de cas"):
        top_pages(search_page, query, count=10)
        shown[query] = search_page.evaluate(SHOWN[search_page.backend])
    for query, seen in shown.items():
        typed = set(query.lower().split())
        assert seen["marked"], query
        assert all(word.lower() in typed for word in seen["missing"]), (query, seen["missing"])
        page_words = {w.lower() for w in seen["marked"]}
        for words in seen["highlight"]:
            assert set(words.split()) <= page_words or words == query, (query, words)
    if search_page.backend == "mkdocs":
        assert "âgée" in shown["passages aux urgences personne âgée"]["missing"]  # a page without it says so
    everything = " ".join(w for seen in shown.values() for key in seen for w in seen[key])
    assert not {"repet", "urgenc", "gestionair", "agee", "urgens"} & set(everything.lower().split())


# Each result's page and the territory it shows: mkdocs-material draws a page's tags with its results; Zensical's
# interface draws only a result's path, which ends with the page's territory (generator/site/backend_zensical.py).
TERRITORIES = {
    "mkdocs": """() => [...document.querySelectorAll(".md-search-result__item")].map((item) => ({
        href: item.querySelector("a.md-search-result__link").href,
        shown: [...item.querySelectorAll(".md-tag")].map((tag) => tag.textContent.trim())}))""",
    "zensical": """() => {
        const root = [...document.body.children].map((e) => e.shadowRoot).find((r) => r && r.querySelector("[role=listbox]"));
        return [...root.querySelectorAll("a[role=option]")].map((a) => ({href: a.href,
            shown: [...a.querySelectorAll("menu li")].map((li) => li.textContent.trim())
                .filter((text) => text.startsWith("Territoire de la source : "))
                .flatMap((text) => text.replace("Territoire de la source : ", "").split(", "))})); }""",
}


def test_results_of_a_tool_say_where_its_source_applies(search_page):
    """Issue 21: a GP in France looking for « urgences » sees that the V1SAGES tools come from Québec — the
    tool pages' territory is a search tag, shown with each of the page's results on either backend."""
    top_pages(search_page, "urgences", count=10)
    results = search_page.evaluate(TERRITORIES[search_page.backend])
    tools = {}
    for r in results:
        if "/outils/" in r["href"]:
            tools.setdefault(r["href"].split("#")[0].split("?")[0].split("/outils/")[1].strip("/"), set(r["shown"]))
    assert tools.get("v1sages-reperage") == {"Québec"}, results
    assert not any(r["shown"] for r in results if "/outils/" not in r["href"])  # written pages carry no territory
