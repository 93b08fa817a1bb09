"""Scoring engine of the screening grids, run in the browser by Pyodide.

Standard library only: these files are the only Python shipped to the site
(tests/engine checks every import). ``evaluate`` never raises: the page shows
whatever it returns, an error result included.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from . import logic, trace
from .answers import read_answers
from .fhir_response import questionnaire_response
from .report import gaps_and_counts
from .results import failure, problem
from .score import compute_score
from .shapes import JSON, Answer, Result, Spec
from .spec import FORMAT, check_spec
from .summary import summarize

__all__ = ["FORMAT", "evaluate", "questionnaire_response", "summarize"]


def evaluate(spec: Spec | JSON, answers: Mapping[str, Answer] | JSON) -> Result:
    """Evaluate a compiled criterion ``spec`` on ``answers`` ({question id: answer}).

    Returns a dict with the keys of ``results.KEYS``; ``ok`` is False, with
    ``error``/``errors`` coded « invalid-spec », « unknown-item » or
    « invalid-answer », when the inputs cannot be evaluated.
    """
    try:
        return _evaluate(spec, answers)
    except Exception:  # a bug of ours: still answer, the page must not break
        return failure([problem("internal-error", "Erreur interne du moteur de calcul.")])


def _evaluate(unchecked: Spec | JSON, answers: Mapping[str, Answer] | JSON) -> Result:
    problems = check_spec(unchecked)
    if problems:
        return failure(problems)  # answers can't be judged against a broken spec
    spec = cast(Spec, unchecked)  # check_spec found nothing wrong: it is a Spec
    questions = {question["id"]: question for question in spec["items"]}
    values, problems = read_answers(questions, answers)
    if problems:
        return failure(problems)

    state = logic.State(questions, values)
    judge = trace.Judge()  # evaluates each condition once; the trace reads the same values
    logic.open_gates(state, judge)
    positive = None if spec.get("positive") is None else judge(spec["positive"], state)
    outcome, tested = logic.choose_outcome(spec["outcomes"], state, judge)
    if outcome is None:
        return failure([problem("invalid-spec", "Spécification invalide (outcomes) : aucun résultat ne correspond "
                                "à ces réponses ; le dernier devrait avoir « when: {always: true} ».")])
    steps = trace.explain(spec, state, outcome, tested, judge)
    score, score_max = compute_score(spec.get("score"), state)
    if spec.get("score") is not None:
        steps.append(trace.score_entry(spec["score"], state, score, score_max))

    asked = state.asked()
    missing = [qid for qid in asked if qid not in values]
    gaps, counts = gaps_and_counts(spec, state)
    return {
        "ok": True, "error": None, "errors": [], "outcome": outcome["id"], "positive": positive,
        "complete": not missing, "missing": missing, "score": score, "score_max": score_max,
        "label": outcome["label"], "interpretation": outcome["interpretation"],
        "next_steps": list(outcome.get("next_steps", [])), "trace": steps, "asked": asked,
        "gaps": gaps, "counts": counts,
    }
