"""Scores: a count of answers, or an estimate from a ratio (e.g. staff needed).

Computed from the answers so far; ``None`` while an input is missing.
"""
from __future__ import annotations

import math
from fractions import Fraction
from typing import cast

from .logic import ANSWERED, State
from .shapes import Option, Ratio, Score


def count_score(score: Score, state: State) -> int:
    """Number of asked questions answered ``equals`` so far."""
    return sum(
        1 for qid in score["count"]
        if state.status(qid) == ANSWERED and state.values[qid] == score["equals"]
    )


def ratio_inputs(ratio: Ratio, state: State) -> tuple[int, Option] | tuple[None, None]:
    """(n, option) when both answers are known, else (None, None)."""
    if state.status(ratio["numerator"]) != ANSWERED or state.status(ratio["option_of"]) != ANSWERED:
        return None, None
    chosen = state.values[ratio["option_of"]]
    option = next(o for o in state.questions[ratio["option_of"]]["options"] if o["value"] == chosen)
    # The numerator is an « entier » question (spec.check_spec), so its answer is an int (answers.read_value).
    return cast(int, state.values[ratio["numerator"]]), option


def estimate(n: int, capacity: float, strict: bool) -> int:
    """How many units of ``capacity`` are needed for ``n`` whole situations.

    Non-strict: ceil(n / c), a unit may be full. Strict (each caseload must stay
    strictly below c, as in « < 60 »): situations are whole, so a unit holds at
    most the largest integer below c, ceil(c) - 1, and the estimate is
    ceil(n / (ceil(c) - 1)) — n = 119, c = 60 needs 3, not 2 (60 + 59).
    No need, no unit: 0 for n ≤ 0. The capacity is read as the decimal the
    author wrote (Fraction("0.3") is exactly 3/10, the float 0.3 is not), so the
    rounding is exact, in CPython and Pyodide alike.
    """
    if n <= 0:
        return 0
    exact = Fraction(str(capacity))
    if strict:
        return math.ceil(n / (math.ceil(exact) - 1))
    return math.ceil(n / exact)


def ratio_score(ratio: Ratio, state: State) -> tuple[int | None, int | None]:
    """(score, score_max): low and high estimates; score_max None if no distinct high one."""
    n, option = ratio_inputs(ratio, state)
    if n is None or option is None:
        return None, None
    params = option.get("params") or {}
    low, high = params.get(ratio["low"]), params.get(ratio["high"])
    strict = params.get("strict") == 1
    first = low if low is not None else high
    if first is None:  # neither bound
        return None, None
    score = estimate(n, first, strict)
    score_max = estimate(n, high, strict) if high is not None and low is not None else None
    return score, (None if score_max == score else score_max)


def compute_score(score: Score | None, state: State) -> tuple[int | None, int | None]:
    """(score, score_max) for the spec's score rule, or (None, None) without one."""
    if score is None:
        return None, None
    if "ratio" in score:
        return ratio_score(score["ratio"], state)
    return count_score(score, state), None
