"""The shipped calculators give identical results in CPython and in the real Pyodide runtime.

Cases: every worked example, every combination of the six-item and eight-item
grids, the V1SAGES threshold around 6, caseloads 0–300 for every reference,
random self-assessments, and invalid answers (the error results must match too).
"""
from __future__ import annotations

import itertools
import random

import pytest

from criteria_specs import published
from engine.pyodide_harness import pyodide_missing, run_in_cpython, run_in_pyodide

pytestmark = pytest.mark.skipif(pyodide_missing() is not None, reason=str(pyodide_missing()))


def cases() -> list[dict]:
    specs = published()
    out = [{"spec": spec, "answers": ex["answers"]} for spec in specs.values() for ex in spec["examples"]]
    six = [q["id"] for q in specs["has-assistance-parcours"]["items"]][:6]
    for values in itertools.product(["oui", "non", "nsp"], repeat=6):
        answers = dict(zip(six, values))
        if "oui" in values:
            answers |= {"peut_beneficier": "oui", "accepte_orientation": random.Random(str(values)).choice(["oui", "non"])}
        out.append({"spec": specs["has-assistance-parcours"], "answers": answers})
    eight = [q["id"] for q in specs["maia-orientation-2015"]["items"]]
    out += [{"spec": specs["maia-orientation-2015"], "answers": dict(zip(eight, v))}
            for v in itertools.product(["oui", "non"], repeat=8)]
    out += [{"spec": specs["conect-6"], "answers": {f"q{i + 1}": x for i, x in enumerate(v)}}
            for v in itertools.product(["oui", "non", None], repeat=6)]
    out += [{"spec": specs["v1sages-reperage"], "answers": {"visites_urgence_12_mois": n, "hebergement_longue_duree": h}}
            for n in range(0, 15) for h in ("oui", "non")]
    options = [o["value"] for o in specs["file-active"]["items"][0]["options"]]
    out += [{"spec": specs["file-active"], "answers": {"modele": o, "situations": n}} for o in options for n in range(0, 301, 7)]
    rng = random.Random(7)
    auto = specs["auto-evaluation-mise-en-oeuvre"]
    for _ in range(50):
        out.append({"spec": auto, "answers": {q["id"]: rng.choice(["atteint", "partiel", "non-atteint"])
                                              for q in auto["items"] if rng.random() < 0.7}})
    out += [  # errors must be identical too
        {"spec": specs["v1sages-reperage"], "answers": {"visites_urgence_12_mois": -3}},
        {"spec": specs["v1sages-reperage"], "answers": {"visites_urgence_12_mois": "douze"}},
        {"spec": specs["has-assistance-parcours"], "answers": {"mobilite": "peut-etre", "inconnu": "oui"}},
    ]
    return out


def test_real_criteria_identical_in_pyodide():
    all_cases = cases()
    assert len(all_cases) > 1500
    assert run_in_pyodide(all_cases) == run_in_cpython(all_cases)
