"""A rule in plain French, without answers: for the « écarts » an edition shows its readers.

The wording is the engine's own (``engine/trace.py``), with the questions named by their text
rather than their number, and the answers by their labels (``engine/scales.py``): a rule reads
the same on a tool's page, in « Pourquoi ce résultat ? » and in an edition's list of differences.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..engine.shapes import Question
from ..engine.spec import check_spec, FORMAT
from ..engine.trace import Words, phrase as engine_phrase


def phrase(cond: Any, questions: Mapping[str, Question]) -> str:
    """``cond`` in words; « — » when there is no rule, or it names what does not exist."""
    if not isinstance(cond, dict):
        return "—"
    items = [q for q in questions.values() if isinstance(q, dict)]
    probe = {"format": FORMAT, "items": items or [{"id": "x", "answers": "oui-non"}], "positive": cond,
             "outcomes": [{"id": "a", "when": {"always": True}, "label": "", "interpretation": ""},
                          {"id": "b", "label": "", "interpretation": ""}]}
    if check_spec(probe):  # a malformed rule is reported elsewhere; never a traceback here
        return "—"
    return engine_phrase(cond, Words({q["id"]: q for q in items}, numbered=False))
