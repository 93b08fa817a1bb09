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
def test_largest_caseload_rounds_up(n, expected):
    assert ratio({"low": 15}, n) == (expected, None)


@pytest.mark.parametrize("n, expected", [(0, 0), (1, 1), (39, 1), (40, 2), (41, 2), (78, 2), (79, 3), (80, 3)])
def test_strict_stays_strictly_below_capacity(n, expected):
    # Each of the k units must hold at most 39 whole situations (« < 40 »).
    assert ratio({"low": 40, "strict": 1}, n) == (expected, None)


@pytest.mark.parametrize("n, expected", [(0, 0), (100, None), (101, 1), (201, 1), (202, 2), (300, 2), (303, 3)])
def test_strict_smallest_caseload_gives_a_most(n, expected):
    # « > 100 »: each unit holds at least 101 whole situations, so there are at most n // 101 units.
    assert ratio({"high": 100, "strict": 1}, n) == (None, expected)


def test_strict_must_be_exactly_one():
    assert ratio({"low": 40, "strict": 0}, 40) == (1, None)
    assert ratio({"low": 40, "strict": 2}, 40) == (1, None)
    assert ratio({"low": 40, "strict": 1.0}, 40) == (2, None)


def test_range_gives_the_fewest_and_the_most():
    assert ratio({"low": 80, "high": 50}, 210) == (3, 4)  # 70 each, or 52 and 53
    assert ratio({"low": 80, "high": 50}, 130) == (2, 2)  # 1 would carry 130, 3 would carry 43 or 44
    assert ratio({"low": 40, "high": 30}, 95) == (3, 3)  # 4 units would carry 23 or 24, below 30
    assert ratio({"low": 40, "high": 30, "strict": 1}, 95) == (3, 3)
    assert ratio({"low": 60, "strict": 1}, 119) == (3, None)  # 2 units would mean 60 + 59


@pytest.mark.parametrize("params, n", [({"low": 80, "high": 50}, 90), ({"low": 80, "high": 50}, 30),
                                       ({"low": 40, "high": 30}, 20), ({"low": 40, "high": 30, "strict": 1}, 120),
                                       ({"high": 100, "strict": 1}, 100), ({"high": 50}, 49)])
def test_no_whole_number_fits(params, n):
    # 90 with 50 to 80: one unit would carry 90, two 45; 120 with « > 30 and < 40 »: 40 each or 30 each.
    spec = make_spec([question("n", "entier", minimum=0),
                      question("m", "choix", options=[{"value": "o", "label": "O", "params": params}])],
                     [outcome("fin", {"always": True})],
                     score={"ratio": {"numerator": "n", "option_of": "m", "low": "low", "high": "high",
                                      "unit": "unité", "units": "unités"}})
    result = evaluate(spec, {"n": n, "m": "o"})
    assert (result["score"], result["score_max"]) == (None, None)
    step = result["trace"][-1]
    assert step["rule"] == "score" and step["value"] is True
    assert step["text"].startswith("Aucun nombre entier d'unités ne convient : chacun doit en suivre ")


@pytest.mark.parametrize("n", range(1, 400))
def test_strict_estimate_is_the_smallest_that_keeps_every_caseload_below_capacity(n):
    k, _ = ratio({"low": 60, "strict": 1}, n)
    assert -(-n // k) < 60  # the busiest unit holds ceil(n / k) situations
    assert k == 1 or -(-n // (k - 1)) >= 60  # one unit fewer would break the bound


def test_absent_bounds_give_none():
    assert ratio({"low": 40}, 95) == (3, None)
    assert ratio({"high": 30}, 95) == (None, 3)  # a smallest caseload only: the most units
    assert ratio({}, 95) == (None, None)
    assert ratio({"other": 3}, 95) == (None, None)


def test_fractional_capacity_is_read_in_whole_situations():
    assert ratio({"low": 2.5}, 5) == (3, None)  # at most 2.5, so 2 whole situations per unit
    assert ratio({"low": 2.5}, 6) == (3, None)
    assert ratio({"low": 2.5, "strict": 1}, 5) == (3, None)  # below 2.5: at most 2
    assert ratio({"low": 3, "strict": 1}, 5) == (3, None)  # below 3: at most 2
    assert ratio({"low": 1.5, "strict": 1}, 3) == (3, None)  # at most 1 per unit
    assert ratio({"high": 2.5}, 9) == (None, 3)  # at least 2.5, so 3 whole situations
    assert ratio({"high": 0.3}, 3) == (None, 3)  # exact decimals: at least 1
    assert ratio({"high": 3.0, "strict": 1}, 8) == (None, 2)  # above 3: at least 4


def test_ratio_waits_for_both_answers():
    spec = make_spec(
        [question("n", "entier", minimum=0),
         question("m", "choix", options=[{"value": "o", "label": "O", "params": {"low": 10}}])],
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
         question("m", "choix", options=[{"value": "o", "label": "O", "params": {"low": 10}}])],
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
