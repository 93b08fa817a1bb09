"""The decision rules in FHIRPath, with the engine's three-valued logic (``generator/engine/logic.py``).

FHIRPath's ``and``/``or``/``not()`` already treat an empty collection as « not known yet », so an
expression is empty exactly when the engine's value is None. ``Conditions`` turns conditions and scores
into expression text; the root variables they refer to (answers, counts shared by several rules) are
kept by the ``Variables`` it is given, which lists them in an order where each comes after those it reads.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from ..engine.fhir_response import INT32
from ..engine.logic import accepted, kind_of
from ..engine.score import loads
from ..engine.shapes import Ratio
from .fhirpath import EMPTY, camel, expression, names, number, quote


@dataclass(frozen=True)
class Names:
    """The variable names of one spec's answers and gates, and its gated questions, in question order."""

    answers: dict[str, str]
    gates: dict[str, str]
    gated: list[str]

    @classmethod
    def of(cls, spec: dict) -> Names:
        order = [q["id"] for q in spec["items"]]
        gated = [q["id"] for q in spec["items"] if q.get("ask_if") is not None]
        return cls(names("answer", order), names("gate", order), gated)


class Variables:
    """The Questionnaire's root variables: the answers some expression reads, then every other variable
    in the order declared. A shared count is declared the first time an expression needs it, so before
    the variable of that expression, and after the gates it reads (declared before it too)."""

    def __init__(self, questions: dict[str, dict], names: Names):
        self.questions = questions
        self.names = names
        self.read: set[str] = set()
        self.declared: list[tuple[str, str, str]] = []  # (name, expression, description)
        self.shared_names: dict[tuple, str] = {}

    def answer(self, qid: str) -> str:
        """A reference to the answer to ``qid`` (declared as a variable because it is read)."""
        self.read.add(qid)
        return "%" + self.names.answers[qid]

    def declare(self, name: str, text: str, description: str) -> str:
        self.declared.append((name, text, description))
        return "%" + name

    def shared(self, key: tuple, name: str, text: str, description: str) -> str:
        """A variable for an expression several rules use, declared once: its reference."""
        if key not in self.shared_names:
            taken = set(self.shared_names.values())
            fresh, suffix = name, 1
            while fresh in taken:
                suffix += 1
                fresh = f"{name}{suffix}"
            self.shared_names[key] = fresh
            self.declared.append((fresh, text, description))
        return "%" + self.shared_names[key]

    def expressions(self) -> list[dict]:
        """The variables as FHIR Expressions: answers first (every other variable may read them)."""
        answers = [(self.names.answers[qid], self.answer_path(qid), f"Réponse à « {qid} »")
                   for qid in self.questions if qid in self.read]
        return [expression(name, text, description) for name, text, description in answers + self.declared]

    def answer_path(self, qid: str) -> str:
        path = f"%resource.repeat(item).where(linkId = {quote(qid)}).answer.value"
        return path if self.questions[qid]["answers"] == "entier" else path + ".code"


class Conditions:
    """FHIRPath text for conditions and scores, reading answers and gates through ``variables``."""

    def __init__(self, questions: dict[str, dict], variables: Variables):
        self.questions = questions
        self.variables = variables
        self.gates = variables.names.gates

    def is_gated(self, qid: str) -> bool:
        return self.questions[qid].get("ask_if") is not None

    def leaf(self, qid: str, test: str) -> str:
        """``logic.leaf``: false if not asked, empty if unanswered or not known to be asked, else the test.

        FHIRPath's ``and`` gives exactly that: false and x = false; empty and true = empty;
        empty and false = false (an answer that fails the test fails whatever the gate).
        """
        if not self.is_gated(qid):
            return f"({test})"
        return f"(%{self.gates[qid]} and ({test}))"

    def item_test(self, qid: str, values: list) -> str:
        answer = self.variables.answer(qid)
        if len(values) == 1:
            return f"{answer} = {quote(values[0])}"
        return f"{answer} in (" + " | ".join(quote(v) for v in values) + ")"

    def condition(self, cond: dict) -> str:
        kind = kind_of(cond)
        if kind == "item":
            return self.leaf(cond["item"], self.item_test(cond["item"], list(accepted(cond))))
        if kind == "number":
            answer = self.variables.answer(cond["number"])
            tests = [f"{answer} {op} {number(cond[key])}" for key, op in
                     (("at_least", ">="), ("at_most", "<="), ("less_than", "<"), ("greater_than", ">"))
                     if cond.get(key) is not None]
            return self.leaf(cond["number"], " and ".join(tests))
        if kind == "count":
            return self.count(cond)
        if kind == "all":
            return "(" + " and ".join(self.condition(c) for c in cond["all"]) + ")"
        if kind == "any":
            return "(" + " or ".join(self.condition(c) for c in cond["any"]) + ")"
        if kind == "not":
            return f"{self.condition(cond['not'])}.not()"
        return "true"  # always

    def tally(self, ids: list[str], equals: str) -> tuple[str, str]:
        """``logic.tally``: (questions surely answered ``equals``, questions that still may be)."""
        shared = self.variables.shared
        if not any(self.is_gated(qid) for qid in ids):
            # Questions always asked: plain counts of the response's answers, shared as variables.
            among = "(" + " | ".join(quote(qid) for qid in ids) + ")"
            sure = shared(("count", tuple(ids), equals), "count" + camel(equals),
                          f"%resource.repeat(item).where(answer.value.code = {quote(equals)}).linkId"
                          f".intersect{among}.count()",
                          f"Nombre de réponses « {equals} » parmi : {', '.join(ids)}")
            maybe = shared(("unanswered", tuple(ids)), "unanswered",
                           f"{len(ids)} - %resource.repeat(item).where(answer.exists()).linkId"
                           f".intersect{among}.count()",
                           f"Nombre de questions sans réponse parmi : {', '.join(ids)}")
            return sure, maybe
        # Some may not be asked: count the leaves that are true, and those not known yet.
        leaves = [self.leaf(qid, self.item_test(qid, [equals])) for qid in ids]
        sure = shared(("count", tuple(ids), equals), "count" + camel(equals),
                      " + ".join(f"iif({leaf}, 1, 0)" for leaf in leaves),
                      f"Nombre de questions posées répondues « {equals} » parmi : {', '.join(ids)}")
        maybe = shared(("undecided", tuple(ids), equals), "undecided" + camel(equals),
                       " + ".join(f"iif({leaf}.empty(), 1, 0)" for leaf in leaves),
                       f"Nombre de questions qui peuvent encore être répondues « {equals} » parmi : "
                       f"{', '.join(ids)}")
        return sure, maybe

    def count(self, cond: dict) -> str:
        """``logic.count_bounds``: true, false, or empty while the unanswered questions could decide."""
        sure, maybe = self.tally(cond["count"], cond["equals"])
        checks = []
        if cond.get("at_least") is not None:
            k = cond["at_least"]
            checks.append(f"iif({sure} >= {k}, true, iif({sure} + {maybe} < {k}, false, {EMPTY}))")
        if cond.get("at_most") is not None:
            k = cond["at_most"]
            checks.append(f"iif({sure} + {maybe} <= {k}, true, iif({sure} > {k}, false, {EMPTY}))")
        return checks[0] if len(checks) == 1 else "(" + " and ".join(checks) + ")"

    def count_score(self, score: dict) -> str:
        """``score.count_score``: asked questions answered ``equals`` so far."""
        return self.tally(score["count"], score["equals"])[0]

    def ratio_scores(self, ratio: dict) -> tuple[tuple[str, str] | None, str | None]:
        """((score, score_max), None) of ``score.ratio_score``, or (None, why) when FHIRPath can't compute them.

        The whole caseloads per unit (``score.loads``) are integers, so everything is integer arithmetic:
        the fewest units ceil(n / most) are n div most, plus one if n mod most ≠ 0; the most units
        floor(n / least) are n div least; when no whole number fits, both are empty, as in the engine.
        """
        n, chooser = ratio["numerator"], ratio["option_of"]
        count = self.variables.answer(n)
        fewest, most = [], []
        for option in self.questions[chooser].get("options", []):
            bounds = loads(cast(Ratio, ratio), option.get("params") or {})
            if any(b is not None and b > INT32[1] for b in bounds):
                return None, (f"les capacités de l'option « {option['value']} » dépassent les entiers FHIRPath "
                              "(32 bits) ; aucune expression n'est donnée pour le score.")
            if bounds.most is None and bounds.least is None:
                continue
            low = None if bounds.most is None else divide_up(count, bounds.most)
            high = None if bounds.least is None else f"{count} div {bounds.least}"
            if high is not None:  # the fewest must not exceed the most, and one unit must at least fit
                fit = f"{high} >= 1" if low is None else f"{low} <= {high}"
                low = None if low is None else f"iif({fit}, {low}, {EMPTY})"
                high = f"iif({fit}, {high}, {EMPTY})"
            fewest.append((option["value"], EMPTY if low is None else f"iif({count} <= 0, 0, {low})"))
            most.append((option["value"], EMPTY if high is None else f"iif({count} <= 0, 0, {high})"))
        choice = self.variables.answer(chooser)

        def by_option(branches: list) -> str:
            text = EMPTY
            for value, estimated in reversed(branches):
                text = f"iif({choice} = {quote(value)}, {estimated}, {text})"
            return text

        scores = by_option(fewest), by_option(most)
        gates = [f"%{self.gates[q]}" for q in (n, chooser) if self.is_gated(q)]
        if gates:  # the engine needs both questions asked
            scores = (f"iif({' and '.join(gates)}, {scores[0]}, {EMPTY})",
                      f"iif({' and '.join(gates)}, {scores[1]}, {EMPTY})")
        return scores, None

    def complete(self) -> str:
        """``result["complete"]``: every question asked (gate true) has an answer; one whose gate is false or
        not known yet is not asked, so it is not missing."""
        terms = []
        for qid in self.questions:
            answered = f"{self.variables.answer(qid)}.exists()"
            terms.append(f"iif(%{self.gates[qid]}, {answered}, true)" if self.is_gated(qid) else answered)
        return " and ".join(terms)


def divide_up(count: str, divisor: int) -> str:
    """ceil(count / divisor) for a positive count, in integers."""
    if divisor == 1:
        return count
    return f"({count} div {divisor} + iif({count} mod {divisor} = 0, 0, 1))"
