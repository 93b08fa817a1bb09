"""Shapes of the dict returned to the page.

Every result, success or error, carries the same keys so that the page's
JavaScript never has to test whether a key exists.
"""
from __future__ import annotations

import reprlib

from .shapes import Problem, ProblemCode, Result

# The keys of every result, in the order they are built.
KEYS = (
    "ok", "error", "errors", "outcome", "positive", "complete", "missing",
    "score", "score_max", "label", "interpretation", "next_steps", "trace", "asked", "gaps", "counts",
)

# Long user-supplied strings (keys of the answers, spec values) are cut in messages
# so that a malformed input cannot blow up the page.
_SHORT = 60


def short(value: object) -> str:
    """A printable, bounded rendering of any value, for error messages."""
    if isinstance(value, int) and not -10**40 < value < 10**40:
        # repr() refuses ints of over 4300 digits, and reprlib's fallback differs by version
        return "nombre trop grand"
    try:
        text = value if isinstance(value, str) else reprlib.repr(value)  # bounded work on huge lists
    except Exception:
        text = type(value).__name__
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


def problem(code: ProblemCode, message: str, item: str | None = None) -> Problem:
    """One entry of ``errors``: a stable code for programs, a French message for people."""
    return {"code": code, "message": message, "item": item}


def failure(problems: list[Problem]) -> Result:
    """The error result: the first problem in ``error``, all of them in ``errors``."""
    return {
        "ok": False, "error": problems[0], "errors": problems, "outcome": None,
        "positive": None, "complete": False, "missing": [], "score": None,
        "score_max": None, "label": None, "interpretation": None, "next_steps": [],
        "trace": [], "asked": [], "gaps": [], "counts": {},
    }
