"""The fixed answer scales, defined once: their values, in order, and their French labels.

Every other place reads this table — the spec check and answer reading here,
the copied summary, the FHIR codings, the static form (generator/render/calculator.py),
the rule checks (generator/sources/rules.py), the rule phrases and the worked examples
shown on the pages — so a label can never differ from one place to another.
« entier » and « choix » have no fixed scale: a number, or the question's options.
"""
from __future__ import annotations

from .shapes import Question

SCALES: dict[str, tuple[tuple[str, str], ...]] = {
    "oui-non-nsp": (("oui", "Oui"), ("non", "Non"), ("nsp", "Ne sait pas")),
    "oui-non": (("oui", "Oui"), ("non", "Non")),
    "niveau-atteinte": (("atteint", "Atteint"), ("partiel", "Partiellement atteint"), ("non-atteint", "Non atteint")),
}
# Answer types without a fixed scale.
OPEN_TYPES = ("entier", "choix")
# The same value has the same label in every scale (« oui » is « Oui » everywhere).
LABELS = {value: label for scale in SCALES.values() for value, label in scale}


def values(kind: str) -> tuple[str, ...] | None:
    """The values of a fixed scale, in order; None for « entier » and « choix »."""
    scale = SCALES.get(kind)
    return None if scale is None else tuple(value for value, _ in scale)


def option_label(question: Question, value: object) -> str | None:
    """The label of one option of a « choix » question, or None."""
    for option in question.get("options") or []:
        if isinstance(option, dict) and option.get("value") == value:
            text = option.get("label")
            if isinstance(text, str):
                return text
    return None


def label(question: Question, value: object) -> str:
    """An answer as a reader reads it: the option's label, the scale's label, or the number."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    found = option_label(question, value) if question.get("answers") == "choix" else None
    if found is not None:
        return found
    return LABELS.get(value, str(value)) if isinstance(value, str) else str(value)
