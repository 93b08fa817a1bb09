"""Malformed specs give an ``invalid-spec`` error naming the question at fault."""
import copy
import json

import pytest

from engine_specs import checklist_spec, count_spec, gated_spec, make_spec, outcome, question, ratio_spec
from generator.engine import evaluate
from generator.engine.spec import MAX_DEPTH, load_spec

ALWAYS = {"always": True}


def spec_errors(spec, answers=None):
    result = evaluate(spec, answers or {})
    assert result["ok"] is False and result["error"] == result["errors"][0]
    assert {e["code"] for e in result["errors"]} == {"invalid-spec"}
    return [e["item"] for e in result["errors"]]


def with_positive(cond, items=None):
    items = items or [question("a"), question("b"), question("n", "entier"),
                      question("c", "choix", options=[{"value": "x", "label": "X"}])]
    return make_spec(items, [outcome("fin", ALWAYS)], positive=cond)


def test_valid_specs_are_accepted():
    for make in (count_spec, gated_spec, ratio_spec, checklist_spec):
        assert evaluate(make(), {})["ok"]


@pytest.mark.parametrize("spec", [None, [], "spec", 3])
def test_not_a_spec(spec):
    assert spec_errors(spec) == [None]


def test_empty_spec_reports_format_items_and_outcomes():
    assert spec_errors({}) == [None, None, None]


def test_format_tag_is_required():
    spec = count_spec()
    del spec["format"]
    assert spec_errors(spec) == [None]
    spec["format"] = "reperes-criterion/2"
    assert spec_errors(spec) == [None]


@pytest.mark.parametrize("key, value", [("items", None), ("items", []), ("items", {}), ("outcomes", None),
                                        ("outcomes", []), ("outcomes", "x")])
def test_items_and_outcomes_are_required(key, value):
    spec = count_spec()
    spec[key] = value
    spec_errors(spec)
    del spec[key]
    spec_errors(spec)


@pytest.mark.parametrize("change, item", [
    (lambda q: q.update(id="Q1"), None),
    (lambda q: q.update(id=["q1"]), None),
    (lambda q: q.pop("id"), None),
    (lambda q: q.update(answers="texte"), "q1"),
    (lambda q: q.update(answers=None), "q1"),
    (lambda q: q.update(text=3), "q1"),
    (lambda q: q.update(answers="entier", minimum=5, maximum=1), "q1"),
    (lambda q: q.update(answers="entier", minimum=1.5), "q1"),
    (lambda q: q.update(answers="entier", maximum=True), "q1"),
    (lambda q: q.update(answers="choix"), "q1"),
    (lambda q: q.update(answers="choix", options=[{"value": "a"}, {"value": "a"}]), "q1"),
    (lambda q: q.update(answers="choix", options=[{"label": "a"}]), "q1"),
    (lambda q: q.update(answers="choix", options=[{"value": "a", "params": {"low": "10"}}]), "q1"),
    (lambda q: q.update(answers="choix", options=[{"value": "a", "params": {"low": float("nan")}}]), "q1"),
])
def test_malformed_questions(change, item):
    spec = make_spec([question("q1"), question("q2")], [outcome("fin", ALWAYS)])
    change(spec["items"][0])
    assert spec_errors(spec)[0] == item


def test_duplicate_question_id():
    spec = make_spec([question("q1"), question("q1")], [outcome("fin", ALWAYS)])
    assert spec_errors(spec) == ["q1"]


@pytest.mark.parametrize("cond, item", [
    ({}, None),
    ([], None),
    ("a", None),
    ({"item": "a", "equals": "oui", "extra": 1}, None),
    ({"item": "a", "in_": ["oui"]}, None),
    ({"item": "a", "not_": ALWAYS}, None),
    ({"item": "zz", "equals": "oui"}, "zz"),
    ({"item": ["a"], "equals": "oui"}, None),
    ({"item": "a"}, None),
    ({"item": "a", "equals": "oui", "in": ["non"]}, None),
    ({"item": "a", "in": []}, None),
    ({"item": "a", "in": "oui"}, None),
    ({"item": "a", "equals": "peut-etre"}, "a"),
    ({"item": "a", "equals": 1}, "a"),
    ({"item": "c", "equals": "y"}, "c"),
    ({"item": "n", "equals": "3"}, "n"),
    ({"count": ["a", "b"], "equals": "oui"}, None),
    ({"count": ["a", "b"], "equals": "oui", "at_least": -1}, None),
    ({"count": ["a", "b"], "equals": "oui", "at_least": True}, None),
    ({"count": ["a", "b"], "equals": "oui", "at_most": 1.5}, None),
    ({"count": [], "equals": "oui", "at_least": 1}, None),
    ({"count": "a", "equals": "oui", "at_least": 1}, None),
    ({"count": ["a", "a"], "equals": "oui", "at_least": 1}, None),
    ({"count": ["a", "zz"], "equals": "oui", "at_least": 1}, "zz"),
    ({"count": ["a", "n"], "equals": "oui", "at_least": 1}, "n"),
    ({"count": ["a", "c"], "equals": "oui", "at_least": 1}, "c"),
    ({"number": "n"}, None),
    ({"number": "n", "at_least": "3"}, None),
    ({"number": "n", "at_least": float("inf")}, None),
    ({"number": "a", "at_least": 3}, "a"),
    ({"number": "zz", "at_least": 3}, "zz"),
    ({"number": "n", "more_than": 3}, None),
    ({"all": []}, None),
    ({"all": ALWAYS}, None),
    ({"any": [ALWAYS, {"item": "zz", "equals": "oui"}]}, "zz"),
    ({"not": [ALWAYS]}, None),
    ({"not": {"item": "zz", "equals": "oui"}}, "zz"),
    ({"always": False}, None),
    ({"always": 1}, None),
    ({"always": True, "item": "a"}, None),  # "item" comes first: "always" is then an unknown key
    ({"when": ALWAYS}, None),
])
def test_malformed_conditions(cond, item):
    assert spec_errors(with_positive(cond))[0] == item


def test_valid_conditions_of_each_kind():
    for cond in ({"item": "a", "equals": "oui"}, {"item": "c", "in": ["x"]}, {"count": ["a", "b"], "equals": "nsp",
                 "at_least": 0, "at_most": 2}, {"number": "n", "at_least": 1.5, "less_than": 3},
                 {"all": [ALWAYS]}, {"any": [ALWAYS]}, {"not": ALWAYS}, ALWAYS):
        assert evaluate(with_positive(cond), {})["ok"], cond


def test_nesting_is_bounded():
    deep = ALWAYS
    for _ in range(200):  # far beyond MAX_DEPTH (deeper is refused as JSON text: see below)
        deep = {"not": deep}
    spec = with_positive(ALWAYS)
    spec["positive"] = deep
    assert spec_errors(spec) == [None]
    shallow = ALWAYS
    for _ in range(30):
        shallow = {"all": [{"not": shallow}]}
    assert spec_errors(with_positive(shallow)) == [None]
    ok = ALWAYS
    for _ in range(15):
        ok = {"any": [{"not": ok}]}
    assert evaluate(with_positive(ok), {})["ok"]


def test_a_spec_deeper_than_any_valid_one_is_refused_before_it_is_built():
    """5,000 levels: beyond the recursion limit, and Pyodide's runtime crashes when it frees them."""
    text = json.dumps(with_positive({"item": "a", "equals": "oui"}))
    text = text.replace('{"item": "a", "equals": "oui"}', '{"not": ' * 5000 + json.dumps(ALWAYS) + "}" * 5000)
    assert load_spec(text) is None
    assert spec_errors(load_spec(text)) == [None]
    deepest = {"item": "a", "equals": "oui"}
    for _ in range(MAX_DEPTH):  # the deepest nesting a valid spec may have, in its deepest JSON form
        deepest = {"all": [deepest]}
    spec = with_positive(deepest)
    assert evaluate(spec, {})["ok"] and load_spec(json.dumps(spec)) == spec


def test_ask_if_may_only_look_back():
    later = make_spec([question("a", ask_if={"item": "b", "equals": "oui"}), question("b")], [outcome("fin", ALWAYS)])
    assert spec_errors(later) == ["b"]
    itself = make_spec([question("a", ask_if={"item": "a", "equals": "oui"})], [outcome("fin", ALWAYS)])
    assert spec_errors(itself) == ["a"]
    counted = make_spec([question("a"), question("b", ask_if={"count": ["a", "b"], "equals": "oui", "at_least": 1})],
                        [outcome("fin", ALWAYS)])
    assert spec_errors(counted) == ["b"]


def test_ask_if_naming_an_unknown_question():
    spec = make_spec([question("a", ask_if={"item": "zz", "equals": "oui"})], [outcome("fin", ALWAYS)])
    assert spec_errors(spec) == ["zz"]


def test_outcomes_need_one_undecided_outcome_and_at_least_one_rule():
    spec = count_spec()
    spec["outcomes"].pop()
    spec_errors(spec)
    spec = count_spec()
    spec["outcomes"].append(dict(spec["outcomes"][-1], id="autre"))
    spec_errors(spec)
    spec = count_spec()
    spec["outcomes"] = spec["outcomes"][-1:]
    spec_errors(spec)


@pytest.mark.parametrize("change", [
    lambda o: o.update(id="Positif"),
    lambda o: o.update(id="negatif"),  # duplicate
    lambda o: o.pop("label"),
    lambda o: o.update(interpretation=None),
    lambda o: o.update(next_steps="Orienter."),
    lambda o: o.update(next_steps=[1]),
    lambda o: o.update(when={"item": "q1", "equals": "oui", "unknown": 1}),
])
def test_malformed_outcomes(change):
    spec = count_spec()
    change(spec["outcomes"][0])
    spec_errors(spec)


@pytest.mark.parametrize("score, item", [
    ("count", None),
    ({"sum": ["q1"]}, None),
    ({"count": ["q1"]}, None),
    ({"count": ["q1"], "equals": "oui", "at_least": 1}, None),
    ({"count": ["zz"], "equals": "oui"}, "zz"),
    ({"count": ["q1"], "equals": "peut-etre"}, "q1"),
])
def test_malformed_count_scores(score, item):
    spec = count_spec()
    spec["score"] = score
    assert spec_errors(spec)[0] == item


@pytest.mark.parametrize("change, item", [
    (lambda r: r.pop("high"), None),
    (lambda r: r.update(extra=1), None),
    (lambda r: r.update(low=3), None),
    (lambda r: r.update(numerator="modele"), "modele"),
    (lambda r: r.update(option_of="situations"), "situations"),
    (lambda r: r.update(numerator="zz"), "zz"),
])
def test_malformed_ratio_scores(change, item):
    spec = ratio_spec()
    change(spec["score"]["ratio"])
    assert spec_errors(spec)[0] == item


@pytest.mark.parametrize("key, capacity", [("high", 0), ("high", -10), ("high", 0.0), ("low", 0.5), ("low", 1e300)])
def test_ratio_capacities_must_be_whole_caseloads_of_at_least_one(key, capacity):
    spec = ratio_spec()
    spec["items"][1]["options"][0]["params"][key] = capacity
    assert spec_errors(spec) == ["modele"]


def test_ratio_smallest_caseload_must_not_exceed_the_largest():
    spec = ratio_spec()
    spec["items"][1]["options"][0]["params"].update(low=10, high=15)
    assert spec_errors(spec) == ["modele"]
    spec["items"][1]["options"][0]["params"].update(low=10, high=10)  # one caseload only: fine
    assert evaluate(spec, {"situations": 30, "modele": "intensif"})["score"] == 3


def test_problems_are_all_reported():
    spec = make_spec([question("a", ask_if={"item": "zz", "equals": "oui"}), question("b", "texte")],
                     [outcome("fin", {"item": "yy", "equals": "oui"})])
    assert spec_errors(spec) == ["b", "zz", "yy"]


def test_no_matching_outcome_is_a_spec_error():
    spec = make_spec([question("a")], [outcome("oui", {"item": "a", "equals": "oui"})])
    assert evaluate(spec, {})["ok"]  # undecided while a is unanswered
    assert spec_errors(spec, {"a": "non"}) == [None]


def test_extra_keys_outside_conditions_are_ignored():
    spec = copy.deepcopy(count_spec())
    spec["future"] = {"anything": 1}
    spec["items"][0]["group"] = "rubrique"
    spec["outcomes"][0]["sources"] = []
    assert evaluate(spec, {})["ok"]
