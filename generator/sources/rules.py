"""Consistency of a criterion's rules: every condition names a real question and a possible answer.

Pydantic checks the shape of a rule; this checks its meaning, with the file
and line of the criterion, before anything is built or shipped to the browser.
"""
from __future__ import annotations

from typing import Iterator

from ..engine.scales import SCALES, values
from .errors import InvalidRule, Problem
from .models.criteria import AllOf, AnswerIs, AnyOf, Compare, Count, CountScore, Criterion, Not, RatioScore

ANSWER_VALUES = {kind: set(values(kind) or ()) for kind in SCALES}  # one definition: the engine's
ANSWER_OPTIONS = {kind: list(scale) for kind, scale in SCALES.items()}  # (value, label) of each scale, for forms and diffs


def values_of(question) -> set[str] | None:
    if question.answers == "choix":
        return {o.value for o in question.options}
    return ANSWER_VALUES.get(question.answers)


def check(criterion: Criterion, rel: str, line: int | None) -> list[Problem]:
    problems: list[str] = []
    questions = {q.id: q for q in criterion.items}
    if len(questions) != len(criterion.items):
        problems.append("deux questions ont le même identifiant")
    outcome_ids = [o.id for o in criterion.outcomes]
    if len(set(outcome_ids)) != len(outcome_ids) or "incomplet" in outcome_ids:
        problems.append("identifiants de résultats en double, ou « incomplet » (réservé) utilisé")
    groups = {g.id for g in criterion.groups}
    seen: set[str] = set()
    for q in criterion.items:
        if q.answers == "choix" and not q.options:
            problems.append(f"la question « {q.id} » est de type « choix » sans options")
        if q.answers != "choix" and q.options:
            problems.append(f"la question « {q.id} » a des options mais n'est pas de type « choix »")
        if q.group and q.group not in groups:
            problems.append(f"la question « {q.id} » cite la rubrique inconnue « {q.group} »")
        if q.ask_if is not None:
            for item, _ in _uses(q.ask_if):
                if item not in seen:
                    problems.append(f"« ask_if » de « {q.id} » dépend de « {item} », qui doit être une question posée avant")
        seen.add(q.id)
    conditions = [("positive", criterion.positive)] + [(f"résultat « {o.id} »", o.when) for o in criterion.outcomes]
    conditions += [(f"ask_if de « {q.id} »", q.ask_if) for q in criterion.items]
    for where, condition in conditions:
        if condition is None:
            continue
        for item, value in _uses(condition):
            if item not in questions:
                problems.append(f"{where} : question inconnue « {item} »")
            elif value is not None and (allowed := values_of(questions[item])) is not None and value not in allowed:
                problems.append(f"{where} : « {item} » ne peut pas valoir « {value} » (possibles : {', '.join(sorted(allowed))})")
            elif value is None and questions[item].answers != "entier":
                problems.append(f"{where} : « {item} » n'est pas une question numérique")
    problems += _score(criterion, questions)
    for example in criterion.examples:
        for item in example.answers:
            if item not in questions:
                problems.append(f"cas d'exemple « {example.name} » : question inconnue « {item} »")
        if example.expect_outcome not in outcome_ids + ["incomplet"]:
            problems.append(f"cas d'exemple « {example.name} » : résultat inconnu « {example.expect_outcome} »")
    return [InvalidRule.at(rel, line, problem=p) for p in problems]


def _uses(condition) -> Iterator[tuple[str, str | None]]:
    """(question id, compared value or None for numbers) for every leaf of a condition."""
    if isinstance(condition, AnswerIs):
        for value in ([condition.equals] if condition.equals else []) + list(condition.in_ or []):
            yield condition.item, value
    elif isinstance(condition, Count):
        for item in condition.count:
            yield item, condition.equals
    elif isinstance(condition, Compare):
        yield condition.number, None
    elif isinstance(condition, (AllOf, AnyOf)):
        for c in condition.all if isinstance(condition, AllOf) else condition.any:
            yield from _uses(c)
    elif isinstance(condition, Not):
        yield from _uses(condition.not_)


def _score(criterion: Criterion, questions: dict) -> list[str]:
    score = criterion.score
    if isinstance(score, CountScore):
        return [f"score : question inconnue « {i} »" for i in score.count if i not in questions]
    if isinstance(score, RatioScore):
        r = score.ratio
        problems = []
        if questions.get(r.numerator) is None or questions[r.numerator].answers != "entier":
            problems.append(f"score : « {r.numerator} » doit être une question de type « entier »")
        chooser = questions.get(r.option_of)
        if chooser is None or chooser.answers != "choix":
            problems.append(f"score : « {r.option_of} » doit être une question de type « choix »")
        else:
            for option in chooser.options:
                if r.low not in option.params and r.high not in option.params:
                    problems.append(f"score : l'option « {option.value} » n'a ni « {r.low} » ni « {r.high} »")
        return problems
    return []
