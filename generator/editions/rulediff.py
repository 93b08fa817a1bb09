"""Differences between two versions of a calculator, in plain French, as the engine sees them.

Anything the engine reads is a rule: the compiled spec (generator/sources/compile.py), order of items
and outcomes included — the engine takes the *first* outcome whose ``when`` holds — minus an
explicit list of prose keys. Two specs whose engine views differ make different decisions for
some answers; every such difference yields at least one line here, never a Python repr.
"""
from __future__ import annotations

from typing import Any

from ..sources.rules import ANSWER_OPTIONS
from ..sources.compile import compile_criterion
from ..engine import evaluate  # the engine itself: the build runs exactly what the browser runs
from ..engine.shapes import Result
from .rulephrase import phrase

# Keys the engine never decides with: what readers read, where it comes from, worked examples.
# Everything else in a compiled spec (ids, order, answers, options and params, minimum/maximum,
# ask_if, group, positive, score, report, outcomes and their when) is a rule.
PROSE_KEYS = frozenset({
    "title", "text", "help", "label", "interpretation", "next_steps", "intro", "warnings", "population",
    "rule_text", "name", "source_text", "sources", "examples", "reviewed", "version", "note", "see_also",
    "edition", "kind", "list",
})
ANSWER_KINDS = {kind: " / ".join(label for _, label in options) for kind, options in ANSWER_OPTIONS.items()}
ANSWER_KINDS.update({"entier": "nombre entier", "choix": "choix dans une liste"})
# Parameters of the caseload planner's options; any other parameter is named by its key.
PARAM_LABELS = {"capacite_max": "Capacité par gestionnaire", "capacite_min": "Capacité minimale par gestionnaire",
                "strict": "Seuil strict (1 : strictement moins, ou plus, que la capacité)",
                "environ": "Chiffre approximatif (1 : « environ »)"}


def spec_of(criterion) -> dict:
    """The compiled spec of a Criterion model (labels and factor texts are prose: not needed)."""
    return compile_criterion(criterion, {}, None)


def engine_view(value: Any) -> Any:
    """The spec minus its prose keys, order kept: two equal views decide identically."""
    if isinstance(value, dict):
        return {k: engine_view(v) for k, v in value.items() if k not in PROSE_KEYS}
    if isinstance(value, list):
        return [engine_view(v) for v in value]
    return value


def num(value: Any) -> str:
    """« 40 », « 42,5 »: numbers as French readers write them."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def quoted(text: str, limit: int = 160) -> str:
    """« text », cut after a whole word when longer than ``limit`` (never « référence régional… »)."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        cut = text[: limit - 1]
        if text[limit - 1] != " ":  # inside a word: back to the space before it (a single long word stays whole)
            cut = cut[: cut.rindex(" ")] if " " in cut else text[: text.index(" ")] if " " in text else text
        cut = cut.rstrip(" ,;:—-")
        text = cut + "…" if cut != text else text
    return f"« {text} »"


def rule_diff(a: dict, b: dict) -> list[str]:
    """Lines « … : national → édition » for every difference between two engine views of specs ``a``, ``b``."""
    if engine_view(a) == engine_view(b):
        return []
    qa, qb = {q["id"]: q for q in a["items"]}, {q["id"]: q for q in b["items"]}
    lines: list[str] = []
    lines += _sequence("Question", "questions", a["items"], b["items"], "id", lambda q: q.get("text", ""))
    for qid in [q for q in qb if q in qa]:
        lines += _question(qa[qid], qb[qid], qa, qb, a, b)
    lines += _sequence("Rubrique", "rubriques", a.get("groups", []), b.get("groups", []), "id", lambda g: g.get("title", ""))
    if engine_view(a.get("positive")) != engine_view(b.get("positive")):
        lines.append(f"Règle de repérage : {phrase(a.get('positive'), qa)} → {phrase(b.get('positive'), qb)}")
    if engine_view(a.get("score")) != engine_view(b.get("score")):
        lines.append(f"Calcul du score : {_score(a.get('score'), qa)} → {_score(b.get('score'), qb)}")
    if a.get("report") != b.get("report"):
        lines.append(f"Bilan des écarts : {'oui' if a.get('report') else 'non'} → {'oui' if b.get('report') else 'non'}")
    oa = [o for o in a["outcomes"] if o["id"] != "incomplet"]
    ob = [o for o in b["outcomes"] if o["id"] != "incomplet"]
    lines += _sequence("Résultat", "résultats (le premier dont la condition est vraie s'applique)", oa, ob, "id",
                       lambda o: o.get("label", ""))
    by_a = {o["id"]: o for o in oa}
    for o in ob:
        if o["id"] in by_a and engine_view(by_a[o["id"]].get("when")) != engine_view(o.get("when")):
            before, after = phrase(by_a[o["id"]].get("when"), qa), phrase(o.get("when"), qb)
            if before != after:  # the same words both sides (every option, one more): the option line says it
                lines.append(f"Condition du résultat {quoted(o.get('label', ''))} : {before} → {after}")
    if not lines:  # a difference no reader-level line describes: still a rule change, still said
        lines.append("Autre élément du calcul modifié (voir la spécification JSON de l'outil)")
    return lines


def prose_diff(a: dict, b: dict) -> list[str]:
    """Wording changes a reader should know about (no rule involved)."""
    lines = []
    qa = {q["id"]: q for q in a["items"]}
    for n, q in enumerate(b["items"], start=1):
        if q["id"] in qa and qa[q["id"]].get("text") != q.get("text"):
            lines.append(f"Libellé de la question {n} : {quoted(qa[q['id']].get('text', ''))} → {quoted(q.get('text', ''))}")
    oa = {o["id"]: o for o in a["outcomes"]}
    for o in b["outcomes"]:
        old = oa.get(o["id"])
        if old and (old.get("label"), old.get("interpretation"), old.get("next_steps")) != (
                o.get("label"), o.get("interpretation"), o.get("next_steps")):
            lines.append(f"Texte du résultat {quoted(o.get('label', ''))} adapté")
    for key, name in (("title", "Titre"), ("rule_text", "Règle en toutes lettres"), ("intro", "Présentation"),
                      ("warnings", "Mises en garde"), ("population", "Population")):
        if a.get(key) != b.get(key):
            lines.append(f"{name} : {_value(a.get(key))} → {_value(b.get(key))}")
    return lines


def _value(value: Any) -> str:
    if value in (None, [], ""):
        return "(aucun)"
    if isinstance(value, list):
        return " ; ".join(quoted(v, 80) for v in value)
    return quoted(value)


def _sequence(noun: str, plural: str, a: list, b: list, key: str, label) -> list[str]:
    """Added, removed and reordered entries of an ordered list (items, groups, outcomes, options)."""
    ka, kb = [x[key] for x in a], [x[key] for x in b]
    e = "" if noun == "Résultat" else "e"  # Question, Rubrique, Option are feminine
    lines = [f"{noun} retiré{e} : {quoted(label(x))}" for x in a if x[key] not in kb]
    lines += [f"{noun} ajouté{e} : {quoted(label(x))}" for x in b if x[key] not in ka]
    common_a, common_b = [k for k in ka if k in kb], [k for k in kb if k in ka]
    if common_a != common_b:
        names = {x[key]: label(x) for x in a + b}
        lines.append(f"Ordre des {plural} : " + ", ".join(quoted(names[k], 60) for k in common_a) + " → "
                     + ", ".join(quoted(names[k], 60) for k in common_b))
    return lines


def _question(qa: dict, qb: dict, all_a: dict, all_b: dict, a: dict, b: dict) -> list[str]:
    name = quoted(qb.get("text", ""), 80)
    lines = []
    if qa.get("answers") != qb.get("answers"):
        lines.append(f"Réponses possibles à {name} : {ANSWER_KINDS.get(str(qa.get('answers')), '?')} → "
                     f"{ANSWER_KINDS.get(str(qb.get('answers')), '?')}")
    for key, word in (("minimum", "Minimum"), ("maximum", "Maximum")):
        if qa.get(key) != qb.get(key):
            lines.append(f"{word} de {name} : {_bound(qa.get(key))} → {_bound(qb.get(key))}")
    if engine_view(qa.get("ask_if")) != engine_view(qb.get("ask_if")):
        lines.append(f"{name} posée si : {_asked(qa.get('ask_if'), all_a)} → {_asked(qb.get('ask_if'), all_b)}")
    if qa.get("group") != qb.get("group"):
        titles = {g["id"]: g.get("title", "") for g in a.get("groups", []) + b.get("groups", [])}
        lines.append(f"Rubrique de {name} (comptée dans le bilan) : {_group(qa.get('group'), titles)} → "
                     f"{_group(qb.get('group'), titles)}")
    if engine_view(qa.get("recommendations")) != engine_view(qb.get("recommendations")):
        lines.append(f"Recommandations associées à {name} : "
                     f"{len(qa.get('recommendations', []))} → {len(qb.get('recommendations', []))}, modifiées")
    oa, ob = qa.get("options", []), qb.get("options", [])
    lines += [f"{name} — {line}" for line in _sequence("Option", "options", oa, ob, "value", lambda o: o.get("label", ""))]
    before = {o["value"]: o for o in oa}
    for option in ob:
        old = before.get(option["value"])
        if old is None:
            continue
        pa, pb = old.get("params", {}), option.get("params", {})
        for param in [*pa, *(k for k in pb if k not in pa)]:
            if pa.get(param) != pb.get(param):
                lines.append(f"{quoted(option.get('label', ''), 100)} — {PARAM_LABELS.get(param, f'paramètre « {param} »')} : "
                             f"{_bound(pa.get(param))} → {_bound(pb.get(param))}")
    return lines


def _bound(value: Any) -> str:
    return "(aucun)" if value is None else num(value)


def _asked(cond: Any, questions: dict) -> str:
    return "toujours" if cond is None else phrase(cond, questions)


def _group(gid: str | None, titles: dict) -> str:
    return "(aucune)" if not gid else quoted(titles.get(gid, gid), 80)


def _score(score: Any, questions: dict) -> str:
    if not isinstance(score, dict):
        return "aucun"
    if "count" in score:
        return f"nombre de réponses « {score.get('equals')} » parmi {len(score['count'])} question(s)"
    ratio = score.get("ratio") or {}
    num_q = questions.get(str(ratio.get("numerator")), {}).get("text", "?")
    low, high = (PARAM_LABELS.get(str(ratio.get(k)), ratio.get(k)) for k in ("low", "high"))
    return f"{quoted(num_q, 60)} divisé par « {low} » (fourchette avec « {high} »)"


def example_diff(a: dict, b: dict) -> list[str]:
    """The national tool's worked examples run on both specs: a different verdict is shown as such."""
    labels = {o["id"]: o.get("label", "") for o in a["outcomes"] + b["outcomes"]}
    lines = []
    for example in a.get("examples", []):
        ra, rb = evaluate(a, example["answers"]), evaluate(b, example["answers"])
        if not rb.get("ok"):
            lines.append(f"Cas d'exemple national {quoted(example['name'], 80)} : ne s'applique plus à cette édition")
            continue
        before = (ra.get("outcome"), ra.get("score"))
        after = (rb.get("outcome"), rb.get("score"))
        if before != after:
            lines.append(f"Cas d'exemple national {quoted(example['name'], 80)} : {_verdict(ra, labels)} → {_verdict(rb, labels)}")
    return lines


def _verdict(result: Result, labels: dict) -> str:
    text = quoted(labels.get(result.get("outcome"), result.get("outcome") or "?"), 80)
    score = result.get("score")
    if isinstance(score, (list, tuple)):
        return f"{text} ({' à '.join(num(s) for s in score)})"
    return text if score is None else f"{text} ({num(score)})"
