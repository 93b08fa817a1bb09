"""Finding and using the tools (issues 11 and 22), in headless Chromium on the built site.

Embeds that keep their own heights, carry the answers given and, where the platform strips scripts, a
height computed for the tool (its first questions on a phone), with links that open outside the frame;
the first question on a phone's first screen and the verdict in view after the last answer (the source's
warnings just above it), a one-sentence live region, a filled tool on at most two A4 pages with its date,
prefill links, the tool chooser on a 390 px screen (above the fold on the home page), the home page's H1,
and the explanation shown when the site is opened from a file.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlparse

import pytest

from browser import needs_chromium, recording_js_errors, serve
from instant_site import follow, serve_instant, tour_page, visiting
from test_calculators_browser import (BOOT_MS, CRITERIA, GATED_CRITERION, HOST_PAGE, STEP_MS, checked_value, expect,
                                      expect_outcome, label_of, open_calculator, other_loopback, panel)

pytestmark = [pytest.mark.browser, needs_chromium]

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def base(built_site, tmp_path_factory) -> str:
    """The national site, served so that its instant navigation works (instant_site.serve_instant)."""
    with serve_instant(built_site, tmp_path_factory.mktemp("tools-ux")) as url:
        yield url


@pytest.fixture(scope="module")
def tour_module(desk, base):
    with tour_page(desk, base) as page:
        yield page


@pytest.fixture
def tour(tour_module):
    """The module's tour page (instant_site.tour_page): its tests reach their tool by a link inside the site,
    on an engine booted once (marked with the « tools-ux-tour » group: one worker, one boot)."""
    with visiting(tour_module) as page:
        yield page


on_tour = pytest.mark.xdist_group("tools-ux-tour")


@pytest.fixture(scope="module")
def desk(browser):
    """One context per screen for the module (each test opens its own page in it): the site's service worker
    installs once per context (~2 CPU-seconds of precaching), as for a reader who keeps the site open in tabs."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture(scope="module")
def phone_context(browser):
    context = browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True)
    yield context
    context.close()


@pytest.fixture
def page(desk):
    with recording_js_errors(desk) as page:
        yield page


@pytest.fixture
def phone(phone_context):
    with recording_js_errors(phone_context) as page:
        yield page


# ----------------------------------------------------------------------------------------------- embeds

def snippet(tour, base: str, criterion: str) -> str:
    """The embedding code a trainer copies from the tool's page (reached by a link on the tour page)."""
    follow(tour, f"{base}outils/{criterion}/")
    code = tour.locator("[data-snippet]").text_content()
    assert "reperes:resize" in code and "e.source !== frame.contentWindow" in code
    return code


@on_tour
def test_two_embeds_on_one_page_keep_their_own_heights(page, tour, base, tmp_path):
    tools = [GATED_CRITERION, "conect-6"]
    codes = [snippet(tour, base, cid) for cid in tools]
    assert all("Ouvrir l'outil" in code for code in codes), "no link for platforms that strip scripts"
    (tmp_path / "index.html").write_text(HOST_PAGE.replace("{snippet}", "\n<hr>\n".join(codes)), encoding="utf-8")
    with serve(tmp_path, host=other_loopback()) as host:
        page.goto(host)
        frames = {cid: page.frame_locator(f'iframe[src^="{base}embed/{cid}/"]') for cid in tools}
        for cid, frame in frames.items():
            expect_outcome(frame, cid, "incomplet", timeout=BOOT_MS)

        def heights() -> dict:
            out = {}
            for cid in tools:
                iframe = page.locator(f'iframe[src^="{base}embed/{cid}/"]')
                inner = next(f for f in page.frames if f.url.startswith(f"{base}embed/{cid}/"))
                out[cid] = (iframe.evaluate("(f) => f.getBoundingClientRect().height"),
                            inner.evaluate("() => document.documentElement.getBoundingClientRect().height"))
            return out

        def all_fit() -> dict:
            for _ in range(80):
                measured = heights()
                if all(abs(frame - content) <= 2 for frame, content in measured.values()):
                    return measured
                page.wait_for_timeout(100)
            raise AssertionError(f"iframe / content heights: {heights()}")

        before = all_fit()
        assert before[tools[0]][0] != before[tools[1]][0], "both iframes got the same height"
        # One tool grows (its follow-up questions and a verdict appear); the other one must not move.
        frame = frames[GATED_CRITERION]
        for name in ("isolement", "peut_beneficier", "accepte_orientation"):
            frame.locator(f'input[name="{name}"][value="oui"]').check()
        expect_outcome(frame, GATED_CRITERION, "orientation-assistant-parcours")
        after = all_fit()
        assert after[GATED_CRITERION][0] > before[GATED_CRITERION][0]
        assert abs(after["conect-6"][0] - before["conect-6"][0]) <= 2
        messages = page.evaluate("() => __messages")
    resize = [m for m in messages if isinstance(m["data"], dict) and m["data"].get("type") == "reperes:resize"]
    assert {m["data"]["criterion"] for m in resize} == set(tools)


def snippet_height(built_site: Path, criterion: str) -> int:
    """The iframe's height the tool's page writes in its embedding code (computed by the build: render/embed.py)."""
    html = (built_site / "outils" / criterion / "index.html").read_text(encoding="utf-8")
    box = re.search(r'<div class="reperes-embed-snippet"[^>]*data-height="(\d+)"[^>]*>\s*<pre><code data-snippet>([^<]*)', html)
    assert box and f'height="{box.group(1)}"' in box.group(2).replace("&quot;", '"'), criterion  # the code without scripts too
    return int(box.group(1))


@on_tour
def test_embed_sends_its_height_to_the_embedding_origin_only(page, tour, base, tmp_path, built_site):
    """Told (?origine=) that it is embedded elsewhere, the tool sends nothing this page can receive."""
    code = snippet(tour, base, "conect-6").replace(f'{base}embed/conect-6/"', f'{base}embed/conect-6/?origine=https://ailleurs.example"')
    (tmp_path / "index.html").write_text(HOST_PAGE.replace("{snippet}", code), encoding="utf-8")
    with serve(tmp_path, host=other_loopback()) as host:
        page.goto(host)
        frame = page.frame_locator("iframe")
        expect_outcome(frame, "conect-6", "incomplet", timeout=BOOT_MS)
        expect(frame.locator(".reperes-calc-notice")).to_be_hidden()  # « origine » is not an answer
        page.wait_for_timeout(1000)
        messages = page.evaluate("() => __messages")
        assert not [m for m in messages if isinstance(m["data"], dict) and m["data"].get("type") == "reperes:resize"]
        # Fixed (the tool's own height, written in the code), it scrolls inside.
        assert page.locator("iframe").evaluate("(f) => f.getBoundingClientRect().height") == snippet_height(built_site, "conect-6")


NO_SCRIPT_HOST = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Formation sans scripts</title></head>
<body style="margin:0 15px">
{frames}
</body></html>
"""
# Dynamic text written in a page must keep the site's French spacing: no plain space before « ? ! : ; » or after « «».
PLAIN_SPACE = re.compile(r" [?!:;»]|« ")


def test_embeds_without_scripts_show_their_first_questions_and_open_links_outside(phone_context, built_site, tmp_path):
    """Issue 22, a course page whose platform strips scripts (Moodle), on a 390 px phone: each tool's iframe, with
    the height its page writes in the code (computed from the tool by the build), shows the tool's title and first
    questions (up to three of those always asked; the frame is 360 px wide inside the platform's margins); every
    link of the embed page opens in a new tab, none inside the frame; its text has the site's French spacing.
    The engine is left out (a worker that never answers: these are the tool's first seconds, and cheap)."""
    silent = {"/assets/engine/engine-worker.mjs": (b"// never answers", "text/javascript")}
    heights = {cid: snippet_height(built_site, cid) for cid in sorted(CRITERIA)}
    assert len(set(heights.values())) > 1, f"one height for every tool is not computed from the tool: {heights}"
    with serve(built_site, replaced=silent, search=False) as site, serve(tmp_path, host=other_loopback()) as host:
        frames = "\n".join(f'<iframe src="{site}embed/{cid}/" title="{cid}" style="width:100%;border:0" height="{height}">'
                           f'</iframe>' for cid, height in heights.items())
        (tmp_path / "index.html").write_text(NO_SCRIPT_HOST.replace("{frames}", frames), encoding="utf-8")
        with recording_js_errors(phone_context) as page:
            page.goto(host)
            for cid, height in heights.items():
                frame = page.frame_locator(f'iframe[title="{cid}"]')
                expect(frame.locator("form.reperes-calc")).to_be_attached()
                iframe = page.locator(f'iframe[title="{cid}"]')
                assert iframe.evaluate("(f) => [f.clientWidth, f.clientHeight]") == [360, height]
                inner = next(f for f in page.frames if f.url.startswith(f"{site}embed/{cid}/"))
                measured = inner.evaluate("""() => {
                    const asked = [...document.querySelectorAll("fieldset.reperes-calc-q:not([data-gated])")].slice(0, 3);
                    const links = [...document.querySelectorAll("a[href]"),
                        ...[...document.querySelectorAll("template")].flatMap((t) => [...t.content.querySelectorAll("a[href]")])];
                    return {bottom: Math.max(...asked.map((q) => q.getBoundingClientRect().bottom + scrollY)),
                            inside: links.filter((a) => !/^(mailto|tel):/.test(a.getAttribute("href"))
                                && !(a.target === "_blank" && a.relList.contains("noopener"))).map((a) => a.outerHTML),
                            links: links.length, text: document.body.innerText}; }""")
                assert measured["bottom"] <= height, f"{cid}: first questions end at {measured['bottom']} px, frame {height} px"
                assert height <= measured["bottom"] + 160, f"{cid}: {height} px for questions ending at {measured['bottom']} px"
                assert measured["links"] and measured["inside"] == [], f"{cid}: links that open in the frame: {measured['inside']}"
                assert not PLAIN_SPACE.search(measured["text"]), f"{cid}: « {PLAIN_SPACE.search(measured['text']).group()} »"
            assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


# ----------------------------------------------------------------------------------------------- verdict

FIRST_QUESTION = """() => { const q = [...document.querySelectorAll("fieldset.reperes-calc-q")].find((f) => f.offsetParent);
    const answer = q.querySelector(".reperes-calc-options label, .reperes-calc-number");
    return {top: Math.round(q.getBoundingClientRect().top + scrollY),
            bottom: Math.round(answer.getBoundingClientRect().bottom + scrollY)}; }"""
IN_VIEW = """(el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"""


def test_phone_shows_the_first_question_then_the_verdict_in_view(phone, base):
    """Issue 22: on a 390 × 844 phone, every tool's first question (and its first answer) is on the first screen,
    before any scrolling (it was 1.5 screens down: introduction, notices and warnings came first). Each tool is
    reached by a link of the site, on one engine. After the last answer the verdict is scrolled into view, the
    source's warnings just above it (MAIA: three of them), and nothing scrolls sideways."""
    order = [GATED_CRITERION, *sorted(set(CRITERIA) - {GATED_CRITERION})]
    first = {}
    for n, cid in enumerate(order):
        open_calculator(phone, base, cid, outcome="incomplet" if cid == GATED_CRITERION else None, by_link=n > 0)
        first[cid] = phone.evaluate(FIRST_QUESTION)
        if cid == GATED_CRITERION:
            for name in ["hospitalisation_urgence_6_mois", "mobilite", "socio_economique",
                         "troubles_cognitifs_mentaux_comportementaux", "isolement", "difficultes_systeme_sante"]:
                phone.locator(f'input[name="{name}"][value="non"]').check()
            expect_outcome(phone, cid, "aucun-oui")
            label = panel(phone, cid).locator(".reperes-result-label").first
            phone.wait_for_function(IN_VIEW, arg=label.element_handle(), timeout=STEP_MS)
        elif cid == "maia-orientation-2015":
            warnings = phone.locator(".reperes-warnings")
            expect(warnings).to_be_visible()  # never folded
            phone.locator('input[name="crise"][value="non"]').check()  # the slide's « Pas de crise »
            for name in ["plus_de_60_ans", "souhaite_rester_domicile", "situation_instable",
                         "probleme_autonomie_decisionnelle", "aides_soins_insuffisants", "pas_entourage_coordonnant"]:
                phone.locator(f'input[name="{name}"][value="oui"]').check()
            expect_outcome(phone, cid, "orientation-gestion-de-cas")
            label = panel(phone, cid).locator(".reperes-result-label").first
            phone.wait_for_function(IN_VIEW, arg=label.element_handle(), timeout=STEP_MS)
            # Read before the verdict: the warnings come first, and the screen shows as much of them as it can.
            assert warnings.evaluate("(w) => w.getBoundingClientRect().bottom > 56")  # below the site's header
            assert warnings.bounding_box()["y"] < label.bounding_box()["y"]
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"], cid
    late = {cid: where for cid, where in first.items() if where["bottom"] > PHONE["height"]}
    assert late == {}, f"first question (top, bottom of its first answer) below the first screen: {late}"


@on_tour
def test_live_region_says_one_short_sentence(tour, base):
    cid = "conect-6"
    open_calculator(tour, base, cid, outcome="incomplet", by_link=True)
    result = panel(tour, cid)
    # The panel body is no longer live: only the announcement is (and the copy button's own feedback).
    live = result.locator("[aria-live], [role=status]:not([data-copy-status])")
    expect(live).to_have_count(1)
    assert result.locator("[data-result-body]").get_attribute("aria-live") is None
    announce = result.locator("[data-announce]")
    assert announce.text_content() == ""  # nothing said before any answer
    tour.check('input[name="q1"][value="oui"]')
    tour.check('input[name="q2"][value="oui"]')
    expect_outcome(tour, cid, "positif")
    expect(announce).to_have_text(re.compile(r"^Résultat\s:\s[^.!?]+\.$"), timeout=STEP_MS)
    text = announce.text_content()
    assert len(text.split()) <= 20, text
    assert label_of(cid, "positif").rstrip(".").replace("*", "") in text.replace("\u00a0", " ")
    assert "Source" not in text


# ----------------------------------------------------------------------------------------------- record

# A filled tool prints on at most two A4 pages with its date, its version and its source: checked for every
# tool on the page that test_calculators_browser.py::test_examples_from_prefilled_urls loads fresh, prefilled
# with the tool's first example (check_print_record), instead of booting the engine once more per tool.


@on_tour
def test_copy_and_print_say_when_the_result_is_incomplete(tour, base):
    cid = GATED_CRITERION
    open_calculator(tour, base, cid, query="mobilite=oui", outcome="incomplet", by_link=True)
    expect(tour.locator("[data-copy]")).to_have_text("Copier le résultat (incomplet)")
    expect(tour.locator("[data-print]")).to_have_text("Imprimer la fiche (incomplète)")
    tour.emulate_media(media="print")
    expect(tour.locator(".reperes-print-incomplete")).to_be_visible()
    expect(tour.locator(".reperes-print-incomplete")).to_contain_text("RÉSULTAT INCOMPLET")
    tour.emulate_media(media="screen")
    tour.check('input[name="peut_beneficier"][value="non"]')
    expect_outcome(tour, cid, "non-beneficiaire")
    expect(tour.locator("[data-copy]")).to_have_text("Copier le résultat")


# ----------------------------------------------------------------------------------------------- prefill

@on_tour
def test_prefill_ignores_case_and_reports_repeated_parameters(tour, base):
    cid = "conect-6"
    open_calculator(tour, base, cid, query="q1=Oui&q2=OUI&q3=non&q3=oui", by_link=True)
    expect_outcome(tour, cid, "positif")
    assert checked_value(tour, "q1") == "oui" and checked_value(tour, "q2") == "oui"
    assert checked_value(tour, "q3") is None, "a repeated parameter was resolved silently"
    notice = tour.locator(".reperes-calc-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("plusieurs fois")
    expect(notice).to_contain_text("q3")
    # « Effacer » resets every status: the notice, the announcement, the copy status, the address.
    tour.click("[data-copy]")
    tour.click("form.reperes-calc button[type=reset]")
    expect_outcome(tour, cid, "incomplet")
    expect(notice).to_be_hidden()
    expect(tour.locator("[data-copy-status]")).to_have_text("")
    assert "?" not in tour.url


@on_tour
def test_prefill_link_reproduces_the_answers(tour, base):
    cid = "v1sages-reperage"
    open_calculator(tour, base, cid, outcome="incomplet", by_link=True)
    tour.evaluate("""() => { window.__copied = null;
        navigator.clipboard.writeText = (text) => { window.__copied = text; return Promise.resolve(); }; }""")
    tour.fill('input[name="visites_urgence_12_mois"]', "7")
    tour.check('input[name="hebergement_longue_duree"][value="non"]')
    expect_outcome(tour, cid, "reperee")
    tour.click("[data-prefill-link]")
    expect(tour.locator("[data-copy-status]")).to_contain_text("Lien pré-rempli copié")
    link = tour.evaluate("() => window.__copied")
    assert link.startswith(f"{base}outils/{cid}/?")
    given = {"visites_urgence_12_mois": "7", "hebergement_longue_duree": "non"}
    assert dict(parse_qsl(urlparse(link).query)) == given
    # Issue 22: the embedding code and the embed page's link follow the answers given (a prefilled case for a course).
    tour.click("[data-copy-embed]")
    expect(tour.locator(".reperes-embed-actions [role=status]")).to_contain_text("Code d'intégration copié")
    code = tour.evaluate("() => window.__copied")
    src = re.search(r'<iframe [^>]*src="([^"]+)"', code).group(1).replace("&amp;", "&")
    assert src.startswith(f"{base}embed/{cid}/?") and dict(parse_qsl(urlparse(src).query)) == given
    assert code == tour.locator("[data-snippet]").text_content()  # the code shown is the code copied
    tour.click("[data-copy-embed-link]")
    assert tour.evaluate("() => window.__copied") == src
    follow(tour, link)  # as a reader follows the link (the examples test opens prefilled links in fresh pages)
    expect_outcome(tour, cid, "reperee", timeout=BOOT_MS)
    assert tour.input_value('input[name="visites_urgence_12_mois"]') == "7"
    assert checked_value(tour, "hebergement_longue_duree") == "non"


def test_tool_pages_list_their_prefill_parameters(built_site):
    for cid, spec in CRITERIA.items():
        html = (built_site / "outils" / cid / "index.html").read_text(encoding="utf-8")
        table = html[html.index('id="parametres-de-pre-remplissage"'):]
        table = table[:table.index("</table>")]
        for item in spec["items"]:
            assert f"<code>{item['id']}</code>" in table, (cid, item["id"])
        values = {"oui-non-nsp": ["oui", "non", "nsp"], "oui-non": ["oui", "non"],
                  "niveau-atteinte": ["atteint", "partiel", "non-atteint"]}
        for item in spec["items"]:
            expected = values.get(item["answers"], [o["value"] for o in item.get("options", [])])
            assert all(f"<code>{v}</code>" in table for v in expected), (cid, item["id"])
        assert "built-in" not in table and "nombre entier" in table or not any(
            i["answers"] == "entier" for i in spec["items"])


# ----------------------------------------------------------------------------------------------- chooser

@pytest.mark.parametrize("path", ["outils/", ""])
def test_tool_chooser_fits_a_phone(phone, base, path):
    phone.goto(base + path)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    chooser = phone.locator(".reperes-chooser")
    expect(chooser).to_be_visible()
    text = chooser.inner_text()
    for use in ["Mon patient a-t-il besoin", "Orienter vers la gestion de cas", "Planifier une équipe",
                "Évaluer notre mise en œuvre"]:
        assert use in text
    links = chooser.locator("a[href*='has-assistance-parcours'], a[href*='conect-6']")
    assert links.count() == 2
    # Number of questions and source, computed from the criteria.
    has = CRITERIA[GATED_CRITERION]
    asked = sum(1 for i in has["items"] if "ask_if" not in i)
    assert f"{asked} questions (+ {len(has['items']) - asked} selon les réponses)" in text
    assert "Source : HAS 2014" in " ".join(text.split())
    first = chooser.locator("li a").first
    assert first.inner_text() == has["title"], "the HAS grid comes first"
    if path == "":  # issue 22: the home page shows the chooser and its first tool above the fold
        assert first.evaluate("(a) => a.getBoundingClientRect().bottom + scrollY") <= PHONE["height"]


def test_home_title_says_what_the_site_is(page, base):
    page.goto(base)
    # Served, the notice of test_opened_from_a_file_explains_how_to_serve_it stays hidden (was
    # test_served_site_hides_the_file_notice, a load of the same page).
    expect(page.locator("[data-file-notice]")).to_be_hidden()
    h1 = page.locator("h1")
    expect(h1).to_have_count(1)
    assert h1.inner_text() != "Accueil"
    assert "coordination" in h1.inner_text()
    assert page.title().count("Repères") == 1
    page.goto(base + "outils/")
    assert page.title() == "Outils de repérage et d'aide à la décision — Repères"


# ----------------------------------------------------------------------------------------------- file://

def test_opened_from_a_file_explains_how_to_serve_it(page, built_site):
    page.goto((built_site / "index.html").as_uri())
    notice = page.locator("[data-file-notice]")
    expect(notice).to_be_visible()
    expect(notice.locator("[data-serve-command]")).to_have_text(re.compile(r"\S"))
    assert page.locator('a[href="outils/index.html"]').count() > 0, "links to folders must open their index.html"
    page.goto((built_site / "outils" / GATED_CRITERION / "index.html").as_uri())
    expect(page.locator("[data-file-notice]")).to_be_visible()
    expect(page.locator("[data-status]")).to_contain_text("ouvert depuis un fichier")
    # Served, the notice stays hidden: test_home_title_says_what_the_site_is.
