"""The encoded content against the five seed documents, on the built site.

Proves that every item listed under « Content » is in the built site with its provenance
shown, and checks a sample of exact figures and names against the seeds (transcription
errors). The site is built once for the module; the phrases live in content_expectations.py.
"""
from __future__ import annotations

import html
import os
import re
import unicodedata
from pathlib import Path

import pytest

import content_expectations as ex
from helpers import visible_text
from generator.sources.load import load
from generator.sources.models import COLLECTIONS, CRITERIA
from generator.editions.resolve import resolve
from generator.sources.validate import validate

REPO = Path(__file__).resolve().parent.parent
# The seed documents: $REPERES_SEEDS, else shared/seeds beside the checkout (as CI lays it out), else /work/shared/seeds.
SEEDS_DIR = Path(os.environ.get("REPERES_SEEDS") or next(
    (p for p in (REPO.parent / "shared" / "seeds", Path("/work/shared/seeds")) if p.is_dir()), REPO.parent / "shared" / "seeds"))

def norm(text: str) -> str:
    """Comparison form of a text: typographic apostrophes as ', whitespace collapsed."""
    return " ".join(text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ").split())


def seed_form(text: str) -> str:
    """A seed as readable text: HTML fragments of its tables and Markdown emphasis removed."""
    text = re.sub(r"</?[A-Za-z][^<>]*>", " ", text)  # tags only: « HbA1c < 8 % » is text
    text = html.unescape(text).replace("*", "")
    return norm(text)


def sides(phrase) -> tuple[str, str]:
    """(seed form, site form) of an expectation: a string, or a pair for a typographic difference."""
    seed, site = (phrase, phrase) if isinstance(phrase, str) else phrase
    return norm(seed), norm(site)


class Site:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.html: dict[str, str] = {}  # URL path ("/", "/programmes/sophia/") → HTML
        self.pages: dict[str, str] = {}  # URL path → visible text
        for index in sorted(root.rglob("index.html")):
            rel = index.parent.relative_to(root).as_posix()
            url = "/" if rel == "." else f"/{rel}/"
            self.html[url] = index.read_text(encoding="utf-8")
            self.pages[url] = norm(visible_text(self.html[url]))
        self.corpus = "\n".join(self.pages.values())

    def text(self, url_path: str) -> str:
        """Visible text of the built page at ``url_path`` (e.g. "/programmes/sophia/")."""
        if url_path not in self.pages:
            pytest.fail(f"no page {url_path} in the built site")
        return self.pages[url_path]

    def sections(self, url_path: str) -> dict[str, str]:
        """Visible text of each part of a page's article, keyed by the id of the heading opening it."""
        article = self.html[url_path].split("<article", 1)[1].split("</article>", 1)[0]
        heads = list(re.finditer(r'<h[1-6][^>]*\sid="([^"]+)"', article))
        ends = [m.start() for m in heads[1:]] + [len(article)]
        return {m.group(1): norm(visible_text(article[m.start():end])) for m, end in zip(heads, ends)}


@pytest.fixture(scope="module")
def site(built_site) -> Site:
    return Site(built_site)


@pytest.fixture(scope="module")
def text(site: Site):
    return site.text


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed documents not found in {SEEDS_DIR} (set REPERES_SEEDS)")
    return {key: seed_form((SEEDS_DIR / name).read_text(encoding="utf-8")) for key, name in ex.SEEDS.items()}


def _missing(haystack: str, phrases) -> list[str]:
    return [p for p in phrases if p not in haystack]


def _ascii_id(label: str) -> str:
    """Readable pytest id: « HAS — définition » → « HAS - definition »."""
    return unicodedata.normalize("NFKD", label.replace("—", "-")).encode("ascii", "ignore").decode()


COVERAGE_IDS = [_ascii_id(row[0]) for row in ex.COVERAGE]


# -- 2. Coverage: every item of the content list, on its page --------------------------------------------

@pytest.mark.parametrize("item, url, seed, phrases", ex.COVERAGE, ids=COVERAGE_IDS)
def test_item_is_on_its_page(text, item, url, seed, phrases):
    assert 1 <= len(phrases)
    page = text(url)
    assert not _missing(page, [sides(p)[1] for p in phrases]), f"{item}: missing on {url}"


@pytest.mark.parametrize("item, url, seed, phrases", ex.COVERAGE, ids=COVERAGE_IDS)
def test_item_phrases_come_from_the_seed(seeds, item, url, seed, phrases):
    assert not _missing(seeds[seed], [sides(p)[0] for p in phrases]), f"{item}: not in seed {ex.SEEDS[seed]}"


def test_every_programme_of_the_list_is_covered(site):
    listed = {pid for pid, _, _ in ex.PROGRAMMES}
    built = {url.split("/")[2] for url in site.pages if re.fullmatch(r"/programmes/[^/]+/", url)}
    assert len(listed) == 34 and listed == built


def test_every_training_profile_and_evidence_record_is_covered(site):
    for folder, listed in (("formations", ex.TRAININGS), ("profils", ex.PROFILES), ("preuves", ex.EVIDENCE)):
        built = {url.split("/")[2] for url in site.pages if re.fullmatch(rf"/{folder}/[^/]+/", url)}
        assert {rid for rid, _ in listed} == built, folder
    assert (len(ex.TRAININGS), len(ex.PROFILES), len(ex.EVIDENCE)) == (11, 4, 14)


def test_complexity_table_has_its_seven_sources_with_intermed_spelled_right(text, site):
    page = text("/reperer/dimensions-complexite/")
    assert not _missing(page, ex.COMPLEXITY_SOURCES)
    assert "INTERMERD" not in site.corpus  # the seed's misspelling must not be copied


def test_screening_grid_asks_exactly_the_six_questions_in_order(text):
    page = text("/outils/has-assistance-parcours/")
    grid = next(row[3] for row in ex.COVERAGE if row[1] == "/outils/has-assistance-parcours/")
    questions = [q for q in grid if q.endswith(" ?")]
    assert len(questions) == 6
    positions = [page.find(q) for q in questions]
    assert -1 not in positions and positions == sorted(positions)


def test_key_messages_and_standard_of_care_are_complete(text):
    assert len(ex.V1SAGES_KEY_MESSAGES) == 11
    standard = text("/mettre-en-oeuvre/v1sages-standard-de-soins/")
    assert all(f"Étape {n} :" in standard for n in range(1, 12)) and "Étape 12" not in standard
    assert len(ex.V1SAGES_RECOMMENDATIONS_ESTABLISHMENT) == len(ex.V1SAGES_RECOMMENDATIONS_GMF) == 5


# -- 3. Provenance on every content page ------------------------------------------------------------------

ONE_PAGE = {"references", "standards", "glossary"}  # collections published as one page with anchors
GENERATED = {"/a-propos/format-des-sources/"}  # documentation of the source format, not content


@pytest.fixture(scope="module")
def expected():
    """What the validated sources say the site must publish, as URL paths."""
    project = resolve(validate(load(REPO))).project
    authored = set()
    for page in project.pages:
        stem = page.src_uri.removesuffix(".md").removesuffix("index").strip("/")  # comprendre/x.md → comprendre/x
        authored.add(f"/{stem}/" if stem else "/")
    records, listings = set(), set()
    for name, collection in [*COLLECTIONS.items(), (CRITERIA.name, CRITERIA)]:
        if name in ONE_PAGE:
            records.add(f"/{collection.url}/")
        else:
            listings.add(f"/{collection.url}/")  # index of the collection: a table of links, no content of its own
            records.update(f"/{collection.url}/{rid}/" for rid in project.records[name])
    embeds = {f"/embed/{cid}/" for cid in project.records[CRITERIA.name]}
    return {"project": project, "authored": authored, "records": records, "listings": listings, "embeds": embeds}


def test_every_item_has_its_page_and_every_page_is_accounted_for(site, expected):
    """Each authored page and each record has a built page; nothing else is built except the collection
    indexes, the format documentation and the embeddable versions of the tools (/embed/<tool>/)."""
    known = expected["authored"] | expected["records"] | expected["listings"]
    assert "/" in expected["authored"] and len(expected["authored"]) == 26  # 25 content pages + the accessibility statement
    assert not known - set(site.pages), "items without a page"
    assert not set(site.pages) - known - GENERATED - expected["embeds"], "pages that are neither content nor tools"


def test_embedded_tools_show_their_source(site, expected):
    bad = [url for url in sorted(expected["embeds"] & set(site.pages)) if "Source : " not in site.pages[url]]
    assert not bad, f"embedded tools without « Source : »: {bad}"


def test_authored_pages_show_their_sources_and_revision(site, expected):
    bad = [url for url in sorted(expected["authored"])
           if "Sources de cette page : " not in site.pages[url] or "Dernière révision : " not in site.pages[url]]
    assert not bad, f"authored pages without « Sources de cette page : » or « Dernière révision : »: {bad}"


def test_record_pages_show_their_source_and_revision(site, expected):
    bad = [url for url in sorted(expected["records"])
           if not re.search(r"\bSource : \S", site.pages[url]) or "Dernière révision : " not in site.pages[url]]
    assert not bad, f"record pages without « Source : » or « Dernière révision : »: {bad}"


@pytest.mark.parametrize("name", sorted(ONE_PAGE))
def test_each_entry_of_a_one_page_collection_shows_its_source(site, expected, name):
    sections = site.sections(f"/{COLLECTIONS[name].url}/")
    entries = expected["project"].records[name]
    assert entries and set(entries) <= set(sections)
    # The five seed documents are the sources themselves: their entries carry no « Source : ».
    bad = [rid for rid, entry in entries.items()
           if getattr(entry.record, "kind", None) != "document-source" and "Source : " not in sections[rid]]
    assert not bad, f"{name}: entries without « Source : »: {bad}"


def test_provenance_lines_show_no_raw_attribute_syntax(site):
    """« {: .reperes-source } » must style the source line, not be printed after it."""
    leaking = [url for url, page in site.pages.items() if "{: ." in page or "{:." in page]
    assert not leaking, f"{len(leaking)} pages show « {{: .… }} » as text, e.g. {leaking[:3]}"


def test_record_titles_show_no_raw_emphasis(site):
    leaking = [url for url, page in site.pages.items() if "*et al.*" in page]
    assert not leaking, f"{len(leaking)} pages show « *et al.* » as text, e.g. {leaking[:3]}"


# -- 4. Exact figures and names, against the seeds ------------------------------------------------------

@pytest.mark.parametrize("phrase, seed", ex.FIGURES, ids=[_ascii_id(sides(p)[1]) for p, _ in ex.FIGURES])
def test_figure_is_in_its_seed_and_on_the_site(seeds, site, phrase, seed):
    in_seed, on_site = sides(phrase)
    assert in_seed in seeds[seed], f"« {in_seed} » is not in seed {ex.SEEDS[seed]}"
    assert on_site in site.corpus, f"« {on_site} » (seed {ex.SEEDS[seed]}) is nowhere on the site"


def test_figure_table_is_large_enough():
    assert len(ex.FIGURES) >= 40
    assert {seed for _, seed in ex.FIGURES} == set(ex.SEEDS)


# -- 5. Negative control ---------------------------------------------------------------------------------

@pytest.mark.parametrize("wrong", ex.WRONG_FIGURES)
def test_a_wrong_figure_is_not_found(seeds, site, wrong):
    assert wrong not in site.corpus
    assert not any(wrong in s for s in seeds.values())


def test_the_checks_can_fail(seeds, text, site):
    """The same searches the tests above rely on, shown to reject a figure that is one unit off."""
    right = "une réduction des coûts de l'ordre de 879 euros par patient"
    wrong = right.replace("879", "880")
    page = text("/programmes/spheres/")
    assert _missing(page, [right]) == [] and _missing(page, [wrong]) == [wrong]
    assert right in seeds["has"] and wrong not in seeds["has"]
    assert "879 euros" in site.corpus and "880 euros" not in site.corpus
