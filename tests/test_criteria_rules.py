"""Every rule of every shipped calculator, against an oracle written from the source's words.

The oracles below do not share code with the engine: each restates its source
(quoted in the comment) in plain Python, and every combination of answers is
compared with what the engine computes from the published spec.
"""
from __future__ import annotations

import itertools
import random

import pytest

from criteria_specs import published
from generator.engine import evaluate

SIX = ["hospitalisation_urgence_6_mois", "mobilite", "socio_economique", "troubles_cognitifs_mentaux_comportementaux",
       "isolement", "difficultes_systeme_sante"]


def run(cid: str, answers: dict) -> dict:
    result = evaluate(published()[cid], answers)
    assert result["ok"], result["errors"]
    return result


def has_oracle(answers: dict) -> tuple[str, bool]:
    # HAS 2014 § 2.5.3: « Si vous avez répondu OUI à une de ces questions » → two follow-ups.
    oui = [answers[q] == "oui" for q in SIX]
    if not any(oui):
        return ("aucun-oui" if all(answers[q] == "non" for q in SIX) else "aucun-oui-avec-nsp"), False
    if answers["peut_beneficier"] == "non":
        return "non-beneficiaire", True
    return ("orientation-assistant-parcours" if answers["accepte_orientation"] == "oui" else "orientation-refusee"), True


def test_has_grid_every_combination():
    checked = 0
    for six in itertools.product(["oui", "non", "nsp"], repeat=6):
        base = dict(zip(SIX, six))
        follow = [("oui", "oui"), ("oui", "non"), ("non", None)] if "oui" in six else [(None, None)]
        for peut, accepte in follow:
            answers = {**base, **({"peut_beneficier": peut} if peut else {}), **({"accepte_orientation": accepte} if accepte else {})}
            result = run("has-assistance-parcours", answers)
            expected_outcome, expected_positive = has_oracle({**answers, "peut_beneficier": peut, "accepte_orientation": accepte})
            assert (result["outcome"], result["positive"], result["complete"]) == (expected_outcome, expected_positive, True), answers
            assert ("peut_beneficier" in result["asked"]) == ("oui" in six)
            checked += 1
    assert checked == 2**6 * 0 + (3**6 - 2**6) * 3 + 2**6


def test_has_grid_follow_ups_are_not_asked_without_a_oui():
    result = run("has-assistance-parcours", {q: "non" for q in SIX} | {"peut_beneficier": "oui"})
    assert "peut_beneficier" not in result["asked"] and result["outcome"] == "aucun-oui"


def maia_oracle(a: dict) -> bool:
    # Circulaire PMND 7 sept 2015 (Somme): « Pas de crise, > 60 ans souhaite rester à domicile
    # + critère 1 : situation instable qui compromet le projet de maintien à domicile en raison de :
    # 1/ … 2/ … 3/ … + critère 2 : aides et soins insuffisants ou inadaptés + critère 3 : pas d'entourage … »
    preconditions = a["crise"] == "non" and a["plus_de_60_ans"] == a["souhaite_rester_domicile"] == "oui"
    critere_1 = a["situation_instable"] == "oui" and "oui" in (
        a["probleme_autonomie_fonctionnelle"], a["probleme_champ_medical"], a["probleme_autonomie_decisionnelle"])
    return preconditions and critere_1 and a["aides_soins_insuffisants"] == "oui" and a["pas_entourage_coordonnant"] == "oui"


def test_maia_criteria_every_combination():
    items = [q["id"] for q in published()["maia-orientation-2015"]["items"]]
    assert len(items) == 9 and "situation_instable" in items
    checked = 0
    for values in itertools.product(["oui", "non"], repeat=9):
        answers = dict(zip(items, values))
        result = run("maia-orientation-2015", answers)
        positive = maia_oracle(answers)
        assert result["positive"] is positive, answers
        assert result["outcome"] == ("orientation-gestion-de-cas" if positive else "criteres-non-reunis"), answers
        checked += 1
    assert checked == 2**9


def test_conect6_every_combination():
    # V1SAGES Annexe 1, étape 3.1: « Si deux « oui » ou plus, le résultat est positif pour la complexité ».
    for values in itertools.product(["oui", "non"], repeat=6):
        answers = {f"q{i + 1}": v for i, v in enumerate(values)}
        result = run("conect-6", answers)
        yes = values.count("oui")
        assert result["positive"] is (yes >= 2)
        assert result["outcome"] == ("positif" if yes >= 2 else "negatif")
        assert result["score"] == yes


def test_conect6_verdict_comes_as_soon_as_it_is_certain():
    assert run("conect-6", {"q1": "oui", "q2": "oui"})["outcome"] == "positif"
    assert run("conect-6", {f"q{i}": "non" for i in range(1, 6)})["outcome"] == "negatif"  # at most one « oui » left
    assert run("conect-6", {f"q{i}": "non" for i in range(1, 5)})["outcome"] == "incomplet"


def test_v1sages_identification_every_count():
    # Étape 8 de l'implantation: « au moins 6 visites à l'urgence dans la dernière année »; then, for a person
    # above it, standard de soins étape 2: « en attente ou … en hébergement de longue durée » → not a candidate.
    for visits in range(0, 40):
        for lodging in ("oui", "non"):
            result = run("v1sages-reperage", {"visites_urgence_12_mois": visits, "hebergement_longue_duree": lodging})
            positive = visits >= 6 and lodging == "non"
            assert result["positive"] is positive
            expected = "sous-le-seuil" if visits < 6 else ("hebergement-longue-duree" if lodging == "oui" else "reperee")
            assert result["outcome"] == expected, (visits, lodging)
            assert ("hebergement_longue_duree" in result["asked"]) is (visits >= 6)  # step 2 comes after step 8


def test_v1sages_threshold_is_six_not_five_or_seven():
    assert run("v1sages-reperage", {"visites_urgence_12_mois": 5, "hebergement_longue_duree": "non"})["positive"] is False
    assert run("v1sages-reperage", {"visites_urgence_12_mois": 6, "hebergement_longue_duree": "non"})["positive"] is True


def test_coordination_levels():
    # Proxicare 2021: situation complexe → niveau 3; pathologie chronique à risques et/ou fragilités → niveau 2; sinon niveau 1.
    assert run("niveaux-coordination", {"situation_complexe": "oui"})["outcome"] == "niveau-3"
    assert run("niveaux-coordination", {"situation_complexe": "non", "pathologie_chronique_a_risque": "oui"})["outcome"] == "niveau-2"
    assert run("niveaux-coordination", {"situation_complexe": "non", "pathologie_chronique_a_risque": "non"})["outcome"] == "niveau-1"
    result = run("niveaux-coordination", {"situation_complexe": "oui", "pathologie_chronique_a_risque": "non"})
    assert result["outcome"] == "niveau-3" and "pathologie_chronique_a_risque" not in result["asked"]


# The planner's figures: tests/test_fidelity_round2.py checks every reference over 1–2,000 situations.


def test_self_assessment_gaps_and_counts_random():
    spec = published()["auto-evaluation-mise-en-oeuvre"]
    items = [(q["id"], q["group"]) for q in spec["items"]]
    assert sum(1 for _, g in items if g == "has-2014") == 10 and sum(1 for _, g in items if g == "v1sages-2023") == 11
    rng = random.Random(2026)
    for _ in range(300):
        answers = {qid: rng.choice(["atteint", "partiel", "non-atteint", None]) for qid, _ in items}
        answers = {k: v for k, v in answers.items() if v}
        result = run("auto-evaluation-mise-en-oeuvre", answers)
        levels = {"partiel": "Partiellement atteint", "non-atteint": "Non atteint"}
        assert result["gaps"] == [{"item": qid, "value": answers[qid], "label": levels[answers[qid]]} for qid, _ in items
                                  if answers.get(qid) in levels]
        for group in ("has-2014", "v1sages-2023"):
            ids = [qid for qid, g in items if g == group]
            assert result["counts"][group] == {
                "atteint": sum(answers.get(q) == "atteint" for q in ids), "partiel": sum(answers.get(q) == "partiel" for q in ids),
                "non-atteint": sum(answers.get(q) == "non-atteint" for q in ids), "sans-reponse": sum(q not in answers for q in ids)}
        assert result["score"] is None and result["positive"] is None  # no weighting, no verdict


@pytest.mark.parametrize("cid", sorted(published()))
def test_worked_examples(cid):
    from generator.sources.models.criteria import Criterion  # noqa: F401  (examples come from the compiled spec)

    spec = published()[cid]
    assert spec["examples"], f"{cid} declares no worked example"
    for example in spec["examples"]:
        result = evaluate(spec, example["answers"])
        assert result["ok"] and result["outcome"] == example["expect_outcome"], example["name"]
        if "expect_positive" in example:
            assert result["positive"] is example["expect_positive"], example["name"]
        if "expect_score" in example:
            assert result["score"] == example["expect_score"], example["name"]
        if "expect_score_max" in example:
            assert result["score_max"] == example["expect_score_max"], example["name"]
        if example.get("expect_fit") is False:  # no whole number fits: no figure at all
            assert (result["score"], result["score_max"]) == (None, None), example["name"]


@pytest.mark.parametrize("cid", sorted(published()))
def test_an_early_verdict_never_changes(cid):
    """Whatever is decided on partial answers stays decided once the other questions are answered."""
    spec = published()[cid]
    rng = random.Random(cid)
    values = {"oui-non-nsp": ["oui", "non", "nsp"], "oui-non": ["oui", "non"], "niveau-atteinte": ["atteint", "partiel", "non-atteint"]}
    for _ in range(200):
        full = {}
        for q in spec["items"]:
            if q["answers"] == "entier":
                full[q["id"]] = rng.randint(q.get("minimum", 0), min(q.get("maximum", 50), 50))
            elif q["answers"] == "choix":
                full[q["id"]] = rng.choice([o["value"] for o in q["options"]])
            else:
                full[q["id"]] = rng.choice(values[q["answers"]])
        partial = {k: v for k, v in full.items() if rng.random() < 0.5}
        early, final = evaluate(spec, partial), evaluate(spec, full)
        if early["outcome"] != "incomplet":
            assert early["outcome"] == final["outcome"], (partial, full)
        if early["positive"] is not None:
            assert early["positive"] == final["positive"]
