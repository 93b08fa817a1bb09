"""A rule in plain French, without answers: for the « écarts » an edition shows its readers."""
from __future__ import annotations

from typing import Any

SYMBOLS = {"at_least": "≥", "at_most": "≤", "less_than": "<", "greater_than": ">"}


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def phrase(cond: Any, questions: dict[str, dict]) -> str:
    if not isinstance(cond, dict):
        return "—"
    label = lambda qid: f"« {questions.get(qid, {}).get('text', qid).rstrip(' ?.')} »"  # noqa: E731
    if "item" in cond:
        values = [cond["equals"]] if cond.get("equals") else cond.get("in", [])
        return f"{label(cond['item'])} = " + " ou ".join(f"« {v} »" for v in values)
    if "count" in cond:
        bounds = [f"au moins {cond['at_least']}" if cond.get("at_least") is not None else None,
                  f"au plus {cond['at_most']}" if cond.get("at_most") is not None else None]
        bound = " et ".join(b for b in bounds if b)
        return f"{bound} réponse(s) « {cond['equals']} » parmi {len(cond['count'])} question(s)"
    if "number" in cond:
        parts = [f"{SYMBOLS[k]} {_num(cond[k])}" for k in SYMBOLS if cond.get(k) is not None]
        return f"{label(cond['number'])} " + " et ".join(parts)
    if "all" in cond:
        return "(" + " et ".join(phrase(c, questions) for c in cond["all"]) + ")"
    if "any" in cond:
        return "(" + " ou ".join(phrase(c, questions) for c in cond["any"]) + ")"
    if "not" in cond:
        return f"non {phrase(cond['not'], questions)}"
    if cond.get("always"):
        return "dans tous les autres cas"
    return "—"
