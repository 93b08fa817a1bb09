"""French search without a browser: the engine (generator/site/search_engine.js) in Node, one process for the
whole module (tests/search_node.mjs), on the built national site's index and on small made-up indexes; the
worker built for Zensical, message by message as its interface sends them (tests/search_zensical_node.mjs); the
index data the post-pass builds (generator/site/search.py) and each backend writes; the build errors
(theme-mismatch, naming the step) when the theme is not the one Repères adapts. The same benchmark in Chromium,
through each theme's interface: tests/test_search_browser.py.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.render.pages import Rendered
from generator.site import search
from generator.site.backend_mkdocs import LUNR, MkDocs
from generator.site.backend_zensical import Zensical
from generator.sources.errors import SourcesInvalid

ROOT = Path(__file__).resolve().parent.parent
QUERIES = yaml.safe_load((Path(__file__).parent / "data" / "search_queries.yml").read_text(encoding="utf-8"))
THESAURUS = yaml.safe_load(search.THESAURUS.read_text(encoding="utf-8"))["groups"]
needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="Node absent (scripts/setup.sh installs it)")

# Made-up pages: what the ranking, the synonyms, the tags and the escaping do, whatever the site's content.
SMALL = {
    "docs": [
        {"location": "outils/maia/", "title": "Critères d'orientation", "kind": "tool", "tags": ["France"],
         "about": "Personnes de plus de 60 ans qui souhaitent rester à domicile.",
         "text": "<p>Questions pour orienter vers la gestion de cas.</p>"},
        {"location": "outils/maia/#regle", "title": "Règle de décision", "text": "<p>Trois conditions préalables.</p>"},
        {"location": "programmes/reseau/", "title": "Réseau gérontologique", "kind": "record", "tags": ["Québec"],
         "text": "<p>Un réseau pour les personnes âgées &lt;script&gt;alert(1)&lt;/script&gt; à domicile.</p>"},
        {"location": "programmes/accueil/", "title": "Accueil de jour", "kind": "record",
         "text": "<p>Orienter la personne vers la gestion de cas à domicile.</p>"},
        {"location": "glossaire/", "title": "Glossaire", "kind": "glossary", "text": "<p>Les sigles.</p>"},
        {"location": "glossaire/#dac", "title": "DAC", "text": "<p>Dispositif d'appui à la coordination</p>"},
        {"location": "organiser/appui/", "title": "Fonctions d'appui", "kind": "page",
         "text": "<p>Les dispositifs d'appui à la coordination des parcours.</p><p>Le CONECT-6 repère.</p>"},
    ],
    "vocabulary": {"keep": ["DAC", "CONECT"],
                   "synonyms": [["DAC", "dispositif d'appui à la coordination"], ["personne âgée", "plus de 60 ans"]]},
}
SMALL_QUERIES = ["personne âgée", "dac", "dispositif d'appui à la coordination", "orienter gestion de cas domicile",
                 "script", "conect6", "fike", "gestionaure de cas", "de la", "Règle"]
STEMS = [["gestionnaire"], ["gestionnaires"], ["gestionaire"], ["urgence"], ["urgences"], ["sociaux"], ["social"],
         ["âgée"], ["âgés"], ["infirmière"], ["infirmier"], ["coordination"], ["coordinateur"], ["CISSS", True],
         ["CISSS"], ["2.5.3"]]


@pytest.fixture(scope="module")
def node(built_site):
    """Every case of this module, run in one Node process."""
    if shutil.which("node") is None:
        pytest.skip("Node absent (scripts/setup.sh installs it)")
    groups = [expression for group in THESAURUS for expression in group]
    job = {"engine": str(search.ENGINE),
           "cases": [{"index": str(built_site / MkDocs.search_index), "queries": [q["query"] for q in QUERIES],
                      "expressions": groups, "limit": 10},
                     {"data": SMALL, "queries": SMALL_QUERIES, "limit": 10}],
           "stems": STEMS, "fold": ["Médecin", "MÉDECIN", "œuvre", "Œdème"]}
    run = subprocess.run(["node", str(Path(__file__).with_name("search_node.mjs"))], input=json.dumps(job),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    site, small = out["cases"]
    return {"site": dict(zip((q["query"] for q in QUERIES), site["results"])), "expressions": site["expressions"],
            "small": dict(zip(SMALL_QUERIES, small["results"])), "stems": out["stems"], "fold": out["fold"],
            "stats": site["stats"]}


def pages(result: dict) -> list[str]:
    return [p["location"] for p in result["pages"]]


# ------------------------------------------------------------------------------------------ the benchmark
def test_benchmark_queries_find_the_expected_page_in_node(node):
    """The Chromium test's benchmark, in the engine alone: a failure here names the ranking, not the browser."""
    misses = [f"« {q['query']} » → {pages(node['site'][q['query']])[:3]}, attendu l'une de {q['expected']}"
              for q in QUERIES if not set(pages(node["site"][q["query"]])[:3]) & set(q["expected"])]
    assert not misses, "\n".join(misses)
    assert len(QUERIES) >= 44 + 12


def test_no_internal_form_is_ever_shown(node):
    """What a reader sees: the words they typed (« Non trouvé »), the page's own words (marked in titles and
    snippets, highlighted on the page opened) — never a stem, a folded or a corrected form."""
    for query, result in node["site"].items():
        typed = {w.lower() for w in re.findall(r"[\w.,]+", query)}
        for page in result["pages"]:
            shown = page["title"] + page["text"] + "".join(s["title"] + s["text"] for s in page["sections"])
            marked = {m.lower() for m in re.findall(r"<mark>(.*?)</mark>", shown)}
            assert marked == set(page["matched"]), (query, page["location"])  # the page's own words, as written
            assert all(word.lower() in typed for word in page["missing"]), (query, page["location"], page["missing"])
            assert re.sub(r"</?(mark|p)>|&(amp|lt|gt);", "", shown).count("<") == 0, (query, page["location"])
        assert [w["text"] for w in result["words"]] == [w for w in re.findall(r"[\w.,]+", query)
                                                         if w.casefold() in {x["text"].casefold() for x in result["words"]}]
    # The example: « repet » and « urgenc » were shown; the reader's words are.
    stems = {"repet", "urgenc", "gestionair", "agee", "parcou", "cordin"}
    for result in node["site"].values():
        for page in result["pages"]:
            assert not set(page["missing"]) & stems and not set(page["matched"]) & stems


def test_a_word_of_five_letters_or_more_forgives_one_typo(node):
    small = node["small"]
    assert pages(small["gestionaure de cas"])[:1] in (["outils/maia/"], ["programmes/accueil/"])
    assert small["fike"]["pages"] == []  # four letters: no typo tolerance
    assert [w["found"] for w in node["site"]["urgense"]["words"]] == [True]
    assert node["site"]["urgense"]["pages"][0]["missing"] == []


def test_letters_glued_to_digits_are_split_unless_the_site_has_the_word(node):
    assert pages(node["small"]["conect6"]) == ["organiser/appui/"]
    assert "V1SAGES" not in node["site"]["V1SAGE"]["pages"][0]["missing"]  # one edit from « V1SAGES », not split


def test_synonyms_go_both_ways_and_count_as_found(node):
    small = node["small"]
    assert set(pages(small["dac"])) >= {"glossaire/", "organiser/appui/"}
    assert set(pages(small["dispositif d'appui à la coordination"])) >= {"glossaire/", "organiser/appui/"}
    elderly = small["personne âgée"]
    assert pages(elderly)[:2] == ["outils/maia/", "programmes/reseau/"]  # « plus de 60 ans » in what the tool is for
    assert elderly["pages"][0]["missing"] == []
    assert "60" not in elderly["pages"][0]["text"]  # « about » is found, never shown


def test_tools_and_written_pages_come_before_records_for_questions(node):
    result = node["small"]["orienter gestion de cas domicile"]
    assert result["question"] and pages(result)[:2] == ["outils/maia/", "programmes/accueil/"]


def test_results_carry_the_page_tags_and_escape_the_text(node):
    small = node["small"]
    assert [p["tags"] for p in small["personne âgée"]["pages"][:2]] == [["France"], ["Québec"]]
    shown = small["script"]["pages"][0]["text"]
    assert "&lt;<mark>script</mark>&gt;" in shown and "<script" not in shown


def test_stop_words_alone_and_sections(node):
    assert node["small"]["de la"]["pages"] == []
    rule = node["small"]["Règle"]["pages"][0]
    assert rule["sections"][0]["location"] == "outils/maia/#regle" and "<mark>Règle</mark>" in rule["sections"][0]["title"]


def test_folding_and_stemming(node):
    stems = dict(zip((tuple(s) for s in STEMS), node["stems"]))
    same = [("gestionnaire",), ("gestionnaires",), ("gestionaire",)]
    assert len({stems[w] for w in same}) == 1
    assert stems[("urgence",)] == stems[("urgences",)] and stems[("sociaux",)] == stems[("social",)]
    assert stems[("âgée",)] == stems[("âgés",)] and stems[("infirmière",)] == stems[("infirmier",)]
    assert stems[("coordination",)] == stems[("coordinateur",)]
    assert stems[("CISSS", True)] == "cisss" != stems[("CISSS",)]  # an acronym of the glossary is kept whole
    assert stems[("2.5.3",)] == "2.5.3"
    assert node["fold"] == {"Médecin": "medecin", "MÉDECIN": "medecin", "œuvre": "oeuvre", "Œdème": "oedeme"}


def test_every_thesaurus_group_speaks_of_the_site(node):
    """A group none of whose expressions the national site contains would find nothing: each must have one."""
    found = iter(node["expressions"])
    empty = [group for group in THESAURUS if not any([next(found) for _ in group])]
    assert not empty, empty


# -------------------------------------------------------------------------------- the post-pass's data
def test_sections_follow_the_headings_and_leave_controls_out():
    content = ('<h1>Titre</h1><p>Intro <abbr title="x">DAC</abbr> &amp; suite</p><button>Copier</button>'
               '<h2 id="a">Partie A</h2><ul><li>un</li><li>deux\u00a0!</li></ul><h3>Sans ancre</h3>'
               '<div data-search-exclude><p>caché</p></div><script>var x = "<p>";</script>'
               '<h2 id="b">Partie <em>B</em></h2>')
    found = search.sections(content, "Titre")
    assert [(s.anchor, s.title, s.blocks) for s in found] == [
        ("", "Titre", ["Intro DAC & suite"]), ("a", "Partie A", ["un", "deux\u00a0!", "Sans ancre"]), ("b", "Partie B", [])]
    assert found[0].text == "<p>Intro DAC &amp; suite</p>"


def test_pages_are_told_apart_by_kind():
    assert [search.kind(u) for u in ("index.md", "outils/conect-6.md", "outils/index.md", "glossaire/index.md",
                                     "programmes/prado.md", "programmes/index.md", "references/index.md",
                                     "comprendre/coordination-parcours.md")] == [
        "home", "tool", "page", "glossary", "record", "page", "record", "page"]


def test_the_built_index_carries_the_engine_data(all_sites):
    index = json.loads((all_sites["national"] / MkDocs.search_index).read_text(encoding="utf-8"))
    docs = {d["location"]: d for d in index["docs"]}
    maia = docs["outils/maia-orientation-2015/"]
    assert maia["kind"] == "tool" and "plus de 60 ans" in maia["about"] and "Orienter vers la gestion de cas" in maia["about"]
    assert docs["programmes/prado/"]["kind"] == "record" and docs["glossaire/"]["kind"] == "glossary"
    words = index["config"]["reperes"]
    assert "ARS" in words["keep"] and index["config"]["separator"]  # the theme's page highlighter reads it
    assert ["DAC", "Dispositifs d'Appui à la Coordination"] in [g[:2] for g in words["synonyms"]] or any(
        g[0] == "DAC" for g in words["synonyms"])
    quebec = json.loads((all_sites["quebec"] / MkDocs.search_index).read_text(encoding="utf-8"))["config"]["reperes"]
    assert ["médecin traitant", "médecin de famille"] in quebec["synonyms"]


def test_the_theme_worker_is_replaced_everywhere(built_site):
    """One search worker, ours, named after its content; every page points to it; the theme's lunr is gone
    and the service worker precaches the worker and the index."""
    workers = sorted(p.name for p in (built_site / search.WORKERS).glob("search.*.js"))
    assert len(workers) == 1 and workers[0].startswith("search.reperes-")
    body = (built_site / search.WORKERS / workers[0]).read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|^\s*//[^\n]*", "", body, flags=re.S | re.M)  # CSP: no eval, nothing loaded
    assert not re.search(r"\beval\b|\bFunction\(|importScripts|fetch\(|XMLHttpRequest", code)
    assert not (built_site / LUNR).exists()
    for page in [*built_site.glob("**/index.html"), built_site / "404.html"]:
        text = page.read_text(encoding="utf-8")
        if 'id="__config"' in text:
            assert f'/{workers[0]}"' in text or f'"{search.WORKERS.as_posix()}/{workers[0]}"' in text, page
    sw = (built_site / "sw.js").read_text(encoding="utf-8")
    assert f'"./assets/javascripts/workers/{workers[0]}"' in sw and '"./search/search_index.json"' in sw and "lunr" not in sw


# ------------------------------------------------------------------------------ a theme we do not know
def theme_site(tmp_path: Path) -> Path:
    """The smallest site the search steps adapt: one page, the theme's worker and index."""
    site = tmp_path / "site"
    (site / search.WORKERS).mkdir(parents=True)
    (site / search.WORKERS / "search.1234abcd.min.js").write_text("// theme", encoding="utf-8")
    (site / "search").mkdir()
    (site / MkDocs.search_index).write_text(json.dumps({"config": {"separator": "[\\s]+"}, "docs": []}), encoding="utf-8")
    return site


PAGE = ('<html><head><script id="__config" type="application/json">{"base": ".", "search": '
        '"assets/javascripts/workers/search.1234abcd.min.js"}</script></head><body><h1>Accueil</h1></body></html>')


def located(exc: pytest.ExceptionInfo) -> list[tuple[str, str, str]]:
    """(code, step, file) of each problem: « étape « search-worker » de la finition du site : … »."""
    return [(p.code, re.search(r"étape « ([\w-]+) »", p.message).group(1), p.path) for p in exc.value.problems]


def test_the_search_steps_adapt_the_theme_they_know(tmp_path):
    site = theme_site(tmp_path)
    worker = MkDocs().search_worker(site)
    assert worker.point(PAGE, "index.html").count(worker.name) == 1
    assert [p.name for p in (site / search.WORKERS).iterdir()] == [worker.name]
    again = MkDocs().search_worker(site)  # « mkdocs serve » rebuilds over an adapted site
    assert again.name == worker.name and again.point(worker.point(PAGE, "index.html"), "index.html").count(worker.name) == 1
    (site / search.WORKERS / worker.name).rename(site / search.WORKERS / "search.reperes-old.min.js")
    (site / search.WORKERS / "search.1234abcd.min.js").write_text("// theme", encoding="utf-8")
    MkDocs().search_worker(site)  # the theme's worker back, beside a former version of ours: both replaced
    assert [p.name for p in (site / search.WORKERS).iterdir()] == [worker.name]
    MkDocs().write_search_index(site, [{"location": "", "title": "Accueil", "text": ""}], {"keep": [], "synonyms": []})
    index = json.loads((site / MkDocs.search_index).read_text(encoding="utf-8"))
    assert index["config"] == {"separator": "[\\s]+", "reperes": {"keep": [], "synonyms": []}} and len(index["docs"]) == 1


def test_a_missing_theme_worker_fails_the_build_with_its_name(tmp_path):
    site = theme_site(tmp_path)
    (site / search.WORKERS / "search.1234abcd.min.js").unlink()
    with pytest.raises(SourcesInvalid) as exc:
        MkDocs().search_worker(site)
    assert located(exc) == [("theme-mismatch", "search-worker", "assets/javascripts/workers/search.*.min.js")]


def test_a_page_without_the_theme_configuration_fails_the_build_with_its_name(tmp_path):
    worker = MkDocs().search_worker(theme_site(tmp_path))
    for page in (PAGE.replace('"search": ', '"recherche": '), PAGE.replace("search.1234abcd", "search.other")):
        with pytest.raises(SourcesInvalid) as exc:
            worker.point(page, "outils/index.html")
        assert located(exc) == [("theme-mismatch", "search-worker", "outils/index.html")]


def test_a_missing_theme_index_or_title_fails_the_build_with_its_name(tmp_path):
    site = theme_site(tmp_path)
    (site / MkDocs.search_index).write_text(json.dumps({"docs": []}), encoding="utf-8")
    with pytest.raises(SourcesInvalid) as exc:
        MkDocs().write_search_index(site, [], {})
    assert located(exc) == [("theme-mismatch", "search-index", "search/search_index.json")]
    (site / MkDocs.search_index).unlink()
    with pytest.raises(SourcesInvalid) as exc:
        MkDocs().write_search_index(site, [], {})
    assert located(exc) == [("theme-mismatch", "search-index", "search/search_index.json")]
    with pytest.raises(SourcesInvalid) as exc:
        search.page_title("<html><body><h2>Sans titre</h2></body></html>", "glossaire/index.html")
    assert located(exc) == [("theme-mismatch", "search-index", "glossaire/index.html")]


def test_vocabulary_gathers_glossary_thesaurus_and_edition_terms():
    rendered = Rendered(abbreviations="*[CIUSSS NIM]: Centre intégré", synonyms=[["DAC", "dispositif d'appui"]])
    words = search.vocabulary(rendered)
    assert words["keep"] == ["CIUSSS", "NIM"]
    assert words["synonyms"][0] == ["DAC", "dispositif d'appui"] and THESAURUS[0] in words["synonyms"]


def test_documents_carry_kind_about_and_the_front_matter_tags():
    """A record's jurisdiction, written in its page's front matter as tags (issue 21), is shown with its results."""
    rendered = Rendered(pages={"outils/x.md": "---\ntitle: X\ntags:\n- Québec\n---\n\nTexte"},
                        search_about={"outils/x.md": "Personnes qui utilisent fréquemment les services d'urgence."})
    html = '<h1 id="x">L&#39;outil X</h1>'
    docs = search.documents([search.Built("outils/x.md", html, html + '<p>Un</p><h2 id="regle">Règle</h2><p>Deux</p>')],
                            rendered)
    assert docs == [{"location": "outils/x/", "title": "L'outil X", "text": "<p>Un</p>", "boost": 1.5, "kind": "tool",
                     "about": "Personnes qui utilisent fréquemment les services d'urgence.", "tags": ["Québec"]},
                    {"location": "outils/x/#regle", "title": "Règle", "text": "<p>Deux</p>", "boost": 1.5}]


def test_two_theme_workers_fail_the_build(tmp_path):
    site = theme_site(tmp_path)
    (site / search.WORKERS / "search.5678.min.js").write_text("// another", encoding="utf-8")
    with pytest.raises(SourcesInvalid) as exc:
        MkDocs().search_worker(site)
    assert located(exc) == [("theme-mismatch", "search-worker", "assets/javascripts/workers/search.*.min.js")]


# ------------------------------------------------------------------- Zensical's interface, message by message
def zensical_query(text: str | None, tags: tuple[str, ...] = (), page: dict | None = None) -> dict:
    """A query as Zensical's search interface posts it: the box's text with « & < > » escaped, or, for an empty
    box with tags chosen, the « every page » operator; the tags chosen; the tag counts asked; the batch asked."""
    data = {"input": html.escape(text, quote=False) if text is not None else
            {"type": "operator", "data": {"operator": "not", "operands": []}},
            "filter": {"input": {"type": "operator", "data": {"operator": "and", "operands": [
                {"type": "value", "data": {"field": "tags", "value": tag}} for tag in tags]}}},
            "aggregation": {"input": [{"type": "term", "data": {"field": "tags"}}]}}
    if page is not None:
        data["page"] = page
    return {"type": 2, "data": data}


def zensical_items(docs: list[dict]) -> list[dict]:
    """Engine documents as backend_zensical.py writes them into search.json (titles escaped, a path)."""
    items, path = [], []
    for doc in docs:
        path = [doc["title"]] if "#" not in doc["location"] else path
        items.append({**doc, "title": html.escape(doc["title"], quote=False), "path": path})
    return items


SMALL_ZENSICAL = {"config": {"separator": "[\\s]+", "reperes": SMALL["vocabulary"]}, "items": zensical_items(SMALL["docs"])}
SMALL_MESSAGES = [zensical_query("personne âgée"), zensical_query("personne âgée", ("Québec",)),
                  zensical_query(None, ("France",)), zensical_query(""), zensical_query("<script>"),
                  zensical_query("Règle"), zensical_query("de la")]


@pytest.fixture(scope="module")
def zensical_node(zensical_site):
    """The built Zensical site's worker (engine + search_zensical.js) in one Node process: the benchmark and a few
    batches on the site's search.json, and every case of SMALL_MESSAGES on the made-up pages."""
    if shutil.which("node") is None:
        pytest.skip("Node absent (scripts/setup.sh installs it)")
    worker, = (zensical_site / search.WORKERS).glob("search.reperes-*.min.js")
    first = zensical_query("coordination")
    messages = [zensical_query(q["query"]) for q in QUERIES] + [first, {"next": True}, {"next": True}, first]
    job = {"worker": str(worker), "cases": [{"index": str(zensical_site / Zensical.search_index), "messages": messages},
                                            {"data": SMALL_ZENSICAL, "messages": SMALL_MESSAGES}]}
    run = subprocess.run(["node", str(Path(__file__).with_name("search_zensical_node.mjs"))], input=json.dumps(job),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    site, small = json.loads(run.stdout)["cases"]
    return {"items": json.loads((zensical_site / Zensical.search_index).read_text(encoding="utf-8"))["items"],
            "setup": site["answers"][0], "site": dict(zip((q["query"] for q in QUERIES), site["answers"][1:])),
            "coordination": site["answers"][-4:], "small": small["answers"]}


def answered(answers: list[dict]) -> dict:
    """The one RESULT (3) a query gets."""
    assert [a["type"] for a in answers] == [3], answers
    return answers[0]["data"]


def test_zensical_interface_gets_the_benchmark_pages_in_its_first_three_results(zensical_node):
    """The same benchmark through Zensical's messages: one result per page, best first; each result an item of
    search.json (the interface draws it from there), its marks on the page's own words, outside the HTML tags."""
    assert zensical_node["setup"] == [{"type": 1}]
    items = zensical_node["items"]
    misses = []
    for entry in QUERIES:
        result = answered(zensical_node["site"][entry["query"]])
        pages = [items[r["id"]]["location"].split("#")[0] for r in result["items"]]
        assert len(pages) == len(set(pages)), entry["query"]  # one result per page
        if not set(pages[:3]) & set(entry["expected"]):
            misses.append(f"« {entry['query']} » → {pages[:3]}, attendu l'une de {entry['expected']}")
        for r in result["items"]:
            for match in r["matches"]:
                text = items[r["id"]][match["field"]]
                for mark in match["value"]["highlight"]["ranges"]:
                    word = text[mark["start"]:mark["end"]]
                    assert re.fullmatch(r"\w+", word) and mark["value"] == len(word), (entry["query"], word)
                    assert text.rfind("<", 0, mark["start"]) <= text.rfind(">", 0, mark["start"]), (entry["query"], word)
    assert not misses, "\n".join(misses)


def test_zensical_interface_gets_its_results_ten_at_a_time(zensical_node):
    """Ten results, then the next ten as the reader scrolls (the interface appends a batch that names a previous
    one); the same query typed again is a new search, from the first."""
    first, second, third, again = (answered(a) for a in zensical_node["coordination"])
    total = first["pagination"]["total"]
    assert len(first["items"]) == 10 and total > 20 and "prev" not in first["pagination"]
    assert second["pagination"]["prev"]["from"] == 0 and second["pagination"]["next"]["from"] == 20
    assert len(third["items"]) == min(10, total - 20) and third["pagination"]["total"] == total
    ids = [r["id"] for batch in (first, second, third) for r in batch["items"]]
    assert len(ids) == len(set(ids))
    assert again["items"] == first["items"] and "prev" not in again["pagination"]


def test_zensical_interface_filters_by_tags_escapes_and_shows_the_best_part_of_a_page(zensical_node):
    elderly, quebec, france, empty, script, rule, stop = (answered(a) for a in zensical_node["small"][1:])
    items = SMALL_ZENSICAL["items"]
    location = lambda result: [items[r["id"]]["location"] for r in result["items"]]  # noqa: E731
    assert location(elderly)[:2] == ["outils/maia/", "programmes/reseau/"]
    counts = {t["node"]["value"]: t["node"]["count"] for t in elderly["aggregations"][0]["data"]["value"]}
    assert counts == {"France": 1, "Québec": 1}
    assert location(quebec) == ["programmes/reseau/"] and location(france) == ["outils/maia/"]
    assert empty["items"] == [] and empty["pagination"]["total"] == 0 and stop["items"] == []
    assert location(script) == ["programmes/reseau/"]
    text = items[script["items"][0]["id"]]["text"]
    marks = [m for m in script["items"][0]["matches"] if m["field"] == "text"][0]["value"]["highlight"]["ranges"]
    assert [text[m["start"]:m["end"]] for m in marks] == ["script", "script"]  # in « &lt;script&gt; », as written
    assert location(rule) == ["outils/maia/#regle"]  # the section that holds the word, not the page's top
    title = [m for m in rule["items"][0]["matches"] if m["field"] == "title"][0]["value"]["highlight"]["ranges"]
    assert [items[rule["items"][0]["id"]]["title"][m["start"]:m["end"]] for m in title] == ["Règle"]


def test_zensical_index_keeps_the_theme_layout_and_fails_by_name(tmp_path):
    """search.json: the theme's config kept with the vocabulary, the engine's documents with each page's path as
    Zensical made it and titles escaped; no such index, or no page of the site in it: the step fails by name."""
    site = tmp_path / "site"
    site.mkdir()
    theirs = {"config": {"lang": ["fr"], "separator": "[\\s]+"},
              "items": [{"location": "outils/x/", "title": "X", "text": "", "path": ["Repérer", "X"], "tags": []}]}
    (site / "search.json").write_text(json.dumps(theirs), encoding="utf-8")
    docs = [{"location": "outils/x/", "title": "L'outil <X>", "text": "<p>Un</p>", "boost": 1.5, "kind": "tool"},
            {"location": "outils/x/#regle", "title": "Règle", "text": "<p>Deux</p>", "boost": 1.5},
            {"location": "glossaire/", "title": "Glossaire", "text": "", "kind": "glossary"}]
    Zensical().write_search_index(site, docs, {"keep": ["DAC"], "synonyms": []})
    index = json.loads((site / "search.json").read_text(encoding="utf-8"))
    assert index["config"] == {"lang": ["fr"], "separator": "[\\s]+", "reperes": {"keep": ["DAC"], "synonyms": []}}
    assert index["items"] == [
        {"location": "outils/x/", "title": "L'outil &lt;X&gt;", "text": "<p>Un</p>", "kind": "tool", "path": ["Repérer", "X"]},
        {"location": "outils/x/#regle", "title": "Règle", "text": "<p>Deux</p>", "path": ["Repérer", "X"]},
        {"location": "glossaire/", "title": "Glossaire", "text": "", "kind": "glossary", "path": ["Glossaire"]}]
    (site / "search.json").write_text(json.dumps({**theirs, "items": [{**theirs["items"][0], "location": "autre/"}]}),
                                      encoding="utf-8")
    with pytest.raises(SourcesInvalid) as exc:
        Zensical().write_search_index(site, docs, {})
    assert located(exc) == [("theme-mismatch", "search-index", "search.json")]
    (site / "search.json").unlink()
    with pytest.raises(SourcesInvalid) as exc:
        Zensical().write_search_index(site, docs, {})
    assert located(exc) == [("theme-mismatch", "search-index", "search.json")]
