"""A compiled criterion as a FHIR R4 Questionnaire (fhir/Questionnaire-<id>.json).

Questions become ``choice`` items (answers coded as in the site's URLs) or
``integer`` items; groups become ``group`` items; an ``ask_if`` becomes
``enableWhen`` when FHIR's enableWhen can say it exactly, else the SDC
``enableWhenExpression`` extension (``enable_when.py``).

The decision rules are written in FHIRPath (``expressions.py``), in SDC ``variable``
extensions at the root and ``calculatedExpression`` extensions on read-only result
items, with the engine's three-valued logic. Each question's gate (asked, not asked,
not known yet) is a variable too, so the expressions never rely on a form filler
having removed the answers of disabled questions. What FHIRPath cannot carry is not
approximated: the description says so, and the matching variable and item are left
out (``assemble.py`` puts the resource together).

Expressions read the QuestionnaireResponse (``%resource``), and the outcome
item picks its Coding from the Questionnaire (``%questionnaire``), as SDC defines.
"""
from __future__ import annotations

from .assemble import questionnaire
from .codes import (CALCULATED, ENABLE_WHEN_EXPRESSION, ITEM_CONTROL, MAX_VALUE, MIN_VALUE, RENDERING_MARKDOWN,
                    RESULT_ITEMS, RESULTS, SDC, VARIABLE)
from .expressions import Names
from .fhirpath import FHIRPATH, NAME

__all__ = ["CALCULATED", "ENABLE_WHEN_EXPRESSION", "FHIRPATH", "ITEM_CONTROL", "MAX_VALUE", "MIN_VALUE", "NAME",
           "RENDERING_MARKDOWN", "RESULTS", "RESULT_ITEMS", "SDC", "VARIABLE", "gate_variables", "questionnaire"]


def gate_variables(spec: dict) -> dict[str, str]:
    """{question id: name of its gate variable} for the gated questions of ``spec``."""
    named = Names.of(spec)
    return {qid: named.gates[qid] for qid in named.gated}
