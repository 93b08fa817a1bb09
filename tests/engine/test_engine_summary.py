"""« Copier le résultat »: the summary says grid, version, date, answers, outcome, source."""
from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, strategies as st

from generator.engine import evaluate, summarize

SPECS = Path(__file__).with_name("specs")


def spec_of(name: str) -> dict:
    """A real grid, compiled (tests/engine/specs/, kept in step with criteria/ by tests/test_engine_fixtures.py)."""
    return json.loads((SPECS / f"{name}.json").read_text(encoding="utf-8"))


def test_summary_of_has_grid():
    spec = spec_of("has-assistance-parcours")
    answers = {"hospitalisation_urgence_6_mois": "non", "mobilite": "oui", "socio_economique": "nsp",
               "troubles_cognitifs_mentaux_comportementaux": "non", "isolement": "non",
               "difficultes_systeme_sante": "non", "peut_beneficier": "oui", "accepte_orientation": "oui"}
    text = summarize(spec, answers, evaluate(spec, answers), "2026-11-23")
    lines = text.splitlines()
    assert lines[0] == f"Repères — Repérage du besoin d'assistance au parcours par le médecin traitant (version {spec['version']})"
    assert "Date : 23/11/2026" in lines
    assert "- Votre patient a-t-il des problèmes de mobilité ? — Oui" in lines
    assert "- Votre patient a-t-il des problèmes socio-économiques ? — Ne sait pas" in lines
    assert "Résultat : Orientation vers un assistant de parcours" in lines
    assert any(line.startswith("Source : HAS 2014, § 2.5.3") for line in lines)


def test_summary_lists_only_asked_questions():
    spec = spec_of("has-assistance-parcours")
    answers = {k: "non" for k in ("hospitalisation_urgence_6_mois", "mobilite", "socio_economique",
                                  "troubles_cognitifs_mentaux_comportementaux", "isolement", "difficultes_systeme_sante")}
    answers["peut_beneficier"] = "oui"  # not asked: no « oui » above
    text = summarize(spec, answers, evaluate(spec, answers), "2026-11-23")
    assert "bénéficier" not in text


def test_summary_of_planner_shows_range():
    spec = spec_of("file-active")
    answers = {"modele": "guide-britannique", "situations": 210}
    text = summarize(spec, answers, evaluate(spec, answers), "2026-01-05")
    assert ("De 3 à 4 gestionnaires de cas : chacun doit en suivre entre 50 et 80. Avec 3, chacun en suit 70 ; "
            "avec 4, 52 ou 53.") in text.splitlines()
    assert "- Référence de file active — Guide du ministère de la Santé britannique : entre 50 et 80 personnes" in text


def test_summary_of_brokerage_says_at_most_and_nothing_more():
    # Somme: « charge en cas élevée (> 100 voire > 150) »: more than 100 each, so 300 situations need at most 2.
    spec = spec_of("file-active")
    answers = {"modele": "courtage", "situations": 300}
    text = summarize(spec, answers, evaluate(spec, answers), "2026-01-05")
    assert any(line.startswith("Au plus 2 gestionnaires de cas : chacun doit en suivre plus de 100, soit 101 au moins ; "
                               "300 ÷ 101") for line in text.splitlines())
    assert "Au plus 3" not in text and "De 2" not in text
    assert "temps plein" in text  # the tool's assumption is stated in the result


def test_summary_of_a_planner_with_no_whole_number_says_so():
    spec = spec_of("file-active")
    answers = {"modele": "guide-britannique", "situations": 90}
    text = summarize(spec, answers, evaluate(spec, answers), "2026-01-05")
    assert any(line.startswith("Aucun nombre entier de gestionnaires de cas ne convient") for line in text.splitlines())


@given(st.dictionaries(st.text(max_size=5), st.one_of(st.none(), st.text(max_size=5), st.integers())),
       st.dictionaries(st.text(max_size=5), st.one_of(st.none(), st.text(max_size=5), st.lists(st.integers()))))
def test_summary_never_raises(answers, result):
    assert isinstance(summarize({"items": "x"}, answers, result, None), str)


def test_summary_gives_the_tool_address_and_those_of_its_links():
    """Issue 22: pasted text has no links, so a link in a result (« voir … », written from the tool's page in the
    sources, outils/<id>.md, as V1SAGES's « administrer le [CONECT-6](../outils/conect-6.md) ») says where."""
    spec = spec_of("has-assistance-parcours")
    answers = {"mobilite": "oui", "peut_beneficier": "oui", "accepte_orientation": "oui"}
    result = evaluate(spec, answers)
    result["next_steps"] = ["Orienter ; voir [les besoins et leurs acteurs](../comprendre/coordination-parcours.md#besoins)",
                            "puis [l'autre outil](../outils/conect-6.md) et [la page](https://exemple.org/a)."]
    address = "https://exemple.fr/reperes/outils/has-assistance-parcours/"
    text = summarize(spec, answers, result, "2026-11-23", address)
    assert f"Outil : {address}" in text.splitlines()
    assert "- Orienter ; voir les besoins et leurs acteurs (https://exemple.fr/reperes/comprendre/coordination-parcours/#besoins)" in text
    assert "- puis l'autre outil (https://exemple.fr/reperes/outils/conect-6/) et la page (https://exemple.org/a)." in text
    assert "](" not in text and ".md" not in text
    # Without an address (an older page, a test harness), the text is as before: the link's words only.
    bare = summarize(spec, answers, result, "2026-11-23")
    assert "Outil :" not in bare and "- Orienter ; voir les besoins et leurs acteurs" in bare.splitlines()


@given(st.text(max_size=30), st.text(max_size=30))
def test_summary_with_any_address_never_raises(address, target):
    spec = {"id": "x", "title": "X", "items": [], "outcomes": [], "source_text": "S"}
    result = {"ok": True, "outcome": "o", "label": "L", "interpretation": f"voir [ceci]({target})", "next_steps": [],
              "asked": [], "trace": []}
    assert isinstance(summarize(spec, {}, result, None, address), str)
