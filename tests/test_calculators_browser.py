"""The calculators, end to end in a real browser: Pyodide in its Web Worker scores every grid.

One Chromium and one server for the whole module; every test loads as few pages as it can,
since each full page load boots Pyodide again (~4 CPU-seconds) and rebuilds the search index: a test
that visits several states of the site follows links inside it (instant navigation, one engine).
"""
from __future__ import annotations

import datetime
import re
import socket
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest
import yaml

from browser import needs_chromium, serve
from instant_site import follow, serve_instant, tour_page, visiting

pytestmark = [pytest.mark.browser, needs_chromium]

REPO = Path(__file__).resolve().parent.parent
CRITERIA = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((REPO / "criteria").glob("*.yml"))}
BOOT_MS = 30000  # first evaluation of a page: Pyodide boot included
STEP_MS = 10000  # any later evaluation
GATED_CRITERION = "has-assistance-parcours"


def expect(*args, **kwargs):
    from playwright.sync_api import expect as _expect

    return _expect(*args, **kwargs)


# ----------------------------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def base(built_site, tmp_path_factory) -> str:
    """The national site, served so that its instant navigation works (instant_site.serve_instant)."""
    with serve_instant(built_site, tmp_path_factory.mktemp("calculators")) as url:
        yield url


@pytest.fixture(scope="module")
def tour_module(context, base):
    with tour_page(context, base) as page:
        yield page


@pytest.fixture
def tour(tour_module):
    """The module's tour page (instant_site.tour_page): its tests reach their tool by a link inside the site,
    on an engine booted once (marked with the « calculators-tour » group: one worker, one boot)."""
    with visiting(tour_module) as page:
        yield page


on_tour = pytest.mark.xdist_group("calculators-tour")


@pytest.fixture(scope="module")
def context(browser):
    """One context for the module (each test opens its own page in it): the site's service worker installs
    once (~2 CPU-seconds of precaching per new context), as for a reader who keeps the site open in tabs."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    yield context
    context.close()


# ----------------------------------------------------------------------------------------------- helpers

def panel(scope, criterion: str):
    return scope.locator(f'[data-result-for="{criterion}"]')


def expect_outcome(scope, criterion: str, outcome: str, timeout: int = STEP_MS) -> None:
    expect(panel(scope, criterion)).to_have_attribute("data-outcome", outcome, timeout=timeout)


def open_calculator(page, base: str, criterion: str, query: str = "", fragment: str = "", outcome: str | None = None,
                    embed: bool = False, by_link: bool = False) -> None:
    """Load a calculator and wait until the engine has answered (the given outcome, or any outcome or error).
    ``by_link``: reach it by a link inside the site instead (instant navigation, see instant_site.follow)."""
    folder = "embed" if embed else "outils"
    url = f"{base}{folder}/{criterion}/{'?' + query if query else ''}{'#' + fragment if fragment else ''}"
    follow(page, url) if by_link else page.goto(url)
    if outcome:
        expect_outcome(page, criterion, outcome, timeout=BOOT_MS)
    else:
        page.wait_for_selector(f'[data-result-for="{criterion}"]:is([data-outcome], [data-error])', state="attached",
                               timeout=BOOT_MS)


def focused(page) -> dict:
    return page.evaluate("""() => { const a = document.activeElement;
        return {tag: a.tagName.toLowerCase(), type: a.type || null, name: a.name || null, value: a.value || null,
                checked: !!a.checked}; }""")


def focused_radio(page) -> tuple:
    state = focused(page)
    return state["type"], state["name"], state["value"], state["checked"]


def tab_to(page, name: str, limit: int = 400) -> dict:
    """Press Tab until a form field called ``name`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = focused(page)
        if state["name"] == name:
            return state
    raise AssertionError(f"Tab never reached the field « {name} »")


def checked_value(page, name: str):
    return page.evaluate("(n) => { const i = document.querySelector(`input[name='${n}']:checked`); return i && i.value; }", name)


def gated(scope, item: str):
    return scope.locator(f'fieldset[data-gated][data-item="{item}"]')


def query_of(answers: dict) -> str:
    return urlencode({key: str(value) for key, value in answers.items()})


def french_days() -> set[str]:
    """Today as dd/mm/yyyy (and tomorrow, should the test run across midnight)."""
    today = datetime.date.today()
    return {d.strftime("%d/%m/%Y") for d in (today, today + datetime.timedelta(days=1))}


def label_of(criterion: str, outcome: str) -> str:
    return next(o["label"] for o in CRITERIA[criterion]["outcomes"] if o["id"] == outcome)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def as_read(text: str) -> str:
    """A source text as the page shows it: Markdown links as their text, no emphasis marks."""
    return squash(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)).replace("*", "")


# ----------------------------------------------------------------------------------------------- 1. keyboard

@on_tour
def test_keyboard_only_fills_the_gated_grid(tour, base):
    cid = GATED_CRITERION
    screening = ["hospitalisation_urgence_6_mois", "mobilite", "socio_economique",
                 "troubles_cognitifs_mentaux_comportementaux", "isolement", "difficultes_systeme_sante"]
    # The fragment puts the sequential focus starting point on the grid's heading.
    open_calculator(tour, base, cid, fragment="remplir-la-grille", outcome="incomplet", by_link=True)
    expect(gated(tour, "peut_beneficier")).to_be_hidden()
    expect(gated(tour, "accepte_orientation")).to_be_hidden()

    state = tab_to(tour, screening[0])
    assert state["value"] == "oui" and not state["checked"]  # entering an empty radio group lands on its first option
    for position, name in enumerate(screening):
        if position:
            tour.keyboard.press("Tab")
            assert focused(tour)["name"] == name, "Tab must go from one question to the next"
        tour.keyboard.press("ArrowRight")  # oui → non, and selects it
        assert focused_radio(tour) == ("radio", name, "non", True)
    expect_outcome(tour, cid, "aucun-oui")
    assert tour.get_attribute(f'[data-result-for="{cid}"]', "data-positive") == "false"
    # Six « non »: the follow-up questions are not asked, so they are neither shown nor reachable.
    expect(gated(tour, "peut_beneficier")).to_be_hidden()
    expect(gated(tour, "accepte_orientation")).to_be_hidden()
    tour.keyboard.press("Tab")
    assert focused(tour)["type"] == "reset", f"a hidden question was reachable by Tab: {focused(tour)}"

    # Back to question 6 and turn its « non » into « oui »: the first follow-up appears, reachable by Tab.
    tour.keyboard.press("Shift+Tab")
    assert focused_radio(tour) == ("radio", screening[-1], "non", True)
    tour.keyboard.press("ArrowLeft")
    assert checked_value(tour, screening[-1]) == "oui"
    expect(gated(tour, "peut_beneficier")).to_be_visible(timeout=STEP_MS)
    expect_outcome(tour, cid, "incomplet")
    expect(gated(tour, "accepte_orientation")).to_be_hidden()  # asked only after « oui » to the first follow-up
    tour.keyboard.press("Tab")
    assert focused(tour)["name"] == "peut_beneficier"
    tour.keyboard.press("Space")
    assert checked_value(tour, "peut_beneficier") == "oui"
    expect(gated(tour, "accepte_orientation")).to_be_visible(timeout=STEP_MS)
    tour.keyboard.press("Tab")
    assert focused(tour)["name"] == "accepte_orientation"
    tour.keyboard.press("Space")
    expect_outcome(tour, cid, "orientation-assistant-parcours")
    assert tour.get_attribute(f'[data-result-for="{cid}"]', "data-positive") == "true"
    assert tour.get_attribute(f'[data-result-for="{cid}"]', "data-complete") == "true"
    expect(panel(tour, cid)).to_contain_text(label_of(cid, "orientation-assistant-parcours"))


@on_tour
def test_keyboard_only_types_a_number(tour, base):
    cid = "v1sages-reperage"
    open_calculator(tour, base, cid, fragment="remplir-la-grille", outcome="incomplet", by_link=True)
    tab_to(tour, "visites_urgence_12_mois")
    tour.keyboard.type("8")
    # Standard of care step 2 (long-term care) is asked once the count reaches 6 (implementation step 8).
    expect(gated(tour, "hebergement_longue_duree")).to_be_visible(timeout=STEP_MS)
    tour.keyboard.press("Tab")
    state = focused(tour)
    assert state["name"] == "hebergement_longue_duree" and state["value"] == "oui"
    tour.keyboard.press("ArrowRight")
    assert checked_value(tour, "hebergement_longue_duree") == "non"
    expect_outcome(tour, cid, "reperee")
    # Back to the number; the arrow keys step it down to 5, under the threshold of 6.
    tour.keyboard.press("Shift+Tab")
    assert focused(tour)["name"] == "visites_urgence_12_mois"
    for _ in range(3):
        tour.keyboard.press("ArrowDown")
    assert tour.input_value('input[name="visites_urgence_12_mois"]') == "5"
    expect_outcome(tour, cid, "sous-le-seuil")
    assert tour.get_attribute(f'[data-result-for="{cid}"]', "data-positive") == "false"


# ----------------------------------------------------------------------------------------------- 2. examples

def test_every_criterion_is_a_page_with_examples(built_site):
    assert len(CRITERIA) >= 7
    for cid, spec in CRITERIA.items():
        assert spec.get("examples"), cid
        assert (built_site / "outils" / cid / "index.html").is_file() and (built_site / "embed" / cid / "index.html").is_file()


@pytest.mark.parametrize("criterion", sorted(CRITERIA))
def test_examples_from_prefilled_urls(page, base, criterion):
    """Each worked example opened from its prefilled URL: the first one in a fresh page (a full load, the
    engine booted for it), printed as a record; the others as a reader reaches them, by a link inside the
    site to the prefilled address (instant navigation: the same page, the same engine)."""
    first, *others = CRITERIA[criterion]["examples"]
    page.goto(f"{base}outils/{criterion}/?{query_of(first['answers'])}")
    wait_for_result(page, criterion)
    check_example(page, criterion, first)
    check_result_beside_the_last_question(page, criterion)
    check_print_record(page, criterion)
    for example in others:
        follow(page, f"{base}outils/{criterion}/?{query_of(example['answers'])}")
        wait_for_result(page, criterion)
        check_example(page, criterion, example)
    engines = [w for w in page.workers if "engine-worker" in w.url]
    assert len(engines) == 1, [w.url for w in page.workers]


def wait_for_result(page, criterion: str) -> None:
    page.wait_for_selector(f'[data-result-for="{criterion}"]:is([data-outcome], [data-error])', state="attached",
                           timeout=BOOT_MS)


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def check_result_beside_the_last_question(page, criterion: str) -> None:
    """Issue 22: on a 1280 × 900 desktop the result stays in view while the last question is answered (it was under
    every question, 2,000 px down): the last question brought into view as a reader scrolls to it, the verdict
    is on screen, below the site's header, without any more scrolling."""
    page.locator("fieldset.reperes-calc-q:visible").last.scroll_into_view_if_needed()  # centred on the screen
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    label = panel(page, criterion).locator(".reperes-result-label").first
    box, header = label.bounding_box(), page.locator(".md-header").bounding_box()
    assert box and header["y"] + header["height"] <= box["y"] and box["y"] + box["height"] <= 900, (criterion, box)


def check_print_record(page, criterion: str) -> None:
    """Issue 11: a filled tool prints on at most two A4 pages, with the date, the version and the source
    (was tests/test_tools_ux_browser.py::test_filled_tool_prints_on_two_a4_pages_with_the_date, on the same
    state: the tool prefilled with its first example, freshly loaded). Issue 22: with « Pourquoi ce résultat ? »
    (printed open, folded on screen), blank lines for the patient and the professional, the source once."""
    page.emulate_media(media="print")
    header = page.locator(".reperes-print-header")
    expect(header).to_be_visible()
    text = header.inner_text()
    assert any(day in text for day in french_days()), text
    assert f"version {CRITERIA[criterion]['version']}" in text
    assert "Source : " in text or "Source\u00a0: " in text
    people = page.locator(".reperes-print-people")
    expect(people).to_be_visible()
    # A patient's tool names the patient; the self-assessment and the planner, about an organisation, a structure.
    who = ("Structure", "Rempli par") if CRITERIA[criterion]["kind"] in ("auto-evaluation", "planificateur") \
        else ("Patient", "Professionnel")
    assert re.fullmatch(rf"{who[0]}\s:\s*{who[1]}\s:\s*", squash(people.inner_text()).replace("\n", " ")), people.inner_text()
    if page.locator(".reperes-result-why").count():
        expect(page.locator(".reperes-result-why")).to_be_hidden()
        why = page.locator(".reperes-print-why")
        expect(why).to_be_visible()
        expect(why).to_contain_text("Pourquoi ce résultat")
        assert why.locator("li").count() == page.locator(".reperes-result-why li").count() > 0
    printed = page.locator(".reperes-calculator").inner_text()
    assert len(re.findall(r"Source\s:", printed)) == 1, f"{criterion}: the source printed {printed.count('Source')} times"
    expect(page.locator(".md-content__inner h2#regle-de-decision")).to_be_hidden()
    pages = pdf_pages(page.pdf(format="A4", print_background=False))
    assert 1 <= pages <= 2, f"{criterion}: {pages} pages"
    page.emulate_media(media="screen")


def check_example(page, criterion: str, example: dict) -> None:
    where = f"{criterion} — {example['name']}"
    # The prefill really filled the form (otherwise the outcome could be right by chance).
    filled = page.evaluate("""(answers) => Object.fromEntries(Object.keys(answers).map((id) => {
        const field = document.querySelector(`input[type=number][name='${id}']`)
                   || document.querySelector(`input[name='${id}']:checked`);
        return [id, field ? field.value : null]; }))""", {k: str(v) for k, v in example["answers"].items()})
    assert filled == {k: str(v) for k, v in example["answers"].items()}, where
    result = panel(page, criterion)
    try:
        expect_outcome(page, criterion, example["expect_outcome"])
    except AssertionError:
        raise AssertionError(f"{where}: outcome {result.get_attribute('data-outcome')!r} "
                             f"(error {result.get_attribute('data-error')!r}), expected {example['expect_outcome']!r}") from None
    if "expect_positive" in example:
        assert result.get_attribute("data-positive") == str(example["expect_positive"]).lower(), where
    assert result.get_attribute("data-error") is None, where
    assert page.locator(".reperes-calc-notice").is_hidden(), where
    if example["expect_outcome"] != "incomplet":
        expect(result).to_contain_text(squash(label_of(criterion, example["expect_outcome"])).replace("*", ""))


# ----------------------------------------------------------------------------------------------- 3. live update

@on_tour
def test_result_follows_every_answer_without_a_button(tour, base):
    cid = "conect-6"
    open_calculator(tour, base, cid, outcome="incomplet", by_link=True)
    assert tour.locator("form.reperes-calc button:not([type=reset]), form.reperes-calc [type=submit]").count() == 0
    steps = [("q1", "oui", "incomplet"), ("q2", "oui", "positif"), ("q2", "non", "incomplet"),
             ("q3", "non", "incomplet"), ("q4", "non", "incomplet"), ("q5", "non", "incomplet"), ("q6", "non", "negatif"),
             ("q4", "oui", "positif"), ("q1", "non", "negatif")]
    answered = set()
    why = panel(tour, cid).locator("details.reperes-result-why")
    for step, (item, value, outcome) in enumerate(steps):
        tour.check(f'input[name="{item}"][value="{value}"]')
        answered.add(item)
        expect_outcome(tour, cid, outcome)
        # « positif » may be certain before the six answers; « complete » says whether all are in.
        expect(panel(tour, cid)).to_have_attribute("data-complete", "true" if len(answered) == 6 else "false")
        # Issue 22: « Pourquoi ce résultat ? » keeps the state the reader left it in (it closed after every answer).
        if step == 1:  # the first verdict: folded, opened by the reader
            expect(why).not_to_have_attribute("open", "")
            why.locator("summary").click()
        elif step in (6, 7):  # later verdicts: still open; closed by the reader at the last but one
            expect(why).to_have_attribute("open", "")
            if step == 7:
                why.locator("summary").click()
        elif step == 8:
            expect(why).not_to_have_attribute("open", "")
    # « Effacer les réponses » also re-evaluates.
    tour.click("form.reperes-calc button[type=reset]")
    expect_outcome(tour, cid, "incomplet")
    assert checked_value(tour, "q4") is None


# ----------------------------------------------------------------------------------------------- 4. copy

@on_tour
def test_copy_puts_a_plain_french_summary_on_the_clipboard(tour, base):
    cid = GATED_CRITERION
    tour.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    answers = {"mobilite": "non", "isolement": "oui", "peut_beneficier": "oui", "accepte_orientation": "oui"}
    open_calculator(tour, base, cid, query=query_of(answers), outcome="orientation-assistant-parcours", by_link=True)
    real = tour.evaluate("""async () => { try { await navigator.clipboard.writeText("sonde");
        return (await navigator.clipboard.readText()) === "sonde"; } catch (e) { return false; } }""")
    if not real:  # headless without a clipboard: record what the tour writes
        tour.evaluate("""() => { window.__copied = null;
            navigator.clipboard.writeText = (text) => { window.__copied = text; return Promise.resolve(); }; }""")
    tour.click("[data-copy]")
    expect(tour.locator("[data-copy-status]")).to_have_text("Résultat copié dans le presse-papiers.")
    text = tour.evaluate("() => navigator.clipboard.readText()") if real else tour.evaluate("() => window.__copied")
    assert text and text != "sonde", "nothing was copied"
    spec = CRITERIA[cid]
    assert spec["title"] in text
    assert f"version {spec['version']}" in text
    assert any(f"Date : {day}" in text for day in french_days()), text
    assert "- Votre patient a-t-il des problèmes de mobilité ? — Non" in text
    assert "- Votre patient est-il isolé ? — Oui" in text
    assert "- Votre patient vous paraît-il pouvoir bénéficier d'une assistance au parcours ? — Oui" in text
    assert "- Si oui, votre patient accepte-t-il une orientation vers un assistant de parcours ? — Oui" in text
    assert "hospitalisé en urgence" not in text, "an unanswered question was listed as answered"
    assert "Résultat : Orientation vers un assistant de parcours" in text
    assert "Source : HAS 2014, § 2.5.3" in text
    assert "<" not in text, "the summary must be plain text"
    # Issue 22: the tool's address, and that of each link of the result (pasted text has no links).
    assert f"Outil : {base}outils/{cid}/" in text.splitlines()
    # (The HAS grid's results have no link since issue 21: the link addresses are tested in the engine's tests,
    # tests/engine/test_engine_summary.py.)
    assert "](" not in text and "**" not in text
    # The FHIR download is a secondary action, with one line saying what it is for.
    fhir = tour.locator("[data-fhir]")
    assert "md-button" not in (fhir.get_attribute("class") or "")
    expect(tour.locator(".reperes-result-export")).to_contain_text("format d'échange")


# ----------------------------------------------------------------------------------------------- 5. bad URLs

@on_tour
def test_unknown_url_parameters_are_reported_and_ignored(tour, base):
    cid = "v1sages-reperage"
    # An unknown question, and a number that is not one (a number field would silently empty it).
    open_calculator(tour, base, cid, query="inconnu=1&visites_urgence_12_mois=beaucoup&hebergement_longue_duree=oui", by_link=True)
    notice = tour.locator(".reperes-calc-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("inconnu=1")
    expect(notice).to_contain_text("visites_urgence_12_mois=beaucoup")
    expect(notice).not_to_contain_text("hebergement_longue_duree")
    assert tour.input_value('input[name="visites_urgence_12_mois"]') == ""
    assert checked_value(tour, "hebergement_longue_duree") == "oui"
    result = panel(tour, cid)
    # Step 2 (long-term care) is asked only once the count reaches 6 (step 8): its valid answer waits for it.
    expect(result).to_have_attribute("data-outcome", "incomplet")
    assert result.get_attribute("data-error") is None
    expect(tour.locator("[data-error-for]:visible")).to_have_count(0)
    tour.locator('input[name="visites_urgence_12_mois"]').fill("7")
    expect_outcome(tour, cid, "hebergement-longue-duree")  # the valid answer was used


@on_tour
def test_impossible_url_value_is_an_error_on_its_field(tour, base):
    cid = "v1sages-reperage"
    open_calculator(tour, base, cid, query="visites_urgence_12_mois=-3&hebergement_longue_duree=non", by_link=True)
    result = panel(tour, cid)
    expect(result).to_have_attribute("data-error", "invalid-answer", timeout=BOOT_MS)
    assert result.get_attribute("data-outcome") is None
    error = tour.locator('[data-error-for="visites_urgence_12_mois"]')
    expect(error).to_be_visible()
    expect(error).to_contain_text("supérieur ou égal à 0")
    number = tour.locator('input[name="visites_urgence_12_mois"]')
    expect(number).to_have_attribute("aria-invalid", "true")
    assert tour.get_attribute('input[name="hebergement_longue_duree"][value="non"]', "aria-invalid") is None
    assert error.get_attribute("id") in (tour.get_attribute('fieldset[data-item="visites_urgence_12_mois"]',
                                                            "aria-describedby") or "").split()
    expect(tour.locator("[data-result-tools]")).to_be_hidden()
    # Correcting the field clears the error.
    number.fill("7")
    expect_outcome(tour, cid, "reperee")
    expect(error).to_be_hidden()
    assert number.get_attribute("aria-invalid") is None
    assert result.get_attribute("data-error") is None


# ----------------------------------------------------------------------------------------------- 6. embed

HOST_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Formation</title></head>
<body style="margin:0">
<h1>Ma page de formation</h1>
<script>window.__messages = []; addEventListener("message", function (e) { __messages.push({origin: e.origin, data: e.data}); });</script>
{snippet}
</body></html>
"""


def other_loopback() -> str:
    """Another host for the trainer's page: 127.0.0.2 where all of 127/8 is loopback (Linux), else « localhost »."""
    try:
        with socket.socket() as probe:
            probe.bind(("127.0.0.2", 0))
        return "127.0.0.2"
    except OSError:
        return "localhost"


@on_tour
def test_embed_in_a_cross_origin_iframe(page, tour, base, tmp_path):
    cid = GATED_CRITERION
    follow(tour, f"{base}outils/{cid}/")  # the snippet is written at once, without waiting for the engine
    snippet = tour.locator("[data-snippet]")
    expect(snippet).to_contain_text("reperes:resize")
    code = snippet.text_content()
    embed_url = f"{base}embed/{cid}/"
    height = tour.locator(".reperes-embed-snippet").get_attribute("data-height")
    assert f'src="{embed_url}"' in code and f'height="{height}"' in code

    (tmp_path / "index.html").write_text(HOST_PAGE.replace("{snippet}", code), encoding="utf-8")
    with serve(tmp_path, host=other_loopback()) as host:
        assert urlparse(host).hostname != urlparse(base).hostname
        page.goto(host)
        frame = page.frame_locator("iframe")
        expect_outcome(frame, cid, "incomplet", timeout=BOOT_MS)
        iframe = page.locator("iframe")

        def iframe_height() -> float:
            return iframe.evaluate("(f) => f.getBoundingClientRect().height")

        def content_height() -> float:
            inner = next(f for f in page.frames if f.url.startswith(embed_url))
            return inner.evaluate("() => document.body.getBoundingClientRect().height")

        def fits() -> None:
            """The host has resized the iframe to its content: no scroll bar, no blank band."""
            page.wait_for_function("() => document.querySelector('iframe').style.height !== ''", timeout=STEP_MS)
            for _ in range(50):
                if abs(iframe_height() - content_height()) <= 2:
                    inner = next(f for f in page.frames if f.url.startswith(embed_url))
                    assert inner.evaluate("() => document.documentElement.scrollHeight <= innerHeight + 1")
                    return
                page.wait_for_timeout(100)
            raise AssertionError(f"iframe {iframe_height()} px high for {content_height()} px of content")

        fits()
        short = iframe_height()
        assert short > 300 and short != int(height)
        frame.locator('input[name="isolement"][value="oui"]').check()
        frame.locator('input[name="peut_beneficier"][value="oui"]').check()
        frame.locator('input[name="accepte_orientation"][value="oui"]').check()
        expect_outcome(frame, cid, "orientation-assistant-parcours")
        expect(panel(frame, cid)).to_contain_text("Orienter le patient vers un assistant de parcours.")
        # Issue 22: a link of the embed (the result's links, since issue 21 the HAS grid's has none; the full
        # page's) opens in a new tab; the course page keeps its frame and its tool.
        with page.expect_popup() as opened:
            frame.locator(f'a[href$="outils/{cid}/"]').first.click()
        opened.value.wait_for_url(f"{base}outils/{cid}/**", wait_until="commit")
        opened.value.close()
        assert next(f for f in page.frames if f.url.startswith(embed_url)).url.startswith(embed_url)
        fits()
        tall = iframe_height()
        assert tall > short
        # Fewer questions and a shorter result: the iframe must shrink back, not keep a blank band.
        frame.locator('input[name="isolement"][value="non"]').check()
        expect(frame.locator('fieldset[data-gated][data-item="peut_beneficier"]')).to_be_hidden()
        fits()
        assert iframe_height() < tall
        messages = page.evaluate("() => __messages")
    resize = [m for m in messages if isinstance(m["data"], dict) and m["data"].get("type") == "reperes:resize"]
    assert resize, "the embed never posted its height"
    assert {m["origin"] for m in resize} == {base.rstrip("/")}
    assert {m["data"]["criterion"] for m in resize} == {cid}


# ----------------------------------------------------------------------------------------------- 7. instant navigation

def test_the_built_site_can_navigate_instantly(built_site):
    assert "<loc>" in (built_site / "sitemap.xml").read_text(encoding="utf-8")


def test_instant_navigation_keeps_one_engine(page, base):
    wasm = []
    page.on("request", lambda request: wasm.append(request.url) if "pyodide.asm.wasm" in request.url else None)
    open_calculator(page, base, GATED_CRITERION, outcome="incomplet")
    page.evaluate("() => { window.__marker = 'same-document'; }")
    target = "maia-orientation-2015"
    page.click(f'.md-sidebar--primary a.md-nav__link[href$="{target}/"]')  # the site's own navigation
    page.wait_for_url(f"{base}outils/{target}/", timeout=STEP_MS)
    expect(page.locator(f'[data-result-for="{GATED_CRITERION}"]')).to_have_count(0, timeout=STEP_MS)
    assert page.evaluate("() => window.__marker") == "same-document", "the page was reloaded"
    expect_outcome(page, target, "incomplet")
    expect(page.locator("[data-status]")).to_have_text(re.compile("Calcul automatique prêt"))

    page.check('input[name="crise"][value="non"]')  # « Pas de crise »
    for item in ["plus_de_60_ans", "souhaite_rester_domicile", "situation_instable",
                 "probleme_autonomie_decisionnelle", "aides_soins_insuffisants", "pas_entourage_coordonnant"]:
        page.check(f'input[name="{item}"][value="oui"]')  # the causes of criterion 1 appear once it is unstable
    expect_outcome(page, target, "orientation-gestion-de-cas")
    page.check('input[name="crise"][value="oui"]')
    expect_outcome(page, target, "criteres-non-reunis")

    # Back (still instant) to the first calculator: it works again, with the same engine.
    page.go_back()
    expect_outcome(page, GATED_CRITERION, "incomplet")
    page.check('input[name="mobilite"][value="oui"]')
    expect(gated(page, "peut_beneficier")).to_be_visible(timeout=STEP_MS)
    assert page.evaluate("() => window.__marker") == "same-document", "the page was reloaded"

    engines = [w for w in page.workers if "engine-worker" in w.url]
    assert len(engines) == 1, [w.url for w in page.workers]
    fetched = engines[0].evaluate("""() => performance.getEntriesByType("resource")
        .filter((e) => e.name.includes("pyodide.asm.wasm")).length""")
    assert fetched == 1
    # The first page's preload hint and the worker's request, which the browser's cache answers from that
    # download (tests/test_snapshot_browser.py counts the server's answers): the second page adds none.
    assert len(wasm) == 2, wasm


# ----------------------------------------------------------------------------------------------- 8. no JavaScript

def test_without_javascript_everything_is_readable(browser, base):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        for cid, embed in [(GATED_CRITERION, False), ("conect-6", True)]:
            spec = CRITERIA[cid]
            page.goto(f"{base}{'embed' if embed else 'outils'}/{cid}/")
            questions = page.locator("fieldset.reperes-calc-q")
            assert questions.count() == len(spec["items"])
            for item in spec["items"]:
                expect(page.locator(f'fieldset[data-item="{item["id"]}"]')).to_be_visible()
                expect(page.locator(f'input[name="{item["id"]}"]').first).to_be_visible()
            assert page.locator("fieldset[data-gated]").count() == sum(1 for i in spec["items"] if "ask_if" in i)
            expect(page.locator("[data-status]")).to_contain_text("Sans JavaScript")
            expect(page.locator(".reperes-calc-notice")).to_have_count(0)
            if embed:  # the embed folds the rule and the outcomes; a click (no script needed) unfolds them
                page.click("summary:text-is('Règle de décision')")
                page.click("summary:text-is('Résultats possibles')")
            body = squash(page.locator("main, article").first.inner_text())
            assert "Règle de décision" in body
            assert as_read(spec["rule_text"]) in body
            assert "Résultats possibles" in body
            for outcome in spec["outcomes"]:
                assert as_read(outcome["label"]) in body, outcome["id"]
                assert as_read(outcome["interpretation"]) in body, outcome["id"]
                for step in outcome.get("next_steps", []):
                    assert as_read(step) in body, (outcome["id"], step)
    finally:
        context.close()


# ----------------------------------------------------------------------------------------------- 9. reading pages

def test_reading_pages_start_no_engine(page, base):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ["", "glossaire/", "gestion-de-cas/file-active/"]:
        page.goto(base + path, wait_until="load")
        assert page.locator(".reperes-calculator").count() == 0
        page.wait_for_timeout(700)
    engine = [url for url in requests if "/pyodide/" in url or "engine-worker" in url or "/assets/engine/" in url]
    assert engine == []  # no runtime file at all: neither Pyodide nor the engine's lock, wheel or snapshot
    # The same watch does see the engine start on a calculator page, reached by a link of the site.
    with page.expect_request(lambda request: "/pyodide/" in request.url, timeout=BOOT_MS):
        follow(page, base + "outils/niveaux-coordination/")
    assert any("engine-worker" in url for url in requests)


# ----------------------------------------------------------------------------------------------- 10. print

@on_tour
def test_print_shows_the_answers_and_hides_the_controls(tour, base):
    cid = GATED_CRITERION
    open_calculator(tour, base, cid, outcome="incomplet", by_link=True)
    tour.check('input[name="isolement"][value="oui"]')
    tour.check('input[name="peut_beneficier"][value="non"]')
    expect_outcome(tour, cid, "non-beneficiaire")
    for media in ("screen", "print"):
        tour.emulate_media(media=media)
        expect(tour.locator("form.reperes-calc")).to_be_visible()
        for name, value in [("isolement", "oui"), ("peut_beneficier", "non")]:
            answer = tour.locator(f'input[name="{name}"][value="{value}"]')
            expect(answer).to_be_visible()
            expect(answer).to_be_checked()
        expect(panel(tour, cid)).to_be_visible()
        expect(panel(tour, cid)).to_contain_text(label_of(cid, "non-beneficiaire"))
        controls = [tour.locator("[data-status]"), tour.locator("form.reperes-calc button[type=reset]"),
                    tour.locator("[data-copy]"), tour.locator(".reperes-embed-snippet")]
        for control in controls:
            if media == "print":
                expect(control).to_be_hidden()
            else:
                expect(control).to_be_visible()


LONGEST_SHEET = "auto-evaluation-mise-en-oeuvre"


def check_longest_gap_report(page) -> None:
    """The longest printed sheet, on the page open: the self-assessment with every item partly met (21 gaps, each
    with the sources' recommendations, about 9,000 characters, and the longest answer label). It was five A4
    pages; on the sheet's own margins, each gap one paragraph and a recommendation worded as the gap itself named
    by its list only, two, as every other sheet (check_print_record)."""
    cid, items = LONGEST_SHEET, CRITERIA[LONGEST_SHEET]["items"]
    expect_outcome(page, cid, "bilan", timeout=BOOT_MS)
    expect(panel(page, cid).locator(".reperes-gaps > li")).to_have_count(len(items))
    page.emulate_media(media="print")
    # Issue 21: no HAS factor is shown as its own recommendation any more (a recommendation worded as its gap
    # would print as its list's name only, .reperes-gap-same).
    assert panel(page, cid).locator(".reperes-gap-same").count() == 0
    expect(page.locator(".reperes-print-why")).to_be_visible()
    pages = pdf_pages(page.pdf(format="A4", print_background=False))
    page.emulate_media(media="screen")
    assert pages <= 2, f"{page.url}: {pages} pages"


@on_tour
def test_longest_gap_report_prints_on_two_pages(tour, base):
    query = query_of({i["id"]: "partiel" for i in CRITERIA[LONGEST_SHEET]["items"]})
    open_calculator(tour, base, LONGEST_SHEET, query=query, by_link=True)
    check_longest_gap_report(tour)


def test_longest_gap_report_prints_on_two_pages_from_its_embed(page, base):
    """Printed from the embed page (a trainer's course), the same sheet: the same fonts, on two pages too."""
    query = query_of({i["id"]: "partiel" for i in CRITERIA[LONGEST_SHEET]["items"]})
    open_calculator(page, base, LONGEST_SHEET, query=query, embed=True)
    check_longest_gap_report(page)
