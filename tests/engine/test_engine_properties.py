"""Property tests: evaluate never raises, and a verdict, once given, never changes."""
import copy
import json
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine_specs import ALL_SPECS, FORMAT, make_spec, outcome, question, slots
from generator.engine import evaluate, logic
from generator.engine.answers import read_answers
from generator.engine.results import KEYS

CODES = {"invalid-spec", "unknown-item", "invalid-answer"}  # never "internal-error"
SPEC_WORDS = ["format", "items", "outcomes", "positive", "score", "id", "text", "answers", "options", "value",
              "params", "minimum", "maximum", "ask_if", "item", "equals", "in", "count", "at_least", "at_most",
              "number", "less_than", "greater_than", "all", "any", "not", "always", "when", "label",
              "interpretation", "next_steps", "ratio", "numerator", "option_of", "low", "high", "strict",
              FORMAT, "oui", "non", "nsp", "entier", "choix", "oui-non", "oui-non-nsp", "niveau-atteinte", "q1", "a"]
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # examples: the profile (conftest)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=2**53 - 2, max_value=2**53 + 2),
    st.integers(min_value=10**300, max_value=10**1000), st.floats(), st.text(max_size=20),
    st.text(alphabet=st.characters(), max_size=10), st.sampled_from(SPEC_WORDS),
)
wild = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(SPEC_WORDS) | st.text(max_size=6),
                                                                inner, max_size=5),
    max_leaves=25,
)
answer_keys = st.one_of(st.sampled_from(["q1", "q2", "seul", "aide", "age", "lieu", "chute", "situations", "modele",
                                         "a", "b", "c1", "c2"]), st.text(max_size=10), st.integers())


def check_result(result, spec=None):
    """The contract every result meets, error or not."""
    assert isinstance(result, dict) and set(result) == set(KEYS)
    json.dumps(result, allow_nan=False)
    if not result["ok"]:
        assert result["errors"] and result["error"] == result["errors"][0]
        for error in result["errors"]:
            assert error["code"] in CODES, error
            assert isinstance(error["message"], str) and error["message"]
            assert error["item"] is None or isinstance(error["item"], str)
        assert result["outcome"] is None and result["trace"] == [] and result["asked"] == []
        return
    assert result["error"] is None and result["errors"] == []
    assert result["positive"] in (True, False, None)
    assert result["complete"] is (not result["missing"])
    assert [q for q in result["asked"] if q in result["missing"]] == result["missing"]
    assert all(step["value"] in (True, False, None) and step["text"] for step in result["trace"])
    if spec is not None:
        assert result["outcome"] in [o["id"] for o in spec["outcomes"]]
        if result["complete"]:
            assert result["outcome"] != "incomplet"


@FUZZ
@given(st.sampled_from(sorted(ALL_SPECS)), st.dictionaries(answer_keys, scalars | wild, max_size=6))
def test_random_answers_never_raise(name, answers):
    spec = ALL_SPECS[name]()
    check_result(evaluate(spec, answers), spec)


@FUZZ
@given(wild, wild)
def test_random_specs_never_raise(spec, answers):
    check_result(evaluate(spec, answers))


@FUZZ
@given(st.sampled_from(sorted(ALL_SPECS)), st.data())
def test_mutated_specs_never_raise(name, data):
    """A valid spec with one part replaced or removed: the nearest misses are the hardest."""
    spec = ALL_SPECS[name]()
    for _ in range(data.draw(st.integers(1, 3))):
        node, key = data.draw(st.sampled_from(slots(spec)))
        if isinstance(node, dict) and data.draw(st.booleans()):
            del node[key]
        else:
            node[key] = data.draw(wild)
    answers = data.draw(st.dictionaries(answer_keys, scalars, max_size=4))
    check_result(evaluate(spec, answers))


@given(wild.filter(lambda a: not isinstance(a, dict)))
def test_answers_that_are_not_a_dict(answers):
    result = evaluate(ALL_SPECS["count"](), answers)
    check_result(result)
    assert [(e["code"], e["item"]) for e in result["errors"]] == [("invalid-answer", None)]


# --- valid specs and answers: soundness of the three-valued verdicts ---------------

def valid_value(q):
    if q["answers"] == "entier":
        low = q.get("minimum", -50)
        numbers = st.integers(low, q.get("maximum", low + 200))
        return numbers | numbers.map(str) if low >= 0 else numbers
    if q["answers"] == "choix":
        return st.sampled_from([o["value"] for o in q["options"]])
    return st.sampled_from({"oui-non-nsp": ["oui", "non", "nsp"], "oui-non": ["oui", "non"],
                            "niveau-atteinte": ["atteint", "partiel", "non-atteint"]}[q["answers"]])


def full_answers(spec):
    return st.fixed_dictionaries({q["id"]: valid_value(q) for q in spec["items"]})


def partial_answers(spec):
    return st.fixed_dictionaries({}, optional={q["id"]: st.none() | st.just("") | valid_value(q)
                                               for q in spec["items"]})


@st.composite
def conditions(draw, questions, depth=0):
    """A valid condition over ``questions``."""
    listed = [q for q in questions if q["answers"] != "entier"]
    numbers = [q for q in questions if q["answers"] == "entier"]
    kinds = ["always"] + (["item", "count"] if listed else []) + (["number"] if numbers else [])
    kinds += ["all", "any", "not"] * (depth < 3)
    kind = draw(st.sampled_from(kinds))
    if kind == "item":
        q = draw(st.sampled_from(listed))
        values = draw(st.lists(valid_value(q), min_size=1, max_size=3, unique=True))
        return {"item": q["id"], "equals": values[0]} if len(values) == 1 else {"item": q["id"], "in": values}
    if kind == "count":
        kind_of = draw(st.sampled_from(sorted({q["answers"] for q in listed})))
        same = [q for q in listed if q["answers"] == kind_of and q["answers"] != "choix"] or \
            [draw(st.sampled_from([q for q in listed if q["answers"] == kind_of]))]
        chosen = draw(st.lists(st.sampled_from(same), min_size=1, unique_by=lambda q: q["id"]))
        bounds = draw(st.fixed_dictionaries({}, optional={"at_least": st.integers(0, 4), "at_most": st.integers(0, 4)})
                      .filter(bool))
        return {"count": [q["id"] for q in chosen], "equals": draw(valid_value(chosen[0])), **bounds}
    if kind == "number":
        q = draw(st.sampled_from(numbers))
        keys = draw(st.lists(st.sampled_from(["at_least", "at_most", "less_than", "greater_than"]), min_size=1,
                             max_size=2, unique=True))
        return {"number": q["id"], **{k: draw(st.integers(-60, 160) | st.floats(-60, 160)) for k in keys}}
    if kind == "not":
        return {"not": draw(conditions(questions, depth + 1))}
    if kind in ("all", "any"):
        return {kind: draw(st.lists(conditions(questions, depth + 1), min_size=1, max_size=3))}
    return {"always": True}


@st.composite
def random_specs(draw):
    """A valid spec: random questions, gates on earlier ones, random rules."""
    questions = []
    for index in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["oui-non-nsp", "oui-non", "entier", "choix", "niveau-atteinte"]))
        extra = {}
        if kind == "choix":
            extra["options"] = [{"value": v, "label": v.upper()} for v in ("x", "y", "z")]
        if kind == "entier":
            extra.update(minimum=0, maximum=draw(st.sampled_from([10, 150])))
        if questions and draw(st.booleans()):
            extra["ask_if"] = draw(conditions(questions))
        questions.append(question(f"q{index}", kind, **extra))
    outcomes = [outcome(f"r{i}", draw(conditions(questions))) for i in range(draw(st.integers(1, 3)))]
    if draw(st.booleans()):
        outcomes.append(outcome("autre", {"always": True}))
    positive = draw(st.none() | conditions(questions))
    listed = [q["id"] for q in questions if q["answers"] == "oui-non-nsp"]
    score = {"count": listed, "equals": "oui"} if listed else None
    return make_spec(questions, outcomes, positive=positive, score=score)


specs = st.one_of(st.sampled_from(sorted(ALL_SPECS)).map(lambda name: ALL_SPECS[name]()), random_specs())


@FUZZ
@given(specs, st.data())
def test_a_known_value_never_changes_with_more_answers(spec, data):
    """Whatever is known (gates, positive, outcomes, verdict) stays so when answers are added."""
    partial = data.draw(partial_answers(spec))
    known = {k: v for k, v in partial.items() if v not in (None, "")}
    full = {**data.draw(full_answers(spec)), **known}
    before, after = evaluate(spec, partial), evaluate(spec, full)
    check_result(before, spec)
    check_result(after, spec)
    if not before["ok"]:  # only when every outcome rule is already false: it stays so
        assert [e["code"] for e in before["errors"] + after["errors"]] == ["invalid-spec"] * 2
        return
    if not after["ok"]:  # every outcome rule turned out false
        assert [e["code"] for e in after["errors"]] == ["invalid-spec"]
        assert before["outcome"] == "incomplet"
        return
    check_result(after, spec)
    assert after["complete"] and after["outcome"] != "incomplet"
    if before["outcome"] != "incomplet":
        assert after["outcome"] == before["outcome"]
    if before["positive"] is not None:
        assert after["positive"] == before["positive"]
    final = {step["rule"]: step["value"] for step in after["trace"]}
    for step in before["trace"]:
        if step["value"] is not None and step["rule"] in final and step["rule"] != "score":
            assert final[step["rule"]] == step["value"], step
    if isinstance(before["score"], int) and "count" in (spec.get("score") or {}):
        assert after["score"] >= before["score"]


@settings(deadline=None)
@given(specs, st.data())
def test_asked_questions_follow_the_gates(spec, data):
    answers = data.draw(partial_answers(spec))
    result = evaluate(spec, answers)
    if not result["ok"]:  # no outcome applies: an error, tested above
        return
    questions = {q["id"]: q for q in spec["items"]}
    state = logic.State(questions, read_answers(questions, answers)[0])  # the gates alone, as the engine opens them
    logic.open_gates(state)
    expected = [q["id"] for q in spec["items"] if state.gates[q["id"]] is True]
    assert result["asked"] == expected
    assert result["missing"] == [q for q in expected if answers.get(q) in (None, "")]


def test_fuzz_values_are_json_safe_in_errors():
    """Huge ints and NaN in answers still produce a JSON-safe error message."""
    for value in (10**5000, math.nan, -math.inf, [[[]]] * 1000, {"x": 10**5000}):
        result = evaluate(ALL_SPECS["gated"](), {"age": value})
        check_result(result)
        assert [(e["code"], e["item"]) for e in result["errors"]] == [("invalid-answer", "age")]
    spec = copy.deepcopy(ALL_SPECS["gated"]())
    spec["items"][0]["id"] = 10**5000
    check_result(evaluate(spec, {}))
