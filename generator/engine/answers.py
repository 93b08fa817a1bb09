"""Reads the answers sent by the page (or a shared URL) into clean values.

Answers come from form fields and URL parameters, so numbers may arrive as
strings; everything else must be exactly one of the question's values.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping

from .results import problem, short
from .shapes import Problem, Question, Value
from .spec import CHOICES, SAFE_INTEGER, options_of

INTEGER_TEXT = re.compile(r"-?[0-9]{1,16}")  # ASCII digits only: "²".isdigit() is True


def read_answers(questions: Mapping[str, Question], answers: object) -> tuple[dict[str, Value], list[Problem]]:
    """({id: value} for the answered questions, [problems]) — one problem per bad entry."""
    if not isinstance(answers, dict):
        return {}, [problem("invalid-answer", "Les réponses doivent former un objet {question : réponse}.")]
    values: dict[str, Value] = {}
    problems: list[Problem] = []
    for key, raw in answers.items():
        if not isinstance(key, str) or key not in questions:
            item = key if isinstance(key, str) else None
            problems.append(problem("unknown-item", f"Question inconnue : « {short(key)} ».", item))
        elif raw is None or (isinstance(raw, str) and raw == ""):
            continue  # unanswered, as an empty form field
        else:
            value = read_value(questions[key], raw)
            if value is None:
                problems.append(problem("invalid-answer", impossible(questions[key], raw), key))
            else:
                values[key] = value
    return values, problems


def read_value(question: Question, raw: object) -> Value | None:
    """The normalized answer (str, or int for « entier »), or None if impossible."""
    if question["answers"] == "entier":
        number = read_integer(raw)
        low, high = question.get("minimum"), question.get("maximum")
        if number is None or (low is not None and number < low) or (high is not None and number > high):
            return None
        return number
    possible = CHOICES[question["answers"]] or options_of(question)
    return raw if isinstance(raw, str) and raw in possible else None


def read_integer(raw: object) -> int | None:
    if isinstance(raw, bool):  # True is an int to Python, not a count
        return None
    if isinstance(raw, int):
        number = raw
    elif isinstance(raw, float) and math.isfinite(raw) and raw.is_integer():
        number = int(raw)
    elif isinstance(raw, str) and INTEGER_TEXT.fullmatch(raw):
        number = int(raw)
    else:
        return None
    return number if -SAFE_INTEGER <= number <= SAFE_INTEGER else None


def impossible(question: Question, raw: object) -> str:
    """Why an answer is refused, in French."""
    qid, kind = question["id"], question["answers"]
    if kind == "entier":
        low, high = question.get("minimum"), question.get("maximum")
        expected = "nombre entier"
        if low is not None:
            expected += f" supérieur ou égal à {low}"
        if high is not None:
            expected += (" et" if low is not None else "") + f" inférieur ou égal à {high}"
        expected += " attendu"
    else:
        possible = CHOICES[kind] or options_of(question)
        expected = "réponses possibles : " + ", ".join(f"« {v} »" for v in possible)
    return f"Réponse impossible pour « {qid} » ({short(raw)}) : {expected}."
