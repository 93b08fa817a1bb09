"""Opened in a real browser, the site talks to nobody but its own host, and stores nothing."""

# Every page loads from the local server only (and stores nothing but the palette choice):
# tests/test_accessibility.py::test_every_page_in_one_visit checks it on its crawl of every page, every edition.

# French search works with the local server only (the index is the site's own file, searched in the page):
# tests/test_search_browser.py::test_typed_query_gets_results (it was test_search_works_offline_in_french
# here, a page load and an index build of its own for the same query), and offline, service worker
# serving: tests/test_trust_browser.py::test_calculator_works_under_the_policy_and_offline.
