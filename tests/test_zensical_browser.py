"""The national site built with Zensical (« reperes build --backend zensical »), in Chromium: the tools, axe and the
Content-Security-Policy on a sample of pages, the search dialog.

The other browser tests that run on both backends: test_search_browser.py (the benchmark), test_trust_browser.py
(every page's policy; a tool under the policy and offline, with search offline). The MkDocs site's own tests
(test_accessibility.py, test_calculators_browser.py) visit every page and every tool state; on Zensical, whose
pages carry the same content in the same theme's markup, a sample: every tool (page and embed), every kind
of page, the search dialog open.
"""
from __future__ import annotations

import contextlib
from urllib.parse import urlsplit

import pytest

from browser import RECORD_VIOLATIONS, needs_chromium, recording_js_errors, serve
from instant_site import follow, serve_instant
from test_accessibility import AXE_FILE, ENGINE_WORKER, STUB_ENGINE, TWO_FRAMES, Violations, axe, leaves_the_host
from test_calculators_browser import (CRITERIA, check_example, check_print_record, check_result_beside_the_last_question,
                                      query_of, wait_for_result)
from test_tools_ux_browser import FIRST_QUESTION, PHONE

pytestmark = [pytest.mark.browser, needs_chromium]

# Every kind of page: home, the tools' index and each tool (page and embed), a record, a collection, the
# glossary, the references, authored pages with tables and admonitions, the accessibility statement, 404.
SAMPLE = ["", "outils/", *(f"outils/{cid}/" for cid in sorted(CRITERIA)), *(f"embed/{cid}/" for cid in sorted(CRITERIA)),
          "programmes/maia/", "programmes/", "glossaire/", "references/", "comprendre/coordination-des-soins/",
          "gestion-de-cas/file-active/", "a-propos/accessibilite/", "404.html"]


@contextlib.contextmanager
def watched(browser, host_of: list[str], foreign: list[str]):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}, color_scheme="light",
                                  service_workers="block")
    context.add_init_script(RECORD_VIOLATIONS)
    context.on("request", lambda r: foreign.append(r.url) if leaves_the_host(r.url, host_of[0]) else None)
    try:
        with recording_js_errors(context) as page:
            yield page
    finally:
        context.close()


def test_sample_pages_have_no_axe_or_policy_violation(browser, zensical_site):
    """Each sample page: loads, in French, its tool settled (the engine stubbed as in test_accessibility.py), no
    axe violation (WCAG 2.1 A/AA), no policy violation, no request to another host, no JavaScript error;
    then the search dialog, open with results, checked by axe as well."""
    foreign: list[str] = []
    found, violations, failed = Violations(), [], []
    with serve(zensical_site, replaced=dict([AXE_FILE, (ENGINE_WORKER, STUB_ENGINE)])) as base:
        with watched(browser, [urlsplit(base).netloc], foreign) as page:
            for path in SAMPLE:
                response = page.goto(base + path, wait_until="load")
                if response is None or response.status != 200:
                    failed.append(path)
                    continue
                page.evaluate(f"() => {TWO_FRAMES}")
                assert page.evaluate("() => document.documentElement.lang").startswith("fr"), path
                if page.locator(".reperes-calculator").count():
                    page.wait_for_selector(".reperes-calc-status--error", state="attached", timeout=10000)
                found.add(base + path, axe(page))
                violations += [f"{path}: {v}" for v in page.evaluate("window.__violations")]
            page.goto(base + "glossaire/", wait_until="load")
            page.click(".md-search__button")
            page.locator("input[role=combobox]").fill("gestionnaire")
            page.locator("a[role=option]").first.wait_for(timeout=20000)
            assert page.locator("a[role=option]").count() > 0
            assert "Résultats de la recherche" in page.locator("[role=listbox]").get_attribute("aria-label")
            # The dialog fades in (its CSS transitions): axe reads colours once they are done, not mid-fade.
            page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished))")
            dialog = {v["id"] for v in axe(page)}
            violations += [f"recherche: {v}" for v in page.evaluate("window.__violations")]
    assert failed == [], f"pages that did not load: {failed}"
    assert violations == [], f"Content-Security-Policy violations: {violations[:20]}"
    assert foreign == [], f"requests to other hosts: {sorted(set(foreign))[:10]}"
    assert not found, f"axe violations (WCAG 2.1 A/AA) on Zensical:{found}"
    # Zensical's search dialog, open with results, in its shadow root: the findings of the theme's markup
    # (the results' path at 3.36:1, the filters' heading at 2.44:1, a result named by its title alone) are fixed by the build
    # (generator/site/backend_zensical.py: CONTRAST_FIX, TAGS_CONTRAST_FIX, NAME_FIX).
    assert not dialog, f"axe violations in Zensical's search dialog: {sorted(dialog)}"


def test_every_worked_example_on_zensical(browser, zensical_site, tmp_path):
    """Every tool's worked examples, reached as a reader does (a link inside the site, the theme's instant
    navigation): each gets its outcome, and one engine serves them all. Each tool's first example, on a 1280 × 900
    desktop: the verdict in view beside the last question; printed, « Pourquoi ce résultat ? », the people's
    lines, the source once, on one or two A4 pages (issue 22, as test_calculators_browser.py checks on MkDocs)."""
    with serve_instant(zensical_site, tmp_path) as base:
        context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
        with recording_js_errors(context) as page:
            criteria = sorted(CRITERIA)
            first = CRITERIA[criteria[0]]["examples"][0]
            page.goto(f"{base}outils/{criteria[0]}/?{query_of(first['answers'])}")
            wait_for_result(page, criteria[0])
            check_example(page, criteria[0], first)
            for criterion in criteria:
                for n, example in enumerate(CRITERIA[criterion]["examples"]):
                    follow(page, f"{base}outils/{criterion}/?{query_of(example['answers'])}")
                    wait_for_result(page, criterion)
                    check_example(page, criterion, example)
                    if n == 0:  # issue 22 on Zensical's layout too: the verdict beside the last question, the sheet
                        check_result_beside_the_last_question(page, criterion)
                        check_print_record(page, criterion)
            engines = [w for w in page.workers if "engine-worker" in w.url]
            assert len(engines) == 1, [w.url for w in page.workers]
        context.close()


def test_first_question_on_a_phone_s_first_screen_on_zensical(browser, zensical_site):
    """Issue 22 on Zensical's layout: on a 390 × 844 phone every tool's first question and its first answer are on
    the first screen (the page as it first shows, the engine still loading: a worker that never answers), nothing
    scrolls sideways, and the home page shows the tool chooser's first tool above the fold
    (test_tools_ux_browser.py checks the same on MkDocs)."""
    silent = {ENGINE_WORKER: (b"// never answers", "text/javascript")}
    with serve(zensical_site, replaced=silent, search=False) as base:
        context = browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True,
                                      service_workers="block")
        with recording_js_errors(context) as page:
            late, wide = {}, []
            for cid in sorted(CRITERIA):
                page.goto(f"{base}outils/{cid}/", wait_until="load")
                first = page.evaluate(FIRST_QUESTION)
                if first["bottom"] > PHONE["height"]:
                    late[cid] = first
                if page.evaluate("() => document.documentElement.scrollWidth") > PHONE["width"]:
                    wide.append(cid)
            page.goto(base, wait_until="load")
            tool = page.locator(".reperes-chooser li a").first
            assert tool.evaluate("(a) => a.getBoundingClientRect().bottom + scrollY") <= PHONE["height"]
        context.close()
    assert late == {}, f"first question (top, bottom of its first answer) below the first screen: {late}"
    assert wide == [], f"pages wider than the phone: {wide}"
