"""A compiled criterion as a FHIR R4 Questionnaire (fhir/Questionnaire-<id>.json).

Questions become ``choice`` items (answers coded as in the site's URLs) or
``integer`` items; groups become ``group`` items; an ``ask_if`` becomes
``enableWhen`` when FHIR's enableWhen can say it exactly, else the SDC
``enableWhenExpression`` extension.

The decision rules are written in FHIRPath, in SDC ``variable`` extensions at
the root and ``calculatedExpression`` extensions on read-only result items,
with the engine's three-valued logic: FHIRPath's ``and``/``or``/``not()``
already treat an empty collection as « not known yet », so a variable is empty
exactly when the engine's value is None (``generator/engine/logic.py``). Each
question's gate (asked, not asked, not known yet) is a variable too, so the
expressions never rely on a form filler having removed the answers of disabled
questions. What FHIRPath cannot carry is not approximated: the description
says so, and the matching variable and item are left out.

Expressions read the QuestionnaireResponse (``%resource``), and the outcome
item picks its Coding from the Questionnaire (``%questionnaire``), as SDC defines.
"""
from __future__ import annotations

import hashlib
import math
import re
from decimal import Decimal
from fractions import Fraction

from .engine.fhir_response import (INT32, answer_system, answer_values, canonical, coding, layout,
                                   plain_text)
from .engine.logic import accepted, kind_of

SDC = "http://hl7.org/fhir/uv/sdc/StructureDefinition/"
VARIABLE = "http://hl7.org/fhir/StructureDefinition/variable"
CALCULATED = SDC + "sdc-questionnaire-calculatedExpression"
ENABLE_WHEN_EXPRESSION = SDC + "sdc-questionnaire-enableWhenExpression"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
RENDERING_MARKDOWN = "http://hl7.org/fhir/StructureDefinition/rendering-markdown"
FHIRPATH = "text/fhirpath"

# Read-only items holding the results; no question id has a « : ».
RESULTS = "reperes:resultats"
RESULT_ITEMS = {"outcome": "reperes:resultat", "positive": "reperes:positif",
                "score": "reperes:score", "score_max": "reperes:score-max"}
OUTCOMES_SYSTEM = "urn:reperes:outcomes:{id}"
EMPTY = "{}"
# An Expression's name is a FHIR id, and a FHIRPath identifier: letters and digits only here.
NAME = re.compile(r"[A-Za-z][A-Za-z0-9]{0,63}")


def questionnaire(spec: dict, site_url: str | None = None) -> dict:
    """The FHIR R4 Questionnaire of a compiled criterion (``compile_criterion``'s output)."""
    return _Translator(spec).questionnaire(site_url)


def gate_variables(spec: dict) -> dict[str, str]:
    """{question id: name of its gate variable} for the gated questions of ``spec``."""
    translator = _Translator(spec)
    return {qid: translator.gate_names[qid] for qid in translator.gated}


def _camel(text: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", text) if part)


def _names(prefix: str, keys: list[str]) -> dict[str, str]:
    """One variable name per key: prefix + CamelCase when that is unambiguous, else prefix + number."""
    names = {key: prefix + _camel(key) for key in keys}
    if len(set(names.values())) == len(keys) and all(NAME.fullmatch(n) for n in names.values()):
        return names
    return {key: f"{prefix}{index}" for index, key in enumerate(keys, start=1)}


def _number(value) -> str:
    """A number as a FHIRPath literal (no exponent: FHIRPath has none)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return str(value)
    return format(Decimal(repr(value)), "f")


def _quote(value: str) -> str:
    """A FHIRPath string literal; ids and values are ASCII slugs, escaped anyway."""
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def _expression(name: str | None, expression: str, description: str | None = None) -> dict:
    value = {"language": FHIRPATH, "expression": expression}
    if name:
        value = {"name": name, **value}
    if description:
        value["description"] = description
    return value


def _pascal_name(criterion_id: str) -> str:
    name = _camel(criterion_id)
    return name if name[:1].isalpha() else "Grille" + name


def _fhir_id(criterion_id: str) -> str:
    """A FHIR id has at most 64 characters; a criterion id may have 80."""
    if len(criterion_id) <= 64:
        return criterion_id
    return criterion_id[:55] + "-" + hashlib.sha1(criterion_id.encode()).hexdigest()[:8]


class _Translator:
    """Builds the expressions of one spec; records which answers they read."""

    def __init__(self, spec: dict):
        self.spec = spec
        self.cid = spec["id"]
        self.questions = {q["id"]: q for q in spec["items"]}
        order = list(self.questions)
        self.answer_names = _names("answer", order)
        self.gate_names = _names("gate", order)
        self.gated = [qid for qid in order if self.questions[qid].get("ask_if") is not None]
        self.read: set[str] = set()  # questions whose answer variable an expression uses
        self.tallies: dict[tuple, str] = {}  # counts shared by several rules: their variable names
        self.named: list[tuple[str, str, str]] = []  # (name, expression, description), in dependency order
        self.limits: list[tuple[str, str]] = []  # (what, why) for the description

    # -- conditions, in three-valued FHIRPath ---------------------------------------------------

    def answer(self, qid: str) -> str:
        self.read.add(qid)
        return "%" + self.answer_names[qid]

    def is_gated(self, qid: str) -> bool:
        return self.questions[qid].get("ask_if") is not None

    def leaf(self, qid: str, test: str) -> str:
        """``logic.leaf``: false if not asked, empty if unanswered or not known to be asked, else the test.

        FHIRPath's ``and`` gives exactly that: false and x = false; empty and true = empty;
        empty and false = false (an answer that fails the test fails whatever the gate).
        """
        if not self.is_gated(qid):
            return f"({test})"
        return f"(%{self.gate_names[qid]} and ({test}))"

    def item_test(self, qid: str, values) -> str:
        answer = self.answer(qid)
        if len(values) == 1:
            return f"{answer} = {_quote(values[0])}"
        return f"{answer} in (" + " | ".join(_quote(v) for v in values) + ")"

    def condition(self, cond: dict) -> str:
        kind = kind_of(cond)
        if kind == "item":
            return self.leaf(cond["item"], self.item_test(cond["item"], list(accepted(cond))))
        if kind == "number":
            answer = self.answer(cond["number"])
            tests = [f"{answer} {op} {_number(cond[key])}" for key, op in
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
        if not any(self.is_gated(qid) for qid in ids):
            # Questions always asked: plain counts of the response's answers, shared as variables.
            among = "(" + " | ".join(_quote(qid) for qid in ids) + ")"
            sure = self.shared(("count", tuple(ids), equals), "count" + _camel(equals),
                               f"%resource.repeat(item).where(answer.value.code = {_quote(equals)}).linkId"
                               f".intersect{among}.count()",
                               f"Nombre de réponses « {equals} » parmi : {', '.join(ids)}")
            maybe = self.shared(("unanswered", tuple(ids)), "unanswered",
                                f"{len(ids)} - %resource.repeat(item).where(answer.exists()).linkId"
                                f".intersect{among}.count()",
                                f"Nombre de questions sans réponse parmi : {', '.join(ids)}")
            return sure, maybe
        # Some may not be asked: count the leaves that are true, and those not known yet.
        leaves = [self.leaf(qid, self.item_test(qid, [equals])) for qid in ids]
        sure = self.shared(("count", tuple(ids), equals), "count" + _camel(equals),
                           " + ".join(f"iif({leaf}, 1, 0)" for leaf in leaves),
                           f"Nombre de questions posées répondues « {equals} » parmi : {', '.join(ids)}")
        maybe = self.shared(("undecided", tuple(ids), equals), "undecided" + _camel(equals),
                            " + ".join(f"iif({leaf}.empty(), 1, 0)" for leaf in leaves),
                            f"Nombre de questions qui peuvent encore être répondues « {equals} » parmi : "
                            f"{', '.join(ids)}")
        return sure, maybe

    def shared(self, key: tuple, name: str, expression: str, description: str) -> str:
        """A variable for an expression used in several rules: its reference.

        Declared when first needed, so before the rule that needs it and after the gates it reads.
        """
        if key not in self.tallies:
            taken = set(self.tallies.values())
            fresh, number = name, 1
            while fresh in taken:
                number += 1
                fresh = f"{name}{number}"
            self.tallies[key] = fresh
            self.named.append((fresh, expression, description))
        return "%" + self.tallies[key]

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

    # -- scores ----------------------------------------------------------------------------------

    def count_score(self, score: dict) -> str:
        """``score.count_score``: asked questions answered ``equals`` so far."""
        return self.tally(score["count"], score["equals"])[0]

    def ratio_scores(self, ratio: dict) -> tuple[str, str] | None:
        """(low estimate, high estimate) of ``score.ratio_score``, or None when FHIRPath can't compute them.

        ceil(n / c) is computed in integers, exactly, for c = p/q the decimal the author wrote:
        n div p, plus one if n mod p ≠ 0, when c is whole, else (n × q + p − 1) div p — unless
        that would exceed FHIRPath's 32-bit integers. A strict capacity (« < 60 ») holds ceil(c) − 1,
        as in ``score.estimate``.
        """
        n, chooser = ratio["numerator"], ratio["option_of"]
        numerator = self.questions[n]
        top = numerator.get("maximum")
        top = INT32[1] if top is None else min(top, INT32[1])
        count = self.answer(n)
        low, high = [], []
        for option in self.questions[chooser].get("options", []):
            params = option.get("params") or {}
            first, second = params.get(ratio["low"]), params.get(ratio["high"])
            if first is None and second is None:
                continue
            strict = params.get("strict") == 1
            estimates = [self.estimate(count, c, strict, top) for c in
                         ([first if first is not None else second] + ([second] if first is not None and second is not None else []))]
            if None in estimates:
                self.limits.append(("score", (
                    f"le calcul de l'estimation pour l'option « {option['value']} » dépasserait les entiers "
                    "FHIRPath (32 bits) ; aucune expression n'est donnée pour le score.")))
                return None
            low.append((option["value"], estimates[0]))
            if len(estimates) == 2:
                high.append((option["value"], estimates[1]))
        choice = self.answer(chooser)

        def by_option(branches):
            expression = EMPTY
            for value, estimate in reversed(branches):
                expression = f"iif({choice} = {_quote(value)}, {estimate}, {expression})"
            return expression

        scores = by_option(low), by_option(high)
        gates = [f"%{self.gate_names[q]}" for q in (n, chooser) if self.is_gated(q)]
        if gates:  # the engine needs both questions asked
            scores = tuple(f"iif({' and '.join(gates)}, {s}, {EMPTY})" for s in scores)
        return scores

    @staticmethod
    def estimate(count: str, capacity, strict: bool, top: int) -> str | None:
        capacity = Fraction(str(capacity))
        if strict:
            capacity = Fraction(math.ceil(capacity) - 1)
        p, q = capacity.numerator, capacity.denominator
        if p <= 0:
            return None
        if q == 1:  # ceil(n / p), with no intermediate result larger than n
            core = count if p == 1 else f"({count} div {p} + iif({count} mod {p} = 0, 0, 1))"
        elif top * q + p - 1 <= INT32[1]:
            core = f"(({count} * {q} + {p - 1}) div {p})"
        else:
            return None
        return f"iif({count} <= 0, 0, {core})"

    # -- enableWhen ------------------------------------------------------------------------------

    def enable_when(self, cond: dict) -> tuple[list[dict], str | None] | None:
        """(enableWhen list, enableBehavior) saying exactly « the engine asks the question », or None.

        FHIR enables a question when its enableWhen holds; the engine asks it when ``ask_if`` is
        true (not false, not unknown). An ``=`` on a question is true only when that question is
        enabled and so answered, as a leaf of the engine is true only for an asked question: the
        two agree for any and/or of such leaves, and for counts « at least one » or « all ».
        """
        kind = kind_of(cond)
        if kind == "always":
            return [], None
        if kind == "item":
            question = self.questions[cond["item"]]
            whens = [{"question": cond["item"], "operator": "=", "answerCoding": coding(self.cid, question, v)}
                     for v in accepted(cond)]
            return whens, ("any" if len(whens) > 1 else None)
        if kind == "number":
            whens = []
            for key, op in (("at_least", ">="), ("at_most", "<="), ("less_than", "<"), ("greater_than", ">")):
                bound = cond.get(key)
                if bound is None:
                    continue
                if bound != int(bound):  # answers are integers: n ≥ 5.5 is n ≥ 6
                    op, bound = {">=": (">=", math.ceil(bound)), "<=": ("<=", math.floor(bound)),
                                 "<": ("<=", math.floor(bound)), ">": (">=", math.ceil(bound))}[op]
                bound = int(bound)
                if not INT32[0] <= bound <= INT32[1]:
                    return None
                whens.append({"question": cond["number"], "operator": op, "answerInteger": bound})
            return whens, ("all" if len(whens) > 1 else None)
        if kind == "count":
            ids, least = cond["count"], cond.get("at_least")
            if cond.get("at_most") is not None or least is None or least > len(ids):
                return None
            if least == 0:
                return [], None
            if least not in (1, len(ids)):
                return None
            whens = [{"question": qid, "operator": "=", "answerCoding": coding(self.cid, self.questions[qid], cond["equals"])}
                     for qid in ids]
            return whens, (None if len(whens) == 1 else "any" if least == 1 else "all")
        if kind in ("all", "any"):
            subs = self.without_implied(cond["all"]) if kind == "all" else cond["any"]
            whens = []
            for sub in subs:
                part = self.enable_when(sub)
                if part is None:
                    return None
                if not part[0]:  # always true
                    if kind == "any":
                        return [], None
                    continue
                if part[1] not in (None, kind):
                    return None
                whens.extend(part[0])
            return whens, (kind if len(whens) > 1 else None)
        return None  # not: FHIR's != is not the engine's negation while unanswered

    def without_implied(self, subs: list[dict]) -> list[dict]:
        """Drop from an ``all`` the conditions implied by another part of it.

        A leaf on question q (item or number) is true only when q is asked, so q's own
        ``ask_if`` beside it adds nothing: all[ask_if(q), q = oui] is true exactly when q = oui.
        """
        implied = []
        for sub in subs:
            named = sub.get("item") if kind_of(sub) == "item" else sub.get("number") if kind_of(sub) == "number" else None
            if named in self.questions and self.questions[named].get("ask_if") is not None:
                implied.append(self.questions[named]["ask_if"])
        return [sub for sub in subs if sub not in implied]

    # -- the resource ----------------------------------------------------------------------------

    def questionnaire(self, site_url: str | None) -> dict:
        spec = self.spec
        variables, results = self.rules()
        items = [self.warning(index, text) for index, text in enumerate(spec.get("warnings") or [], start=1)]
        for group, link, questions in layout(spec):
            members = [self.question(q) for q in questions]
            if group is None:
                items.extend(members)
                continue
            block = {"linkId": link, **self.text(group.get("title") or group["id"]), "type": "group"}
            if group.get("intro"):
                members.insert(0, {"linkId": f"{link}:intro", **self.text(group["intro"]), "type": "display"})
            block["item"] = members
            items.append(block)
        if results:
            items.append({"linkId": RESULTS, "text": "Résultat calculé", "type": "group", "item": results})
        resource = {
            "resourceType": "Questionnaire",
            "id": _fhir_id(self.cid),
            "extension": [{"url": VARIABLE, "valueExpression": v} for v in variables],
            "url": canonical(self.cid, site_url),
            "version": spec["version"],
            "name": _pascal_name(self.cid),
            "title": plain_text(spec["title"]),
            "status": "active",
            "date": spec["reviewed"],
            "publisher": "Repères",
            "description": self.description(),
            "language": "fr",
            "item": items,
        }
        if not resource["extension"]:
            del resource["extension"]
        return resource

    def rules(self) -> tuple[list[dict], list[dict]]:
        """(root variables, result items): gates, positive, score, outcome."""
        spec = self.spec
        named = self.named
        for qid in self.gated:
            named.append((self.gate_names[qid], self.condition(self.questions[qid]["ask_if"]),
                          f"« {qid} » est posée (vide : pas encore connu)"))
        results = []
        if spec.get("positive") is not None:
            named.append(("positive", self.condition(spec["positive"]), "Repérage positif (vide : pas encore connu)"))
            results.append(self.result("positive", "boolean", "Repérage positif", "%positive"))
        score = spec.get("score")
        if score is not None and "count" in score:
            named.append(("score", self.count_score(score), f"Nombre de réponses « {score['equals']} »"))
            results.append(self.result("score", "integer", f"Score (nombre de réponses « {score['equals']} »)", "%score"))
        elif score is not None:
            estimates = self.ratio_scores(score["ratio"])
            if estimates is not None:
                named.append(("score", estimates[0], "Estimation (basse), arrondie à l'entier supérieur"))
                named.append(("scoreHigh", estimates[1], "Estimation haute, quand la référence est une fourchette"))
                named.append(("scoreMax", f"iif(%scoreHigh = %score, {EMPTY}, %scoreHigh)",
                              "Estimation haute, si elle diffère de la basse"))
                results.append(self.result("score", "integer", "Estimation, arrondie à l'entier supérieur", "%score"))
                results.append(self.result("score_max", "integer", "Estimation haute", "%scoreMax"))
            else:
                self.limits.append(("score_max", "comme le score."))
        outcome_item = self.outcomes()
        results.insert(0, outcome_item)
        # Answers first: every other variable may read them.
        answers = [(self.answer_names[qid], self.answer_expression(qid), f"Réponse à « {qid} »")
                   for qid in self.questions if qid in self.read]
        variables = [_expression(name, expression, description) for name, expression, description in answers + named]
        return variables, results

    def outcomes(self) -> dict:
        """The ``outcome`` variable (``logic.choose_outcome``) and its read-only choice item."""
        spec, named = self.spec, self.named
        deciding = [o for o in spec["outcomes"] if o.get("when") is not None]
        undecided = next((o["id"] for o in spec["outcomes"] if o.get("when") is None), None)
        names = _names("when", [o["id"] for o in deciding])
        for o in deciding:
            same = spec.get("positive") is not None and o["when"] == spec["positive"]
            named.append((names[o["id"]], "%positive" if same else self.condition(o["when"]),
                          f"Condition du résultat « {o['id']} »"))
        expression = EMPTY
        otherwise = _quote(undecided) if undecided else EMPTY
        for o in reversed(deciding):
            name = "%" + names[o["id"]]
            expression = f"iif({name}.empty(), {otherwise}, iif({name}, {_quote(o['id'])}, {expression}))"
        named.append(("outcome", expression, "Identifiant du résultat (le premier dont la condition est vraie)"))
        system = OUTCOMES_SYSTEM.format(id=self.cid)
        item = self.result("outcome", "choice", "Résultat",
                           f"%questionnaire.repeat(item).where(linkId = {_quote(RESULT_ITEMS['outcome'])})"
                           ".answerOption.value.where(code = %outcome)")
        item["answerOption"] = [{"valueCoding": {"system": system, "code": o["id"], "display": plain_text(o["label"])}}
                                for o in spec["outcomes"]]
        return item

    def answer_expression(self, qid: str) -> str:
        path = f"%resource.repeat(item).where(linkId = {_quote(qid)}).answer.value"
        return path if self.questions[qid]["answers"] == "entier" else path + ".code"

    @staticmethod
    def result(key: str, kind: str, text: str, expression: str) -> dict:
        return {"linkId": RESULT_ITEMS[key], "text": text, "type": kind, "readOnly": True,
                "extension": [{"url": CALCULATED, "valueExpression": _expression(None, expression)}]}

    @staticmethod
    def text(markdown: str) -> dict:
        """``text`` as plain text, with the Markdown kept in the rendering-markdown extension when it differs."""
        plain = plain_text(markdown)
        out = {"text": plain}
        if plain != markdown:
            out["_text"] = {"extension": [{"url": RENDERING_MARKDOWN, "valueMarkdown": markdown}]}
        return out

    def warning(self, index: int, text: str) -> dict:
        return {"linkId": f"reperes:avertissement:{index}", **self.text(text), "type": "display"}

    def question(self, question: dict) -> dict:
        qid = question["id"]
        item = {"linkId": qid, **self.text(question["text"])}
        extensions = []
        if question["answers"] == "entier":
            item["type"] = "integer"
            for key, url in (("minimum", MIN_VALUE), ("maximum", MAX_VALUE)):
                bound = question.get(key)
                if bound is not None and not INT32[0] <= bound <= INT32[1]:
                    bound = None
                if bound is not None:
                    extensions.append({"url": url, "valueInteger": bound})
            if any(question.get(k) is None or not INT32[0] <= question[k] <= INT32[1] for k in ("minimum", "maximum")):
                self.limits.append(("integer", (
                    f"« {qid} » : une réponse FHIR (valueInteger) est un entier de 32 bits ; une réponse au-delà "
                    "n'est pas reportée dans la QuestionnaireResponse.")))
        else:
            item["type"] = "choice"
            item["answerOption"] = [{"valueCoding": {"system": answer_system(self.cid, question), "code": value,
                                                     "display": label}} for value, label in answer_values(question)]
        ask_if = question.get("ask_if")
        if ask_if is not None:
            translated = self.enable_when(ask_if)
            if translated is None:
                extensions.append({"url": ENABLE_WHEN_EXPRESSION, "valueExpression": _expression(
                    None, f"iif(%{self.gate_names[qid]}, true, false)")})
            elif translated[0]:
                item["enableWhen"] = translated[0]
                if translated[1]:
                    item["enableBehavior"] = translated[1]
        if extensions:
            item = {"linkId": item.pop("linkId"), "extension": extensions, **item}
        if question.get("help"):
            item["item"] = [{"linkId": f"{qid}:aide", **self.text(question["help"]), "type": "display",
                             "extension": [{"url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [{
                                 "system": "http://hl7.org/fhir/questionnaire-item-control", "code": "help",
                                 "display": "Help-Button"}]}}]}]
        return item

    def description(self) -> str:
        spec = self.spec
        parts = [spec.get("intro") or spec["title"], "Règle de décision : " + spec["rule_text"]]
        if spec.get("source_text"):
            parts.append("Source : " + spec["source_text"] + ".")
        parts.append(
            "Traduction FHIR R4 (Repères). Réponses codées comme dans les adresses du site (système "
            "urn:reperes:answers, ou un système par question pour les choix). Les règles sont écrites en "
            "FHIRPath dans des extensions SDC « variable » et « calculatedExpression », avec la logique à "
            "trois valeurs du calculateur du site : une expression vide signifie « pas encore connu ».")
        if self.gated:
            parts.append(
                "Seules les questions posées figurent dans une QuestionnaireResponse : une réponse donnée à une "
                "question dont l'affichage n'est pas encore décidé n'y est pas reportée. Les expressions portent "
                "sur les réponses reportées, comme le calculateur du site sur ces mêmes réponses : elles peuvent "
                "donc rester vides, ou compter moins de réponses, là où le calculateur, qui tient compte de toutes "
                "les réponses données, conclut déjà.")
        limits = list(self.limits)
        if spec.get("report") == "ecarts":
            limits.append(("report", "le bilan des écarts et ses recommandations ne sont pas traduits en FHIRPath."))
        if limits:
            parts.append("Non exprimé en FHIRPath :\n" + "\n".join(f"- `{what}` : {why}" for what, why in limits))
        return "\n\n".join(parts)
