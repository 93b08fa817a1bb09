"""Scores: a count of answers, or an estimate from a ratio (e.g. staff needed).

Computed from the answers so far; ``None`` while an input is missing.
"""
from __future__ import annotations

import math
from fractions import Fraction
from typing import NamedTuple, cast

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


class Loads(NamedTuple):
    """The whole caseloads one unit may carry under an option: ``most`` at most, ``least`` at least.

    None where the source gives no such bound. ``strict`` (« < 60 », « > 100 ») excludes the figure
    itself: situations are whole, so « < 60 » allows 59 at most and « > 100 » asks 101 at least.
    """

    most: int | None
    least: int | None


def exact(figure: float) -> Fraction:
    """The figure as the decimal the author wrote (Fraction("0.3") is 3/10; the float 0.3 is not)."""
    return Fraction(str(figure))


def loads(ratio: Ratio, params: dict[str, float]) -> Loads:
    """``ratio["low"]`` names the largest caseload (it gives the fewest units), ``ratio["high"]`` the smallest."""
    strict = params.get("strict") == 1
    largest, smallest = params.get(ratio["low"]), params.get(ratio["high"])
    return Loads(None if largest is None else whole(largest, strict, up=False),
                 None if smallest is None else whole(smallest, strict, up=True))


def whole(figure: float, strict: bool, up: bool) -> int:
    """The whole caseload a figure allows: at most (``up`` False) or at least (``up`` True) the figure, or
    strictly below or above it. A whole figure needs no Fraction (the common case, every evaluation)."""
    if isinstance(figure, int) or figure.is_integer():
        return int(figure) + (0 if not strict else 1 if up else -1)
    value = exact(figure)
    if up:
        return math.floor(value) + 1 if strict else math.ceil(value)
    return math.ceil(value) - 1 if strict else math.floor(value)


def units_needed(n: int, bounds: Loads) -> tuple[int | None, int | None]:
    """(fewest, most): the whole numbers of units that carry ``n`` situations within ``bounds``.

    fewest = ceil(n / most): one unit fewer, and one would carry more than ``most``; None without a
    largest caseload (the source then sets no minimum number). most = floor(n / least): one unit
    more, and one would carry fewer than ``least``; None without a smallest caseload. The situations
    are shared as evenly as possible, so k units fit exactly when k × least ≤ n ≤ k × most. When no
    whole number fits (90 situations, 50 to 80 each: one unit carries 90, two carry 45), both are
    None: ``fits`` tells this apart from a missing answer. No need, no unit: 0 for n ≤ 0.
    """
    if n <= 0:
        return (None if bounds.most is None else 0), (None if bounds.least is None else 0)
    fewest = None if bounds.most is None else -(-n // bounds.most)
    most = None if bounds.least is None else n // bounds.least
    if most is not None and (most == 0 or (fewest is not None and fewest > most)):
        return None, None
    return fewest, most


def ratio_score(ratio: Ratio, state: State) -> tuple[int | None, int | None]:
    """(score, score_max): the fewest and the most units the chosen option allows (``units_needed``)."""
    n, option = ratio_inputs(ratio, state)
    if n is None or option is None:
        return None, None
    return units_needed(n, loads(ratio, option.get("params") or {}))


def compute_score(score: Score | None, state: State) -> tuple[int | None, int | None]:
    """(score, score_max) for the spec's score rule, or (None, None) without one."""
    if score is None:
        return None, None
    if "ratio" in score:
        return ratio_score(score["ratio"], state)
    return count_score(score, state), None
