"""The engine gives exactly the same results in Pyodide (the browser) as in CPython.

Runs the real Pyodide runtime under Node, offline, on a few hundred varied
cases: every synthetic spec with many answer combinations, invalid answers,
and malformed specs. (The speed budget is measured by benchmarks/engine_bench.py.)
"""
import copy
import itertools
import random

import pytest

from engine_specs import ALL_SPECS, slots
from pyodide_harness import pyodide_missing, run_in_cpython, run_in_pyodide

needs_pyodide = pytest.mark.skipif(pyodide_missing() is not None, reason=f"needs Pyodide under Node: {pyodide_missing()}")

WEIRD = [None, "", True, 0, -1, 7, 2**53, 1.5, 3.0, float("inf"), "12", "abc", "OUI", "é", "😀", [], ["oui"], {"a": 1},
         10**30, "-3", " 4"]


def domain(question):
    """A few answers for one question, unanswered first, numbers around usual thresholds."""
    kind = question["answers"]
    if kind == "entier":
        return [None, 0, 1, 5, 6, 9, 10, 11, 30, 39, 40, 41, 75, 86, 95, "120", 200]
    if kind == "choix":
        return [None] + [o["value"] for o in question["options"]]
    return [None] + {"oui-non-nsp": ["oui", "non", "nsp"], "oui-non": ["oui", "non"],
                     "niveau-atteinte": ["atteint", "partiel", "non-atteint"]}[kind]


def answer_combinations(spec, rng, limit):
    """Up to ``limit`` answer dicts: all combinations when few, else a fixed random sample."""
    items = spec["items"]
    domains = [domain(q) for q in items]
    total = 1
    for values in domains:
        total *= len(values)
    if total <= limit:
        combos = itertools.product(*domains)
    else:
        combos = ([rng.choice(values) for values in domains] for _ in range(limit))
    return [{q["id"]: v for q, v in zip(items, combo) if v is not None or rng.random() < 0.1} for combo in combos]


def mutate(spec, rng):
    """A copy of ``spec`` with one value replaced or removed somewhere."""
    spec = copy.deepcopy(spec)
    node, key = rng.choice(slots(spec))
    if isinstance(node, dict) and rng.random() < 0.4:
        del node[key]
    else:
        node[key] = rng.choice(WEIRD + [{"all": []}, {"item": "zz", "equals": "oui"}, {"always": True}])
    return spec


def parity_cases():
    rng = random.Random(20261123)
    cases = []
    for _, make in sorted(ALL_SPECS.items()):
        spec = make()
        for answers in answer_combinations(spec, rng, limit=150):
            cases.append({"spec": spec, "answers": answers})
        ids = [q["id"] for q in spec["items"]]
        for _ in range(25):  # invalid answers and unknown items
            answers = {rng.choice(ids + ["zz", "Q1", ""]): rng.choice(WEIRD) for _ in range(rng.randint(1, 3))}
            cases.append({"spec": spec, "answers": answers})
        for _ in range(25):
            cases.append({"spec": mutate(spec, rng), "answers": rng.choice(answer_combinations(spec, rng, 5))})
    cases += [{"spec": spec, "answers": {}} for spec in (None, [], {}, {"format": "reperes-criterion/1"})]
    cases += [{"spec": ALL_SPECS["count"](), "answers": answers} for answers in (None, [], "q1=oui")]
    return cases


def test_there_are_enough_cases():
    cases = parity_cases()
    assert len(cases) >= 500
    results = run_in_cpython(cases)
    assert sum(r["ok"] for r in results) >= 300  # mostly real evaluations, not just errors
    assert {r["error"]["code"] for r in results if not r["ok"]} == {"invalid-spec", "unknown-item", "invalid-answer"}
    assert {r["outcome"] for r in results} >= {"incomplet", "positif", "negatif", "urgent", "deux", "estimation"}


@needs_pyodide
def test_pyodide_gives_the_same_results_as_cpython():
    cases = parity_cases()
    expected, actual = run_in_cpython(cases), run_in_pyodide(cases)
    assert len(actual) == len(expected)
    mismatches = [i for i, (a, b) in enumerate(zip(actual, expected)) if a != b]
    assert not mismatches, (len(mismatches), cases[mismatches[0]], actual[mismatches[0]], expected[mismatches[0]])

