"""Self-assessment report: the gaps (items not fully met) and counts per source list.

Only for specs with ``report: ecarts``, whose questions are all « niveau-atteinte ».
No weighting and no verdict: the sources give none, so the report only counts,
per group (one group per source list), how many items are met, partly met,
not met or unanswered.
"""
from __future__ import annotations

from typing import cast

from .logic import ANSWERED, State
from .scales import LABELS, SCALES
from .shapes import Gap, Spec

LEVELS = tuple(value for value, _ in SCALES["niveau-atteinte"])  # scales.values(), never None for a fixed scale
GAP_LEVELS = LEVELS[1:]  # « partiel », « non-atteint »


def gaps_and_counts(spec: Spec, state: State) -> tuple[list[Gap], dict[str, dict[str, int]]]:
    """([{"item", "value", "label"}...], {group: {level: n, "sans-reponse": n}}) — empty without a report."""
    if spec.get("report") != "ecarts":
        return [], {}
    gaps: list[Gap] = []
    counts: dict[str, dict[str, int]] = {}
    for question in spec["items"]:
        tally = counts.setdefault(question.get("group") or "", {**{level: 0 for level in LEVELS}, "sans-reponse": 0})
        qid = question["id"]
        if state.status(qid) != ANSWERED:
            tally["sans-reponse"] += 1
            continue
        value = cast(str, state.values[qid])  # a « niveau-atteinte » answer (spec.check_spec): a str
        tally[value] += 1
        if value in GAP_LEVELS:
            gaps.append({"item": qid, "value": value, "label": LABELS[value]})
    return gaps, counts
