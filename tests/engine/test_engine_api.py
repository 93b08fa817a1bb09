"""Public API, result shape and error results (codes and items, not wording)."""
import json

import pytest

import generator.engine as engine
from engine_specs import FORMAT, count_spec, gated_spec, make_spec, outcome, question, ratio_spec
from generator.engine import evaluate
from generator.engine.results import KEYS

CONTRACT_KEYS = {"ok", "error", "errors", "outcome", "positive", "complete", "missing", "score", "score_max", "gaps", "counts",
                 "label", "interpretation", "next_steps", "trace", "asked"}


def test_all_lists_the_public_api():
    assert engine.__all__ == ["FORMAT", "evaluate", "questionnaire_response", "summarize"]
    assert callable(engine.evaluate) and engine.FORMAT == FORMAT == "reperes-criterion/1"


def test_result_keys_match_the_contract():
    assert set(KEYS) == CONTRACT_KEYS
    assert set(evaluate(count_spec(), {})) == CONTRACT_KEYS
    assert set(evaluate(None, {})) == CONTRACT_KEYS


def test_success_result_shape():
    result = evaluate(count_spec(), {"q1": "oui", "q2": "non"})
    assert result["ok"] is True and result["error"] is None and result["errors"] == []
    assert result["outcome"] == "positif" and result["label"] == "Résultat positif"
    assert result["interpretation"] == "Sens de positif." and result["next_steps"] == ["Orienter."]
    json.dumps(result, allow_nan=False)


def test_next_steps_is_a_copy():
    spec = count_spec()
    evaluate(spec, {"q1": "oui"})["next_steps"].append("x")
    assert spec["outcomes"][0]["next_steps"] == ["Orienter."]


def codes(result):
    return [(e["code"], e["item"]) for e in result["errors"]]


def assert_error(result, *expected):
    assert result["ok"] is False
    assert codes(result) == list(expected)
    assert result["error"] == result["errors"][0]
    assert all(isinstance(e["message"], str) and e["message"] for e in result["errors"])
    assert result["outcome"] is None and result["positive"] is None and result["complete"] is False
    assert result["missing"] == [] and result["asked"] == [] and result["trace"] == []
    assert result["score"] is None and result["score_max"] is None and result["next_steps"] == []
    assert result["label"] is None and result["interpretation"] is None


def test_unknown_item():
    assert_error(evaluate(count_spec(), {"q1": "oui", "zz": "oui"}), ("unknown-item", "zz"))


def test_unknown_item_that_is_not_a_string():
    assert_error(evaluate(count_spec(), {3: "oui"}), ("unknown-item", None))


def test_answers_must_be_a_dict():
    for answers in (None, [], "q1=oui", 3):
        assert_error(evaluate(count_spec(), answers), ("invalid-answer", None))


def test_all_problems_are_reported_one_per_item_in_order():
    result = evaluate(gated_spec(), {"seul": "nsp", "zz": 1, "age": -1, "lieu": "domicile", "chute": ["oui"]})
    assert_error(result, ("invalid-answer", "seul"), ("unknown-item", "zz"), ("invalid-answer", "age"),
                 ("invalid-answer", "chute"))


@pytest.mark.parametrize("kind, good, bad", [
    ("oui-non-nsp", ["oui", "non", "nsp"], ["OUI", "yes", " oui", True, 1, ["oui"], {"oui": 1}, "ne sait pas"]),
    ("oui-non", ["oui", "non"], ["nsp", False, 0]),
    ("niveau-atteinte", ["atteint", "partiel", "non-atteint"], ["partiellement", "non atteint", "oui"]),
    ("choix", ["a", "b-c"], ["c", "A", 1, "Option a"]),
])
def test_answer_values_by_type(kind, good, bad):
    extra = {"options": [{"value": "a", "label": "A"}, {"value": "b-c", "label": "B"}]} if kind == "choix" else {}
    spec = make_spec([question("x", kind, **extra)], [outcome("fin", {"always": True})])
    for value in good:
        assert evaluate(spec, {"x": value})["ok"], value
    for value in bad:
        assert_error(evaluate(spec, {"x": value}), ("invalid-answer", "x"))


def integer_spec(**bounds):
    spec = make_spec([question("n", "entier", **bounds)], [outcome("positif", {"number": "n", "at_least": 0}),
                                                         outcome("fin", {"always": True})],
                     positive={"number": "n", "at_least": 0})
    return spec


@pytest.mark.parametrize("value, expected", [
    (12, 12), (12.0, 12), ("12", 12), ("007", 7), (0, 0), ("0", 0), (-0.0, 0), (120, 120),
])
def test_integer_answers_accepted(value, expected):
    result = evaluate(integer_spec(minimum=0, maximum=120), {"n": value})
    assert result["ok"] and result["positive"] is True
    assert result["trace"][0] == {"rule": "answer:n", "value": True, "text": f"Question 1, « Question n ? » : {expected}"}


@pytest.mark.parametrize("value", [
    True, False, 12.5, "12.5", "12,0", "1e3", "12a", " 12", "²", "١٢", "", [], {}, float("nan"), float("inf"),
    -1, "-1", 121, 10**30, "9" * 40,
])
def test_integer_answers_refused(value):
    result = evaluate(integer_spec(minimum=0, maximum=120), {"n": value})
    if value == "":
        assert result["ok"] and result["missing"] == ["n"]  # "" is unanswered
    else:
        assert_error(result, ("invalid-answer", "n"))


def test_integer_without_bounds_accepts_negatives_up_to_javascript_safe_integers():
    spec = integer_spec()
    assert evaluate(spec, {"n": -5})["positive"] is False
    assert evaluate(spec, {"n": "-5"})["ok"]
    assert evaluate(spec, {"n": 2**53 - 1})["ok"]
    assert_error(evaluate(spec, {"n": 2**53}), ("invalid-answer", "n"))
    assert_error(evaluate(spec, {"n": 10**5000}), ("invalid-answer", "n"))


@pytest.mark.parametrize("blank", [None, ""])
def test_none_and_empty_string_are_unanswered(blank):
    result = evaluate(count_spec(), {"q1": blank, "q2": "non"})
    assert result["ok"] and result["missing"] == ["q1", "q3", "q4", "q5", "q6"]


def test_invalid_answer_to_a_question_not_asked_is_still_refused():
    assert_error(evaluate(gated_spec(), {"seul": "non", "aide": "peut-etre"}), ("invalid-answer", "aide"))


def test_spec_errors_come_before_answer_errors():
    spec = ratio_spec()
    spec["format"] = "autre"
    result = evaluate(spec, {"zz": 1})
    assert result["ok"] is False and {e["code"] for e in result["errors"]} == {"invalid-spec"}


def test_evaluate_never_mutates_its_inputs():
    spec, answers = gated_spec(), {"seul": "oui", "age": "80"}
    before = json.dumps([spec, answers], sort_keys=True)
    evaluate(spec, answers)
    assert json.dumps([spec, answers], sort_keys=True) == before


def test_internal_errors_become_an_error_result(monkeypatch):
    def broken(*args):
        raise KeyError("bug")

    monkeypatch.setattr(engine, "_evaluate", broken)
    assert_error(evaluate(count_spec(), {}), ("internal-error", None))



def test_the_result_type_declares_the_contract_keys():
    from generator.engine.shapes import Result

    assert tuple(Result.__annotations__) == KEYS
