"""Scores: counts so far, and ratio estimates with strict / non-strict rounding."""
import pytest

from engine_specs import checklist_spec, count_spec, gated_spec, make_spec, outcome, question
from generator.engine import evaluate


def ratio(params, n, **ratio_keys):
    """(score, score_max) for ``n`` situations and one option with ``params``."""
    spec = make_spec(
        [question("n", "entier", minimum=0),
         question("m", "choix", options=[{"value": "o", "label": "O", "params": params}])],
        [outcome("fin", {"always": True})],
        score={"ratio": {"numerator": "n", "option_of": "m", "low": "low", "high": "high", **ratio_keys}},
    )
    result = evaluate(spec, {"n": n, "m": "o"})
    assert result["ok"], result["errors"]
    assert result["trace"][-1]["rule"] == "score"
    return result["score"], result["score_max"]


@pytest.mark.parametrize("n, expected", [(0, 0), (1, 1), (14, 1), (15, 1), (16, 2), (30, 2), (31, 3)])
def test_non_strict_rounds_up(n, expected):
    assert ratio({"high": 15}, n) == (expected, None)


@pytest.mark.parametrize("n, expected", [(0, 0), (1, 1), (39, 1), (40, 2), (41, 2), (78, 2), (79, 3), (80, 3)])
def test_strict_stays_strictly_below_capacity(n, expected):
    # Each of the k units must hold at most 39 whole situations (« < 40 »).
    assert ratio({"high": 40, "strict": 1}, n) == (expected, None)


def test_strict_must_be_exactly_one():
    assert ratio({"high": 40, "strict": 0}, 40) == (1, None)
    assert ratio({"high": 40, "strict": 2}, 40) == (1, None)
    assert ratio({"high": 40, "strict": 1.0}, 40) == (2, None)


def test_low_and_high_estimates():
    assert ratio({"low": 40, "high": 30}, 95) == (3, 4)
    assert ratio({"low": 40, "high": 30, "strict": 1}, 95) == (3, 4)
    assert ratio({"low": 40, "high": 30, "strict": 1}, 120) == (4, 5)
    assert ratio({"low": 60, "strict": 1}, 119) == (3, None)  # 2 units would mean 60 + 59


@pytest.mark.parametrize("n", range(1, 400))
def test_strict_estimate_is_the_smallest_that_keeps_every_caseload_below_capacity(n):
    k, _ = ratio({"low": 60, "strict": 1}, n)
    assert -(-n // k) < 60  # the busiest unit holds ceil(n / k) situations
    assert k == 1 or -(-n // (k - 1)) >= 60  # one unit fewer would break the bound


def test_score_max_is_none_when_equal_or_absent():
    assert ratio({"low": 40, "high": 30}, 20) == (1, None)  # both estimates 1
    assert ratio({"low": 40}, 95) == (3, None)
    assert ratio({"high": 30}, 95) == (4, None)  # no low: the score comes from high
    assert ratio({}, 95) == (None, None)
    assert ratio({"other": 3}, 95) == (None, None)


def test_fractional_capacity_is_exact():
    assert ratio({"high": 2.5}, 5) == (2, None)
    assert ratio({"high": 2.5}, 6) == (3, None)
    assert ratio({"high": 2.5, "strict": 1}, 5) == (3, None)  # at most 2 per unit
    assert ratio({"high": 0.1}, 3) == (30, None)  # 3 / 0.1 is 30.000000000000004 in floats
    assert ratio({"high": 0.3}, 3) == (10, None)  # and Fraction(0.3) is a bit below 3/10
    assert ratio({"high": 1.5, "strict": 1}, 3) == (3, None)  # at most 1 per unit


def test_ratio_waits_for_both_answers():
    spec = make_spec(
        [question("n", "entier", minimum=0),
         question("m", "choix", options=[{"value": "o", "label": "O", "params": {"high": 10}}])],
        [outcome("fin", {"always": True})],
        score={"ratio": {"numerator": "n", "option_of": "m", "low": "low", "high": "high"}},
    )
    for answers in ({}, {"n": 5}, {"m": "o"}):
        result = evaluate(spec, answers)
        assert (result["score"], result["score_max"]) == (None, None)
        assert result["trace"][-1] == {"rule": "score", "value": None, "text": result["trace"][-1]["text"]}
    assert evaluate(spec, {"n": 25, "m": "o"})["score"] == 3


def test_ratio_on_a_question_not_asked_is_none():
    spec = make_spec(
        [question("actif", "oui-non"),
         question("n", "entier", ask_if={"item": "actif", "equals": "oui"}),
         question("m", "choix", options=[{"value": "o", "label": "O", "params": {"high": 10}}])],
        [outcome("fin", {"always": True})],
        score={"ratio": {"numerator": "n", "option_of": "m", "low": "low", "high": "high"}},
    )
    assert evaluate(spec, {"actif": "non", "n": 25, "m": "o"})["score"] is None
    assert evaluate(spec, {"n": 25, "m": "o"})["score"] is None  # not asked yet
    assert evaluate(spec, {"actif": "oui", "n": 25, "m": "o"})["score"] == 3


def test_count_score_counts_so_far():
    assert evaluate(count_spec(), {})["score"] == 0
    result = evaluate(count_spec(), {"q1": "oui", "q2": "non", "q4": "oui"})
    assert (result["score"], result["score_max"]) == (2, None)
    assert evaluate(checklist_spec(), {"a": "atteint", "b": "partiel", "c": "atteint"})["score"] == 2


def test_count_score_ignores_questions_not_asked():
    spec = gated_spec()
    spec["score"] = {"count": ["seul", "aide", "chute"], "equals": "oui"}
    assert evaluate(spec, {"seul": "non", "aide": "oui", "chute": "oui", "age": 30, "lieu": "domicile"})["score"] == 0
    assert evaluate(spec, {"seul": "oui", "aide": "oui", "chute": "oui", "age": 30, "lieu": "domicile"})["score"] == 2
    assert evaluate(spec, {"aide": "oui"})["score"] == 0  # not asked yet


def test_no_score_rule():
    result = evaluate(gated_spec(), {})
    assert (result["score"], result["score_max"]) == (None, None)
    assert "score" not in [s["rule"] for s in result["trace"]]


def gap_spec(report="ecarts"):
    return {"format": "reperes-criterion/1", "report": report,
            "items": [{"id": "a", "text": "A", "answers": "niveau-atteinte", "group": "g1"},
                      {"id": "b", "text": "B", "answers": "niveau-atteinte", "group": "g1"},
                      {"id": "c", "text": "C", "answers": "niveau-atteinte", "group": "g2"}],
            "outcomes": [{"id": "bilan", "when": {"always": True}, "label": "Bilan", "interpretation": "i"},
                         {"id": "incomplet", "label": "…", "interpretation": "…"}]}


def test_gaps_report_counts_per_group_and_lists_gaps_in_order():
    result = evaluate(gap_spec(), {"a": "non-atteint", "c": "partiel"})
    assert result["ok"] and result["outcome"] == "bilan" and not result["complete"]
    assert result["gaps"] == [{"item": "a", "value": "non-atteint", "label": "Non atteint"},
                              {"item": "c", "value": "partiel", "label": "Partiellement atteint"}]
    assert result["counts"] == {"g1": {"atteint": 0, "partiel": 0, "non-atteint": 1, "sans-reponse": 1},
                                "g2": {"atteint": 0, "partiel": 1, "non-atteint": 0, "sans-reponse": 0}}


def test_no_report_no_gaps():
    spec = gap_spec()
    del spec["report"]
    result = evaluate(spec, {"a": "non-atteint"})
    assert result["gaps"] == [] and result["counts"] == {}


def test_unknown_report_or_wrong_question_type_is_invalid_spec():
    assert evaluate(gap_spec("score"), {})["error"]["code"] == "invalid-spec"
    spec = gap_spec()
    spec["items"][0]["answers"] = "oui-non"
    assert evaluate(spec, {})["error"]["code"] == "invalid-spec"
