"""Accessibility (WCAG 2.1 A and AA) of every edition, checked in Chromium with axe-core, plus what axe cannot check.

1. Pages — axe-core (tags wcag2a, wcag2aa, wcag21a, wcag21aa), once per page, light palette:
   * national edition: EVERY page (each index.html, the embed pages included, and 404.html);
   * editions (quebec, ars-exemple): a sample, as axe on all their pages would add ~3 minutes of CPU:
     the home page, the « Écarts » page, the accessibility statement, every tool (outils/… and
     embed/…), the dark-palette sample, 404.html, every page the edition adds, every page whose article
     differs in markup from the national page's (its words set aside, and the edition's own notices and
     banner), and then pages until every kind of element (tag and class) of the edition is on a checked
     page. A page left out has the markup of a national page checked here, with other words, plus the
     edition's blocks; the edition's CSS (brand colours) meets each of its kinds of element on a checked
     page. REPERES_A11Y_ALL=1 checks every page of every edition.
   On this scan the calculation engine is replaced by a stub worker that reports a boot failure, so a
   tool page is checked in a settled state, « le calcul automatique n'a pas pu démarrer » (its
   error styling included), not while Pyodide boots; the engine's own states are part 2.
   This scan is one crawl per edition that visits EVERY page once and, on that visit, also checks what a
   reader's visit must never meet (no policy violation, no request to another host, nothing stored; the
   tools under the policy and offline: tests/test_trust_browser.py), no JavaScript error, and the tools' names.
   mkdocs-material's search worker, the same file on every page, builds its whole index at each load
   (more CPU than the page itself): it runs on each crawl part's first pages, then a stand-in answers
   at its URL (the page still creates it, under the same policy); the other tests here, which do not
   search, get the stand-in throughout (browser.SEARCH_STANDIN). Search itself: test_search_browser.py.
   Files are served by the test server (axe, the stub), not a Playwright route, which would switch off
   the browser's HTTP cache: a reader's browser keeps the theme's scripts from one page to the next.
   Dark palette (mkdocs-material « slate », chosen as a reader would: the preference it stores in
   localStorage, then a reload): home, a tool, a table page and the glossary, in every edition.
2. Tools — each of the 7, full page and embed, with the engine running (the full pages reached by links on
   one page, as a reader goes from tool to tool: one engine boot; each embed loaded alone): empty (engine ready),
   partly answered, complete (every asked question answered, « Pourquoi ce résultat ? » open) and
   error: an impossible number typed (« -3 », an engine error tied to its field) for the tools with a
   number question, an impossible prefilled answer (the notice of ignored parameters) for the others;
   an impossible prefilled number (?visites_urgence_12_mois=-3) and a number typed as « 2.5 » in part 3.
   Plus each edition's local contact, shown with an outcome, and an error in the dark palette.
3. What axe cannot check: the result is a polite live region whose text changes after an answer;
   errors are tied to their fields (aria-describedby → a visible message, aria-invalid="true");
   every form control has an accessible name (Chromium's own accessibility tree); the keyboard focus
   is visible (outline or box-shadow); every page is in French (lang="fr…").
4. The accessibility statement is published at /a-propos/accessibilite/ in every edition.

Failures are reported grouped by rule, with page URLs and node targets.
One browser per test process; one context per test, and one reused page for each crawl.
"""
from __future__ import annotations

import contextlib
import functools
from html.parser import HTMLParser
import os
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
import yaml

from browser import RECORD_VIOLATIONS, SEARCH_STANDIN, needs_chromium, recording_js_errors, search_worker, serve, site_pages
from instant_site import follow, serve_instant, tour_page, visiting

pytestmark = [pytest.mark.browser, needs_chromium]

REPO = Path(__file__).resolve().parent.parent
AXE_SOURCE = REPO / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
REGIONAL = sorted(p.name for p in (REPO / "editions").iterdir() if (p / "edition.yml").is_file())  # quebec, ars-exemple
EDITIONS = ["national", *REGIONAL]
CRITERIA = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((REPO / "criteria").glob("*.yml"))}
STATEMENT = "a-propos/accessibilite/"
DARK_SAMPLE = ["", "outils/has-assistance-parcours/", "programmes/", "glossaire/"]  # home, a tool, a table, the glossary
EVERYTHING = os.environ.get("REPERES_A11Y_ALL") == "1"
BOOT_MS = 30000
STEP_MS = 10000

# axe-core is served from the page's own origin, under a path no site uses, by the test server. The
# pages carry a Content-Security-Policy allowing 'self' scripts and the hashes of their own inline ones:
# add_script_tag(path=…) would inline axe (blocked, no hash), and bypass_csp=True would check pages
# whose policy is switched off. A same-origin <script src> is allowed by the policy as published.
AXE_PATH = "/__axe-core__/axe.min.js"

# Finished CSS transitions first: the theme animates its header and tabs when the page scrolls (after an
# answer, say), and a colour caught half-way is no colour a reader sees.
AXE_RUN = """async (tags) => {
    await Promise.all(document.getAnimations()
        .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
        .map((a) => a.finished.catch(() => null)));
    const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
    return result.violations.map((v) => ({id: v.id, help: v.help, nodes: v.nodes.map((n) => ({
        target: n.target.join(" "),
        why: (n.failureSummary || "").split("\\n").slice(1, 2).join(" ").trim()}))}));
}"""


def expect(*args, **kwargs):
    from playwright.sync_api import expect as _expect

    return _expect(*args, **kwargs)


# ----------------------------------------------------------------------------------------------- reporting

class Violations:
    """axe violations of many pages, reported grouped by rule."""

    def __init__(self) -> None:
        self.rules: dict[str, dict] = {}

    def add(self, where: str, violations: list[dict]) -> None:
        for v in violations:
            rule = self.rules.setdefault(v["id"], {"help": v["help"], "pages": defaultdict(list)})
            rule["pages"][where] += [f"{n['target']} ({n['why']})" if n["why"] else n["target"] for n in v["nodes"]]

    def __bool__(self) -> bool:
        return bool(self.rules)

    def __str__(self) -> str:
        lines = []
        for rule_id, rule in sorted(self.rules.items()):
            nodes = sum(len(t) for t in rule["pages"].values())
            lines.append(f"\n[{rule_id}] {rule['help']} — {nodes} nœud(s) sur {len(rule['pages'])} page(s)")
            for where, targets in list(rule["pages"].items())[:25]:
                shown = "; ".join(targets[:6]) + (f"; … (+{len(targets) - 6})" if len(targets) > 6 else "")
                lines.append(f"  {where}\n      {shown}")
            if len(rule["pages"]) > 25:
                lines.append(f"  … et {len(rule['pages']) - 25} autre(s) page(s)")
        return "\n".join(lines)


# ----------------------------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def sites(all_sites) -> dict[str, Path]:
    """The national edition and every shipped edition, built as « reperes build --all » does."""
    assert sorted(all_sites) == sorted(EDITIONS) and len(REGIONAL) >= 2
    return all_sites


AXE_FILE = (AXE_PATH, (AXE_SOURCE.read_bytes(), "text/javascript"))
ENGINE_WORKER = "/assets/engine/engine-worker.mjs"
# The engine's worker for the scans of part 1: it reports a boot failure at once (the page's own failure path).
STUB_ENGINE = ('postMessage({type: "boot-error", message: "moteur désactivé pour ce test"});'.encode(), "text/javascript")
# The crawl runs the theme's real search worker on its first pages, then browser.SEARCH_STANDIN.
REAL_SEARCH_PAGES = 2


@pytest.fixture(scope="module")
def bases(sites) -> dict[str, str]:
    """Each edition served at the root of its own origin, as published (its 404 page uses root-absolute URLs),
    with axe-core at AXE_PATH, and the theme's search worker answered by browser.SEARCH_STANDIN (these
    tests do not search, and block service workers, whose precache would refuse the stand-in)."""
    with contextlib.ExitStack() as stack:
        yield {name: stack.enter_context(serve(path, replaced=dict([AXE_FILE]), search=False)) for name, path in sites.items()}


@pytest.fixture(scope="module")
def stubbed(sites) -> dict[str, tuple[str, dict, str, list[str]]]:
    """Each edition served as by ``bases``, with the engine replaced by STUB_ENGINE (a tool page settles
    without booting Pyodide): {name: (base URL, its replaced files, the path of the search worker, the
    paths the server was asked for)}. The browser revalidates a replaced file at each use, so that a
    replacement made between two pages is seen at once; the site's own files come from its cache, as from
    any static host. The search worker is served as a replaced file from the start (its own bytes): a copy
    cached as a site file would never be asked for again, and SEARCH_STANDIN would never be seen."""
    with contextlib.ExitStack() as stack:
        served = {}
        for name, path in sites.items():
            url = search_worker(path)
            replaced = dict([AXE_FILE, (ENGINE_WORKER, STUB_ENGINE), (url, ((path / url[1:]).read_bytes(), "text/javascript"))])
            asked: list[str] = []
            served[name] = (stack.enter_context(serve(path, replaced=replaced, asked=asked)), replaced, url, asked)
        assert all((path / ENGINE_WORKER.lstrip("/")).is_file() for path in sites.values())
        yield served


@contextlib.contextmanager
def axe_context(browser):
    # Service workers blocked: each load must come from the server (no page kept from an earlier test). The
    # service worker's own requests are watched in tests/test_trust_browser.py (the offline test).
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}, color_scheme="light",
                                  service_workers="block")
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def context(browser):
    with axe_context(browser) as context:
        yield context


# ----------------------------------------------------------------------------------------------- helpers

@contextlib.contextmanager
def restored(replaced: dict, path: str):
    """Whatever a test puts at ``path`` in a module-wide ``replaced``, the next test finds what was there."""
    kept = replaced[path]
    try:
        yield
    finally:
        replaced[path] = kept


# Two animation frames after « load »: the theme's and our scripts have run (tables wrapped, etc.).
TWO_FRAMES = "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def settle(page) -> None:
    page.evaluate(f"() => {TWO_FRAMES}")


def axe(page, loaded: bool | None = None) -> list[dict]:
    """axe's violations on ``page``; axe is added first unless ``loaded`` (asked of the page when None)."""
    if not (page.evaluate("() => typeof window.axe === 'object'") if loaded is None else loaded):
        origin = urlsplit(page.url)
        page.add_script_tag(url=f"{origin.scheme}://{origin.netloc}{AXE_PATH}")
    return page.evaluate(AXE_RUN, TAGS)


def scheme(page) -> str | None:
    return page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")


def choose_palette(page, wanted: str) -> None:
    """Store the reader's palette choice the way mkdocs-material does (its own __md_set, its own key)."""
    page.evaluate("""(wanted) => {
        const inputs = [...document.querySelectorAll('input[name="__palette"]')];
        const input = inputs.find((i) => i.getAttribute("data-md-color-scheme") === wanted);
        __md_set("__palette", {index: inputs.indexOf(input), color: {
            media: input.getAttribute("data-md-color-media"), scheme: wanted,
            primary: input.getAttribute("data-md-color-primary"), accent: input.getAttribute("data-md-color-accent")}});
    }""", wanted)


EDITION_BLOCKS = ("Écarts par rapport au référentiel national", "Vocabulaire de cette édition")  # notice titles


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Markup(HTMLParser):
    """A page's markup without its words: ``article`` lists the article's tags with their attributes (« T » for
    each text), the edition's own blocks set aside (its notices, by title, and its banner); ``kinds`` is the set
    of (tag, class) of every element of the page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.article: list[str] = []
        self.kinds: set[tuple[str, str]] = set()
        self._open: list[list[str]] = []  # the article's open elements, each with what it holds so far
        self._in_article = 0
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        classes = dict(attrs).get("class") or ""
        self.kinds.add((tag, classes))
        if tag == "article":
            self._in_article += 1
        if self._in_article and tag not in VOID:
            self._open.append([f"<{tag} {sorted(attrs)}"])
        elif self._in_article:
            self._held().append(f"<{tag} {sorted(attrs)}>")

    def handle_endtag(self, tag: str) -> None:
        if not self._in_article or tag in VOID or not self._open:
            return
        element = self._open.pop()
        if not self._edition_block(element):
            self._held().extend(element + [f"</{tag}"])
        if tag == "article":
            self._in_article -= 1

    def handle_data(self, data: str) -> None:
        if self._in_article and data.strip():
            self._held().append(f"T {data.strip()}" if data.strip() in EDITION_BLOCKS else "T")

    def _held(self) -> list[str]:
        return self._open[-1] if self._open else self.article

    @staticmethod
    def _edition_block(element: list[str]) -> bool:
        head = element[0]
        return ("reperes-edition-banner" in head
                or (head.startswith("<div") and "admonition" in head and any(part.startswith("T ") for part in element)))


def page_text(site: Path, path: str) -> str:
    """The HTML of a page given by its path from the site's root (« 404.html » or a folder)."""
    return (site / path if path.endswith(".html") else site / path / "index.html").read_text(encoding="utf-8")


@functools.lru_cache(maxsize=None)
def markup(page_file: Path) -> Markup:
    return Markup(page_file.read_text(encoding="utf-8"))


def edition_sample(sites: dict[str, Path], name: str) -> list[str]:
    """Pages of an edition checked by axe (see the module docstring), as paths from its root."""
    site, national = sites[name], sites["national"]
    pages = site_pages(site)
    if name == "national" or EVERYTHING:
        return pages + ["404.html"]
    keep = {"", "edition/ecarts/", STATEMENT, *DARK_SAMPLE}
    shared = set(site_pages(national))
    chosen = [p for p in pages
              if p in keep or p.startswith(("outils/", "embed/")) or p not in shared
              or markup(site / p / "index.html").article != markup(national / p / "index.html").article]
    # Then every kind of element of this edition on at least one checked page: its CSS (brand colours) on each.
    seen = set().union(*(markup(site / p / "index.html").kinds for p in chosen))
    for p in pages:
        if p not in chosen and (kinds := markup(site / p / "index.html").kinds) - seen:
            chosen.append(p)
            seen |= kinds
    return chosen + ["404.html"]


def panel(page, criterion: str):
    return page.locator(f'[data-result-for="{criterion}"]')


def wait_engine(page, criterion: str) -> None:
    """Until the engine has answered: an outcome or an error on the result panel."""
    page.wait_for_selector(f'[data-result-for="{criterion}"]:is([data-outcome], [data-error])', state="attached",
                           timeout=BOOT_MS)


def result_text(page) -> str:
    return page.locator("[data-result-body]").inner_text()


def unanswered(page) -> list[str]:
    """Visible questions without an answer, in form order."""
    return page.evaluate("""() => [...document.querySelectorAll("fieldset.reperes-calc-q")]
        .filter((f) => !f.closest("[hidden]") && f.offsetParent !== null)
        .filter((f) => !f.querySelector("input:checked") && !(f.querySelector("input[type=number]") || {}).value)
        .map((f) => f.getAttribute("data-item"))""")


def answer(page, criterion: str, item: str, preferred=None) -> None:
    """Answer one question: the preferred value when given and offered, else the first option (or 12)."""
    spec = next(i for i in CRITERIA[criterion]["items"] if i["id"] == item)
    if spec["answers"] == "entier":
        page.fill(f'input[name="{item}"]', str(preferred if preferred is not None else 12))
        return
    radios = page.locator(f'input[name="{item}"]')
    wanted = page.locator(f'input[name="{item}"][value="{preferred}"]') if preferred is not None else radios.first
    (wanted if wanted.count() else radios.first).check()


def complete(page, criterion: str) -> None:
    """Answer every asked question (an example's answers first), the follow-ups as they appear."""
    example = max(CRITERIA[criterion].get("examples") or [{"answers": {}}], key=lambda e: len(e["answers"]))
    for _ in range(60):
        state = page.wait_for_function("""(cid) => {
            const panel = document.querySelector(`[data-result-for="${cid}"]`);
            if (panel.getAttribute("data-complete") === "true") return "complete";
            const open = [...document.querySelectorAll("fieldset.reperes-calc-q")].some((f) => f.offsetParent !== null
                && !f.querySelector("input:checked") && !(f.querySelector("input[type=number]") || {}).value);
            return open ? "more" : false; }""", arg=criterion, timeout=STEP_MS).json_value()
        if state == "complete":
            return
        for item in unanswered(page):
            answer(page, criterion, item, example["answers"].get(item))
    raise AssertionError(f"{criterion}: never complete")


def number_item(criterion: str) -> dict | None:
    return next((i for i in CRITERIA[criterion]["items"] if i["answers"] == "entier"), None)


def unnamed_controls(page, context) -> list[str]:
    """Form controls that Chromium's accessibility tree (what screen readers get) exposes without a name."""
    cdp = context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
        missing = []
        for node in nodes:
            role = (node.get("role") or {}).get("value")
            if node.get("ignored") or role not in {"radio", "spinbutton", "textbox", "searchbox", "checkbox", "combobox",
                                                   "listbox", "button", "slider", "switch", "menuitemradio"}:
                continue
            if not ((node.get("name") or {}).get("value") or "").strip():
                described = cdp.send("DOM.describeNode", {"backendNodeId": node["backendDOMNodeId"]})["node"]
                attributes = described.get("attributes", [])
                missing.append(f"{role} <{described.get('localName')} {' '.join(attributes)}>")
        return missing
    finally:
        cdp.detach()


def focus_style(page) -> dict:
    return page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return {tag: document.activeElement.tagName.toLowerCase(), type: document.activeElement.type || null,
                outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow}; }""")


def visible_focus(style: dict) -> bool:
    return (style["outline"] != "none" and style["width"] not in ("0px", "")) or style["shadow"] not in ("none", "")


def tab_to(page, selector: str, limit: int = 400) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


# ----------------------------------------------------------------------------------------------- 1. pages

def leaves_the_host(url: str, host: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != host


# What a crawl's visit reads of a page, in one call (each call to the page costs as much CPU as a tenth of
# the page): once settled (two frames), its palette, its tools, its language, whether axe is there and the
# policy violations so far.
VISIT = f"""async () => {{ await {TWO_FRAMES}; return {{
    scheme: document.body.getAttribute("data-md-color-scheme"),
    tools: document.querySelectorAll(".reperes-calculator").length,
    lang: document.documentElement.lang,
    axe: typeof window.axe === "object",
    violations: window.__violations.slice()}}; }}"""


# Each edition's crawl in parts (every n-th page), so that the test processes share the longest one.
CRAWLS = [(edition, part, parts) for edition, parts in [("national", 4), *((name, 2) for name in REGIONAL)]
          for part in range(parts)]


@pytest.mark.parametrize("edition, part, parts", CRAWLS, ids=[f"{e}-{k + 1}-of-{n}" for e, k, n in CRAWLS])
def test_every_page_in_one_visit(browser, sites, stubbed, edition, part, parts):
    """One crawl per edition, each page visited once (every index.html, embed pages included, and 404.html;
    in ``parts`` parts, each visiting every ``parts``-th page). On that visit: the page loads (200), is in
    French, in the light palette, its tool settled; the Content-Security-Policy reports no violation; no
    request goes to another host; no JavaScript error; every tool's form controls have an accessible name;
    and axe finds no violation (every national page; an edition's sample, see the module docstring).
    Afterwards, nothing stored but the palette choice.
    (These were three crawls of the same pages: axe, policy violations, local host only.)
    The engine is STUB_ENGINE; the search worker runs on the first REAL_SEARCH_PAGES pages, then SEARCH_STANDIN."""
    base, replaced, worker, asked = stubbed[edition]
    host = urlsplit(base).netloc
    every = site_pages(sites[edition]) + ["404.html"]
    sample = set(edition_sample(sites, edition))
    assert sample <= set(every)
    if edition == "national":
        assert len(every) > 100
    else:
        assert {"", "edition/ecarts/", STATEMENT, "404.html"} <= sample
        assert sum(p.startswith("outils/") for p in sample) >= len(CRITERIA)
    tool_pages = {p for p in every[:-1] if "reperes-calculator" in page_text(sites[edition], p)}
    assert len(tool_pages) >= 2 * len(CRITERIA), f"{edition}: {sorted(tool_pages)}"
    paths = every[part::parts]
    found, not_french, failed, violations, foreign, unnamed, tools = Violations(), [], [], [], [], {}, 0
    visiting = [""]
    asked_before = len(asked)
    with axe_context(browser) as context, restored(replaced, worker):
        context.add_init_script(RECORD_VIOLATIONS)
        context.on("request", lambda r: foreign.append(f"{visiting[0]}: {r.url}") if leaves_the_host(r.url, host) else None)
        with recording_js_errors(context) as page:
            for visited, path in enumerate(paths):
                if visited == REAL_SEARCH_PAGES:
                    replaced[worker] = SEARCH_STANDIN
                visiting[0] = path
                response = page.goto(base + path, wait_until="load")
                if response is None or response.status != 200:
                    failed.append(path)
                    continue
                seen = page.evaluate(VISIT)
                assert seen["scheme"] in (None, "default"), f"{path}: not in the light palette"
                if seen["tools"]:
                    expect(page.locator("[data-status]").first).to_have_class(re.compile("reperes-calc-status--error"),
                                                                              timeout=STEP_MS)
                    tools += 1
                    if missing := unnamed_controls(page, context):
                        unnamed[path] = missing
                if not seen["lang"].lower().startswith("fr"):
                    not_french.append(f"{path} ({seen['lang']!r})")
                if path in sample:
                    found.add(f"{base}{path}", axe(page, loaded=seen["axe"]))
                if seen["tools"] or path in sample:  # more was done on the page since VISIT: read them again
                    seen["violations"] = page.evaluate("window.__violations")
                violations += [f"{path}: {v}" for v in seen["violations"]]
            visiting[0] = "(après la visite)"
            page.wait_for_timeout(500)  # late requests (fonts, beacons) would show up here
            local, session, cookies = page.evaluate(
                "() => [Object.keys(localStorage), Object.keys(sessionStorage), document.cookie]")
    assert failed == [], f"pages that did not load: {failed}"
    # Each page that starts the search worker asked the server for it: the stand-in was seen (a cached copy
    # of the real worker would build the whole index on every page, unseen).
    searching = [p for p in paths if worker.rsplit("/", 1)[1] in page_text(sites[edition], p)]
    assert asked[asked_before:].count(worker) >= len(searching) > 0, f"{edition}: search worker not revalidated"
    assert violations == [], f"{edition}: Content-Security-Policy violations: {violations[:20]}"
    assert foreign == [], f"{edition}: requests to other hosts: {sorted(set(foreign))[:10]}"
    assert not_french == [], f"pages not declared in French: {not_french}"
    assert tools == len(tool_pages & set(paths)), f"{edition}: {tools} tool pages found in the browser"
    assert unnamed == {}, f"{edition}: form controls without an accessible name: {unnamed}"
    # Only the theme's colour-scheme preference may be kept (mkdocs-material's « __palette »).
    assert [k for k in local if not k.endswith(".__palette")] == [] and session == [] and cookies == ""
    assert not found, f"{edition}: axe violations (WCAG 2.1 A/AA) on {len(sample & set(paths))} pages checked:{found}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_dark_palette_sample_has_no_axe_violation(page, sites, stubbed, edition):
    base, replaced, worker, _ = stubbed[edition]
    with restored(replaced, worker):
        replaced[worker] = SEARCH_STANDIN  # the crawl runs the real one
        page.goto(base, wait_until="load")
        choose_palette(page, "slate")
        found = Violations()
        for path in DARK_SAMPLE:
            assert (sites[edition] / path / "index.html").is_file(), path
            page.goto(base + path, wait_until="load")
            settle(page)
            assert scheme(page) == "slate", f"{path}: the dark palette was not applied"
            found.add(f"{base}{path} (sombre)", axe(page))
        assert not found, f"{edition}, dark palette: axe violations:{found}"


def test_every_page_declares_french(sites):
    """Every published HTML file, static check (the scan above checks the live document too)."""
    bad = []
    for name, site in sites.items():
        for html in sorted(site.rglob("*.html")):
            if "/assets/" in f"/{html.relative_to(site).as_posix()}":
                continue
            m = re.search(r"<html\b[^>]*\blang=\"([^\"]*)\"", html.read_text(encoding="utf-8"))
            if not m or not m.group(1).lower().startswith("fr"):
                bad.append(f"{name}/{html.relative_to(site)}")
    assert bad == [], f"pages without lang=\"fr…\": {bad[:20]}"


# ----------------------------------------------------------------------------------------------- 2. tool states

@pytest.fixture(scope="module")
def tool_tour(browser, sites, tmp_path_factory):
    """One page for the seven full tool pages (instant_site.tour_page): each reached by a link, as a reader
    goes from tool to tool, on an engine booted once (the « a11y-tool-tour » group: one worker). The national
    site served as by ``bases``, with the sitemap that instant navigation needs (instant_site.serve_instant)."""
    with serve_instant(sites["national"], tmp_path_factory.mktemp("a11y-tour"), replaced=dict([AXE_FILE]),
                       search=False) as base, axe_context(browser) as context, tour_page(context, base) as page:
        yield page, context, base


@contextlib.contextmanager
def tool_page(request, embed: bool):
    """(page, context, base URL, how to open a URL): an embed is loaded in a page of its own (it has no
    instant navigation: one engine boot each); a full tool page is reached by a link on the tour page."""
    if embed:
        page = request.getfixturevalue("page")
        yield (page, request.getfixturevalue("context"), request.getfixturevalue("bases")["national"],
               lambda url: page.goto(url, wait_until="load"))
        return
    tour, context, base = request.getfixturevalue("tool_tour")
    with visiting(tour) as page:
        yield page, context, base, lambda url: follow(page, url)


ON_TOUR = pytest.mark.xdist_group("a11y-tool-tour")  # the tests of tool_tour's page: one worker, one engine boot
EMBED_OR_TOUR = pytest.mark.parametrize("embed", [pytest.param(False, marks=ON_TOUR), True], ids=["outils", "embed"])


@EMBED_OR_TOUR
@pytest.mark.parametrize("criterion", sorted(CRITERIA))
def test_every_tool_state_has_no_axe_violation(request, criterion, embed):
    """States of one tool, in one visit: the embed loaded alone, the full page reached by a link on one tour
    page (tool_page). A tool without a number question opens with an answer no option offers, prefilled (the
    notice of ignored parameters: its error state), then the reader empties the form with its reset button;
    then, for every tool: empty, partly answered, complete, and for a tool with a number question, an
    impossible number typed (an engine error on its field). Every tool page is also loaded on its own in
    the crawl (part 1) and, with the engine, in tests/test_calculators_browser.py (its examples)."""
    with tool_page(request, embed) as (page, context, base, open_url):
        tool_states(page, context, base, criterion, embed, open_url)


def tool_states(page, context, base: str, criterion: str, embed: bool, open_url) -> None:
    url = f"{base}{'embed' if embed else 'outils'}/{criterion}/"
    found = Violations()
    number = number_item(criterion)

    if number is None:  # no number to get wrong: an answer no option offers, prefilled
        query = urlencode({CRITERIA[criterion]["items"][0]["id"]: "peut-etre"})
        open_url(f"{url}?{query}")
        wait_engine(page, criterion)
        expect(page.locator(".reperes-calc-notice")).to_be_visible()
        expect(page.locator(".reperes-calc-notice")).to_contain_text(query)
        settle(page)
        found.add(f"{url}?{query} — erreur", axe(page))
        page.get_by_role("button", name="Effacer les réponses").click()
        expect(page.locator(".reperes-calc-notice")).to_be_hidden()
    else:
        open_url(url)
        wait_engine(page, criterion)
    expect(page.locator("[data-status]")).to_contain_text("Calcul automatique prêt")
    expect(panel(page, criterion)).to_have_attribute("data-complete", "false")
    assert unanswered(page), f"{url}: the form is not empty"
    # The result is a polite live region, present before any answer (a region added later is not announced).
    live = page.locator(f'[data-result-for="{criterion}"] [aria-live]')
    expect(live).to_have_count(1)
    assert live.get_attribute("aria-live") == "polite"
    settle(page)
    found.add(f"{url} — vide", axe(page))
    assert unnamed_controls(page, context) == [], f"{url}: form controls without an accessible name"

    before = result_text(page)
    first = unanswered(page)[0]
    answer(page, criterion, first)
    expect(page.locator("[data-result-body]")).not_to_have_text(before, timeout=STEP_MS)  # the result changed
    found.add(f"{url} — partiel ({first})", axe(page))

    complete(page, criterion)
    page.evaluate("() => document.querySelectorAll('.reperes-result details').forEach((d) => { d.open = true; })")
    found.add(f"{url} — complet ({panel(page, criterion).get_attribute('data-outcome')})", axe(page))
    assert unnamed_controls(page, context) == [], f"{url}: form controls without an accessible name (complete)"

    if number is not None:  # an impossible number, typed into the answered form: an engine error on its field
        assert number.get("minimum", 0) >= 0
        page.fill(f'input[name="{number["id"]}"]', "-3")
        expect(panel(page, criterion)).to_have_attribute("data-error", "invalid-answer", timeout=STEP_MS)
        expect(page.locator("[data-error-for]:visible")).to_have_count(1)
        found.add(f"{url} — erreur ({number['id']} = -3)", axe(page))
    assert not found, f"axe violations (WCAG 2.1 A/AA) in the states of {criterion}:{found}"


def test_local_contacts_of_the_editions_have_no_axe_violation(page, sites, bases):
    """A result that shows an edition's local contact (links, phone, e-mail), in each edition's brand."""
    found, checked = Violations(), 0
    for edition in REGIONAL:
        spec = yaml.safe_load((REPO / "editions" / edition / "edition.yml").read_text(encoding="utf-8"))
        for resource in spec.get("resources", []):
            cid = resource["criterion"]
            crit = CRITERIA[cid]
            override = REPO / "editions" / edition / "criteria" / f"{cid}.yml"
            if override.is_file():
                crit = yaml.safe_load(override.read_text(encoding="utf-8"))
            for outcome in resource["outcomes"]:
                example = next(e for e in crit["examples"] if e["expect_outcome"] == outcome)
                url = f"{bases[edition]}outils/{cid}/?{urlencode({k: str(v) for k, v in example['answers'].items()})}"
                page.goto(url, wait_until="load")
                expect(panel(page, cid)).to_have_attribute("data-outcome", outcome, timeout=BOOT_MS)
                expect(page.locator(".reperes-result .reperes-contacts")).to_be_visible()
                found.add(f"{url} — {outcome}", axe(page))
                checked += 1
    assert checked >= 3
    assert not found, f"axe violations on results with a local contact:{found}"


def test_tool_error_in_the_dark_palette(page, bases):
    base, cid = bases["national"], "v1sages-reperage"
    page.goto(base, wait_until="load")
    choose_palette(page, "slate")
    page.goto(f"{base}outils/{cid}/?visites_urgence_12_mois=-3", wait_until="load")
    expect(panel(page, cid)).to_have_attribute("data-error", "invalid-answer", timeout=BOOT_MS)
    assert scheme(page) == "slate"
    found = Violations()
    found.add(f"{page.url} (sombre) — erreur", axe(page))
    page.fill('input[name="visites_urgence_12_mois"]', "8")
    page.check('input[name="hebergement_longue_duree"][value="non"]')
    expect(panel(page, cid)).to_have_attribute("data-outcome", "reperee", timeout=STEP_MS)
    page.evaluate("() => document.querySelectorAll('.reperes-result details').forEach((d) => { d.open = true; })")
    found.add(f"{page.url} (sombre) — complet", axe(page))
    assert not found, f"axe violations, dark palette:{found}"


# ----------------------------------------------------------------------------------------------- 3. beyond axe

def error_ties(page) -> list[dict]:
    """For each field marked invalid: the messages its own aria-describedby, or its fieldset's, points to."""
    return page.evaluate("""() => [...document.querySelectorAll('[aria-invalid="true"]')].map((field) => {
        const ids = [field, field.closest("fieldset")].filter(Boolean)
            .flatMap((e) => (e.getAttribute("aria-describedby") || "").split(/\\s+/)).filter(Boolean);
        const messages = ids.map((id) => document.getElementById(id)).filter((m) => m && m.matches("[data-error-for]"));
        return {name: field.name, type: field.type,
                own: (field.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean),
                visible: messages.filter((m) => !m.hidden && m.offsetParent !== null && m.textContent.trim())
                                 .map((m) => m.textContent.trim())}; })""")


@EMBED_OR_TOUR
def test_errors_are_tied_to_their_fields(request, embed):
    with tool_page(request, embed) as (page, _, base, open_url):
        errors_tied(page, base, "embed" if embed else "outils", open_url)


def errors_tied(page, base: str, folder: str, open_url) -> None:
    # An impossible prefilled value.
    cid = "v1sages-reperage"
    open_url(f"{base}{folder}/{cid}/?visites_urgence_12_mois=-3")
    expect(panel(page, cid)).to_have_attribute("data-error", "invalid-answer", timeout=BOOT_MS)
    ties = error_ties(page)
    assert [t["name"] for t in ties] == ["visites_urgence_12_mois"], ties
    assert ties[0]["visible"] and "supérieur ou égal à 0" in ties[0]["visible"][0], ties
    assert f"{cid}-visites_urgence_12_mois-erreur" in ties[0]["own"], "the number field itself must be described by its error"
    assert page.locator('input[aria-invalid="true"]').count() == 1
    found = Violations()
    found.add(f"{page.url} — valeur pré-remplie impossible", axe(page))

    # A number field typed with what is not a whole number.
    cid = "file-active"
    open_url(f"{base}{folder}/{cid}/")
    wait_engine(page, cid)
    page.check('input[name="modele"] >> nth=0')
    field = page.locator('input[name="situations"]')
    field.fill("2.5")
    expect(panel(page, cid)).to_have_attribute("data-error", "invalid-answer", timeout=STEP_MS)
    expect(field).to_have_attribute("aria-invalid", "true")
    ties = error_ties(page)
    assert [t["name"] for t in ties] == ["situations"] and ties[0]["visible"], ties
    found.add(f"{page.url} — saisie « 2.5 »", axe(page))
    assert not found, f"axe violations with an error:{found}"
    # Corrected: no field stays marked invalid, no message stays shown.
    field.fill("45")
    expect(panel(page, cid)).to_have_attribute("data-outcome", "estimation-maia", timeout=STEP_MS)  # the first reference
    assert error_ties(page) == []
    expect(page.locator("[data-error-for]:visible")).to_have_count(0)


def test_number_fields_are_named_by_their_question(page, stubbed):
    cid = "v1sages-reperage"
    page.goto(f"{stubbed['national'][0]}outils/{cid}/", wait_until="load")  # names do not depend on the engine
    # « Nombre de visites à l'urgence dans la dernière année. » (its legend), then its own label « Nombre ».
    field = page.get_by_role("spinbutton")
    expect(field).to_have_count(1)
    expect(field).to_have_accessible_name(re.compile(r"^1\. Nombre de visites à l.urgence dans la dernière année\.? Nombre$"))


# The embed page has a single, light palette.
@pytest.mark.parametrize("embed, palette", [(False, "default"), (True, "default"), (False, "slate")],
                         ids=["outils", "embed", "outils-sombre"])
def test_keyboard_focus_is_visible(page, stubbed, embed, palette):
    base, folder = stubbed["national"][0], "embed" if embed else "outils"  # focus styles do not depend on the engine
    if palette == "slate":
        page.goto(base, wait_until="load")
        choose_palette(page, "slate")
    cid = "v1sages-reperage"
    page.goto(f"{base}{folder}/{cid}/", wait_until="load")
    page.locator("form.reperes-calc").evaluate("(form) => form.closest('.reperes-calculator').scrollIntoView()")
    page.locator('input[name="visites_urgence_12_mois"]').focus()  # start inside the form, then use the keyboard only
    page.keyboard.press("Shift+Tab")
    tab_to(page, 'input[name="visites_urgence_12_mois"]')
    number = focus_style(page)
    tab_to(page, 'input[type="radio"]')
    radio = focus_style(page)
    page.keyboard.press("ArrowRight")  # moves and selects: the focus ring follows
    moved = focus_style(page)
    tab_to(page, 'button[type="reset"]')
    button = focus_style(page)
    for what, style in [("number", number), ("radio", radio), ("radio after an arrow key", moved), ("reset button", button)]:
        assert visible_focus(style), f"{folder}, {palette}: no visible focus on the {what}: {style}"
    assert radio["type"] == "radio" and moved["type"] == "radio"


@ON_TOUR
def test_result_region_announces_each_verdict(request):
    """The live region says one short sentence each time the verdict changes (issue 11: it used to be
    the whole result panel, re-read after every click)."""
    with tool_page(request, embed=False) as (page, _, base, open_url):
        live_region(page, base, open_url)


def live_region(page, base: str, open_url) -> None:
    cid = "conect-6"
    open_url(f"{base}outils/{cid}/")
    wait_engine(page, cid)
    region = page.locator(f'[data-result-for="{cid}"] [aria-live="polite"]')
    expect(region).to_have_count(1)
    assert region.get_attribute("aria-atomic") == "true"
    texts = [region.inner_text()]
    for item, value in [("q1", "oui"), ("q2", "oui"), ("q2", "non")]:  # incomplet → positif → incomplet
        page.check(f'input[name="{item}"][value="{value}"]')
        if item == "q1":
            continue  # still « incomplet »: nothing new to say
        expect(region).not_to_have_text(texts[-1], timeout=STEP_MS)
        texts.append(region.inner_text())
        assert re.fullmatch(r"[^.!?]+[.!?]", texts[-1].strip()), texts[-1]
    # The region stays the same element: replacing it would silence it.
    assert page.evaluate(f"""() => document.querySelector('[data-result-for="{cid}"] [aria-live]')
        === document.querySelector('[data-result-for="{cid}"] [data-announce]')""")


# ----------------------------------------------------------------------------------------------- 4. statement

@pytest.mark.parametrize("edition", EDITIONS)
def test_accessibility_statement_is_published(sites, edition):
    page = sites[edition] / STATEMENT / "index.html"
    assert page.is_file(), f"{edition}: no /{STATEMENT}"
    html = page.read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u202f", " ").replace("\u00a0", " ")
    assert re.search(r"<h1[^>]*>\s*Déclaration d.accessibilité", html)
    for section in ["État de conformité", "Contenus non accessibles", "Établissement de cette déclaration",
                    "Technologies utilisées", "Environnement de test", "Retour d'information et contact",
                    "Voies de recours"]:
        assert re.search(rf"<h[23][^>]*>\s*{re.escape(section)}", html.replace("&#39;", "'")), f"{edition}: section « {section} »"
    assert re.search(r"est (totalement |partiellement |non )conforme avec le référentiel général", text)
    assert "23 novembre 2026" in text and "Défenseur des droits" in text and "axe-core" in text
    assert "RGAA 4.1" in text and "WCAG 2.1" in text  # its two references, cited by name
    # Reachable from every page, with the conformity status (RGAA): the footer links it.
    for path, href in [("index.html", "a-propos/accessibilite/"), ("outils/conect-6/index.html", "../../a-propos/accessibilite/"),
                       ("404.html", "/a-propos/accessibilite/")]:
        footer = (sites[edition] / path).read_text(encoding="utf-8").split('class="md-copyright"', 1)[-1]
        assert re.search(rf'<a href="{re.escape(href)}">Accessibilité(&#8239;|\u202f| ): (totalement |partiellement |non )conforme</a>',
                         footer), f"{edition}/{path}: no link to the statement in the footer"
    # And from the navigation, under « Références ».
    assert 'href="../a-propos/accessibilite/"' in (sites[edition] / "glossaire" / "index.html").read_text(encoding="utf-8")
