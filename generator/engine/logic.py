"""Three-valued evaluation of conditions: True, False, or None (not known yet).

An unanswered question makes a condition unknown, never false, so that a
verdict is given only once no further answer can change it. An answer to a
question that may still be hidden waits for its gate: the page does not show
that question, and neither the copied summary nor the FHIR response carries the
answer, so no verdict may rest on it (and the Questionnaire's FHIRPath, which
reads only the response, reaches the same verdicts).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from .shapes import Condition, Outcome, Question, Truth, Value

# Keys allowed in each kind of condition. The first of these kinds found in a
# condition decides its kind, in this order, as in generator/sources/models/criteria.py.
CONDITION_KEYS: dict[str, tuple[str, ...]] = {
    "item": ("item", "equals", "in"),
    "count": ("count", "equals", "at_least", "at_most"),
    "number": ("number", "at_least", "at_most", "less_than", "greater_than"),
    "all": ("all",),
    "any": ("any",),
    "not": ("not",),
    "always": ("always",),
}

# What an answer can tell about one question.
NOT_ASKED = "not-asked"  # its ask_if is false: any answer is ignored
UNANSWERED = "unanswered"  # asked, or may be asked, and no answer yet
PENDING = "pending"  # answered, but whether it is asked is not known yet: the answer waits
ANSWERED = "answered"


def kind_of(cond: Condition) -> str | None:
    """The kind of a condition (a key of CONDITION_KEYS), or None."""
    return next((kind for kind in CONDITION_KEYS if kind in cond), None)


class State:
    """The answers and the gate (asked or not) of each question."""

    __slots__ = ("questions", "values", "gates")

    def __init__(self, questions: dict[str, Question], values: dict[str, Value]) -> None:
        self.questions = questions  # id -> question dict, in spec order
        self.values = values  # id -> normalized answer, answered questions only
        self.gates: dict[str, Truth] = {}  # id -> True (asked), False (not asked), None (not known yet)

    def status(self, item_id: str) -> str:
        gate = self.gates[item_id]
        if gate is False:
            return NOT_ASKED
        if item_id not in self.values:
            return UNANSWERED
        return ANSWERED if gate else PENDING

    def asked(self) -> list[str]:
        return [qid for qid in self.questions if self.gates[qid] is True]


# Evaluates a condition on a state: ``evaluate`` below, or trace.Judge, which remembers the values.
JudgeFunction = Callable[[Condition, State], Truth]


def open_gates(state: State, judge: JudgeFunction | None = None) -> None:
    """Decide, in spec order, which questions are asked.

    The spec check guarantees that an ask_if names only earlier questions,
    so each gate depends on gates already decided. ``judge`` (default
    ``evaluate``) lets the caller explain each condition as it is evaluated.
    """
    judge = judge or evaluate
    for qid, question in state.questions.items():
        ask_if = question.get("ask_if")
        state.gates[qid] = True if ask_if is None else judge(ask_if, state)


def leaf(state: State, item_id: str, test: Callable[[Value], bool]) -> Truth:
    """``test(answer)`` for one question, in three values.

    A question not asked fails every test. An unanswered question, or one
    answered while it may still be hidden, leaves the test unknown.
    """
    status = state.status(item_id)
    if status == NOT_ASKED:
        return False
    if status != ANSWERED:
        return None
    return test(state.values[item_id])


def tally(state: State, ids: Iterable[str], equals: object) -> tuple[int, int]:
    """(k, u): questions surely answered ``equals``, and those that still may be.

    ``leaf`` inlined: counts run over every question of a grid, several times.
    """
    sure = maybe = 0
    for item_id in ids:
        status = state.status(item_id)
        if status == ANSWERED:
            sure += state.values[item_id] == equals
        elif status != NOT_ASKED:  # unanswered, or its answer waits for its gate
            maybe += 1
    return sure, maybe


def all3(values: Sequence[Truth]) -> Truth:
    """Three-valued AND: one false decides, else any unknown leaves it unknown."""
    if False in values:
        return False
    return None if None in values else True


def any3(values: Sequence[Truth]) -> Truth:
    if True in values:
        return True
    return None if None in values else False


def count_bounds(sure: int, maybe: int, at_least: int | None, at_most: int | None) -> Truth:
    checks: list[Truth] = []
    if at_least is not None:
        checks.append(True if sure >= at_least else False if sure + maybe < at_least else None)
    if at_most is not None:
        checks.append(True if sure + maybe <= at_most else False if sure > at_most else None)
    return all3(checks)


def accepted(cond: Condition) -> tuple[str, ...]:
    """The values an ``item`` condition accepts."""
    return (cond["equals"],) if cond.get("equals") is not None else tuple(cond["in"])


def compare(number: Value, cond: Condition) -> bool:
    """Whether a number meets every bound of a ``number`` condition."""
    at_least, at_most = cond.get("at_least"), cond.get("at_most")
    less_than, greater_than = cond.get("less_than"), cond.get("greater_than")
    return (
        (at_least is None or number >= at_least)
        and (at_most is None or number <= at_most)
        and (less_than is None or number < less_than)
        and (greater_than is None or number > greater_than)
    )


def evaluate(cond: Condition, state: State) -> Truth:
    """True, False or None (unknown) for a condition already checked by spec.py."""
    kind = kind_of(cond)
    if kind == "item":
        values = accepted(cond)
        return leaf(state, cond["item"], lambda value: value in values)
    if kind == "count":
        sure, maybe = tally(state, cond["count"], cond["equals"])
        return count_bounds(sure, maybe, cond.get("at_least"), cond.get("at_most"))
    if kind == "number":
        return leaf(state, cond["number"], lambda value: compare(value, cond))
    if kind in ("all", "any", "not"):
        subs = [cond["not"]] if kind == "not" else cond[kind]
        return combine(kind, [evaluate(sub, state) for sub in subs])
    return True  # "always"


def combine(kind: str, values: Sequence[Truth]) -> Truth:
    """The value of an all / any / not condition from those of its parts."""
    if kind == "all":
        return all3(values)
    if kind == "any":
        return any3(values)
    return None if values[0] is None else not values[0]


def choose_outcome(
    outcomes: list[Outcome], state: State, judge: JudgeFunction | None = None
) -> tuple[Outcome | None, list[tuple[Outcome, Truth]]]:
    """(outcome, tested): the verdict, and the (outcome, value) pairs tested for it.

    The first outcome whose ``when`` is true wins only if every earlier one is
    false; an unknown one before it leaves the result undecided, shown by the
    outcome without ``when``. Returns (None, tested) if no outcome applies.
    """
    judge = judge or evaluate
    tested: list[tuple[Outcome, Truth]] = []
    for outcome in outcomes:
        if outcome.get("when") is None:
            continue
        value = judge(outcome["when"], state)
        tested.append((outcome, value))
        if value is True:
            return outcome, tested
        if value is None:
            return next(o for o in outcomes if o.get("when") is None), tested
    return None, tested
