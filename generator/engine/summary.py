"""The plain French text « Copier le résultat » puts on the clipboard.

Built from the spec and a result of ``evaluate``: grid, version, date,
answers (asked questions only), outcome and source — nothing else, so a
professional can paste it into a record knowing exactly what it says — and,
when the page gives it, the tool's address, with the address of each link
the result's text points to (« voir … (https://…) »): pasted text has no links.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urljoin, urlsplit

from .fhir_response import plain_text
from .scales import LABELS as ANSWER_LABELS, label as _scale_label
from .shapes import Answer, Question, Result, Spec


def _date_fr(day: object) -> str:
    """« 2026-11-23 » → « 23/11/2026 »; anything else is shown as given."""
    parts = str(day).split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    return str(day)


# A Markdown link of a source text, written from the tool's page in the sources (outils/<id>.md): « [texte](cible) ».
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")


def _absolute(target: str, address: str) -> str:
    """``target`` as an address: relative to the tool's source page, the published page's address minus its
    final slash plus « .md » (…/outils/<id>/ → …/outils/<id>.md); a source page becomes its folder."""
    if urlsplit(target).scheme:
        return target
    page, _, fragment = urljoin(address.rstrip("/") + ".md", target).partition("#")
    if page.endswith("/index.md"):
        page = page[: -len("index.md")]
    elif page.endswith(".md"):
        page = page[: -len(".md")] + "/"
    return page + (f"#{fragment}" if fragment else "")


def text(value: object, address: str | None = None) -> str:
    """A source text as the clipboard gets it: one line, no Markdown (« **Une gouvernance** » → « Une gouvernance »);
    with the tool's address, each link keeps its own, in brackets after its words."""
    if address:
        value = _LINK.sub(lambda m: f"{m.group(1)} ({_absolute(m.group(2), address)})", str(value))
    return " ".join(plain_text(value).split())


def _answer_label(question: Question, value: object) -> str:
    return _scale_label(question, value)


def _gaps(spec: Spec, result: Result) -> list[str]:
    """Self-assessment: the gaps and their recommendations, then the counts per list."""
    if not result.get("gaps") and not result.get("counts"):
        return []
    texts = {q.get("id"): q for q in spec.get("items", [])}
    titles = {g.get("id"): g.get("title") for g in spec.get("groups", [])}
    lines = ["", "Écarts :" if result.get("gaps") else "Aucun écart relevé."]
    for gap in result.get("gaps", []):
        question = texts.get(gap.get("item"), {})
        lines.append(f"- {text(question.get('text', gap.get('item')))} "
                     f"({ANSWER_LABELS.get(gap.get('value'), gap.get('value'))})")
        for recommendation in question.get("recommendations", []):
            lines.append(f"  • {text(recommendation.get('text'))} ({text(recommendation.get('list'))})")
    for group, tally in (result.get("counts") or {}).items():
        lines.append(f"{text(titles.get(group, group))} : {tally.get('atteint', 0)} atteint(s), {tally.get('partiel', 0)} "
                     f"partiellement, {tally.get('non-atteint', 0)} non atteint(s), {tally.get('sans-reponse', 0)} sans réponse.")
    return lines


def summarize(spec: Spec, answers: Mapping[str, Answer], result: Result, day: object, address: str | None = None) -> str:
    """Plain-text summary of one evaluation; never raises. ``address``: the tool's page (absolute URL), if known."""
    try:
        lines = [f"Repères — {text(spec.get('title', spec.get('id', '')))} (version {spec.get('version', '?')})",
                 f"Date : {_date_fr(day)}", "", "Réponses :"]
        asked = result.get("asked") or []
        answered = 0
        for question in spec.get("items", []):
            qid = question.get("id")
            if qid in asked and answers.get(qid) not in (None, ""):
                lines.append(f"- {text(question.get('text', qid))} — {text(_answer_label(question, answers[qid]))}")
                answered += 1
        if not answered:
            lines.append("- (aucune réponse)")
        lines.append("")
        if not result.get("ok"):
            lines.append("Résultat : réponses impossibles à évaluer.")
        else:
            lines.append(f"Résultat : {text(result.get('label'))}")
            lines.append(text(result.get("interpretation", ""), address))
            # The score or estimate as the page shows it, in the engine's own words (« Au plus 3 … »).
            lines += [step["text"] for step in result.get("trace") or []
                      if step.get("rule") == "score" and step.get("value") is True]
            for step in result.get("next_steps") or []:
                lines.append(f"- {text(step, address)}")
            lines += _gaps(spec, result)
            # An edition's local contacts for this result (compiled into its spec by the generator).
            contacts = spec.get("contacts") or {}
            outcome = result.get("outcome")
            for contact in (contacts.get(outcome, []) if outcome is not None else []) + contacts.get("*", []):
                lines.append(f"Contact local : {text(contact)}")
        lines += ["", f"Source : {text(spec.get('source_text', ''))}"]
        if address:
            lines.append(f"Outil : {address}")
        lines.append("Calcul effectué dans le navigateur ; aucune donnée n'a été enregistrée ni envoyée.")
        return "\n".join(lines)
    except Exception:  # the page must keep working even on a malformed result
        return "Repères — résumé indisponible."
