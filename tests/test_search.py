"""French search without a browser: the engine (generator/site/search_engine.js) in Node, one process for the
whole module (tests/search_node.mjs), on the built national site's index and on small made-up indexes; the
index data the post-pass builds (generator/site/search.py); the build errors when the theme is not the one
Repères adapts. The same benchmark in Chromium, through the theme's interface: tests/test_search_browser.py.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.render.pages import Rendered
from generator.site import search
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
           "cases": [{"index": str(built_site / search.MATERIAL_INDEX), "queries": [q["query"] for q in QUERIES],
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
    index = json.loads((all_sites["national"] / search.MATERIAL_INDEX).read_text(encoding="utf-8"))
    docs = {d["location"]: d for d in index["docs"]}
    maia = docs["outils/maia-orientation-2015/"]
    assert maia["kind"] == "tool" and "plus de 60 ans" in maia["about"] and "Orienter vers la gestion de cas" in maia["about"]
    assert docs["programmes/prado/"]["kind"] == "record" and docs["glossaire/"]["kind"] == "glossary"
    words = index["config"]["reperes"]
    assert "ARS" in words["keep"] and index["config"]["separator"]  # the theme's page highlighter reads it
    assert ["DAC", "Dispositifs d'Appui à la Coordination"] in [g[:2] for g in words["synonyms"]] or any(
        g[0] == "DAC" for g in words["synonyms"])
    quebec = json.loads((all_sites["quebec"] / search.MATERIAL_INDEX).read_text(encoding="utf-8"))["config"]["reperes"]
    assert ["médecin traitant", "médecin de famille"] in quebec["synonyms"]


def test_the_theme_worker_is_replaced_everywhere(built_site):
    """One search worker, ours, named after its content; every page points to it; the theme's lunr is gone
    and the service worker precaches the worker and the index."""
    workers = sorted(p.name for p in (built_site / search.MATERIAL_WORKERS).glob("search.*.js"))
    assert len(workers) == 1 and workers[0].startswith("search.reperes-")
    body = (built_site / search.MATERIAL_WORKERS / workers[0]).read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|^\s*//[^\n]*", "", body, flags=re.S | re.M)  # CSP: no eval, nothing loaded
    assert not re.search(r"\beval\b|\bFunction\(|importScripts|fetch\(|XMLHttpRequest", code)
    assert not (built_site / search.MATERIAL_LUNR).exists()
    for page in [*built_site.glob("**/index.html"), built_site / "404.html"]:
        text = page.read_text(encoding="utf-8")
        if 'id="__config"' in text:
            assert f'/{workers[0]}"' in text or f'"{search.MATERIAL_WORKERS.as_posix()}/{workers[0]}"' in text, page
    sw = (built_site / "sw.js").read_text(encoding="utf-8")
    assert f'"./assets/javascripts/workers/{workers[0]}"' in sw and '"./search/search_index.json"' in sw and "lunr" not in sw


# ------------------------------------------------------------------------------ a theme we do not know
def theme_site(tmp_path: Path) -> Path:
    """The smallest site the search steps adapt: one page, the theme's worker and index."""
    site = tmp_path / "site"
    (site / search.MATERIAL_WORKERS).mkdir(parents=True)
    (site / search.MATERIAL_WORKERS / "search.1234abcd.min.js").write_text("// theme", encoding="utf-8")
    (site / "search").mkdir()
    (site / search.MATERIAL_INDEX).write_text(json.dumps({"config": {"separator": "[\\s]+"}, "docs": []}), encoding="utf-8")
    return site


PAGE = ('<html><head><script id="__config" type="application/json">{"base": ".", "search": '
        '"assets/javascripts/workers/search.1234abcd.min.js"}</script></head><body><h1>Accueil</h1></body></html>')


def located(exc: pytest.ExceptionInfo) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in exc.value.problems]


def test_the_search_steps_adapt_the_theme_they_know(tmp_path):
    site = theme_site(tmp_path)
    worker = search.material_worker(site)
    assert worker.point(PAGE, "index.html").count(worker.name) == 1
    assert [p.name for p in (site / search.MATERIAL_WORKERS).iterdir()] == [worker.name]
    again = search.material_worker(site)  # « mkdocs serve » rebuilds over an adapted site
    assert again.name == worker.name and again.point(worker.point(PAGE, "index.html"), "index.html").count(worker.name) == 1
    (site / search.MATERIAL_WORKERS / worker.name).rename(site / search.MATERIAL_WORKERS / "search.reperes-old.min.js")
    (site / search.MATERIAL_WORKERS / "search.1234abcd.min.js").write_text("// theme", encoding="utf-8")
    search.material_worker(site)  # the theme's worker back, beside a former version of ours: both replaced
    assert [p.name for p in (site / search.MATERIAL_WORKERS).iterdir()] == [worker.name]
    search.write_material_index(site, [{"location": "", "title": "Accueil", "text": ""}], {"keep": [], "synonyms": []})
    index = json.loads((site / search.MATERIAL_INDEX).read_text(encoding="utf-8"))
    assert index["config"] == {"separator": "[\\s]+", "reperes": {"keep": [], "synonyms": []}} and len(index["docs"]) == 1


def test_a_missing_theme_worker_fails_the_build_with_its_name(tmp_path):
    site = theme_site(tmp_path)
    (site / search.MATERIAL_WORKERS / "search.1234abcd.min.js").unlink()
    with pytest.raises(SourcesInvalid) as exc:
        search.material_worker(site)
    assert located(exc) == [("build-failed", "assets/javascripts/workers/search.*.min.js")]


def test_a_page_without_the_theme_configuration_fails_the_build_with_its_name(tmp_path):
    worker = search.material_worker(theme_site(tmp_path))
    for page in (PAGE.replace('"search": ', '"recherche": '), PAGE.replace("search.1234abcd", "search.other")):
        with pytest.raises(SourcesInvalid) as exc:
            worker.point(page, "outils/index.html")
        assert located(exc) == [("build-failed", "outils/index.html")]


def test_a_missing_theme_index_or_title_fails_the_build_with_its_name(tmp_path):
    site = theme_site(tmp_path)
    (site / search.MATERIAL_INDEX).write_text(json.dumps({"docs": []}), encoding="utf-8")
    with pytest.raises(SourcesInvalid) as exc:
        search.write_material_index(site, [], {})
    assert located(exc) == [("build-failed", "search/search_index.json")]
    (site / search.MATERIAL_INDEX).unlink()
    with pytest.raises(SourcesInvalid) as exc:
        search.write_material_index(site, [], {})
    assert located(exc) == [("build-failed", "search/search_index.json")]
    with pytest.raises(SourcesInvalid) as exc:
        search.page_title("<html><body><h2>Sans titre</h2></body></html>", "glossaire/index.html")
    assert located(exc) == [("build-failed", "glossaire/index.html")]


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
    (site / search.MATERIAL_WORKERS / "search.5678.min.js").write_text("// another", encoding="utf-8")
    with pytest.raises(SourcesInvalid) as exc:
        search.material_worker(site)
    assert located(exc) == [("build-failed", "assets/javascripts/workers/search.*.min.js")]
