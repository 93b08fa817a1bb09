"""Cross-file checks on the merged project: every reference, link and marker must resolve."""
from __future__ import annotations

import difflib
import re

from ..sources import rules
from ..sources.compile import compile_criterion
from ..engine import evaluate
from ..sources.errors import DuplicateId, ExampleMismatch, InvalidMarkup, InvalidRule, Problem, UnknownReference
from .links import CHANGES_URI, record_uri, url_folder
from ..sources.markers import find_markers, markup_problems
from ..sources.models import COLLECTIONS, CRITERIA
from ..sources.models.criteria import RatioScore
from .project import Project, factor_index, links, source_refs


def cross_checks(project: Project, texts: list[tuple[str, int | None, str]]) -> list[Problem]:
    hint = Hints()
    problems = _references(project, hint) + _recommendations(project) + _texts(texts, project, hint)
    problems += _collisions(project)
    for entry in project.records[CRITERIA.name].values():
        found = rules.check(entry.record, entry.rel, entry.line) + _example_answers(entry)
        problems += found or _example_results(entry)  # a rule that is not consistent can't be run
    return problems


def _example_results(entry) -> list[Problem]:
    """Each worked example, run through the engine, gets the outcome (and verdict, score) it announces.

    The page publishes the examples as what the tool answers: a wrong one would teach a wrong rule.
    """
    spec = compile_criterion(entry.record, {})
    labels = {o["id"]: o["label"] for o in spec["outcomes"]}
    problems = []
    for index, example in enumerate(entry.record.examples):
        result = evaluate(spec, example.answers)
        line = entry.example_lines[index] if index < len(entry.example_lines) else entry.line
        wrong = []
        if not result["ok"]:
            wrong.append("le moteur ne peut pas évaluer ses réponses (" + "; ".join(e["message"] for e in result["errors"]) + ")")
        else:
            if result["outcome"] != example.expect_outcome:
                wrong.append(f"résultat annoncé « {labels.get(example.expect_outcome, example.expect_outcome)} » "
                             f"({example.expect_outcome}), obtenu « {result['label']} » ({result['outcome']})")
            if example.expect_positive is not None and result["positive"] is not example.expect_positive:
                said = {True: "positif", False: "négatif", None: "non décidé"}
                wrong.append(f"repérage annoncé {said[example.expect_positive]}, obtenu {said[result['positive']]}")
            if example.expect_score is not None and result["score"] != example.expect_score:
                wrong.append(f"score annoncé {example.expect_score:g}, obtenu {result['score']}")
            if example.expect_score_max is not None and result["score_max"] != example.expect_score_max:
                wrong.append(f"nombre maximal annoncé {example.expect_score_max:g}, obtenu {result['score_max']}")
            no_fit = result["complete"] and result["score"] is None and result["score_max"] is None
            if example.expect_fit is not None and example.expect_fit == no_fit:
                wrong.append("annoncé : aucun nombre entier ne convient ; obtenu : un nombre" if no_fit is False else
                             "un nombre annoncé ; obtenu : aucun nombre entier ne convient")
            if isinstance(entry.record.score, RatioScore):
                wrong += _announced_figures(example)
        problems += [ExampleMismatch.at(entry.rel, line, name=example.name, problem=w) for w in wrong]
    return problems


def _announced_figures(example) -> list[str]:
    """A planner's example asserts its figures, and its name announces those figures and no other
    (« 210 situations, guide britannique (50 à 80) — de 3 à 4 gestionnaires de cas »: 3 and 4)."""
    figures = {int(x) for x in (example.expect_score, example.expect_score_max) if x is not None}
    if example.expect_fit is not False and not figures:
        return ["un cas d'exemple du planificateur annonce ses chiffres : expect_score, expect_score_max, "
                "ou expect_fit: false quand aucun nombre entier ne convient"]
    if " — " not in example.name:
        return []
    said = {int(x) for x in re.findall(r"\d+", example.name.rsplit(" — ", 1)[1])}
    if said != figures:
        shown = ", ".join(str(x) for x in sorted(said)) or "aucun chiffre"
        return [f"le nom annonce {shown} après « — », le cas d'exemple en attend "
                f"{', '.join(str(x) for x in sorted(figures)) or 'aucun (aucun nombre entier ne convient)'}"]
    return []


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
                possible = f"un nombre entier entre {'…' if low is None else low} et {'…' if high is None else high}"
            else:
                allowed = rules.values_of(question) or set()
                ok, possible = answer in allowed, ", ".join(sorted(allowed))
            if not ok:
                problems.append(InvalidRule.at(entry.rel, entry.line, problem=(
                    f"cas d'exemple « {example.name} » : « {item} » ne peut pas valoir « {answer} » "
                    f"(possibles : {possible})")))
    return problems


def _collisions(project: Project) -> list[Problem]:
    """A Markdown page where the generator publishes its own (a collection, a record, the format or
    « écarts » page): reported here, rather than failing later while rendering."""
    generated = {"a-propos/format-des-sources.md": "la page « Format des sources », produite par le générateur",
                 CHANGES_URI: "la page des écarts d'une édition, produite par le générateur"}
    for collection, entries in project.records.items():
        if entries:
            generated[f"{url_folder(collection)}/index.md"] = f"la page de la collection « {collection} »"
        for rid in entries:
            generated.setdefault(record_uri(collection, rid)[0], f"la page de la fiche « {collection}/{rid} »")
    return [DuplicateId.at(page.rel, 1, id=f"page:{page.src_uri}", other=generated[page.src_uri])
            for page in project.pages if page.src_uri in generated]


def _references(project: Project, hint: Hints) -> list[Problem]:
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


def _texts(texts: list, project: Project, hint: Hints) -> list[Problem]:
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


class Hints:
    """« vouliez-vous dire … ? » for an unknown id, within a budget of comparisons per run.

    Each suggestion compares the wrong id with every known one: ten thousand unknown ids among ten
    thousand records took minutes, for suggestions nobody would read past the first ones.
    """

    BUDGET = 200_000

    def __init__(self) -> None:
        self.left = self.BUDGET

    def __call__(self, wrong: str, known: dict, collection: str | None = None) -> str:
        if collection is not None and collection not in COLLECTIONS and collection != CRITERIA.name:
            names = ", ".join([*COLLECTIONS, CRITERIA.name])
            return f" (collection « {collection} » inconnue ; collections : {names})"
        if len(known) > self.left:
            return ""
        self.left -= len(known)
        close = difflib.get_close_matches(wrong, list(known), n=1, cutoff=0.6)
        return f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
