"""FHIR R4 exports: each grid's Questionnaire (generator/fhir.py) and the
QuestionnaireResponse the browser builds (generator/engine/fhir_response.py).

The FHIRPath rules of every Questionnaire are run as an SDC form filler would run them
(fhirpath.js for the exhaustive cases, fhirpathpy for the worked examples and the
negative controls), on the responses to many answer sets: they must give exactly
what the engine gives, field by field (outcome, positive, score, score_max and
completeness), on the answers the response carries and on the answers themselves —
an answer that waits on an undecided gate counts for neither (issue 21).
"""
from __future__ import annotations

import copy
import functools
import itertools
import json
import multiprocessing
import os
import random
import re

import fhirpathpy
import pytest
# fhir.resources 8.x has no R4 package: its default models are R5 (5.0.0) and fhir.resources.R4B
# is FHIR 4.3.0. R4B changed only the medication-definition, evidence and subscription resources,
# so its Questionnaire and QuestionnaireResponse are R4's (4.0.1): R4B is the R4-compatible module.
from fhir.resources.R4B import __fhir_version__ as R4B_VERSION
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhirpathpy.models import models

import fhirpath_js
from criteria_specs import published, rendered
from engine.engine_specs import ALL_SPECS, make_spec, outcome, question
from engine.pyodide_harness import pyodide_missing, responses_in_pyodide
from fhirpath_js import fhirpath_js_missing
from generator import fhir
from generator.engine import evaluate, logic, questionnaire_response
from generator.engine.answers import read_answers
from generator.engine.fhir_response import plain_text
from generator.engine.spec import CHOICES

R4 = models["r4"]
DAY = "2026-11-23"
RESULTS = {"outcome": "reperes:resultat", "positive": "reperes:positif", "score": "reperes:score",
           "score_max": "reperes:score-max", "complete": "reperes:complet"}
FIELDS = tuple(RESULTS)  # every field of the engine's result that the Questionnaire computes
ITEM_TYPES = {"group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time", "string", "text",
              "url", "choice", "open-choice", "attachment", "reference", "quantity"}
OPERATORS = {"exists", "=", "!=", ">", "<", ">=", "<="}


def test_validated_against_r4_compatible_models():
    assert R4B_VERSION == "4.3.0"


# -- helpers ------------------------------------------------------------------------------------


def walk(items):
    for item in items or []:
        yield item
        yield from walk(item.get("item"))


def extension(element, url):
    return next((e["valueExpression"]["expression"] for e in element.get("extension", []) if e["url"] == url), None)


def questions_of(resource):
    """Question items (not groups, displays or computed results) by linkId."""
    return {i["linkId"]: i for i in walk(resource.get("item")) if i["type"] not in ("group", "display")
            and not i["linkId"].startswith("reperes:")}


def carried(response):
    """{question: value} that a QuestionnaireResponse carries."""
    out = {}
    for item in walk(response.get("item")):
        for answer in item.get("answer", []):
            out[item["linkId"]] = answer["valueCoding"]["code"] if "valueCoding" in answer else answer["valueInteger"]
    return out


def gates(spec, answers):
    """The engine's gate of each question (True, False, None) and the answers waiting on an undecided one."""
    questions = {q["id"]: q for q in spec["items"]}
    values, problems = read_answers(questions, answers)
    assert not problems
    state = logic.State(questions, values)
    logic.open_gates(state)
    return state.gates, [qid for qid in values if state.gates[qid] is None]


def single(collection):
    assert isinstance(collection, list) and len(collection) <= 1, collection
    return collection[0] if collection else None


PY, JS = "fhirpathpy", "fhirpath.js"
_VALID: set[str] = set()  # shapes of the responses already validated in this process
_INTEGER = re.compile(r'"valueInteger": -?[0-9]+')


def valid_response(key: str, response: dict) -> None:
    """``response`` (``key``: its JSON) validates as a FHIR R4 QuestionnaireResponse: checked once per
    distinct shape — the responses of the planner's 12,000 sizes differ only by a 32-bit integer (a larger
    one is never carried), which validates the same — however many Questionnaires' rules run on it."""
    shape = _INTEGER.sub('"valueInteger": 0', key)
    if shape not in _VALID:
        QuestionnaireResponse.model_validate(response)
        _VALID.add(shape)


class Rules:
    """A Questionnaire's FHIRPath, run as an SDC form filler runs it, by fhirpathpy or fhirpath.js.

    fhirpath.js (``JS``, seven times faster) runs the exhaustive tests; fhirpathpy (``PY``) the worked
    examples and the negative controls; test_fhirpath_implementations_agree checks both agree.
    """

    def __init__(self, resource: dict, implementation: str = JS):
        self.resource = resource
        self.implementation = implementation
        # Expressions by variable name (in order: a variable may use the earlier ones) and by linkId.
        self.variables = [(e["valueExpression"]["name"], e["valueExpression"]["expression"])
                          for e in resource.get("extension", []) if e["url"] == fhir.VARIABLE]
        items = list(walk(resource["item"]))
        self.calculated = {i["linkId"]: x for i in items if (x := extension(i, fhir.CALCULATED))}
        self.enable_expressions = {i["linkId"]: x for i in items if (x := extension(i, fhir.ENABLE_WHEN_EXPRESSION))}
        if implementation == PY:
            self.compiled = {x: fhirpathpy.compile(x, R4) for x in
                             [x for _, x in self.variables] + [*self.calculated.values(), *self.enable_expressions.values()]}
        else:
            assert implementation == JS, implementation
            if reason := fhirpath_js_missing():
                pytest.fail(f"needs fhirpath.js under Node: {reason}")
        self.cache: dict[str, tuple[dict, dict, set]] = {}

    def compute(self, key: str) -> tuple[dict, dict, set]:
        """(variables, calculated item values, enabled questions) for a response given as JSON, by fhirpathpy.

        The response is validated first, as a FHIR R4 QuestionnaireResponse.
        """
        response = json.loads(key)
        valid_response(key, response)
        env = {"resource": response, "questionnaire": self.resource}
        for name, expression in self.variables:
            env[name] = self.compiled[expression](response, env)
        values = {link: self.compiled[x](response, env) for link, x in self.calculated.items()}
        enable = {link: self.compiled[x](response, env) for link, x in self.enable_expressions.items()}
        return ({k: v for k, v in env.items() if k not in ("resource", "questionnaire")}, values,
                self.enabled(response, enable))

    def run_many(self, keys: list[str]) -> None:
        """Compute every response not seen yet: fhirpath.js in one batch, or fhirpathpy on all cores for many."""
        todo = [key for key in dict.fromkeys(keys) if key not in self.cache]
        if self.implementation == JS:
            responses = [json.loads(key) for key in todo]
            for key, response in zip(todo, responses):
                valid_response(key, response)
            done = fhirpath_js.evaluate_all(self.resource, self.variables, self.calculated, self.enable_expressions,
                                            responses)
            self.cache.update((key, (out["env"], out["values"], self.enabled(response, out["enable"])))
                              for key, response, out in zip(todo, responses, done))
            return
        workers = min(os.cpu_count() or 1, 4)
        if len(todo) < 400 or workers < 2:
            self.cache.update((key, self.compute(key)) for key in todo)
            return
        global _POOLED
        _POOLED = self  # inherited by the forked workers, with its compiled expressions
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            self.cache.update(pool.imap_unordered(_compute_pooled, todo, chunksize=64))

    def enabled(self, response, enable: dict[str, list]) -> set:
        """The questions FHIR enables: enableWhen (R4 semantics) or enableWhenExpression (its value given), in order."""
        answers = {i["linkId"]: i.get("answer", []) for i in walk(response.get("item"))}
        enabled: set[str] = set()

        def holds(when):
            # A disabled question counts as unanswered, whatever the response says.
            given = answers.get(when["question"], []) if when["question"] in enabled else []
            if when["operator"] == "exists":
                return bool(given) == when["answerBoolean"]
            if "answerCoding" in when:
                wanted = (when["answerCoding"]["system"], when["answerCoding"]["code"])
                hits = [(a["valueCoding"]["system"], a["valueCoding"]["code"]) == wanted for a in given if "valueCoding" in a]
                assert when["operator"] in ("=", "!=")
                return any(hits) if when["operator"] == "=" else bool(given) and not any(hits)
            compare = {"=": int.__eq__, "!=": int.__ne__, ">": int.__gt__, "<": int.__lt__, ">=": int.__ge__,
                       "<=": int.__le__}[when["operator"]]
            return any(compare(a["valueInteger"], when["answerInteger"]) for a in given if "valueInteger" in a)

        def visit(items, parent):
            for item in items or []:
                on = parent
                if item["linkId"] in self.enable_expressions:
                    on = on and enable[item["linkId"]] == [True]
                elif item.get("enableWhen"):
                    results = [holds(w) for w in item["enableWhen"]]
                    on = on and (all(results) if item.get("enableBehavior") == "all" else any(results))
                if on and item["type"] not in ("group", "display") and not item["linkId"].startswith("reperes:"):
                    enabled.add(item["linkId"])
                visit(item.get("item"), on)

        visit(self.resource["item"], True)
        return enabled


_POOLED: Rules | None = None


def _compute_pooled(key: str):
    return key, _POOLED.compute(key)


@functools.lru_cache(maxsize=None)
def shipped_questionnaire(cid: str) -> dict:
    return fhir.questionnaire(published()[cid], None)


@functools.lru_cache(maxsize=None)
def shipped_rules(cid: str, implementation: str = JS) -> Rules:
    return Rules(shipped_questionnaire(cid), implementation)


class Engine:
    """What the engine gives on one spec, each answer set computed once: a response's carried answers are
    most often another case of the same run, and the negative controls run the same cases on the shipped
    and on the mutated Questionnaire (the engine is deterministic). Only the last spec's are kept."""

    last: Engine | None = None

    def __init__(self, spec: dict):
        self.spec, self.key = spec, json.dumps(spec, sort_keys=True)
        self._results: dict[str, dict] = {}
        self._responses: dict[str, tuple[dict, str]] = {}
        self._gates: dict[str, tuple[dict, list]] = {}

    @classmethod
    def of(cls, spec: dict) -> Engine:
        if cls.last is None or cls.last.key != json.dumps(spec, sort_keys=True):
            cls.last = cls(spec)
        return cls.last

    def evaluate(self, answers: dict) -> dict:
        key = json.dumps(answers, sort_keys=True)
        if key not in self._results:
            self._results[key] = evaluate(self.spec, answers)
        return self._results[key]

    def response(self, answers: dict, result: dict) -> tuple[dict, str]:
        """The QuestionnaireResponse of ``answers`` (``result`` is the engine's on them) and its JSON."""
        key = json.dumps(answers, sort_keys=True)
        if key not in self._responses:
            response = questionnaire_response(self.spec, answers, result, DAY)
            self._responses[key] = response, json.dumps(response, sort_keys=True)
        return self._responses[key]

    def gates(self, answers: dict) -> tuple[dict, list]:
        key = json.dumps(answers, sort_keys=True)
        if key not in self._gates:
            self._gates[key] = gates(self.spec, answers)
        return self._gates[key]


def disagreements(spec: dict, rules: Rules, cases) -> list[str]:
    """Every difference between the Questionnaire's FHIRPath and the engine, over ``cases``."""
    out = []
    names = fhir.gate_variables(spec)
    declared = rules.resource.get("description", "")
    engine = Engine.of(spec)
    built = []
    for answers in cases:
        result = engine.evaluate(answers)
        assert result["ok"], (answers, result["errors"])
        built.append((answers, result, *engine.response(answers, result)))
    rules.run_many([key for *_, key in built])
    for answers, result, response, key in built:
        where = f"{spec['id']} {answers}"
        # Shape: status follows « complete »; items for the asked, answered questions only.
        if response["status"] != ("completed" if result["complete"] else "in-progress"):
            out.append(f"{where}: status {response['status']}")
        answered = {qid for qid in result["asked"] if answers.get(qid) not in (None, "")}
        if set(carried(response)) != answered:
            out.append(f"{where}: response items {sorted(carried(response))} ≠ asked and answered {sorted(answered)}")
        env, values, enabled = rules.cache[key]
        # 1. Exactly the engine on the answers the response carries.
        given = carried(response)
        expected = engine.evaluate(given)
        engine_gates, pending = engine.gates(given)
        if enabled != set(expected["asked"]):
            out.append(f"{where}: enabled {sorted(enabled)} ≠ asked {expected['asked']}")
        for qid, name in names.items():
            if single(env[name]) != engine_gates[qid]:
                out.append(f"{where}: {name} = {env[name]} ≠ gate {engine_gates[qid]}")
        got = {}
        for key, link in RESULTS.items():
            if link not in rules.calculated:
                # Left out: the spec has no such rule, or the Questionnaire says FHIRPath can't carry it.
                if expected[key] is not None and key != "outcome" and f"- `{key}`" not in declared:
                    out.append(f"{where}: {key} neither computed nor declared inexpressible")
                continue
            value = single(values[link])
            got[key] = value["code"] if key == "outcome" and value is not None else value
            if got[key] != expected[key]:
                out.append(f"{where}: {key} = {got[key]!r} ≠ engine {expected[key]!r} on the carried answers")
        # 2. The engine on the answers themselves, field by field: an answer that waits on an undecided
        # gate is one the response can't carry, and one the engine does not count either.
        for key in FIELDS:
            if key in got and got[key] != result[key]:
                out.append(f"{where}: {key} = {got[key]!r} ≠ engine {result[key]!r}")
    return out


def assert_agree(spec, rules, cases):
    problems = disagreements(spec, rules, cases)
    assert not problems, f"{len(problems)} disagreements, first ones:\n" + "\n".join(problems[:10])


def product(ids, values):
    return [{qid: v for qid, v in zip(ids, combo) if v is not None} for combo in itertools.product(values, repeat=len(ids))]


# -- the Questionnaires -------------------------------------------------------------------------


@pytest.mark.parametrize("cid", sorted(published()))
def test_questionnaire_validates_as_fhir_r4(cid):
    resource = shipped_questionnaire(cid)
    parsed = Questionnaire.model_validate(resource)
    assert parsed.id == cid and parsed.status == "active" and parsed.language == "fr"
    spec = published()[cid]
    assert resource["url"] == f"urn:reperes:questionnaire:{cid}" and resource["version"] == spec["version"]
    assert resource["date"] == spec["reviewed"] and resource["publisher"] == "Repères"
    assert resource["name"].isascii() and resource["name"][0].isupper() and resource["name"].isalnum()
    assert resource["description"].startswith(spec.get("intro") or spec["title"])
    # Where its source applies (issue 21): ISO 3166 for France and Québec, UN M49 « World » for international.
    codes = {"france": "FR", "quebec": "CA-QC", "international": "001"}
    assert [j["coding"][0]["code"] for j in resource["jurisdiction"]] == [codes[j] for j in spec["jurisdiction"]]
    # What the pydantic models don't check: codes, and the invariants of R4's Questionnaire.
    items = list(walk(resource["item"]))
    links = [i["linkId"] for i in items]
    assert len(links) == len(set(links))  # que-2
    for item in items:
        assert item["type"] in ITEM_TYPES
        if item["type"] in ("group", "display"):  # que-1
            assert bool(item.get("item")) == (item["type"] == "group")
        assert not (item["type"] == "display" and item.get("readOnly"))  # que-9
        for when in item.get("enableWhen", []):
            assert when["operator"] in OPERATORS and when["question"] in links
        if len(item.get("enableWhen", [])) > 1:
            assert item["enableBehavior"] in ("all", "any")  # que-12
    for ext in resource.get("extension", []):
        assert fhir.NAME.fullmatch(ext["valueExpression"]["name"])


@pytest.mark.parametrize("cid", sorted(published()))
def test_questions_link_ids_and_answer_options(cid):
    spec, resource = published()[cid], shipped_questionnaire(cid)
    items = questions_of(resource)
    assert list(items) == [q["id"] for q in spec["items"]]
    for q in spec["items"]:
        item = items[q["id"]]
        if q["answers"] == "entier":
            assert item["type"] == "integer" and "answerOption" not in item
            bounds = {e["url"]: e["valueInteger"] for e in item.get("extension", []) if "valueInteger" in e}
            assert bounds.get(fhir.MIN_VALUE) == q.get("minimum") and bounds.get(fhir.MAX_VALUE) == q.get("maximum")
            continue
        allowed = CHOICES[q["answers"]] or [o["value"] for o in q["options"]]
        codings = [o["valueCoding"] for o in item["answerOption"]]
        assert item["type"] == "choice" and [c["code"] for c in codings] == list(allowed)
        system = "urn:reperes:answers" if q["answers"] != "choix" else f"urn:reperes:options:{cid}:{q['id']}"
        assert all(c["system"] == system and c["display"] for c in codings)


@pytest.mark.parametrize("cid", sorted(published()))
def test_groups_nest_their_questions(cid):
    spec, resource = published()[cid], shipped_questionnaire(cid)
    grouped = {q["id"]: q.get("group") for q in spec["items"]}
    top = {i["linkId"] for i in resource["item"]}
    for item in resource["item"]:
        if item["type"] == "group" and not item["linkId"].startswith("reperes:"):
            group = item["linkId"].split(":")[1]
            assert item["text"] == plain_text(next(g["title"] for g in spec["groups"] if g["id"] == group))
            assert {i["linkId"] for i in item["item"]} <= {qid for qid, g in grouped.items() if g == group}
    assert {qid for qid, g in grouped.items() if g is None} <= top


def test_gated_questions_have_enable_when():
    gated = {(cid, q["id"]) for cid, spec in published().items() for q in spec["items"] if q.get("ask_if")}
    maia = {("maia-orientation-2015", q) for q in ("probleme_autonomie_fonctionnelle", "probleme_champ_medical",
                                                    "probleme_autonomie_decisionnelle")}
    assert gated == {("has-assistance-parcours", "peut_beneficier"), ("has-assistance-parcours", "accepte_orientation"),
                     ("niveaux-coordination", "pathologie_chronique_a_risque"), ("v1sages-reperage", "hebergement_longue_duree")} | maia
    for cid, qid in gated:  # all are said exactly by plain enableWhen
        item = questions_of(shipped_questionnaire(cid))[qid]
        assert item["enableWhen"] and extension(item, fhir.ENABLE_WHEN_EXPRESSION) is None
    peut = questions_of(shipped_questionnaire("has-assistance-parcours"))["peut_beneficier"]
    assert peut["enableBehavior"] == "any" and len(peut["enableWhen"]) == 6
    assert all(w["operator"] == "=" and w["answerCoding"]["code"] == "oui" for w in peut["enableWhen"])
    # all[un « oui », peut_beneficier = oui]: the first part is peut_beneficier's own gate, implied.
    accepte = questions_of(shipped_questionnaire("has-assistance-parcours"))["accepte_orientation"]
    assert [(w["question"], w["answerCoding"]["code"]) for w in accepte["enableWhen"]] == [("peut_beneficier", "oui")]
    patho = questions_of(shipped_questionnaire("niveaux-coordination"))["pathologie_chronique_a_risque"]
    assert [(w["question"], w["operator"], w["answerCoding"]["code"]) for w in patho["enableWhen"]] == [
        ("situation_complexe", "=", "non")]
    # V1SAGES: standard of care step 2 (long-term care) comes after implementation step 8 (≥ 6 visits).
    lodging = questions_of(shipped_questionnaire("v1sages-reperage"))["hebergement_longue_duree"]
    assert lodging["enableWhen"] == [{"question": "visites_urgence_12_mois", "operator": ">=", "answerInteger": 6}]
    # MAIA: what the instability is due to is asked only once the situation is said to be unstable (issue 21).
    for _, qid in maia:
        due = questions_of(shipped_questionnaire("maia-orientation-2015"))[qid]
        assert [(w["question"], w["answerCoding"]["code"]) for w in due["enableWhen"]] == [("situation_instable", "oui")]


def test_rules_are_fhirpath_variables_and_calculated_items():
    for cid, spec in published().items():
        resource, rules = shipped_questionnaire(cid), shipped_rules(cid)
        names = [name for name, _ in rules.variables]
        assert ("positive" in names) == ("positive" in spec) == (RESULTS["positive"] in rules.calculated)
        assert ("score" in names) == ("score" in spec) == (RESULTS["score"] in rules.calculated)
        assert "outcome" in names and RESULTS["outcome"] in rules.calculated
        assert "complete" in names and RESULTS["complete"] in rules.calculated  # completeness too (issue 21)
        outcomes = next(i for i in walk(resource["item"]) if i["linkId"] == RESULTS["outcome"])["answerOption"]
        assert [o["valueCoding"]["code"] for o in outcomes] == [o["id"] for o in spec["outcomes"]]
        assert all(i.get("readOnly") for i in walk(resource["item"]) if i["linkId"] in rules.calculated)
        # Nothing shipped is beyond FHIRPath but the self-assessment report.
        limits = resource["description"].split("Non exprimé en FHIRPath :")[1:]
        assert limits == ([] if spec.get("report") is None else ["\n- `report` : le bilan des écarts et ses "
                                                                  "recommandations ne sont pas traduits en FHIRPath."])
    conect = dict((e["valueExpression"]["name"], e["valueExpression"]["expression"])
                  for e in shipped_questionnaire("conect-6")["extension"])
    assert conect["positive"] == "iif(%countOui >= 2, true, iif(%countOui + %unanswered < 2, false, {}))"
    assert conect["score"] == "%countOui"
    ratio = dict((e["valueExpression"]["name"], e["valueExpression"]["expression"])
                 for e in shipped_questionnaire("file-active")["extension"])
    # « < 60 » is strict: 59 situations per manager at most.
    assert "iif(%answerModele = 'gestion-intensive-definition', iif(%answerSituations <= 0, 0, " \
           "(%answerSituations div 59 + iif(%answerSituations mod 59 = 0, 0, 1)))" in ratio["score"]


def test_site_url_gives_the_canonical_url():
    spec = published()["conect-6"]
    resource = fhir.questionnaire(spec, "https://example.org/reperes/")
    assert resource["url"] == "https://example.org/reperes/fhir/Questionnaire-conect-6.json"
    answers = spec["examples"][0]["answers"]
    response = questionnaire_response(spec, answers, evaluate(spec, answers), DAY, site_url="https://example.org/reperes")
    assert response["questionnaire"] == resource["url"] + "|" + spec["version"]


def test_every_build_writes_the_questionnaires():
    files = rendered().files
    written = {uri for uri in files if uri.startswith("fhir/")}
    assert written == {f"fhir/Questionnaire-{cid}.json" for cid in published()}
    for cid in published():
        assert json.loads(files[f"fhir/Questionnaire-{cid}.json"]) == shipped_questionnaire(cid)


# -- FHIRPath against the engine ---------------------------------------------------------------


@pytest.mark.parametrize("cid", sorted(published()))
def test_examples_agree(cid):
    spec = published()[cid]
    assert spec["examples"]
    assert_agree(spec, shipped_rules(cid, PY), [ex["answers"] for ex in spec["examples"]])


def test_fhirpath_implementations_agree():
    """fhirpathpy and fhirpath.js give the same variables, values and enabled questions on a sample of
    every grid's responses (examples, then a slice of the exhaustive cases), so either may run a test."""
    samples = {cid: [ex["answers"] for ex in spec["examples"]] for cid, spec in published().items()}
    samples["has-assistance-parcours"] += has_assistance_cases()[::20]
    samples["conect-6"] += product([q["id"] for q in published()["conect-6"]["items"]], ["oui", "non", None])[::10]
    maia = [q["id"] for q in published()["maia-orientation-2015"]["items"]]
    samples["maia-orientation-2015"] += with_unanswered(maia, ["oui", "non"], 2015, 100)[::10]
    samples["file-active"] += [{"modele": "gestion-intensive-definition", "situations": n} for n in range(0, 130, 7)]
    compared = 0
    for cid, cases in samples.items():
        spec = published()[cid]
        keys = [json.dumps(questionnaire_response(spec, a, evaluate(spec, a), DAY), sort_keys=True) for a in cases]
        py, js = Rules(shipped_questionnaire(cid), PY), Rules(shipped_questionnaire(cid), JS)
        py.run_many(keys)
        js.run_many(keys)
        for key in keys:
            assert json.loads(json.dumps(py.cache[key], default=sorted)) == json.loads(
                json.dumps(js.cache[key], default=sorted)), (cid, key)
            compared += 1
    assert compared > 600


def test_conect_6_every_combination():
    spec = published()["conect-6"]
    cases = product([q["id"] for q in spec["items"]], ["oui", "non", None])
    assert len(cases) == 3 ** 6
    assert_agree(spec, shipped_rules("conect-6"), cases)


def with_unanswered(ids, values, seed, extra):
    """Every combination of ``values`` with exactly one question unanswered, and ``extra`` random ones with more."""
    cases = []
    for gap in range(len(ids)):
        rest = ids[:gap] + ids[gap + 1:]
        cases += product(rest, values)
    rng = random.Random(seed)
    for _ in range(extra):
        answers = {qid: rng.choice(values) for qid in ids if rng.random() < 0.6}
        cases.append(answers if len(answers) < len(ids) - 1 else {})
    return cases


def test_maia_orientation_every_combination():
    """Every complete answer set, every one with one question unanswered, and a sample with more."""
    spec = published()["maia-orientation-2015"]
    ids = [q["id"] for q in spec["items"]]
    cases = product(ids, ["oui", "non"]) + with_unanswered(ids, ["oui", "non"], 2015, 400)
    assert len(cases) == 2 ** 9 + 9 * 2 ** 8 + 400  # nine questions since « situation_instable » (issue 9)
    assert_agree(spec, shipped_rules("maia-orientation-2015"), cases)


def has_assistance_cases():
    """Every answer to the six questions with every answer to the two follow-ups, then unanswered ones.

    fhirpathpy is slow: a partial answer set to the six (one unanswered, or a random
    sample with more) gets one answer set to the follow-ups, in turn.
    """
    spec = published()["has-assistance-parcours"]
    six, follow = [q["id"] for q in spec["items"][:6]], ["peut_beneficier", "accepte_orientation"]
    seconds = product(follow, ["oui", "non", None])
    cases = [first | second for first in product(six, ["oui", "non", "nsp"]) for second in seconds]
    partial = with_unanswered(six, ["oui", "non", "nsp"], 2014, 400)
    cases += [first | seconds[index % len(seconds)] for index, first in enumerate(partial)]
    return cases


def test_has_assistance_parcours_every_combination():
    spec = published()["has-assistance-parcours"]
    cases = has_assistance_cases()
    assert len(cases) == 3 ** 6 * 9 + 6 * 3 ** 5 + 400
    # Answers waiting on an undecided gate (a follow-up answered before the six) are among them.
    assert sum(1 for answers in cases if gates(spec, answers)[1]) > 100
    assert_agree(spec, shipped_rules("has-assistance-parcours"), cases)


def test_file_active_sizes_for_every_reference():
    """The planner's sizes through FHIRPath, field by field: the fewest and most managers, and « no whole
    number fits ». The same sizes as the property test (tests/test_fidelity_round2.py): every reference, every
    number of situations from 0 to 2,000, and a few beyond."""
    spec = published()["file-active"]
    options = [o["value"] for o in spec["items"][0]["options"]]
    sizes = list(range(0, 2001)) + [2399, 2400, 2401, 999_999, 1_000_000]
    cases = [{"modele": o, "situations": n} for o in options for n in sizes]
    cases += [{"modele": o} for o in options] + [{"situations": n} for n in (0, 7, 119)] + [{}]
    assert_agree(spec, shipped_rules("file-active"), cases)
    strict = {"modele": "gestion-intensive-definition", "situations": 119}
    assert evaluate(spec, strict)["score"] == 3  # 60 + 59 would not be « < 60 »


def test_other_grids_every_combination():
    spec = published()["v1sages-reperage"]
    cases = [{"visites_urgence_12_mois": n, "hebergement_longue_duree": h}
             for n in [None, *range(0, 15), 100, 10_000] for h in ("oui", "non", None)]
    cases = [{k: v for k, v in c.items() if v is not None} for c in cases]
    assert_agree(spec, shipped_rules("v1sages-reperage"), cases)
    spec = published()["niveaux-coordination"]
    assert_agree(spec, shipped_rules("niveaux-coordination"),
                 product([q["id"] for q in spec["items"]], ["oui", "non", None]))
    spec = published()["auto-evaluation-mise-en-oeuvre"]
    rng = random.Random(23)
    ids = [q["id"] for q in spec["items"]]
    cases = [{qid: rng.choice(["atteint", "partiel", "non-atteint", None]) for qid in ids} for _ in range(40)]
    assert_agree(spec, shipped_rules("auto-evaluation-mise-en-oeuvre"),
                 [{k: v for k, v in c.items() if v is not None} for c in cases])


def domain(q):
    if q["answers"] == "entier":
        low, high = q.get("minimum", -2**31), q.get("maximum", 2**31 - 1)
        return [None] + [n for n in (0, 1, 5, 6, 9, 10, 11, 30, 39, 40, 41, 75, 86, 95, 120, 200) if low <= n <= high]
    if q["answers"] == "choix":
        return [None] + [o["value"] for o in q["options"]]
    return [None, *CHOICES[q["answers"]]]


@pytest.mark.parametrize("name", sorted(ALL_SPECS))
def test_engine_test_specs_agree(name):
    """The engine tests' synthetic grids: gates on numbers, choices, « not », counts over gated questions."""
    spec = ALL_SPECS[name]()
    resource = fhir.questionnaire(spec, None)
    Questionnaire.model_validate(resource)
    domains = [domain(q) for q in spec["items"]]
    rng = random.Random(name)
    total = 1
    for values in domains:
        total *= len(values)
    combos = itertools.product(*domains) if total <= 4000 else ([rng.choice(d) for d in domains] for _ in range(300))
    cases = [{q["id"]: v for q, v in zip(spec["items"], combo) if v is not None} for combo in combos]
    assert_agree(spec, Rules(resource), cases)


def test_inexpressible_rules_are_declared_not_approximated():
    # The ratio test spec with a caseload beyond FHIRPath's 32-bit integers: no score expression, and the
    # description says why; situations without a maximum are declared too (a larger answer is not carried).
    spec = ALL_SPECS["ratio"]()
    spec["items"][1]["options"][3]["params"] = {"low": 2**40}
    resource = fhir.questionnaire(spec, None)
    rules = Rules(resource)
    assert RESULTS["score"] not in rules.calculated and "score" not in [n for n, _ in rules.variables]
    assert "- `score` :" in resource["description"] and "- `integer` :" in resource["description"]
    # Within 32 bits, the same rule is expressed, and agrees: whole caseloads make it integer arithmetic.
    spec["items"][1]["options"][3]["params"] = {"low": 2.5}
    rules = Rules(fhir.questionnaire(spec, None))
    assert RESULTS["score"] in rules.calculated
    assert_agree(spec, rules, [{"situations": n, "modele": m} for n in range(0, 60) for m in
                               ("intensif", "standard", "seuil", "aucun")])


def test_gates_fhir_cannot_say_use_enable_when_expression():
    items = [question("a", "oui-non"), question("b", "oui-non"), question("c", "oui-non"),
             question("d", "oui-non-nsp", ask_if={"count": ["a", "b", "c"], "equals": "oui", "at_least": 2}),
             question("e", "oui-non", ask_if={"not": {"item": "d", "equals": "nsp"}}),
             question("f", "oui-non", ask_if={"any": [{"item": "a", "equals": "oui"},
                                                      {"all": [{"item": "b", "equals": "non"},
                                                               {"item": "c", "equals": "non"}]}]})]
    positive = {"count": ["a", "b", "c", "d", "e", "f"], "equals": "oui", "at_least": 3}
    spec = make_spec(items, [outcome("oui", positive), outcome("non", {"always": True})], positive=positive,
                     score={"count": ["d", "e", "f"], "equals": "oui"})
    resource = fhir.questionnaire(spec, None)
    Questionnaire.model_validate(resource)
    asked = questions_of(resource)
    for qid in ("d", "e", "f"):  # at least 2 of 3; a negation; any of (leaf, all of leaves)
        assert extension(asked[qid], fhir.ENABLE_WHEN_EXPRESSION) and "enableWhen" not in asked[qid]
    cases = [dict(c) for c in product(["a", "b", "c", "e", "f"], ["oui", "non", None])]
    assert_agree(spec, Rules(resource), [c | d for c in cases for d in ({}, {"d": "oui"}, {"d": "non"}, {"d": "nsp"})])


def test_number_gates_round_to_integers():
    items = [question("n", "entier", minimum=-10, maximum=10),
             question("x", "oui-non", ask_if={"all": [{"number": "n", "greater_than": 2.5, "less_than": 7.5}]}),
             question("y", "oui-non", ask_if={"number": "n", "at_least": -3, "at_most": 3})]
    spec = make_spec(items, [outcome("fin", {"always": True})], positive={"item": "x", "equals": "oui"})
    resource = fhir.questionnaire(spec, None)
    asked = questions_of(resource)
    assert [(w["operator"], w["answerInteger"]) for w in asked["x"]["enableWhen"]] == [("<=", 7), (">=", 3)]
    assert asked["x"]["enableBehavior"] == "all"
    assert [(w["operator"], w["answerInteger"]) for w in asked["y"]["enableWhen"]] == [(">=", -3), ("<=", 3)]
    assert_agree(spec, Rules(resource),
                 [{"n": n} | extra for n in range(-10, 11) for extra in ({}, {"x": "oui"}, {"y": "non"})] + [{}])


# -- negative controls: the agreement check does fail ------------------------------------------


def mutated(resource: dict, name: str, old: str, new: str) -> dict:
    resource = copy.deepcopy(resource)
    for ext in resource["extension"]:
        if ext["valueExpression"]["name"] == name:
            assert old in ext["valueExpression"]["expression"]
            ext["valueExpression"]["expression"] = ext["valueExpression"]["expression"].replace(old, new)
            return resource
    raise AssertionError(name)


@pytest.mark.parametrize("cid, name, old, new, expected", [
    ("conect-6", "positive", ">= 2", ">= 3", "positive"),  # a wrong threshold
    ("conect-6", "countOui", "'oui'", "'non'", "score"),  # counting the wrong answer
    ("file-active", "score", "%answerSituations div 59 + iif(%answerSituations mod 59 = 0, 0, 1)",
     "%answerSituations div 60 + iif(%answerSituations mod 60 = 0, 0, 1)", "score"),  # the strict rule forgotten
    ("maia-orientation-2015", "positive", "%countOui >= 1", "%countOui >= 2", "positive"),  # criterion 1, misread
    # « > 100 » read as « ≥ 100 »: the brokerage maximum one too many (issue 21)
    ("file-active", "scoreMax", "%answerSituations div 101 >= 1, %answerSituations div 101",
     "%answerSituations div 100 >= 1, %answerSituations div 100", "score_max"),
    ("conect-6", "complete", "%answerQ6.exists()", "true", "complete"),  # a question forgotten by completeness
    ("has-assistance-parcours", "gatePeutBeneficier", ">= 1", ">= 2", "gatePeutBeneficier"),
])
@pytest.mark.parametrize("implementation", [PY, JS])
def test_a_wrong_expression_is_detected(cid, name, old, new, expected, implementation):
    spec = published()[cid]
    cases = [ex["answers"] for ex in spec["examples"]]
    if cid == "conect-6":
        cases += product([q["id"] for q in spec["items"]], ["oui", "non", None])
    if cid == "maia-orientation-2015":
        cases += with_unanswered([q["id"] for q in spec["items"]], ["oui", "non"], 2015, 0)[::4]
    if cid == "file-active":
        cases += [{"modele": "gestion-intensive-definition", "situations": n} for n in range(100, 130)]
        cases += [{"modele": "courtage", "situations": n} for n in range(190, 210)]
    if cid == "has-assistance-parcours":
        cases += has_assistance_cases()[::25]
    if implementation == PY:  # fhirpathpy is slow: a slice, still with cases that tell the mutation
        cases = cases[:len(spec["examples"])] + cases[len(spec["examples"])::5]
    assert not disagreements(spec, shipped_rules(cid, implementation), cases)
    problems = disagreements(spec, Rules(mutated(shipped_questionnaire(cid), name, old, new), implementation), cases)
    assert problems and any(f": {expected} " in p for p in problems)


def test_a_wrong_enable_when_is_detected():
    spec = published()["has-assistance-parcours"]
    resource = copy.deepcopy(shipped_questionnaire("has-assistance-parcours"))
    questions_of(resource)["peut_beneficier"]["enableBehavior"] = "all"
    problems = disagreements(spec, Rules(resource, PY), has_assistance_cases()[::25])
    assert any(": enabled " in p for p in problems)


def test_an_undeclared_missing_rule_is_detected():
    spec = published()["conect-6"]
    resource = copy.deepcopy(shipped_questionnaire("conect-6"))
    results = next(i for i in resource["item"] if i["linkId"] == "reperes:resultats")
    results["item"] = [i for i in results["item"] if i["linkId"] != RESULTS["score"]]
    problems = disagreements(spec, Rules(resource, PY), [ex["answers"] for ex in spec["examples"]])
    assert any("score neither computed nor declared" in p for p in problems)


# -- the QuestionnaireResponse ----------------------------------------------------------------


def test_response_items_follow_the_questionnaire():
    spec = published()["has-assistance-parcours"]
    answers = {"hospitalisation_urgence_6_mois": "oui", "mobilite": "nsp", "peut_beneficier": "non",
               "accepte_orientation": "oui"}
    result = evaluate(spec, answers)
    response = questionnaire_response(spec, answers, result, DAY)
    QuestionnaireResponse.model_validate(response)
    assert response["status"] == "in-progress" and result["complete"] is False
    assert response["questionnaire"] == "urn:reperes:questionnaire:has-assistance-parcours|" + spec["version"]
    assert response["authored"] == DAY
    assert [(g["linkId"], [i["linkId"] for i in g["item"]]) for g in response["item"]] == [
        ("groupe:reperage", ["hospitalisation_urgence_6_mois", "mobilite"]), ("groupe:suite", ["peut_beneficier"])]
    # accepte_orientation is not asked (peut_beneficier = non): its answer is left out.
    coding = response["item"][0]["item"][1]["answer"][0]["valueCoding"]
    assert coding == {"system": "urn:reperes:answers", "code": "nsp", "display": "Ne sait pas"}
    groups = {i["linkId"]: i["text"] for i in shipped_questionnaire("has-assistance-parcours")["item"]}
    assert all(groups[g["linkId"]] == g["text"] for g in response["item"])


def test_response_status_follows_complete():
    spec = published()["conect-6"]
    full = {f"q{i}": "non" for i in range(1, 7)}
    assert questionnaire_response(spec, full, evaluate(spec, full), DAY)["status"] == "completed"
    partial = {"q1": "oui", "q2": "oui"}  # positive already, but not complete
    result = evaluate(spec, partial)
    assert result["positive"] is True and result["complete"] is False
    assert questionnaire_response(spec, partial, result, DAY)["status"] == "in-progress"


def test_response_integer_answers():
    spec = published()["file-active"]
    answers = {"modele": "courtage", "situations": "250"}
    response = questionnaire_response(spec, answers, evaluate(spec, answers), "2026-11-23T10:00:00+01:00")
    QuestionnaireResponse.model_validate(response)
    assert response["authored"] == "2026-11-23T10:00:00+01:00"
    assert response["item"] == [
        {"linkId": "modele", "text": "Référence de file active", "answer": [{"valueCoding": {
            "system": "urn:reperes:options:file-active:modele", "code": "courtage",
            "display": "Modèle de courtage : charge en cas élevée (> 100 voire > 150)"}}]},
        {"linkId": "situations", "text": "Nombre de situations à suivre", "answer": [{"valueInteger": 250}]}]


@pytest.mark.parametrize("spec, answers, result, day", [
    (None, {}, None, DAY),
    ("conect-6", {}, None, DAY),
    ({"id": "x"}, {"a": "oui"}, {"ok": True, "complete": True, "asked": ["a"]}, DAY),
    ({"id": "conect-6", "items": "nope", "version": "1.0"}, None, {"ok": True, "asked": None}, 3),
    ({"id": "Mauvais Id!"}, [], {"ok": False}, None),
    ({"id": "conect-6", "items": [{"id": "q1", "answers": "oui-non"}]}, {"q1": "oui"},
     {"ok": True, "asked": ["q1"], "complete": "yes"}, "23/11/2026"),
    ("published", {"q1": "peut-etre"}, "evaluate", DAY),
    ("published", {"q1": ["oui"]}, {"ok": True, "complete": True, "asked": ["q1", "zz"]}, object()),
])
def test_response_never_raises(spec, answers, result, day):
    if spec == "published":
        spec = published()["conect-6"]
    if result == "evaluate":
        result = evaluate(spec, answers)
    response = questionnaire_response(spec, answers, result, day)
    QuestionnaireResponse.model_validate(response)
    assert response["resourceType"] == "QuestionnaireResponse" and response["status"] in ("in-progress", "completed")
    for item in walk(response.get("item")):
        assert item.get("item") or [set(a) for a in item["answer"]] in ([{"valueCoding"}], [{"valueInteger"}])


def test_response_leaves_out_integers_fhir_cannot_carry():
    spec = make_spec([question("n", "entier"), question("x", "oui-non")], [outcome("fin", {"always": True})])
    answers = {"n": 2**40, "x": "oui"}
    response = questionnaire_response(spec, answers, evaluate(spec, answers), DAY)
    QuestionnaireResponse.model_validate(response)
    assert [i["linkId"] for i in response["item"]] == ["x"]
    assert "- `integer` :" in fhir.questionnaire(spec, None)["description"]


def test_response_is_the_same_in_pyodide():
    reason = pyodide_missing()
    if reason:
        pytest.skip(f"needs Pyodide under Node: {reason}")
    specs = published()
    cases = [{"spec": spec, "answers": ex["answers"], "day": DAY} for spec in specs.values() for ex in spec["examples"]]
    cases += [{"spec": specs["has-assistance-parcours"], "answers": {"mobilite": "oui", "peut_beneficier": "oui"},
               "day": "2026-11-23T08:30:00Z"},
              {"spec": specs["file-active"], "answers": {"modele": "v1sages", "situations": "45"}, "day": DAY},
              {"spec": specs["conect-6"], "answers": {"q1": "peut-etre"}, "day": DAY},
              {"spec": None, "answers": None, "day": None}]
    in_pyodide = responses_in_pyodide(cases)
    cases = json.loads(json.dumps(cases, ensure_ascii=False))
    here = [questionnaire_response(c["spec"], c["answers"], evaluate(c["spec"], c["answers"]), c["day"]) for c in cases]
    assert in_pyodide == json.loads(json.dumps(here, ensure_ascii=False))
    assert sum(1 for r in here if r["status"] == "completed") >= 10 and all("item" in r for r in here[:-2])
