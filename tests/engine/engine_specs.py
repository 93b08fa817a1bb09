"""Synthetic compiled specs for the engine tests, built as plain dicts.

They mirror what generator/sources/compile.py produces from a criterion YAML:
``model_dump(mode="json", by_alias=True, exclude_none=True)``, the format tag,
and the undecided outcome appended last.
"""
import copy

from generator.engine import FORMAT

# The undecided outcome generator/sources/compile.py appends to every spec (tests/test_engine_fixtures.py checks
# it is the same): copied, so that the engine's tests import the engine only and also run in Pyodide.
UNDECIDED = {
    "id": "incomplet",
    "label": "Réponses incomplètes",
    "interpretation": "Le résultat s'affichera dès que les réponses permettront de conclure.",
    "next_steps": [],
}


def question(qid, answers="oui-non-nsp", text=None, **extra):
    return {"id": qid, "text": text or f"Question {qid} ?", "answers": answers, "options": [], **extra}


def options(*values, **params_by_value):
    return [{"value": v, "label": f"Option {v}", "params": params_by_value.get(v.replace("-", "_"), {}), "sources": []}
            for v in values]


def outcome(oid, when, steps=()):
    return {"id": oid, "when": when, "label": f"Résultat {oid}", "interpretation": f"Sens de {oid}.",
            "next_steps": list(steps)}


def make_spec(items, outcomes, positive=None, score=None):
    spec = {"id": "test", "sources": [{"ref": "x", "locator": "p. 1"}], "see_also": [], "reviewed": "2024-01-01",
            "title": "Grille de test", "version": "1.0", "kind": "grille-reperage", "warnings": [],
            "rule_text": "Règle.", "groups": [], "items": items, "outcomes": outcomes, "examples": []}
    if positive is not None:
        spec["positive"] = positive
    if score is not None:
        spec["score"] = score
    spec["format"] = FORMAT
    spec["outcomes"] = list(outcomes) + [dict(UNDECIDED)]
    return copy.deepcopy(spec)


def count_spec(n=6):
    """n yes/no/don't-know questions; positive if at least one « oui »."""
    ids = [f"q{i}" for i in range(1, n + 1)]
    rule = {"count": ids, "equals": "oui", "at_least": 1}
    return make_spec(
        [question(i) for i in ids],
        [outcome("positif", rule, ["Orienter."]), outcome("negatif", {"always": True})],
        positive=rule,
        score={"count": ids, "equals": "oui"},
    )


def gated_spec():
    """Gating, numbers, choices, and every composite condition."""
    items = [
        question("seul", "oui-non", "Vit seul ?"),
        question("aide", "oui-non-nsp", "A une aide à domicile ?", ask_if={"item": "seul", "equals": "oui"}),
        question("age", "entier", "Âge", minimum=0, maximum=120),
        question("lieu", "choix", "Lieu de vie", options=options("domicile", "ehpad", "autre")),
        question("chute", "oui-non-nsp", "Chute dans l'année ?",
                 ask_if={"any": [{"number": "age", "at_least": 75}, {"item": "lieu", "in": ["ehpad", "autre"]}]}),
    ]
    positive = {"any": [
        {"all": [{"item": "seul", "equals": "oui"}, {"not": {"item": "aide", "equals": "oui"}}]},
        {"item": "chute", "equals": "oui"},
    ]}
    outcomes = [
        outcome("urgent", {"all": [positive, {"number": "age", "greater_than": 85}]}, ["Appeler."]),
        outcome("positif", positive, ["Orienter."]),
        outcome("negatif", {"always": True}),
    ]
    return make_spec(items, outcomes, positive=positive)


def ratio_spec():
    """Staff estimate: situations divided by the caseload of the chosen model."""
    items = [
        question("situations", "entier", "Nombre de situations", minimum=0),
        question("modele", "choix", "Modèle", options=options(
            "intensif", "standard", "seuil", "aucun",
            intensif={"low": 15, "high": 10}, standard={"low": 40, "high": 30, "strict": 1},
            seuil={"high": 2.5}, aucun={})),
    ]
    return make_spec(items, [outcome("estimation", {"always": True})],
                     score={"ratio": {"numerator": "situations", "option_of": "modele", "low": "low", "high": "high"}})


def checklist_spec():
    """Levels reached, no positive rule: a checklist gives no verdict."""
    ids = ["a", "b", "c", "d"]
    items = [question(i, "niveau-atteinte", f"Critère {i}") for i in ids]
    outcomes = [
        outcome("complet", {"count": ids, "equals": "atteint", "at_least": 4}),
        outcome("partiel", {"count": ids, "equals": "non-atteint", "at_most": 1}),
        outcome("insuffisant", {"count": ids, "equals": "non-atteint", "at_least": 2, "at_most": 4}),
    ]
    return make_spec(items, outcomes, score={"count": ids, "equals": "atteint"})


def chain_spec():
    """Each question asked only after a « oui » to the previous one."""
    items = [question("c1", "oui-non")]
    for i in range(2, 5):
        items.append(question(f"c{i}", "oui-non", ask_if={"item": f"c{i - 1}", "equals": "oui"}))
    ids = [q["id"] for q in items]
    outcomes = [
        outcome("deux", {"count": ids, "equals": "oui", "at_least": 2, "at_most": 3}),
        outcome("autre", {"always": True}),
    ]
    return make_spec(items, outcomes, positive={"count": ids, "equals": "non", "at_most": 0})


def large_spec(n=20):
    """A 20-question grid with gates and counts: the size the speed budget is set for."""
    items = [question(f"q{i}", ask_if={"item": f"q{i - 1}", "in": ["oui", "nsp"]}) if i % 3 == 2 else question(f"q{i}")
             for i in range(n)]
    ids = [q["id"] for q in items]
    rule = {"count": ids, "equals": "oui", "at_least": 3}
    outcomes = [
        outcome("fort", {"all": [rule, {"not": {"item": "q1", "equals": "non"}}]}),
        outcome("modere", {"count": ids, "equals": "nsp", "at_most": 2}),
        outcome("faible", {"always": True}),
    ]
    return make_spec(items, outcomes, positive=rule, score={"count": ids, "equals": "oui"})


def large_answers(n=20):
    return {f"q{i}": ("oui", "non", "nsp")[i % 3] for i in range(n)}


ALL_SPECS = {"count": count_spec, "gated": gated_spec, "ratio": ratio_spec, "checklist": checklist_spec,
             "chain": chain_spec, "large": large_spec}


def slots(spec):
    """Every (container, key) of a spec, nested ones included: the places a mutation may change."""
    found, stack = [], [spec]
    while stack:
        node = stack.pop()
        keys = list(node) if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else []
        for key in keys:
            found.append((node, key))
            stack.append(node[key])
    return found
