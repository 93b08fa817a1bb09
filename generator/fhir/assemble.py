"""The Questionnaire resource, assembled from its parts: the rules (root variables and result items),
the question items (with their enableWhen), and the description, which lists what FHIRPath cannot carry.

Each part is computed by a function that receives what it needs and returns what it found, limits
included; ``questionnaire`` puts them together.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import cast

from ..engine.fhir_response import INT32, answer_system, answer_values, canonical, layout, plain_text
from ..engine.shapes import Question, Spec
from .codes import (CALCULATED, ENABLE_WHEN_EXPRESSION, ITEM_CONTROL, JURISDICTIONS, MAX_VALUE, MIN_VALUE,
                    OUTCOMES_SYSTEM, RENDERING_MARKDOWN, RESULT_ITEMS, RESULTS, VARIABLE)
from .enable_when import enable_when
from .expressions import Conditions, Names, Variables
from .fhirpath import EMPTY, camel, expression, names, quote

Limit = tuple[str, str]  # (what, why): a rule or an answer FHIRPath cannot carry, for the description


@dataclass
class Rules:
    """The decision rules in FHIRPath: root variables, read-only result items, and what is left out."""

    variables: list[dict]
    results: list[dict]
    limits: list[Limit] = field(default_factory=list)


def questionnaire(spec: dict, site_url: str | None = None) -> dict:
    """The FHIR R4 Questionnaire of a compiled criterion (``compile_criterion``'s output)."""
    named = Names.of(spec)
    rules = decision_rules(spec, named)
    limits = list(rules.limits)
    items = [display(f"reperes:avertissement:{index}", text)
             for index, text in enumerate(spec.get("warnings") or [], start=1)]
    questions = {q["id"]: q for q in spec["items"]}
    # The casts only tell mypy that the compiled spec has the engine's shapes (engine/shapes.py).
    for group, link, members in layout(cast(Spec, spec)):
        translated = []
        for member in members:
            item, found = question_item(cast(dict, member), spec["id"], questions, named)
            translated.append(item)
            limits += found
        if group is None:
            items.extend(translated)
            continue
        block = {"linkId": link, **text_of(group.get("title") or group["id"]), "type": "group"}
        if group.get("intro"):
            translated.insert(0, display(f"{link}:intro", group["intro"]))
        block["item"] = translated
        items.append(block)
    if rules.results:
        items.append({"linkId": RESULTS, "text": "Résultat calculé", "type": "group", "item": rules.results})
    resource = {
        "resourceType": "Questionnaire",
        "id": fhir_id(spec["id"]),
        "extension": [{"url": VARIABLE, "valueExpression": v} for v in rules.variables],
        "url": canonical(spec["id"], site_url),
        "version": spec["version"],
        "name": pascal_name(spec["id"]),
        "title": plain_text(spec["title"]),
        "status": "active",
        "date": spec["reviewed"],
        "publisher": "Repères",
        "description": description(spec, bool(named.gated), limits),
        "jurisdiction": [{"coding": [JURISDICTIONS[j]]} for j in spec.get("jurisdiction") or [] if j in JURISDICTIONS],
        "language": "fr",
        "item": items,
    }
    for key in ("extension", "jurisdiction"):
        if not resource[key]:
            del resource[key]
    return resource


def decision_rules(spec: dict, named: Names) -> Rules:
    """The gates, positive, score and outcome as root variables, and their result items."""
    questions = {q["id"]: q for q in spec["items"]}
    variables = Variables(questions, named)
    conditions = Conditions(questions, variables)
    limits: list[Limit] = []
    for qid in named.gated:
        variables.declare(named.gates[qid], conditions.condition(questions[qid]["ask_if"]),
                          f"« {qid} » est posée (vide : pas encore connu)")
    results = []
    if spec.get("positive") is not None:
        variables.declare("positive", conditions.condition(spec["positive"]), "Repérage positif (vide : pas encore connu)")
        results.append(result_item("positive", "boolean", "Repérage positif", "%positive"))
    score = spec.get("score")
    if score is not None and "count" in score:
        variables.declare("score", conditions.count_score(score), f"Nombre de réponses « {score['equals']} »")
        results.append(result_item("score", "integer", f"Score (nombre de réponses « {score['equals']} »)", "%score"))
    elif score is not None:
        estimates, why = conditions.ratio_scores(score["ratio"])
        if estimates is not None:
            variables.declare("score", estimates[0], "Estimation : le plus petit nombre que permet la charge maximale "
                              "de la référence (vide sans charge maximale, ou si aucun nombre entier ne convient)")
            variables.declare("scoreMax", estimates[1], "Estimation : le plus grand nombre que permet la charge "
                              "minimale de la référence (vide sans charge minimale, ou si aucun nombre entier ne convient)")
            results.append(result_item("score", "integer", "Estimation : nombre minimal", "%score"))
            results.append(result_item("score_max", "integer", "Estimation : nombre maximal", "%scoreMax"))
        else:
            limits += [("score", why or ""), ("score_max", "comme le score.")]
    variables.declare("complete", conditions.complete(), "Toutes les questions posées ont une réponse")
    results.append(result_item("complete", "boolean", "Toutes les questions posées ont une réponse", "%complete"))
    results.insert(0, outcome_rule(spec, conditions, variables))
    return Rules(variables.expressions(), results, limits)


def outcome_rule(spec: dict, conditions: Conditions, variables: Variables) -> dict:
    """The ``outcome`` variable (``logic.choose_outcome``), declared in ``variables``, and its choice item."""
    deciding = [o for o in spec["outcomes"] if o.get("when") is not None]
    undecided = next((o["id"] for o in spec["outcomes"] if o.get("when") is None), None)
    when_names = names("when", [o["id"] for o in deciding])
    for o in deciding:
        same = spec.get("positive") is not None and o["when"] == spec["positive"]
        variables.declare(when_names[o["id"]], "%positive" if same else conditions.condition(o["when"]),
                          f"Condition du résultat « {o['id']} »")
    text = EMPTY
    otherwise = quote(undecided) if undecided else EMPTY
    for o in reversed(deciding):
        name = "%" + when_names[o["id"]]
        text = f"iif({name}.empty(), {otherwise}, iif({name}, {quote(o['id'])}, {text}))"
    variables.declare("outcome", text, "Identifiant du résultat (le premier dont la condition est vraie)")
    system = OUTCOMES_SYSTEM.format(id=spec["id"])
    item = result_item("outcome", "choice", "Résultat",
                       f"%questionnaire.repeat(item).where(linkId = {quote(RESULT_ITEMS['outcome'])})"
                       ".answerOption.value.where(code = %outcome)")
    item["answerOption"] = [{"valueCoding": {"system": system, "code": o["id"], "display": plain_text(o["label"])}}
                            for o in spec["outcomes"]]
    return item


def question_item(question: dict, cid: str, questions: dict[str, dict], named: Names) -> tuple[dict, list[Limit]]:
    """A question's item (choice or integer, enableWhen or enableWhenExpression, help) and its limits."""
    qid = question["id"]
    item = {"linkId": qid, **text_of(question["text"])}
    extensions = []
    limits: list[Limit] = []
    if question["answers"] == "entier":
        item["type"] = "integer"
        for key, url in (("minimum", MIN_VALUE), ("maximum", MAX_VALUE)):
            bound = question.get(key)
            if bound is not None and INT32[0] <= bound <= INT32[1]:
                extensions.append({"url": url, "valueInteger": bound})
        if any(question.get(k) is None or not INT32[0] <= question[k] <= INT32[1] for k in ("minimum", "maximum")):
            limits.append(("integer", (
                f"« {qid} » : une réponse FHIR (valueInteger) est un entier de 32 bits ; une réponse au-delà "
                "n'est pas reportée dans la QuestionnaireResponse.")))
    else:
        item["type"] = "choice"
        shaped = cast(Question, question)  # the engine's shape (engine/shapes.py), for its helpers
        item["answerOption"] = [{"valueCoding": {"system": answer_system(cid, shaped), "code": value,
                                                 "display": label}} for value, label in answer_values(shaped)]
    ask_if = question.get("ask_if")
    if ask_if is not None:
        translated = enable_when(ask_if, questions, cid)
        if translated is None:
            extensions.append({"url": ENABLE_WHEN_EXPRESSION, "valueExpression": expression(
                None, f"iif(%{named.gates[qid]}, true, false)")})
        elif translated[0]:
            item["enableWhen"] = translated[0]
            if translated[1]:
                item["enableBehavior"] = translated[1]
    if extensions:
        item = {"linkId": item.pop("linkId"), "extension": extensions, **item}
    if question.get("help"):
        item["item"] = [{**display(f"{qid}:aide", question["help"]),
                         "extension": [{"url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [{
                             "system": "http://hl7.org/fhir/questionnaire-item-control", "code": "help",
                             "display": "Help-Button"}]}}]}]
    return item, limits


def result_item(key: str, kind: str, text: str, calculated: str) -> dict:
    return {"linkId": RESULT_ITEMS[key], "text": text, "type": kind, "readOnly": True,
            "extension": [{"url": CALCULATED, "valueExpression": expression(None, calculated)}]}


def text_of(markdown: str) -> dict:
    """``text`` as plain text, with the Markdown kept in the rendering-markdown extension when it differs."""
    plain = plain_text(markdown)
    out: dict = {"text": plain}
    if plain != markdown:
        out["_text"] = {"extension": [{"url": RENDERING_MARKDOWN, "valueMarkdown": markdown}]}
    return out


def display(link: str, markdown: str) -> dict:
    return {"linkId": link, **text_of(markdown), "type": "display"}


def description(spec: dict, gated: bool, limits: list[Limit]) -> str:
    parts = [spec.get("intro") or spec["title"], "Règle de décision : " + spec["rule_text"]]
    if spec.get("source_text"):
        parts.append("Source : " + spec["source_text"] + ".")
    parts.append(
        "Traduction FHIR R4 (Repères). Réponses codées comme dans les adresses du site (système "
        "urn:reperes:answers, ou un système par question pour les choix). Les règles sont écrites en "
        "FHIRPath dans des extensions SDC « variable » et « calculatedExpression », avec la logique à "
        "trois valeurs du calculateur du site : une expression vide signifie « pas encore connu ».")
    if gated:
        parts.append(
            "Seules les questions posées figurent dans une QuestionnaireResponse : une réponse donnée à une "
            "question dont l'affichage n'est pas encore décidé n'y est pas reportée, et le calculateur du site "
            "n'en tient pas compte non plus tant que l'affichage de la question n'est pas décidé. Les expressions "
            "et le calculateur concluent donc des mêmes réponses.")
    limits = list(limits)
    if spec.get("report") == "ecarts":
        limits.append(("report", "le bilan des écarts et ses recommandations ne sont pas traduits en FHIRPath."))
    if limits:
        parts.append("Non exprimé en FHIRPath :\n" + "\n".join(f"- `{what}` : {why}" for what, why in limits))
    return "\n\n".join(parts)


def pascal_name(criterion_id: str) -> str:
    name = camel(criterion_id)
    return name if name[:1].isalpha() else "Grille" + name


def fhir_id(criterion_id: str) -> str:
    """A FHIR id has at most 64 characters; a criterion id may have 80."""
    if len(criterion_id) <= 64:
        return criterion_id
    return criterion_id[:55] + "-" + hashlib.sha1(criterion_id.encode()).hexdigest()[:8]
