"""The shapes of what the engine receives and returns, as standard-library TypedDicts.

A compiled spec comes from the page as plain JSON, so ``evaluate`` checks it (``spec.check_spec``) rather
than trust these types; they say what a valid one holds, for readers and for mypy. Nothing here runs
any code beyond ``typing`` (the file ships to the browser with the rest of the engine).
"""
from __future__ import annotations

from typing import Any, Literal, TypedDict, Union

# A condition ({item, equals|in}, {number, bounds}, {count, equals, at_least|at_most}, {all}, {any},
# {not}, {always}): its shape depends on its one kind key, checked by spec.check_spec.
Condition = dict[str, Any]
Answer = Union[str, int, None]
# An answer once read (answers.read_value): an option or scale value, or a number for « entier ».
Value = Union[str, int]
# Three-valued truth of a condition: None while not known yet (logic.py).
Truth = Union[bool, None]
# Any JSON value, for what the page sends before it is checked, and for the FHIR resource built.
JSON = Union[None, bool, int, float, str, list["JSON"], dict[str, "JSON"]]
ProblemCode = Literal["invalid-spec", "unknown-item", "invalid-answer", "internal-error"]


class Option(TypedDict, total=False):
    value: str
    label: str
    params: dict[str, float]


class Recommendation(TypedDict, total=False):
    text: str
    list: str


class Question(TypedDict, total=False):
    id: str
    text: str
    answers: Literal["oui-non-nsp", "oui-non", "niveau-atteinte", "entier", "choix"]
    options: list[Option]
    minimum: int
    maximum: int
    group: str
    help: str
    ask_if: Condition
    recommendations: list[Recommendation]


class Group(TypedDict, total=False):
    id: str
    title: str
    intro: str


class Ratio(TypedDict, total=False):
    numerator: str
    option_of: str
    low: str
    high: str
    unit: str
    units: str


class Score(TypedDict, total=False):
    """Either {count, equals} or {ratio}."""

    count: list[str]
    equals: str
    ratio: Ratio


class Outcome(TypedDict, total=False):
    id: str
    when: Condition
    label: str
    interpretation: str
    next_steps: list[str]


class Spec(TypedDict, total=False):
    """A compiled criterion, as published in api/criteria/<id>.json (only what the engine reads)."""

    format: str
    id: str
    title: str
    version: str
    items: list[Question]
    outcomes: list[Outcome]
    positive: Condition
    score: Score
    report: str
    source_text: str
    groups: list[Group]
    contacts: dict[str, list[str]]


class Problem(TypedDict):
    code: ProblemCode
    message: str
    item: str | None


class TraceStep(TypedDict):
    rule: str
    value: Truth
    text: str


class Gap(TypedDict):
    item: str
    value: str
    label: str


class Result(TypedDict):
    """What ``evaluate`` returns: always these keys (results.KEYS), an error result included."""

    ok: bool
    error: Problem | None
    errors: list[Problem]
    outcome: str | None
    positive: bool | None
    complete: bool
    missing: list[str]
    score: int | None
    score_max: int | None
    label: str | None
    interpretation: str | None
    next_steps: list[str]
    trace: list[TraceStep]
    asked: list[str]
    gaps: list[Gap]
    counts: dict[str, dict[str, int]]
