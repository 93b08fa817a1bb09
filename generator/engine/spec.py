"""Checks a compiled spec before anything is evaluated.

The compiler validates the YAML already, but the page receives plain JSON that
may be stale or hand-edited: checking it here turns every malformed spec into
an ``invalid-spec`` result, never a Python exception halfway through.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from typing import Any, cast

from .logic import CONDITION_KEYS, kind_of
from .results import problem, short
from .scales import OPEN_TYPES, SCALES, values as scale_values
from .score import loads
from .shapes import JSON, Condition, Problem, Question, Ratio

FORMAT = "reperes-criterion/1"

# Possible answers of each answer type (scales.py); None: checked otherwise (number, options).
CHOICES: dict[str, tuple[str, ...] | None] = {
    **{kind: scale_values(kind) for kind in SCALES}, **{kind: None for kind in OPEN_TYPES}
}
ITEM_ID = re.compile(r"[a-z][a-z0-9_]*")  # as ItemId in generator/sources/models/criteria.py
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# Deeper nesting is certainly a mistake, and bounding it keeps the recursive
# checks and evaluation far from Python's (and the browser's) stack limit.
MAX_DEPTH = 32
MAX_PROBLEMS = 50
# The deepest JSON a valid spec can be: two levels per condition ({"all": [ … ]}), a few around them.
MAX_JSON_DEPTH = 2 * MAX_DEPTH + 10
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def load_spec(text: str) -> JSON:
    """The spec decoded from JSON ``text``, or None (« invalid-spec » for ``evaluate``) when it nests
    deeper than any valid spec: measured on the text, before ``json.loads`` builds it, because Pyodide's
    runtime crashes when it frees a structure a few thousand levels deep."""
    depth = deepest = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    if deepest > MAX_JSON_DEPTH:
        return None
    loaded: JSON = json.loads(text)
    return loaded


def check_spec(spec: object) -> list[Problem]:
    """The problems that make ``spec`` impossible to evaluate (empty list: fine)."""
    checker = _Checker()
    checker.spec(spec)
    return checker.problems[:MAX_PROBLEMS]


# Beyond 2**53 the page's JavaScript can no longer represent an integer exactly.
SAFE_INTEGER = 2**53 - 1


def is_int(value: object) -> bool:
    # bool is an int subclass, but True is not a number in a spec
    return isinstance(value, int) and not isinstance(value, bool) and -SAFE_INTEGER <= value <= SAFE_INTEGER


def is_number(value: object) -> bool:
    return is_int(value) or (isinstance(value, float) and math.isfinite(value))


def options_of(question: Question) -> list[str]:
    return [o["value"] for o in question.get("options") or [] if isinstance(o, dict)]


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.questions: dict[str, Question] = {}  # id -> question, well-formed ones only
        self.order: dict[str, int] = {}  # id -> position in items, to check that ask_if looks back

    def fail(self, where: str, message: str, item: str | None = None) -> None:
        self.problems.append(problem("invalid-spec", f"Spécification invalide ({where}) : {message}.", item))

    def spec(self, spec: object) -> None:
        if not isinstance(spec, dict):
            return self.fail("racine", "un objet est attendu")
        if spec.get("format") != FORMAT:
            self.fail("format", f"« {FORMAT} » attendu")
        items = spec.get("items")
        if not isinstance(items, list) or not items:
            self.fail("items", "une liste de questions non vide est attendue")
            items = []
        # Questions first, so that conditions can name any of them.
        for index, question in enumerate(items):
            self.question(question, f"items[{index}]", index)
        for index, question in enumerate(items):
            if isinstance(question, dict) and question.get("ask_if") is not None:
                qid = question.get("id")
                qid = qid if isinstance(qid, str) and qid in self.questions else None
                self.condition(question["ask_if"], f"items[{index}].ask_if", index, qid)
        if spec.get("positive") is not None:
            self.condition(spec["positive"], "positive", None, None)
        if spec.get("score") is not None:
            self.score(spec["score"])
        if spec.get("report") is not None:
            self.report(spec["report"], items)
        self.outcomes(spec.get("outcomes"))

    def report(self, report: object, items: list[object]) -> None:
        if report != "ecarts":
            return self.fail("report", "seule la valeur « ecarts » est connue")
        for question in items:
            if isinstance(question, dict) and question.get("answers") != "niveau-atteinte":
                self.fail("report", "un bilan des écarts demande des questions « niveau-atteinte »", question.get("id"))

    def question(self, question: object, where: str, index: int) -> None:
        if not isinstance(question, dict):
            return self.fail(where, "un objet est attendu")
        qid = question.get("id")
        if not isinstance(qid, str) or not ITEM_ID.fullmatch(qid):
            return self.fail(where, "identifiant « id » absent ou mal formé")
        if qid in self.questions:
            return self.fail(where, f"identifiant « {qid} » en double", qid)
        kind = question.get("answers")
        if not isinstance(kind, str) or kind not in CHOICES:
            return self.fail(where, "type de réponse « answers » inconnu", qid)
        if not isinstance(question.get("text", ""), str):
            return self.fail(where, "texte « text » non textuel", qid)
        options = question.get("options", [])
        if (kind == "choix" or options) and not self.options(options, where, qid):
            return  # options of other kinds are unused, but still quoted in the trace
        low, high = question.get("minimum"), question.get("maximum")
        if any(b is not None and not is_int(b) for b in (low, high)) or (
            low is not None and high is not None and low > high
        ):
            return self.fail(where, "« minimum » et « maximum » doivent être des entiers dans l'ordre", qid)
        self.questions[qid] = cast(Question, question)  # its keys checked above
        self.order[qid] = index

    def options(self, options: object, where: str, qid: str) -> bool:
        if not isinstance(options, list) or not options:
            self.fail(where, "« options » doit être une liste d'options, non vide pour « choix »", qid)
            return False
        seen: set[str] = set()
        for option in options:
            if not isinstance(option, dict) or not isinstance(option.get("value"), str) or option["value"] in seen:
                self.fail(where, "option sans valeur « value », ou valeur en double", qid)
                return False
            params = option.get("params", {})
            if not isinstance(params, dict) or not all(isinstance(k, str) and is_number(v) for k, v in params.items()):
                self.fail(where, "les paramètres « params » d'une option doivent être des nombres", qid)
                return False
            seen.add(option["value"])
        return True

    def ref(
        self, item_id: object, where: str, before: int | None, answer_types: Sequence[str] | None = None
    ) -> Question | None:
        """The question a condition names, or None after reporting why it can't."""
        if not isinstance(item_id, str) or item_id not in self.questions:
            named = item_id if isinstance(item_id, str) else None
            self.fail(where, f"question inconnue « {short(item_id)} »", named)
            return None
        if before is not None and self.order[item_id] >= before:
            # Gates are decided in spec order; this also rules out cycles.
            self.fail(where, f"« ask_if » ne dépend que des questions précédentes, pas de « {item_id} »", item_id)
            return None
        question = self.questions[item_id]
        if answer_types and question["answers"] not in answer_types:
            self.fail(where, f"la question « {item_id} » n'est pas de type {' ou '.join(answer_types)}", item_id)
            return None
        return question

    def values(self, question: Question, values: Sequence[object], where: str) -> None:
        """Values compared with a question's answer must be possible answers."""
        possible = CHOICES[question["answers"]] or options_of(question)
        qid = question["id"]
        for value in values:
            if not isinstance(value, str) or value not in possible:
                self.fail(where, f"« {short(value)} » n'est pas une réponse possible à « {qid} »", qid)

    def condition(self, cond: object, where: str, before: int | None, owner: str | None, depth: int = 0) -> None:
        """Check one condition; ``before``: index the questions named must precede."""
        if depth > MAX_DEPTH:
            return self.fail(where, "conditions imbriquées trop profondément", owner)
        if not isinstance(cond, dict):
            return self.fail(where, "une condition (objet) est attendue", owner)
        kind = kind_of(cond)
        if kind is None:
            return self.fail(where, "condition sans item, count, number, all, any, not ni always", owner)
        unknown = [key for key in cond if key not in CONDITION_KEYS[kind]]
        if unknown:
            return self.fail(where, f"clé inconnue « {short(unknown[0])} » dans une condition « {kind} »", owner)
        getattr(self, "cond_" + kind)(cond, where, before, owner, depth)

    def cond_item(self, cond: Condition, where: str, before: int | None, owner: str | None, depth: int) -> None:
        question = self.ref(cond["item"], where, before, ("oui-non-nsp", "oui-non", "choix", "niveau-atteinte"))
        equals, among = cond.get("equals"), cond.get("in")
        if (equals is None) == (among is None):
            return self.fail(where, "une condition « item » demande soit « equals », soit « in »", owner)
        if among is not None and (not isinstance(among, list) or not among):
            return self.fail(where, "« in » doit être une liste non vide", owner)
        if question is not None:
            self.values(question, [equals] if among is None else among, where)

    def cond_count(self, cond: Condition, where: str, before: int | None, owner: str | None, depth: int) -> None:
        ids = cond["count"]
        if not isinstance(ids, list) or not ids:
            return self.fail(where, "« count » doit être une liste de questions non vide", owner)
        names = [item_id for item_id in ids if isinstance(item_id, str)]
        if len(set(names)) != len(names):
            return self.fail(where, "question en double dans « count »", owner)
        for item_id in ids:
            question = self.ref(item_id, where, before, ("oui-non-nsp", "oui-non", "choix", "niveau-atteinte"))
            if question is not None:
                self.values(question, [cond.get("equals")], where)
        bounds = [cond.get("at_least"), cond.get("at_most")]
        if all(b is None for b in bounds) or any(b is not None and not (is_int(b) and b >= 0) for b in bounds):
            self.fail(where, "« count » demande « at_least » ou « at_most », entiers positifs", owner)

    def cond_number(self, cond: Condition, where: str, before: int | None, owner: str | None, depth: int) -> None:
        self.ref(cond["number"], where, before, ("entier",))
        bounds = [cond.get(key) for key in CONDITION_KEYS["number"][1:]]
        if all(b is None for b in bounds) or any(b is not None and not is_number(b) for b in bounds):
            self.fail(where, "« number » demande au moins une borne numérique", owner)

    def cond_all(
        self, cond: Condition, where: str, before: int | None, owner: str | None, depth: int, kind: str = "all"
    ) -> None:
        subs = cond[kind]
        if not isinstance(subs, list) or not subs:
            return self.fail(where, f"« {kind} » doit être une liste de conditions non vide", owner)
        for index, sub in enumerate(subs):
            self.condition(sub, f"{where}.{kind}[{index}]", before, owner, depth + 1)

    def cond_any(self, cond: Condition, where: str, before: int | None, owner: str | None, depth: int) -> None:
        self.cond_all(cond, where, before, owner, depth, "any")

    def cond_not(self, cond: Condition, where: str, before: int | None, owner: str | None, depth: int) -> None:
        self.condition(cond["not"], f"{where}.not", before, owner, depth + 1)

    def cond_always(self, cond: Condition, where: str, before: int | None, owner: str | None, depth: int) -> None:
        if cond["always"] is not True:
            self.fail(where, "« always » ne peut valoir que true", owner)

    def score(self, score: object) -> None:
        if isinstance(score, dict) and "ratio" in score:
            self.score_ratio(score)
        elif isinstance(score, dict) and "count" in score:
            if set(score) != {"count", "equals"}:
                return self.fail("score", "« count » demande exactement count et equals")
            self.cond_count({**score, "at_least": 0}, "score", None, None, 0)
        else:
            self.fail("score", "un score « count » ou « ratio » est attendu")

    def score_ratio(self, score: dict[str, Any]) -> None:
        ratio = score["ratio"]
        keys = {"numerator", "option_of", "low", "high"}
        if set(score) != {"ratio"} or not isinstance(ratio, dict) or not keys <= set(ratio) <= keys | {"unit", "units"}:
            return self.fail("score", "« ratio » demande exactement numerator, option_of, low et high (et, au choix, unit et units)")
        if not all(isinstance(ratio.get(key, ""), str) for key in ("unit", "units")):
            return self.fail("score", "« unit » et « units » sont des textes")
        self.ref(ratio["numerator"], "score.ratio.numerator", None, ("entier",))
        question = self.ref(ratio["option_of"], "score.ratio.option_of", None, ("choix",))
        if not all(isinstance(ratio[key], str) for key in ("low", "high")):
            return self.fail("score", "« low » et « high » sont des noms de paramètres")
        if question is None:
            return
        for option in question["options"]:
            params = option.get("params", {})
            if any(abs(params.get(ratio[key], 0)) > SAFE_INTEGER for key in ("low", "high")):
                self.fail("score", f"capacité trop grande dans l'option « {option['value']} »", question["id"])
                continue
            bounds = loads(cast(Ratio, ratio), params)  # whole caseloads per unit: estimates divide by them
            if any(bound is not None and bound < 1 for bound in bounds):
                self.fail("score", f"capacité trop petite dans l'option « {option['value']} »", question["id"])
            elif bounds.most is not None and bounds.least is not None and bounds.least > bounds.most:
                self.fail("score", f"charge minimale au-dessus de la charge maximale dans l'option « {option['value']} »",
                          question["id"])

    def outcomes(self, outcomes: object) -> None:
        if not isinstance(outcomes, list) or not outcomes:
            return self.fail("outcomes", "une liste de résultats non vide est attendue")
        seen: set[str] = set()
        undecided = 0
        for index, outcome in enumerate(outcomes):
            where = f"outcomes[{index}]"
            if not isinstance(outcome, dict):
                self.fail(where, "un objet est attendu")
                continue
            oid = outcome.get("id")
            if not isinstance(oid, str) or not SLUG.fullmatch(oid) or oid in seen:
                self.fail(where, "identifiant « id » absent, mal formé ou en double")
            else:
                seen.add(oid)
            steps = outcome.get("next_steps", [])
            if not all(isinstance(outcome.get(key), str) for key in ("label", "interpretation")) or not (
                isinstance(steps, list) and all(isinstance(step, str) for step in steps)
            ):
                self.fail(where, "« label », « interpretation » et « next_steps » doivent être du texte")
            if outcome.get("when") is None:
                undecided += 1
            else:
                self.condition(outcome["when"], f"{where}.when", None, None)
        if undecided != 1 or undecided == len(outcomes):
            self.fail("outcomes", "il faut des résultats avec « when » et exactement un sans (réponses incomplètes)")
