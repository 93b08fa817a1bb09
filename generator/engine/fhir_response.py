"""A filled-in grid as a FHIR R4 QuestionnaireResponse, built in the browser.

Standard library only: this module ships with the engine. It also holds what
the response and the Questionnaire (``generator/fhir.py``) must agree on — the
canonical URL, the codings of the answers and the grouping of the questions —
so that a response always fits the Questionnaire the site publishes.

Only the questions the engine asked (``result["asked"]``) and answered appear
in the response, nested in their groups as in the Questionnaire; an answer to a
question that is not asked, or not yet known to be asked, is left out, as a
FHIR form would leave out the answer to a disabled question.
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from typing import cast

from .answers import read_answers
from .scales import SCALES
from .shapes import JSON, Answer, Group, Question, Result, Spec, Value

# The fixed answer scales (scales.py) share one system; « choix » options get one per question (see answer_system).
ANSWERS_SYSTEM = "urn:reperes:answers"
# FHIR's integer is 32-bit: larger answers can't be carried by valueInteger.
INT32 = (-2**31, 2**31 - 1)
DATE = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?"
                  r"(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?")
_MARKUP = re.compile(r"\*+|`")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def canonical(criterion_id: str, site_url: str | None = None) -> str:
    """The Questionnaire's canonical URL: on the site when its address is known, else a stable URN."""
    if site_url:
        return site_url.rstrip("/") + f"/fhir/Questionnaire-{criterion_id}.json"
    return f"urn:reperes:questionnaire:{criterion_id}"


def answer_system(criterion_id: str, question: Question) -> str:
    """The code system of a question's answers."""
    if question.get("answers") == "choix":
        return f"urn:reperes:options:{criterion_id}:{question.get('id')}"
    return ANSWERS_SYSTEM


def answer_values(question: Question) -> list[tuple[str, str]]:
    """[(code, French label)] of a coded question, in order; [] for « entier »."""
    kind = question.get("answers")
    if kind is None:
        return []
    if kind == "choix":
        return [(o["value"], plain_text(o.get("label", o["value"]))) for o in question.get("options") or []
                if isinstance(o, dict) and isinstance(o.get("value"), str)]
    return list(SCALES.get(kind, ()))


def coding(criterion_id: str, question: Question, value: str) -> dict[str, JSON]:
    """The Coding of one answer (code = the answer value)."""
    label = dict(answer_values(question)).get(value, value)
    return {"system": answer_system(criterion_id, question), "code": value, "display": label}


def plain_text(text: object) -> str:
    """Inline Markdown (emphasis, links) as plain text, for FHIR's ``text`` elements."""
    text = _LINK.sub(r"\1", str(text))
    return _MARKUP.sub("", text).strip() or str(text)


def group_link_id(group_id: str, run: int) -> str:
    """linkId of a group: never an item id (those have no « : »); a group met again gets a number."""
    return f"groupe:{group_id}" + (f":{run}" if run > 1 else "")


def layout(spec: Spec) -> list[tuple[Group | None, str | None, list[Question]]]:
    """[(group or None, group linkId or None, [question])]: runs of consecutive questions of one group.

    The page shows a grid the same way: a new heading each time the group changes.
    """
    groups = {g.get("id"): g for g in spec.get("groups") or [] if isinstance(g, dict)}
    # (group id, group, group linkId, questions); the id only tells runs apart
    runs: list[tuple[str | None, Group | None, str | None, list[Question]]] = []
    seen: dict[str, int] = {}
    for question in spec.get("items") or []:
        if not isinstance(question, dict):
            continue
        key = question.get("group")
        if not runs or runs[-1][0] != key:
            if key is None:
                runs.append((None, None, None, []))
            else:
                seen[key] = seen.get(key, 0) + 1
                runs.append((key, groups.get(key) or {"id": key, "title": key}, group_link_id(key, seen[key]), []))
        runs[-1][3].append(question)
    return [(group, link, questions) for _, group, link, questions in runs]


def authored(day: object) -> str | None:
    """``day`` (a date, datetime or ISO text) as a FHIR dateTime, or None."""
    if isinstance(day, _dt.datetime):
        return day.isoformat() if day.tzinfo is not None else day.date().isoformat()
    if isinstance(day, _dt.date):
        return day.isoformat()
    if isinstance(day, str) and DATE.fullmatch(day):
        return day
    return None


def questionnaire_response(
    spec: Spec, answers: Mapping[str, Answer], result: Result, day: object, site_url: str | None = None
) -> dict[str, JSON]:
    """The QuestionnaireResponse of ``answers`` to ``spec``, given ``result = evaluate(spec, answers)``.

    ``status`` is « completed » when the result is complete, else « in-progress »;
    ``authored`` is ``day``. Never raises: on inputs it cannot read, it returns a
    minimal valid resource, without items.
    """
    response: dict[str, JSON] = {"resourceType": "QuestionnaireResponse", "status": "in-progress"}
    try:
        _fill(response, spec, answers, result, day, site_url)
    except Exception:  # a bug of ours, or inputs beyond repair: still a valid resource
        response = {"resourceType": "QuestionnaireResponse", "status": "in-progress"}
    return response


def _fill(
    response: dict[str, JSON], spec: Spec, answers: Mapping[str, Answer], result: Result, day: object, site_url: str | None
) -> None:
    cid = spec.get("id") if isinstance(spec, dict) else None
    if isinstance(cid, str) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", cid):
        version = spec.get("version")
        response["questionnaire"] = canonical(cid, site_url) + (
            f"|{version}" if isinstance(version, str) and re.fullmatch(r"[0-9]+(\.[0-9]+)*", version) else "")
    else:
        cid = None
    when = authored(day)
    if when is not None:
        response["authored"] = when
    response["language"] = "fr"
    if cid is None or not isinstance(result, dict) or result.get("ok") is not True:
        return
    if result.get("complete") is True:
        response["status"] = "completed"
    asked = set(result.get("asked") or [])
    questions = {q["id"]: q for q in spec.get("items") or [] if isinstance(q, dict) and isinstance(q.get("id"), str)}
    values, _ = read_answers(questions, answers if isinstance(answers, dict) else {})
    items: list[JSON] = []
    for group, link, members in layout(spec):
        built = [_answer_item(cid, q, values[q["id"]]) for q in members
                 if q.get("id") in asked and q.get("id") in values]
        answered: list[JSON] = [item for item in built if item is not None]
        if not answered:
            continue
        if group is None:
            items.extend(answered)
        else:
            items.append({"linkId": link, "text": plain_text(group.get("title") or group.get("id")), "item": answered})
    if items:
        response["item"] = items


def _answer_item(cid: str, question: Question, value: Value) -> dict[str, JSON] | None:
    item: dict[str, JSON] = {"linkId": question["id"], "text": plain_text(question.get("text", question["id"]))}
    if question.get("answers") == "entier":
        if not (isinstance(value, int) and INT32[0] <= value <= INT32[1]):
            return None  # FHIR can't carry it; the Questionnaire says so
        item["answer"] = [{"valueInteger": value}]
    else:
        # Not « entier »: the answer is an option or a scale value, a str (answers.read_value).
        item["answer"] = [{"valueCoding": coding(cid, question, cast(str, value))}]
    return item
