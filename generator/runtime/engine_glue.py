"""The browser worker's single entry point into the engine (shipped in the engine wheel).

JSON strings across the JavaScript boundary, both ways: plain data, no proxies to manage or
leak, and nothing JavaScript-side held by Python — which is what lets the build take a
memory snapshot after importing this module. Standard library only, like the engine.
"""
from __future__ import annotations

import json
from typing import cast

from generator.engine import evaluate, questionnaire_response, summarize
from generator.engine.shapes import Spec
from generator.engine.spec import load_spec


def run(spec_json: str, answers_json: str, day: str) -> str:
    # A spec nested deeper than any valid one is refused before it is built (« invalid-spec »):
    # Pyodide's runtime crashes when it frees a structure thousands of levels deep.
    spec, answers = load_spec(spec_json), json.loads(answers_json)
    result = evaluate(spec, answers)
    # Both read result["ok"] first: an invalid spec gives « résumé indisponible », never an exception.
    checked = cast(Spec, spec)
    return json.dumps({"result": result, "summary": summarize(checked, answers, result, day),
                       "fhir": questionnaire_response(checked, answers, result, day)})
