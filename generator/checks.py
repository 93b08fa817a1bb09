"""Cross-file checks on the merged project: every reference, link and marker must resolve."""
from __future__ import annotations

import difflib

from . import rules
from .errors import InvalidMarkup, InvalidRule, Problem, UnknownReference
from .markers import find_markers, markup_problems
from .models import COLLECTIONS, CRITERIA
from .project import Project, factor_index, links, source_refs


def cross_checks(project: Project, texts: list[tuple[str, int | None, str]]) -> list[Problem]:
    problems = _references(project) + _recommendations(project) + _texts(texts, project)
    for entry in project.records[CRITERIA.name].values():
        problems += rules.check(entry.record, entry.rel, entry.line) + _example_answers(entry)
    return problems


def _example_answers(entry) -> list[Problem]:
    """Each answer of a worked example is one its question allows (rules.check only knows question ids)."""
    questions = {q.id: q for q in entry.record.items}
    problems = []
    for example in entry.record.examples:
        for item, answer in example.answers.items():
            question = questions.get(item)
            if question is None:
                continue  # an unknown question: rules.check reports it
            if question.answers == "entier":
                low, high = question.minimum, question.maximum
                ok = isinstance(answer, int) and (low is None or answer >= low) and (high is None or answer <= high)
            else:
                ok = answer in (rules.values_of(question) or ())
            if not ok:
                problems.append(InvalidRule.at(entry.rel, entry.line, problem=(
                    f"cas d'exemple « {example.name} » : « {item} » ne peut pas valoir « {answer} »")))
    return problems


def _references(project: Project) -> list[Problem]:
    problems = []
    refs = project.records["references"]
    for entries in project.records.values():
        for entry in entries.values():
            for source in source_refs(entry.record):
                if not project.known(f"references/{source}"):
                    problems.append(UnknownReference.at(entry.rel, entry.line, target=f"references/{source}",
                                                        hint=hint(source, refs)))
            for link in links(entry.record):
                if not project.known(link):
                    collection, _, rid = link.partition("/")
                    problems.append(UnknownReference.at(entry.rel, entry.line, target=link,
                                                        hint=hint(rid, project.records.get(collection, {}), collection)))
    for page in project.pages:
        for source in page.meta.sources:
            if not project.known(f"references/{source.ref}"):
                problems.append(UnknownReference.at(page.rel, 1, target=f"references/{source.ref}", hint=hint(source.ref, refs)))
    return problems


def _recommendations(project: Project) -> list[Problem]:
    known = factor_index(project)
    return [UnknownReference.at(entry.rel, entry.line, target=f"success-factors/{ref}", hint="")
            for entry in project.records[CRITERIA.name].values()
            for question in entry.record.items for ref in question.recommendations if ref not in known]


def _texts(texts: list, project: Project) -> list[Problem]:
    problems = []
    for rel, line, text in texts:
        base = line or 1
        for offset, description in markup_problems(text):
            problems.append(InvalidMarkup.at(rel, base + offset, problem=description))
        for marker in find_markers(text):
            where = base + marker.line_offset
            if marker.kind == "bad":
                problems.append(InvalidMarkup.at(rel, where, problem=(
                    f"marqueur « [[{marker.target}]] » mal formé : attendu [[source:référence|localisateur]] "
                    "ou [[collection/identifiant]]")))
            elif not project.known(marker.target):
                collection, _, rid = marker.target.partition("/")
                problems.append(UnknownReference.at(rel, where, target=marker.target,
                                                    hint=hint(rid, project.records.get(collection, {}), collection)))
    return problems


def hint(wrong: str, known: dict, collection: str | None = None) -> str:
    if collection is not None and collection not in COLLECTIONS and collection != CRITERIA.name:
        names = ", ".join([*COLLECTIONS, CRITERIA.name])
        return f" (collection « {collection} » inconnue ; collections : {names})"
    close = difflib.get_close_matches(wrong, list(known), n=1, cutoff=0.6)
    return f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
