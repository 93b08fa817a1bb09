"""The prefill parameters of a tool, for the table on its page: one row per question.

Computed from the criteria file, so the table always matches what the page accepts
(theme/assets/calculator.js, ``prefill``): the question's id as parameter name, and its answer values.
"""
from __future__ import annotations

from ..sources.rules import ANSWER_OPTIONS


def parameters(criterion) -> list[dict]:
    rows = []
    for number, q in enumerate(criterion.items, start=1):
        if q.answers == "entier":
            bounds = [f"au moins {q.minimum}" if q.minimum is not None else "", f"au plus {q.maximum}" if q.maximum is not None else ""]
            values = "un nombre entier" + (f" ({', '.join(b for b in bounds if b)})" if any(bounds) else "")
        else:
            options = [(o.value, o.label) for o in q.options] if q.answers == "choix" else ANSWER_OPTIONS.get(q.answers, [])
            values = ", ".join(f"`{value}` ({label})" for value, label in options)
        rows.append({"name": q.id, "number": number, "question": q.text, "accepted": values,
                     "conditional": q.ask_if is not None})
    return rows
