"""``ask_if`` as FHIR's enableWhen, when enableWhen can say it exactly. Pure functions."""
from __future__ import annotations

import math
from typing import cast

from ..engine.fhir_response import INT32, coding
from ..engine.logic import accepted, kind_of
from ..engine.shapes import Question

BOUNDS = (("at_least", ">="), ("at_most", "<="), ("less_than", "<"), ("greater_than", ">"))


def enable_when(cond: dict, questions: dict[str, dict], cid: str) -> tuple[list[dict], str | None] | None:
    """(enableWhen list, enableBehavior) saying exactly « the engine asks the question », or None.

    FHIR enables a question when its enableWhen holds; the engine asks it when ``ask_if`` is
    true (not false, not unknown). An ``=`` on a question is true only when that question is
    enabled and so answered, as a leaf of the engine is true only for an asked question: the
    two agree for any and/or of such leaves, and for counts « at least one » or « all ».
    ``cid`` is the criterion's id (the coding system of its options).
    """
    kind = kind_of(cond)
    if kind == "always":
        return [], None
    if kind == "item":
        question = cast(Question, questions[cond["item"]])  # the engine's shape (engine/shapes.py)
        whens = [{"question": cond["item"], "operator": "=", "answerCoding": coding(cid, question, v)}
                 for v in accepted(cond)]
        return whens, ("any" if len(whens) > 1 else None)
    if kind == "number":
        whens = []
        for key, op in BOUNDS:
            bound = cond.get(key)
            if bound is None:
                continue
            if bound != int(bound):  # answers are integers: n ≥ 5.5 is n ≥ 6
                op, bound = {">=": (">=", math.ceil(bound)), "<=": ("<=", math.floor(bound)),
                             "<": ("<=", math.floor(bound)), ">": (">=", math.ceil(bound))}[op]
            bound = int(bound)
            if not INT32[0] <= bound <= INT32[1]:
                return None
            whens.append({"question": cond["number"], "operator": op, "answerInteger": bound})
        return whens, ("all" if len(whens) > 1 else None)
    if kind == "count":
        ids, least = cond["count"], cond.get("at_least")
        if cond.get("at_most") is not None or least is None or least > len(ids):
            return None
        if least == 0:
            return [], None
        if least not in (1, len(ids)):
            return None
        whens = [{"question": qid, "operator": "=", "answerCoding": coding(cid, cast(Question, questions[qid]), cond["equals"])}
                 for qid in ids]
        return whens, (None if len(whens) == 1 else "any" if least == 1 else "all")
    if kind in ("all", "any"):
        subs = without_implied(cond["all"], questions) if kind == "all" else cond["any"]
        whens = []
        for sub in subs:
            part = enable_when(sub, questions, cid)
            if part is None:
                return None
            if not part[0]:  # always true
                if kind == "any":
                    return [], None
                continue
            if part[1] not in (None, kind):
                return None
            whens.extend(part[0])
        return whens, (kind if len(whens) > 1 else None)
    return None  # not: FHIR's != is not the engine's negation while unanswered


def without_implied(subs: list[dict], questions: dict[str, dict]) -> list[dict]:
    """Drop from an ``all`` the conditions implied by another part of it.

    A leaf on question q (item or number) is true only when q is asked, so q's own
    ``ask_if`` beside it adds nothing: all[ask_if(q), q = oui] is true exactly when q = oui.
    """
    implied = []
    for sub in subs:
        kind = kind_of(sub)
        named = sub.get("item") if kind == "item" else sub.get("number") if kind == "number" else None
        if named in questions and questions[named].get("ask_if") is not None:
            implied.append(questions[named]["ask_if"])
    return [sub for sub in subs if sub not in implied]
