"""Conditions in three values, gating, and when a verdict is given."""
import itertools

import pytest

from engine_specs import chain_spec, checklist_spec, count_spec, gated_spec, make_spec, outcome, question
from generator.engine import evaluate

T, F, U = True, False, None
ALWAYS = {"always": True}
# Sub-conditions of known value, whatever the answers below (b stays unanswered).
CONST = {T: ALWAYS, F: {"not": ALWAYS}, U: {"item": "b", "equals": "oui"}}


def items():
    return [
        question("a"), question("b"), question("c"),
        question("g", "oui-non", ask_if={"item": "a", "equals": "oui"}),  # asked only after a = oui
        question("n", "entier", minimum=0, maximum=200),
        question("h", "entier", ask_if={"item": "a", "equals": "oui"}),
        question("ch", "choix", options=[{"value": v, "label": v.upper()} for v in ("x", "y", "z")]),
        question("lvl", "niveau-atteinte"),
    ]


def value(cond, answers):
    """The three-valued value of ``cond`` (as the positive rule) for ``answers``."""
    result = evaluate(make_spec(items(), [outcome("fin", ALWAYS)], positive=cond), answers)
    assert result["ok"], result["errors"]
    # The verdict is not printed a second time in « Pourquoi ce résultat ? », and never as « → vrai ».
    assert all(step["rule"] != "positive" and "→" not in step["text"] for step in result["trace"])
    return result["positive"]


@pytest.mark.parametrize("answers, expected", [
    ({"a": "oui"}, T), ({"a": "non"}, F), ({"a": "nsp"}, F), ({}, U), ({"a": None}, U), ({"a": ""}, U),
])
def test_item_equals(answers, expected):
    assert value({"item": "a", "equals": "oui"}, answers) is expected


@pytest.mark.parametrize("answers, expected", [
    ({"ch": "x"}, T), ({"ch": "z"}, T), ({"ch": "y"}, F), ({}, U),
    ({"lvl": "partiel"}, U),  # another question's answer changes nothing
])
def test_item_in(answers, expected):
    assert value({"item": "ch", "in": ["x", "z"]}, answers) is expected


@pytest.mark.parametrize("answers, expected", [
    ({"a": "oui", "g": "oui"}, T),
    ({"a": "oui", "g": "non"}, F),
    ({"a": "oui"}, U),  # asked, unanswered
    ({"a": "non"}, F),  # not asked
    ({"a": "non", "g": "oui"}, F),  # not asked: the answer is ignored
    ({}, U),  # may be asked
    ({"g": "non"}, U),  # the answer waits until g is known to be asked (hidden until then, in no record)
    ({"g": "oui"}, U),  # « oui » counts only if it turns out to be asked
])
def test_item_on_a_gated_question(answers, expected):
    assert value({"item": "g", "equals": "oui"}, answers) is expected


def test_not_of_a_question_not_asked_is_true():
    assert value({"not": {"item": "g", "equals": "oui"}}, {"a": "non"}) is T


@pytest.mark.parametrize("bound, n, expected", [
    ("at_least", 75, T), ("at_least", 74, F), ("at_most", 75, T), ("at_most", 76, F),
    ("less_than", 74, T), ("less_than", 75, F), ("greater_than", 76, T), ("greater_than", 75, F),
    ("at_least", None, U),
])
def test_number_bounds(bound, n, expected):
    assert value({"number": "n", bound: 75}, {"n": n}) is expected


def test_number_with_float_and_several_bounds():
    cond = {"number": "n", "greater_than": 2.5, "at_most": 10.0}
    assert [value(cond, {"n": n}) for n in (2, 3, 10, 11)] == [F, T, T, F]


def test_number_on_gated_question():
    cond = {"number": "h", "at_least": 10}
    assert value(cond, {"a": "non", "h": 50}) is F
    assert value(cond, {"a": "oui", "h": 50}) is T
    assert value(cond, {"h": 50}) is U
    assert value(cond, {"h": 5}) is U  # the answer waits for its gate: the page hides h, no record carries it
    assert value(cond, {"a": "oui"}) is U


COUNT3 = ["a", "b", "c"]


@pytest.mark.parametrize("answers, at_least, expected", [
    ({"a": "oui"}, 1, T),  # early: already reached
    ({"a": "non", "b": "non"}, 1, U),
    ({"a": "non", "b": "non", "c": "nsp"}, 1, F),
    ({"a": "oui"}, 2, U),
    ({"a": "oui", "b": "non", "c": "non"}, 2, F),  # early: k + u < n
    ({"a": "non", "b": "non"}, 2, F),
    ({}, 0, T),
    ({}, 4, F),
])
def test_count_at_least(answers, at_least, expected):
    assert value({"count": COUNT3, "equals": "oui", "at_least": at_least}, answers) is expected


@pytest.mark.parametrize("answers, at_most, expected", [
    ({"a": "oui", "b": "oui"}, 1, F),  # early: already exceeded
    ({"a": "non", "b": "non"}, 1, T),  # early: even c = oui stays within
    ({"a": "oui"}, 1, U),
    ({}, 3, T),
    ({}, 0, U),
    ({"a": "non", "b": "non", "c": "non"}, 0, T),
])
def test_count_at_most(answers, at_most, expected):
    assert value({"count": COUNT3, "equals": "oui", "at_most": at_most}, answers) is expected


@pytest.mark.parametrize("answers, expected", [
    ({"a": "oui"}, U), ({"a": "oui", "b": "oui"}, U), ({"a": "oui", "b": "oui", "c": "oui"}, F),
    ({"a": "non", "b": "non"}, F), ({"a": "oui", "b": "oui", "c": "non"}, T),
])
def test_count_between(answers, expected):
    assert value({"count": COUNT3, "equals": "oui", "at_least": 2, "at_most": 2}, answers) is expected


def test_count_with_gated_questions():
    cond = {"count": ["a", "g"], "equals": "oui", "at_least": 2}
    assert value(cond, {"a": "oui"}) is U
    assert value(cond, {"a": "oui", "g": "oui"}) is T
    assert value(cond, {"a": "non", "g": "oui"}) is F  # g not asked: counts as not equal
    at_most = {"count": ["a", "g"], "equals": "non", "at_most": 0}
    assert value(at_most, {"a": "oui"}) is U
    assert value(at_most, {"a": "nsp"}) is T  # g is not asked, so can't be « non »
    assert value(at_most, {"g": "non"}) is U  # pending answer: counted only if g is asked
    assert value(at_most, {"g": "oui"}) is U


def test_count_other_values():
    cond = {"count": ["lvl"], "equals": "non-atteint", "at_least": 1}
    assert [value(cond, {"lvl": v}) for v in ("non-atteint", "partiel", None)] == [T, F, U]


def kleene_all(values):
    return F if F in values else U if U in values else T


def kleene_any(values):
    return T if T in values else U if U in values else F


@pytest.mark.parametrize("values", [v for n in (1, 2, 3) for v in itertools.product((T, F, U), repeat=n)])
def test_all_and_any_truth_tables(values):
    parts = [CONST[v] for v in values]
    assert value({"all": parts}, {}) is kleene_all(values)
    assert value({"any": parts}, {}) is kleene_any(values)


@pytest.mark.parametrize("inner, expected", [(T, F), (F, T), (U, U)])
def test_not(inner, expected):
    assert value({"not": CONST[inner]}, {}) is expected
    assert value({"not": {"not": CONST[inner]}}, {}) is inner


def test_always():
    assert value(ALWAYS, {}) is T


# --- gating ---------------------------------------------------------------

def test_gating_asked_missing_complete():
    spec = gated_spec()
    result = evaluate(spec, {})
    assert result["asked"] == ["seul", "age", "lieu"] and result["missing"] == ["seul", "age", "lieu"]
    assert not result["complete"]
    result = evaluate(spec, {"seul": "oui", "age": 80, "lieu": "domicile"})
    assert result["asked"] == ["seul", "aide", "age", "lieu", "chute"]
    assert result["missing"] == ["aide", "chute"] and not result["complete"]
    result = evaluate(spec, {"seul": "non", "age": 60, "lieu": "domicile"})
    assert result["asked"] == ["seul", "age", "lieu"] and result["missing"] == [] and result["complete"]
    assert result["outcome"] == "negatif" and result["positive"] is False


def test_gating_trace():
    result = evaluate(gated_spec(), {"seul": "non", "aide": "oui", "lieu": "ehpad"})
    assert [(s["rule"], s["value"]) for s in result["trace"]] == [("pending", U), ("ask_if:chute", T), ("ignored:aide", F)]
    steps = {step["rule"]: step["text"] for step in result["trace"]}
    assert "n'est pas prise en compte" in steps["ignored:aide"]  # the answer given for aide is ignored
    assert steps["ask_if:chute"].startswith("La question 5 est posée car") and "(question 4 : Option ehpad)" in steps["ask_if:chute"]
    assert steps["pending"] == "Pas encore de résultat : il dépend encore des réponses aux questions 3 et 5."
    assert "aide" not in result["asked"]
    result = evaluate(gated_spec(), {"lieu": "domicile"})  # no gate decided yet: nothing to explain but what is missing
    assert [(s["rule"], s["value"]) for s in result["trace"]] == [("pending", U)]


def test_ignored_answer_changes_nothing():
    spec = gated_spec()
    base = {"seul": "non", "age": 60, "lieu": "domicile"}
    with_ignored = evaluate(spec, {**base, "aide": "non", "chute": "oui"})
    without = evaluate(spec, base)
    assert with_ignored["outcome"] == without["outcome"] == "negatif"
    assert with_ignored["positive"] is without["positive"] is False


def test_chained_gates():
    spec = chain_spec()
    assert evaluate(spec, {})["asked"] == ["c1"]
    assert evaluate(spec, {"c1": "oui"})["asked"] == ["c1", "c2"]
    assert evaluate(spec, {"c1": "oui", "c2": "oui", "c3": "oui"})["asked"] == ["c1", "c2", "c3", "c4"]
    closed = evaluate(spec, {"c1": "non", "c2": "oui", "c3": "oui"})
    assert closed["asked"] == ["c1"] and closed["complete"] and closed["outcome"] == "autre"
    assert [(s["rule"], s["value"]) for s in closed["trace"]] == [
        ("answer:c1", T), ("outcome:autre", T), ("ignored:c2", F), ("ignored:c3", F)]


# --- outcomes and early verdicts -------------------------------------------

def test_early_positive_verdict():
    result = evaluate(count_spec(), {"q3": "oui"})
    assert result["outcome"] == "positif" and result["positive"] is True
    assert not result["complete"] and result["missing"] == ["q1", "q2", "q4", "q5", "q6"]
    assert [s["rule"] for s in result["trace"]] == ["answer:q3", "outcome:positif", "score"]


def test_negative_verdict_waits_for_every_answer():
    answers = {f"q{i}": "non" for i in range(1, 6)}
    assert evaluate(count_spec(), answers)["outcome"] == "incomplet"
    result = evaluate(count_spec(), {**answers, "q6": "nsp"})
    assert result["outcome"] == "negatif" and result["positive"] is False and result["complete"]
    # « in every other case »: the six answers that ruled out « positif » decided; « positif » itself is not listed
    assert [(s["rule"], s["value"]) for s in result["trace"]] == [
        *[(f"answer:q{i}", T) for i in range(1, 7)], ("outcome:negatif", T), ("score", T)]


def test_undecided_while_an_earlier_outcome_is_unknown():
    spec = checklist_spec()
    # 2 × non-atteint decides « insuffisant »'s rule, but « complet » comes first and is already false,
    # and « partiel » (at most 1 non-atteint) is false too: the verdict is known.
    result = evaluate(spec, {"a": "non-atteint", "b": "non-atteint"})
    assert result["outcome"] == "insuffisant" and not result["complete"]
    # One non-atteint: « complet » false, « partiel » not decided yet (c, d may add one).
    result = evaluate(spec, {"a": "non-atteint", "b": "atteint"})
    assert result["outcome"] == "incomplet" and result["label"] == "Réponses incomplètes"
    assert [(s["rule"], s["value"]) for s in result["trace"]] == [("pending", U), ("score", T)]
    assert result["trace"][0]["text"] == "Pas encore de résultat : il dépend encore des réponses aux questions 3 et 4."
    assert result["positive"] is None  # a checklist gives no verdict
    # Unknown first outcome: undecided even though a later one is already true.
    spec = make_spec([question("a"), question("b")],
                     [outcome("a-oui", {"item": "a", "equals": "oui"}), outcome("b-oui", {"item": "b", "equals": "oui"})])
    result = evaluate(spec, {"b": "oui"})
    assert result["outcome"] == "incomplet"
    assert [(s["rule"], s["value"]) for s in result["trace"]] == [("pending", U)]


def test_first_true_outcome_wins():
    spec = gated_spec()
    result = evaluate(spec, {"seul": "oui", "aide": "non", "age": 90, "lieu": "domicile"})
    assert result["outcome"] == "urgent" and result["next_steps"] == ["Appeler."]
    result = evaluate(spec, {"seul": "oui", "aide": "non", "age": 80, "lieu": "domicile"})
    assert result["outcome"] == "positif" and result["missing"] == ["chute"]


def test_checklist_has_no_positive_and_no_positive_trace():
    result = evaluate(checklist_spec(), {k: "atteint" for k in "abcd"})
    assert result["positive"] is None and result["outcome"] == "complet" and result["score"] == 4
    assert "positive" not in [s["rule"] for s in result["trace"]]


def test_trace_texts_are_french_and_quote_questions():
    result = evaluate(count_spec(), {"q1": "oui", "q2": "oui"})
    assert [s["text"] for s in result["trace"]] == [
        "Question 1, « Question q1 ? » : Oui", "Question 2, « Question q2 ? » : Oui",
        "Règle appliquée : au moins 1 réponse « Oui » aux questions 1 à 6.", "Nombre de réponses « Oui » : 2 sur 6."]
    result = evaluate(gated_spec(), {"seul": "oui", "aide": "non", "age": 90, "lieu": "domicile"})
    assert result["outcome"] == "urgent"
    assert [s["text"] for s in result["trace"]] == [
        "Question 1, « Vit seul ? » : Oui", "Question 2, « A une aide à domicile ? » : Non", "Question 3, « Âge » : 90",
        "Règle appliquée : ((réponse « Oui » à la question 1 et à l'exclusion de : réponse « Oui » à la question 2) "
        "ou réponse « Oui » à la question 5) et réponse de plus de 85 à la question 3."]
    for step in result["trace"]:  # no machine words: no « vrai / faux », no arrow, no ids
        assert not {"vrai", "faux", "→", "indéterminé", "=", "ask_if"} & set(step["text"].replace(",", " ").split())
        assert "« seul »" not in step["text"] and "« aide »" not in step["text"]


def test_questions_that_only_need_an_answer_are_named_together_in_spec_order():
    """« une réponse aux questions 1 et 2 », not « une réponse à la question 2 et une réponse à la question 1 »."""
    items = [question("places", "entier", minimum=0), question("cas", "entier", minimum=0), question("q3")]
    spec = make_spec(items, [outcome("estime", {"all": [{"number": "cas", "at_least": 0}, {"number": "places", "at_least": 0},
                                                        {"item": "q3", "equals": "oui"}]})])
    result = evaluate(spec, {"places": 3, "cas": 40, "q3": "oui"})
    assert result["outcome"] == "estime"
    assert "Règle appliquée : une réponse aux questions 1 et 2 et réponse « Oui » à la question 3." in [
        s["text"] for s in result["trace"]]
    alone = make_spec(items[:1], [outcome("estime", {"all": [{"number": "places", "at_least": 0}]})])
    assert "Règle appliquée : une réponse à la question 1." in [s["text"] for s in evaluate(alone, {"places": 2})["trace"]]
