"""Issue 21: the decision aids exact to their sources, round 2. One test (or group) per point of the audit.

The planner's figures are checked as invariants, not only examples: for every reference and every
number of situations from 1 to 2,000, each number of managers the result names keeps every caseload
within the source's own figure — strictly where the source writes « < » or « > » — and where no whole
number fits, the result says so in words. The bounds below are written from the sources' words, not
read from the tool's parameters, so a wrong parameter fails here.
"""
from __future__ import annotations

import functools
import json
import re

import pytest

from conftest import problems
from criteria_specs import published, rendered
from generator.engine import evaluate, summarize
from helpers import REPO, edit, visible_text

N_MAX = 2000  # situations: every size from 1 to N_MAX, for every reference


def run(cid: str, answers: dict) -> dict:
    result = evaluate(published()[cid], answers)
    assert result["ok"], result["errors"]
    return result


def estimate(result: dict) -> str:
    return next(s["text"] for s in result["trace"] if s["rule"] == "score" and s["value"] is True)


# -- Planner: each reference's figure, as its source writes it ------------------------------------------
# (most a manager may carry, least a manager must carry) in whole situations; « < 60 » allows 59,
# « > 100 » asks 101. MAIA's and V1SAGES's single figures are read as a maximum: the tool's reading,
# which each result states in one sentence (checked below).
BOUNDS = {
    "maia": (40, None),                          # HAS § 2.5.6: « une file active de 40 situations complexes »
    "guide-britannique": (80, 50),               # HAS § 2.5.6: « comprise entre 50 et 80 personnes »
    "gestion-intensive-definition": (59, None),  # Somme: « <60 par définition »
    "gestion-intensive-pratique": (39, None),    # Somme: « <40 en pratique »
    "v1sages": (30, None),                       # V1SAGES: « environ 30 patients par gestionnaire de cas »
    "courtage": (None, 101),                     # Somme: « charge en cas élevée (> 100 voire > 150) »
}


def fits(n: int, k: int, most: int | None, least: int | None) -> bool:
    """Whether k managers can share n situations with every caseload within the bounds."""
    if k < 1:
        return False
    busiest, quietest = -(-n // k), n // k
    return (most is None or busiest <= most) and (least is None or quietest >= least)


def test_planner_has_one_outcome_per_reference_and_every_reference_is_bounded():
    spec = published()["file-active"]
    options = [o["value"] for o in spec["items"][0]["options"]]
    assert options == list(BOUNDS)
    assert [o["id"] for o in spec["outcomes"]] == [f"estimation-{o}" for o in options] + ["incomplet"]


# The ARS example edition adds its own reference (editions/ars-exemple/criteria/file-active.yml), from its
# (fictitious) regional plan: « 45 situations par gestionnaire de cas », one figure read as a maximum.
EDITION_BOUNDS = {"reference-regionale": (45, None)}


@functools.lru_cache(maxsize=1)
def edition_planner() -> dict:
    from generator.build import prepare

    files = prepare(REPO, REPO / "editions/ars-exemple").files
    return json.loads(files["api/criteria/file-active.json"])


def check_every_size(spec: dict, option: str, most: int | None, least: int | None) -> None:
    """Exhaustive over 1–2,000 situations, in the CPython engine (tests/test_fhir.py runs the same sizes
    through the Questionnaire's FHIRPath)."""
    for n in range(1, N_MAX + 1):
        result = evaluate(spec, {"modele": option, "situations": n})
        assert result["ok"], result["errors"]
        assert result["outcome"] == f"estimation-{option}" and result["complete"]
        fewest, most_units = result["score"], result["score_max"]
        text = estimate(result)
        # The numbers of managers that fit, by brute force over every k that could: fewer than n // most
        # managers carry more than « most » each, more than n // least + 1 carry fewer than « least ».
        low = max(1, n // most) if most else 1
        high = n // least + 1 if least else low + 1  # without a smallest caseload, only the fewest matters
        valid = [k for k in range(low, min(high, n) + 1) if fits(n, k, most, least)]
        assert low == 1 or not fits(n, low - 1, most, least)
        if not valid:  # no whole number fits: said in words, no number given
            assert (fewest, most_units) == (None, None), (option, n)
            assert text.startswith("Aucun nombre entier de gestionnaires de cas ne convient"), (option, n, text)
            assert not re.search(r"\d", text.split(" :")[0])
            continue
        # Every figure shown respects the bound, strictly where the source says « < » or « > » …
        for k in (fewest, most_units):
            assert k is None or fits(n, k, most, least), (option, n, k)
        # … and is the extreme one the source allows: one manager fewer (more) would break it.
        assert fewest == (valid[0] if most is not None else None), (option, n)
        assert most_units == (valid[-1] if least is not None else None), (option, n)
        # What the sentence announces is what the result holds.
        head = text.split(" :")[0]
        assert [int(x) for x in re.findall(r"\d+", head)] == sorted({k for k in (fewest, most_units) if k}), text
        # Each « Avec k, chacun en suit x (ou y) » names a distribution that fits the source.
        for k, low, high in re.findall(r"[Aa]vec (\d+), (?:il|chacun) en suit (\d+)(?: ou (\d+))?", text):
            assert fits(n, int(k), most, least) and int(low) == n // int(k) and int(high or low) == -(-n // int(k))


@pytest.mark.parametrize("option", sorted(BOUNDS))
def test_planner_figures_respect_their_source_for_every_size(option):
    check_every_size(published()["file-active"], option, *BOUNDS[option])


def test_edition_planner_figures_respect_their_source_for_every_size():
    """Every option of the edition's planner: the national references, unchanged, and the edition's own."""
    spec = edition_planner()
    options = [o["value"] for o in spec["items"][0]["options"]]
    assert sorted(options) == sorted([*BOUNDS, *EDITION_BOUNDS])
    for option in options:
        check_every_size(spec, option, *{**BOUNDS, **EDITION_BOUNDS}[option])


def test_planner_before_and_after():
    """The audit's cases: before issue 21, 300 → « au plus 3 » (100 each), 250 → 3 (83 each), 101 → 2 (50.5
    each) with the brokerage model; 210 → « de 3 à 5 » (42 each with 5), 130 → « 2 à 3 » with the British guide."""
    figures = {n: (run("file-active", {"modele": "courtage", "situations": n})["score_max"]) for n in (300, 250, 101)}
    assert figures == {300: 2, 250: 2, 101: 1}
    british = {n: (r["score"], r["score_max"]) for n in (210, 130, 90)
               for r in [run("file-active", {"modele": "guide-britannique", "situations": n})]}
    assert british == {210: (3, 4), 130: (2, 2), 90: (None, None)}
    text = estimate(run("file-active", {"modele": "guide-britannique", "situations": 90}))
    assert text == ("Aucun nombre entier de gestionnaires de cas ne convient : chacun doit en suivre entre 50 et 80 ; "
                    "avec 1, il en suivrait 90, plus de 80 ; avec 2, chacun en suivrait 45, moins de 50.")


def test_planner_says_beyond_80_is_not_manageable():
    # HAS § 2.5.6: « Au-delà, la file active n'est plus gérable. »
    spec = published()["file-active"]
    british = next(o for o in spec["outcomes"] if o["id"] == "estimation-guide-britannique")
    assert "Au-delà, la file active n'est plus gérable." in british["interpretation"]
    assert "Au-delà, la file active n'est plus gérable" in spec["rule_text"]


def test_planner_states_each_reading_it_chooses():
    """Where the source gives one figure and no bound (MAIA's 40, V1SAGES's « environ 30 »), the result says
    in one sentence how the tool reads it; the brokerage model says why there is no minimum."""
    outcomes = {o["id"]: o["interpretation"] for o in published()["file-active"]["outcomes"]}
    for option in ("maia", "v1sages"):
        assert "l'outil le lit comme le nombre de" in outcomes[f"estimation-{option}"]
        assert "arrondit donc le nombre de gestionnaires à l'entier supérieur" in outcomes[f"estimation-{option}"]
    assert "bornes comprises" in outcomes["estimation-guide-britannique"]
    assert "ne permet pas de nombre minimal" in outcomes["estimation-courtage"]
    assert all("temps plein" in text for oid, text in outcomes.items() if oid != "incomplet")


def test_planner_examples_announce_the_figures_they_assert():
    """Each worked example's name announces, after « — », exactly the figures it asserts, and those are the
    engine's: « reperes check » runs them (tests below make it fail on a wrong one)."""
    spec = published()["file-active"]
    for example in spec["examples"]:
        result = evaluate(spec, example["answers"])
        said = {int(x) for x in re.findall(r"\d+", example["name"].rsplit(" — ", 1)[1])}
        assert said == {k for k in (result["score"], result["score_max"]) if k is not None}, example["name"]
        assert ("expect_fit" in example) == (not said)


PLANNER = """id: planif
jurisdiction: [france]
reviewed: 2026-12-07
title: Un planificateur
version: "1.0"
kind: planificateur
rule_text: Situations divisées par la charge.
items:
  - id: modele
    text: Référence
    answers: choix
    options:
      - {value: courtage, label: "Plus de 100", params: {capacite_min: 100, strict: 1}}
  - {id: situations, text: Situations, answers: entier, minimum: 0}
score:
  ratio: {numerator: situations, option_of: modele, low: capacite_max, high: capacite_min}
outcomes:
  - id: estimation
    when: {all: [{item: modele, equals: courtage}, {number: situations, at_least: 0}]}
    label: Estimation
    interpretation: Une estimation.
examples:
  - name: 300 situations — au plus 2
    answers: {modele: courtage, situations: 300}
    expect_outcome: estimation
    expect_score_max: 2
sources:
  - ref: doc-a
    locator: "§ 1"
"""


def test_reperes_check_reports_a_planner_example_that_announces_a_wrong_figure(mini):
    planner = mini / "criteria/planif.yml"
    planner.write_text(PLANNER, encoding="utf-8")
    assert problems(mini) == []
    line = PLANNER.splitlines().index("  - name: 300 situations — au plus 2") + 1
    edit(planner, "300 situations — au plus 2", "300 situations — au plus 3")  # the figure published before
    assert problems(mini) == [("example-mismatch", "criteria/planif.yml", line)]
    planner.write_text(PLANNER.replace("    expect_score_max: 2\n", ""), encoding="utf-8")
    assert problems(mini) == [("example-mismatch", "criteria/planif.yml", line)]  # figures must be asserted


# -- Jurisdiction: data, validated, shown ---------------------------------------------------------------

def test_a_record_without_jurisdiction_fails_validation_with_file_and_line(mini):
    edit(mini / "content/programmes/p.yml", "    jurisdiction: [france]\n", "")
    assert problems(mini) == [("missing-jurisdiction", "content/programmes/p.yml", 3)]


def test_a_tool_without_jurisdiction_fails_validation_with_file_and_line(mini):
    edit(mini / "criteria/grille.yml", "jurisdiction: [france]\n", "")
    assert problems(mini) == [("missing-jurisdiction", "criteria/grille.yml", 1)]


def test_a_wrong_jurisdiction_is_refused(mini):
    edit(mini / "content/programmes/p.yml", "    jurisdiction: [france]", "    jurisdiction: [france, belgique]")
    assert [p[0] for p in problems(mini)] == ["invalid-value"]
    edit(mini / "content/programmes/p.yml", "    jurisdiction: [france, belgique]", "    jurisdiction: [france, france]")
    assert [p[0] for p in problems(mini)] == ["invalid-value"]


def test_every_shipped_tool_and_record_declares_where_its_source_applies():
    from generator.sources.load import load
    from generator.editions.resolve import resolve
    from generator.sources.validate import validate

    project = resolve(validate(load(REPO, None))).project
    for collection, entries in project.records.items():
        for entry in entries.values():
            assert entry.record.jurisdiction, (collection, entry.record.id)
    spec = published()
    assert spec["v1sages-reperage"]["jurisdiction"] == spec["conect-6"]["jurisdiction"] == ["quebec"]
    assert spec["has-assistance-parcours"]["jurisdiction"] == spec["maia-orientation-2015"]["jurisdiction"] == ["france"]
    assert spec["file-active"]["jurisdiction"] == ["france", "quebec", "international"]


def test_tool_pages_say_where_their_source_applies():
    pages = rendered().pages
    conect = pages["outils/conect-6.md"]
    # Before the form, one line; the notice first among the warnings read before the verdict (criteria/_form.html.j2).
    assert "**Territoire de la source :** Québec." in conect.split('<div class="reperes-calculator"')[0]
    warnings = conect.split('class="reperes-warnings"')[1].split("</div>")[0]
    notice = "<li><strong>Source québécoise.</strong> Cet outil reprend une source québécoise"
    assert warnings.index(notice) < warnings.index("Consentement")
    assert "tags:\n- Québec\n" in conect  # shown with each search result
    grid = pages["outils/has-assistance-parcours.md"]
    # France's own tool, nationally: no notice
    assert "**Territoire de la source :** France." in grid and "Source française" not in grid
    assert "**Territoire de la source :** France, Québec et international." in pages["outils/file-active.md"]


def test_chooser_offers_french_tools_first_and_quebec_ones_apart():
    index = rendered().pages["outils/index.md"]
    use = index.split("## Mon patient a-t-il besoin d&#39;une coordination ?")[1].split("\n## ")[0]
    first, apart = use.split("Outils tirés d'une source d'un autre territoire :")
    assert "Repérage du besoin d&#39;assistance au parcours" in first and "CONECT-6" not in first
    assert "CONECT-6" in apart and "Territoire : Québec" in apart and "Territoire : France" in first


# -- Results that go beyond their grid --------------------------------------------------------------------

def test_has_grid_conduct_is_the_grids_own():
    spec = published()["has-assistance-parcours"]
    outcomes = {o["id"]: o for o in spec["outcomes"]}
    assert outcomes["orientation-assistant-parcours"]["next_steps"] == ["Orienter le patient vers un assistant de parcours."]
    assert outcomes["aucun-oui-avec-nsp"]["next_steps"] == []  # § 2.5.2 is context (introduction), not a conduct
    assert "proxicare-2021" not in [s["ref"] for s in spec["sources"]]
    assert "jugement clinique du praticien" in spec["intro"]


def test_v1sages_under_threshold_keeps_the_standards_conditions():
    # Annexe 1, étape 1.1: « (situation exceptionnelle) », « après avoir priorisé les personnes référées par les
    # gestionnaires de cas », and the two things the team must consider the person to be.
    steps = " ".join(run("v1sages-reperage", {"visites_urgence_12_mois": 3})["next_steps"])
    for words in ("(situation exceptionnelle)", "après avoir priorisé les personnes référées par les gestionnaires de cas",
                  "utilisant fréquemment les services de santé (urgence, hospitalisation, soins de première ligne)",
                  "ayant des besoins de santé complexes basés sur"):
        assert words in steps


def test_v1sages_durations_keep_their_footnote_and_the_label_keeps_en_attente():
    kept = run("v1sages-reperage", {"visites_urgence_12_mois": 9, "hebergement_longue_duree": "non"})
    assert any("≈" in step for step in kept["next_steps"])
    assert any(step.endswith("« Les durées standards constituent un guide lorsque l'approche est complètement "
                             "fonctionnelle avec les ressources requises. Elles peuvent varier dans certains cas plus "
                             "complexes et selon la disponibilité des partenaires impliqués. »") for step in kept["next_steps"])
    excluded = run("v1sages-reperage", {"visites_urgence_12_mois": 9, "hebergement_longue_duree": "oui"})
    assert "non candidate (en attente ou en hébergement de longue durée)" in excluded["label"]


# -- MAIA ---------------------------------------------------------------------------------------------------

def test_maia_keeps_the_slides_words_and_asks_the_causes_only_of_an_instability():
    spec = published()["maia-orientation-2015"]
    assert "Conditions préalables" not in str(spec)  # a title the slide does not give
    assert spec["groups"][0]["title"] == "« Pas de crise, > 60 ans souhaite rester à domicile »"
    causes = [q for q in spec["items"] if q["id"].startswith("probleme_")]
    assert len(causes) == 3 and all(q["ask_if"] == {"item": "situation_instable", "equals": "oui"} for q in causes)
    stable = next(e for e in spec["examples"] if e["answers"].get("situation_instable") == "non")
    assert not any(qid.startswith("probleme_") for qid in stable["answers"])
    result = run("maia-orientation-2015", {"situation_instable": "non", "probleme_champ_medical": "oui"})
    assert "probleme_champ_medical" not in result["asked"] and result["outcome"] == "criteres-non-reunis"


def test_maia_printed_sheet_cannot_be_misread():
    spec = published()["maia-orientation-2015"]
    answers = spec["examples"][0]["answers"]
    text = summarize(spec, answers, evaluate(spec, answers), "2026-12-07")
    assert "- Y a-t-il une situation de crise ? — Non" in text.splitlines()
    assert "hors crise" not in text


# -- Self-assessment and « Copier le résultat » ----------------------------------------------------------

def test_self_assessment_shows_no_factor_as_its_own_recommendation():
    spec = published()["auto-evaluation-mise-en-oeuvre"]
    for item in spec["items"]:
        assert all(r["text"] != item["text"] for r in item["recommendations"]), item["id"]
    assert "ne formule pas de recommandation distincte du facteur" in spec["warnings"][0]


@pytest.mark.parametrize("cid", sorted(published()))
def test_copied_result_carries_no_markdown(cid):
    spec = published()[cid]
    gaps = {q["id"]: "non-atteint" for q in spec["items"]} if spec.get("report") else {}
    for answers in [e["answers"] for e in spec["examples"]] + [gaps]:
        text = summarize(spec, answers, evaluate(spec, answers), "2026-12-07")
        assert "**" not in text and not re.search(r"(?<!\w)\*\w", text) and "](" not in text, (cid, text)


# -- « Pourquoi ce résultat ? » ---------------------------------------------------------------------------

def why(result: dict) -> list[str]:
    return [s["text"] for s in result["trace"] if s["rule"].startswith("outcome:")]


def test_why_names_what_decided():
    planner = why(run("file-active", {"modele": "courtage", "situations": 300}))
    assert planner == ["Règle appliquée : réponse « Modèle de courtage : charge en cas élevée (> 100 voire > 150) » "
                       "à la question 1 et une réponse à la question 2."]
    nsp = run("has-assistance-parcours", {q["id"]: "non" for q in published()["has-assistance-parcours"]["items"][:5]}
              | {"difficultes_systeme_sante": "nsp"})
    assert nsp["outcome"] == "aucun-oui-avec-nsp"
    assert why(nsp) == ["Règle appliquée : aucune réponse « Oui » aux questions 1 à 6 et au moins 1 réponse "
                        "« Ne sait pas » aux questions 1 à 6."]
    bilan = why(run("auto-evaluation-mise-en-oeuvre", {"has_cibler_patients": "partiel", "has_systeme_information_partage": "atteint"}))
    assert bilan == ["Règle appliquée : chaque élément répondu « Partiellement atteint » ou « Non atteint » est un écart, "
                     "sans pondération ni seuil ; 1 écart parmi 2 éléments répondus sur 21."]


# -- CONECT-6's form, and the Québec edition's note -----------------------------------------------------------

def test_conect6_says_the_report_does_not_say_from_whom():
    # V1SAGES 2023, « En quoi consiste l'approche V1SAGES »: « Tout le matériel clinique et de formation
    # nécessaire est disponible sur demande » — and nothing on whom to ask.
    warning = next(w for w in published()["conect-6"]["warnings"] if "disponible sur demande" in w)
    assert "sans dire auprès de qui" in warning and "v1sages.recherche.usherbrooke.ca" in warning
    edition = (REPO / "editions/quebec/edition.yml").read_text(encoding="utf-8")
    assert "auprès de\n        l'équipe V1SAGES" not in edition and "sans préciser auprès de qui" in edition


# -- Engine and FHIR agree on every field, V1SAGES's lodging question alone included ---------------------------

def test_an_answer_waiting_on_its_gate_counts_for_nothing():
    """« hébergement de longue durée : oui » without the number of visits: the page hides the question, and the
    FHIR response cannot carry its answer; the engine waits too (it used to conclude « positive: false »)."""
    from generator.engine import questionnaire_response

    spec = published()["v1sages-reperage"]
    answers = {"hebergement_longue_duree": "oui"}
    result = run("v1sages-reperage", answers)
    assert (result["outcome"], result["positive"], result["complete"]) == ("incomplet", None, False)
    assert "item" not in questionnaire_response(spec, answers, result, "2026-12-07")
    assert any(s["rule"] == "ignored:hebergement_longue_duree" and s["value"] is None and "ne compte pas encore" in s["text"]
               for s in result["trace"])


# -- The knowledge base: V1SAGES's pilot sites ------------------------------------------------------------------

def test_v1sages_pilot_sites_are_an_implementation_study():
    import yaml

    records = yaml.safe_load((REPO / "content/programmes/v1sages-2023.yml").read_text(encoding="utf-8"))["records"]
    for record in records:
        # « Les indicateurs pour mesurer les effets de l'approche sur les patients ciblés n'ont pas été accessibles »
        assert record["evaluation_status"] == "implantation-evaluee"
        assert ("« à l'exception d'une gestionnaire de cas en établissement que nous n'avons pu rencontrer en "
                "entrevue »") in record["evaluation"]
    page = rendered().pages["programmes/v1sages-ciusss-nim.md"]
    assert "Implantation évaluée, effets non mesurés" in page and "Évalué." not in page


# -- The built sites: search results and the Québec edition ----------------------------------------------------

def test_search_index_tags_tool_pages_with_their_territory(built_site):
    import json

    # The engine's documents (generator/site/search.py): a page's first one carries its kind, about and tags.
    docs = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    tagged = {d["location"]: d.get("tags") for d in docs if d["location"].startswith("outils/") and "#" not in d["location"]}
    assert not any(d.get("tags") for d in docs if not d["location"].startswith("outils/"))  # tools only
    assert tagged["outils/conect-6/"] == ["Québec"] and tagged["outils/v1sages-reperage/"] == ["Québec"]
    assert tagged["outils/has-assistance-parcours/"] == ["France"]
    assert tagged["outils/file-active/"] == ["France", "Québec", "International"]


def test_quebec_edition_vocabulary_and_order(all_sites):
    site = all_sites["quebec"]
    edition = (REPO / "editions/quebec/edition.yml").read_text(encoding="utf-8")
    assert "local: intervenant pivot" not in edition and "local: gestionnaire de cas" in edition
    landscape = visible_text((site / "gestion-de-cas/paysage-francais/index.html").read_text(encoding="utf-8"))
    # HAS's « assistants de parcours » are case managers: « gestionnaires de cas » in Québec, never GMF pivots.
    assert "intervenant pivot" not in landscape.lower() and "intervenants pivots" not in landscape.lower()
    assert "Trois grands profils de case manager" in landscape
    care = visible_text((site / "comprendre/coordination-des-soins/index.html").read_text(encoding="utf-8"))
    assert "assistants de parcours [au Québec : gestionnaires de cas]" in care
    grid = visible_text((site / "outils/has-assistance-parcours/index.html").read_text(encoding="utf-8"))
    assert "Le titre de cet outil emploie « médecin de famille », le vocabulaire de cette édition ; la source écrit " \
           "« médecin traitant »" in grid
    assert "Source française" in grid  # a French tool, in the Québec edition
    tools = visible_text((site / "outils/index.html").read_text(encoding="utf-8"))
    use = tools.split("Mon patient a-t-il besoin")[-1].split("Orienter vers la gestion de cas")[0]  # past the TOC
    assert use.index("CONECT-6") < use.index("Outils tirés d'une source d'un autre territoire") < use.index("Repérage du besoin")
