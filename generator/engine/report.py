"""Self-assessment report: the gaps (items not fully met) and counts per source list.

Only for specs with ``report: ecarts``, whose questions are all « niveau-atteinte ».
No weighting and no verdict: the sources give none, so the report only counts,
per group (one group per source list), how many items are met, partly met,
not met or unanswered.
"""
from .logic import ANSWERED
from .scales import LABELS, values

LEVELS = values("niveau-atteinte")
GAP_LEVELS = LEVELS[1:]  # « partiel », « non-atteint »


def gaps_and_counts(spec, state):
    """([{"item", "value", "label"}...], {group: {level: n, "sans-reponse": n}}) — empty without a report."""
    if spec.get("report") != "ecarts":
        return [], {}
    gaps, counts = [], {}
    for question in spec["items"]:
        tally = counts.setdefault(question.get("group") or "", {**{level: 0 for level in LEVELS}, "sans-reponse": 0})
        qid = question["id"]
        if state.status(qid) != ANSWERED:
            tally["sans-reponse"] += 1
            continue
        value = state.values[qid]
        tally[value] += 1
        if value in GAP_LEVELS:
            gaps.append({"item": qid, "value": value, "label": LABELS[value]})
    return gaps, counts
