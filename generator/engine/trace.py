"""« Pourquoi ce résultat ? » in plain French: the answers that decided, and the rule that applied.

Each entry names what it explains (``answer:<id>``, ``outcome:<id>``, ``pending``,
``ask_if:<id>``, ``ignored:<id>``, ``score``), a three-valued value and a sentence
ready to display, e.g. « Question 5, « Votre patient est-il isolé ? » : Oui » then
« Règle appliquée : au moins 1 réponse « Oui » aux questions 1 à 6 ». Outcomes
that did not apply are not listed, and the verdict itself is never repeated:
the page shows it above.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from . import logic
from .fhir_response import plain_text
from .logic import State
from .report import GAP_LEVELS
from .scales import LABELS, label
from .score import Loads, loads, ratio_inputs
from .shapes import Condition, Outcome, Question, Ratio, Score, Spec, TraceStep, Truth


def entry(rule: str, value: Truth, text: str) -> TraceStep:
    return {"rule": rule, "value": value, "text": text[:1].upper() + text[1:]}


def number(value: float) -> str:
    """French rendering of a number: 75.0 → « 75 », 2.5 → « 2,5 »."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def one_line(text: str) -> str:
    """A source text on one line, without Markdown emphasis or link syntax: the page shows it as text."""
    return " ".join(plain_text(text).split())


class Words:
    """Names questions and answers: « question 7 » on a page (its number in the form), or its text."""

    def __init__(self, questions: dict[str, Question], numbered: bool = True) -> None:
        self.questions = questions  # id -> question, in spec order
        self.numbers = {qid: n for n, qid in enumerate(questions, start=1)} if numbered else None

    def ref(self, qid: str) -> str:
        if self.numbers is not None:
            return f"question {self.numbers[qid]}"
        return f"« {one_line(self.questions[qid].get('text') or qid).rstrip(' ?.:')} »"

    def refs(self, ids: Sequence[str]) -> str:
        """« la question 3 », « aux questions 1 à 6 », « aux questions 1, 3 et 5 »."""
        if len(ids) == 1:
            return "à la " + self.ref(ids[0]) if self.numbers is not None else "à " + self.ref(ids[0])
        if self.numbers is None:
            return f"à {len(ids)} questions (" + ", ".join(self.ref(i) for i in ids) + ")"
        nums = [self.numbers[i] for i in ids]
        if len(nums) > 2 and nums == list(range(nums[0], nums[0] + len(nums))):
            return f"aux questions {nums[0]} à {nums[-1]}"
        return "aux questions " + ", ".join(str(n) for n in nums[:-1]) + f" et {nums[-1]}"

    def every_answer(self, qid: str, values: Sequence[str]) -> bool:
        """Whether ``values`` are all the options of a « choix » question (the rule only asks for an answer)."""
        question = self.questions[qid]
        possible = [o.get("value") for o in question.get("options") or [] if isinstance(o, dict)]
        return question.get("answers") == "choix" and set(values) == set(possible)

    def answer(self, qid: str, value: object) -> str:
        return f"« {one_line(label(self.questions[qid], value))} »"

    def shown(self, state: State, qid: str) -> str:
        """The answer to one question as read, or why there is none."""
        if state.status(qid) == logic.NOT_ASKED:
            return "question non posée"
        if qid not in state.values:
            return "sans réponse"
        return one_line(label(self.questions[qid], state.values[qid]))

    def question_line(self, state: State, qid: str) -> str:
        """« Question 5, « Votre patient est-il isolé ? » : Oui »."""
        text = one_line(self.questions[qid].get("text") or qid)
        if text.endswith(".") and not text.endswith(".."):
            text = text[:-1]
        shown = self.shown(state, qid)
        if self.numbers is None:
            return f"« {text} » : {shown}"
        return f"Question {self.numbers[qid]}, « {text} » : {shown}"


BOUNDS = (("at_least", "au moins"), ("at_most", "au plus"), ("less_than", "moins de"), ("greater_than", "plus de"))


def phrase(cond: Condition, words: Words, nested: bool = False) -> str:
    """A condition in plain French, without the answers given (the rule as written)."""
    kind = logic.kind_of(cond)
    if (only := any_answer(cond, words)) is not None:
        return f"une réponse {words.refs([only])}"
    if kind == "item":
        values = " ou ".join(words.answer(cond["item"], v) for v in logic.accepted(cond))
        return f"réponse {values} {words.refs([cond['item']])}"
    if kind == "count":
        return count_phrase(cond, words)
    if kind == "number":
        bounds = " et ".join(f"{text} {number(cond[key])}" for key, text in BOUNDS if cond.get(key) is not None)
        article = "d'" if bounds.startswith("au") else "de "
        return f"réponse {article}{bounds} {words.refs([cond['number']])}"
    if kind == "all":
        # « une réponse aux questions 1 et 2 », not « une réponse à la question 2 et une réponse à la question 1 »
        needs = [(sub, any_answer(sub, words)) for sub in cond["all"]]
        answered = [qid for _, qid in needs if qid is not None]
        rest = [phrase(sub, words, True) for sub, qid in needs if qid is None]
        if len(answered) > 1:
            order = list(words.questions)
            rest.insert(0, f"une réponse {words.refs(sorted(answered, key=order.index))}")
            text = " et ".join(rest)
            return f"({text})" if nested and len(rest) > 1 else text
    if kind in ("all", "any"):
        text = (" et " if kind == "all" else " ou ").join(phrase(sub, words, True) for sub in cond[kind])
        return f"({text})" if nested and len(cond[kind]) > 1 else text
    if kind == "not":
        return f"à l'exclusion de : {phrase(cond['not'], words, True)}"
    return "dans tous les cas"


def any_answer(cond: Condition, words: Words) -> str | None:
    """The question a condition only asks to be answered (every option, or a bound every answer meets)."""
    kind = logic.kind_of(cond)
    if kind == "item" and words.every_answer(cond["item"], logic.accepted(cond)):
        return cast(str, cond["item"])
    if kind == "number":
        low = words.questions[cond["number"]].get("minimum")
        if set(cond) == {"number", "at_least"} and low is not None and cond["at_least"] <= low:
            return cast(str, cond["number"])
    return None


def count_phrase(cond: Condition, words: Words) -> str:
    low, high = cond.get("at_least"), cond.get("at_most")
    if low is not None and high is not None:
        bound, n = (f"exactement {low}", low) if low == high else (f"entre {low} et {high}", high)
    elif low is not None:
        bound, n = f"au moins {low}", low
    else:
        bound, n = (f"au plus {high}", high) if high else ("aucune", 0)
    ids = cond["count"]
    answer = f"« {LABELS.get(cond['equals'], None) or label(words.questions[ids[0]], cond['equals'])} »"
    return f"{bound} réponse{'s' if n > 1 else ''} {answer} {words.refs(ids)}"


class Judge:
    """logic.evaluate with a memory: each condition is evaluated once per call of ``evaluate``,
    then read again when the trace looks for the answers that decided it.

    Conditions are keyed by identity; they live as long as the call. The gates are opened in
    spec order and an ``ask_if`` names only earlier questions, so no value changes once known.
    """

    def __init__(self) -> None:
        self.memo: dict[int, Truth] = {}

    def __call__(self, cond: Condition, state: State) -> Truth:
        key = id(cond)
        if key not in self.memo:
            kind = logic.kind_of(cond)
            if kind in ("all", "any", "not"):
                subs = [cond["not"]] if kind == "not" else cond[kind]
                self.memo[key] = logic.combine(kind, [self(sub, state) for sub in subs])
            else:
                self.memo[key] = logic.evaluate(cond, state)
        return self.memo[key]


def deciders(cond: Condition, state: State, want: Truth, judge: logic.JudgeFunction | None = None) -> list[str]:
    """The questions whose answers make ``cond`` take the value ``want`` (True, False or None)."""
    judge = judge or Judge()
    kind = logic.kind_of(cond)
    if judge(cond, state) is not want:
        return []
    if kind in ("item", "number"):
        return [cond[kind]]
    if kind == "count":
        ids = cond["count"]
        if want is None:
            return [q for q in ids if state.status(q) in (logic.UNANSWERED, logic.PENDING)]
        answered = [q for q in ids if state.status(q) == logic.ANSWERED]
        if want is True and cond.get("at_most") is None:  # « at least k »: the answers counted decide
            return [q for q in answered if state.values[q] == cond["equals"]]
        return answered
    if kind in ("all", "any"):
        return [q for sub in cond[kind] for q in deciders(sub, state, want, judge)]
    if kind == "not":
        return deciders(cond["not"], state, None if want is None else not want, judge)
    return []


def in_order(state: State, ids: Sequence[str]) -> list[str]:
    seen = set(ids)
    return [qid for qid in state.questions if qid in seen]


def explain(
    spec: Spec, state: State, outcome: Outcome, tested: Sequence[tuple[Outcome, Truth]],
    judge: logic.JudgeFunction | None = None,
) -> list[TraceStep]:
    """The entries of « Pourquoi ce résultat ? » for the chosen ``outcome`` (``judge``: the one that chose it)."""
    judge = judge or Judge()
    words = Words(state.questions)
    steps: list[TraceStep] = []
    if outcome.get("when") is not None:
        always = logic.kind_of(outcome["when"]) == "always"
        if always:  # « in every other case »: the answers that ruled out the rules before it decided
            decided = [q for tried, value in tested if value is False for q in deciders(tried["when"], state, False, judge)]
        else:
            decided = deciders(outcome["when"], state, True, judge)
        for qid in in_order(state, decided):
            steps.append(entry(f"answer:{qid}", True, words.question_line(state, qid)))
        if always and len(tested) == 1 and spec.get("report") == "ecarts":
            rule = report_rule(state)  # a self-assessment: what the report counts, not « dans tous les cas »
        elif always:
            rule = "dans tous les cas" if len(tested) == 1 else "dans tous les autres cas"
        else:
            rule = phrase(outcome["when"], words)
        steps.append(entry(f"outcome:{outcome['id']}", True, f"Règle appliquée : {rule}."))
    else:
        steps += pending(state, tested, words, judge)
    steps += ignored(spec, state, words)
    return steps


def pending(
    state: State, tested: Sequence[tuple[Outcome, Truth]], words: Words, judge: logic.JudgeFunction
) -> list[TraceStep]:
    """Why no result yet: which answers are still needed, and why a follow-up question appeared."""
    undecided = next((cond for cond, value in ((o["when"], v) for o, v in tested) if value is None), None)
    needed = in_order(state, deciders(undecided, state, None, judge)) if undecided is not None else []
    steps = []
    for qid, question in state.questions.items():
        if question.get("ask_if") is not None and state.gates[qid] is True and qid not in state.values:
            why = in_order(state, deciders(question["ask_if"], state, True, judge))
            answers = " ; ".join(f"{words.ref(q)} : {words.shown(state, q)}" for q in why)
            steps.append(entry(f"ask_if:{qid}", True, f"La {words.ref(qid)} est posée car : {phrase(question['ask_if'], words)}"
                               + (f" ({answers})." if answers else ".")))
    if needed:
        which = f"de la réponse {words.refs(needed)}" if len(needed) == 1 else f"des réponses {words.refs(needed)}"
        steps.insert(0, entry("pending", None, f"Pas encore de résultat : il dépend encore {which}."))
    return steps


def report_rule(state: State) -> str:
    """The self-assessment's rule with its counts (``report.gaps_and_counts`` counts the same answers)."""
    answered = [qid for qid in state.questions if state.status(qid) == logic.ANSWERED]
    gaps = sum(1 for qid in answered if state.values[qid] in GAP_LEVELS)
    levels = " ou ".join(f"« {LABELS[level]} »" for level in GAP_LEVELS)
    return (f"chaque élément répondu {levels} est un écart, sans pondération ni seuil ; "
            f"{gaps} écart{'s' if gaps > 1 else ''} parmi {len(answered)} élément{'s' if len(answered) > 1 else ''} "
            f"répondu{'s' if len(answered) > 1 else ''} sur {len(state.questions)}")


def ignored(spec: Spec, state: State, words: Words) -> list[TraceStep]:
    """Answers given to a question that is not asked, or not yet known to be: said, so that nobody
    thinks they counted."""
    steps: list[TraceStep] = []
    for qid, question in state.questions.items():
        if qid not in state.values or state.gates[qid] is True:
            continue
        rule = phrase(question["ask_if"], words)
        if state.gates[qid] is False:
            steps.append(entry(f"ignored:{qid}", False, f"Votre réponse à la {words.ref(qid)} n'est pas prise en compte : "
                               f"cette question n'est posée que si : {rule}."))
        else:
            steps.append(entry(f"ignored:{qid}", None, f"Votre réponse à la {words.ref(qid)} ne compte pas encore : "
                               f"cette question n'est posée que si : {rule}."))
    return steps


def score_entry(score: Score, state: State, value: int | None, value_max: int | None) -> TraceStep:
    """The score or estimate as one sentence; value None while it cannot be computed."""
    words = Words(state.questions)
    if "ratio" not in score:
        answer = f"« {LABELS.get(score['equals']) or label(state.questions[score['count'][0]], score['equals'])} »"
        return entry("score", True, f"Nombre de réponses {answer} : {value} sur {len(score['count'])}.")
    ratio = score["ratio"]
    n, option = ratio_inputs(ratio, state)
    if n is None or option is None:  # both or neither (score.ratio_inputs)
        need = [words.ref(ratio[key]) for key in ("numerator", "option_of") if state.status(ratio[key]) != logic.ANSWERED]
        return entry("score", None, "Estimation non calculée : il manque la réponse à la " + " et à la ".join(need) + ".")
    params = option.get("params") or {}
    bounds = loads(ratio, params)
    if bounds.most is None and bounds.least is None:
        return entry("score", None, "Estimation non calculée : la référence choisie ne donne pas de chiffre.")
    return entry("score", True, estimate_text(ratio, params, n, value, value_max))


def units(ratio: Ratio, count: int) -> str:
    unit = ratio.get("units" if count > 1 else "unit")
    return f"{count} {unit}" if unit else str(count)


def shares(n: int, k: int) -> str:
    """How ``n`` situations are shared as evenly as possible among ``k`` units: « 35 », « 52 ou 53 »."""
    low, high = n // k, -(-n // k)
    return str(low) if low == high else f"{low} ou {high}"


def each(n: int, k: int, conditional: bool = False) -> str:
    """« chacun en suit 35 », « il en suit 90 » (one unit), in the conditional for a number that does not fit."""
    verb = "suivrait" if conditional else "suit"
    return f"il en {verb} {n}" if k == 1 else f"chacun en {verb} {shares(n, k)}"


def bounds_text(params: dict[str, float], ratio: Ratio) -> str:
    """What the source asks of each unit, with its own figures: « entre 50 et 80 », « moins de 60 »."""
    largest, smallest = params.get(ratio["low"]), params.get(ratio["high"])
    strict = params.get("strict") == 1
    parts = []
    if smallest is not None:
        parts.append(f"{'plus de' if strict else 'au moins'} {number(smallest)}")
    if largest is not None:
        parts.append(f"{'moins de' if strict else 'au plus'} {number(largest)}")
    if len(parts) == 2 and not strict:
        return f"entre {number(cast(float, smallest))} et {number(cast(float, largest))}"
    return " et ".join(parts)


def estimate_text(ratio: Ratio, params: dict[str, float], n: int, fewest: int | None, most: int | None) -> str:
    """The estimate in words, with the division behind it and what each unit then carries.

    Every number of units it names carries the situations within the source's figures (strictly
    for « < » and « > »); where no whole number does, it says so instead of printing one.
    """
    bounds = loads(ratio, params)
    largest = params.get(ratio["low"])
    if n <= 0:
        return f"{units(ratio, 0)} : aucune situation à suivre."
    asked = f"chacun doit en suivre {bounds_text(params, ratio)}"
    if fewest is None and most is None:
        return no_fit(ratio, params, bounds, n, asked)
    if most is None:  # a largest caseload only (« 40 », « < 60 », « environ 30 »): the fewest units
        k = cast(int, fewest)
        division = f"{n} ÷ {bounds.most}, arrondi à l'entier supérieur"
        if params.get("strict") == 1:
            return (f"Au moins {units(ratio, k)} : {asked}, soit {bounds.most} au plus ; {division}. "
                    f"Avec {k}, {each(n, k)}.")
        text = (f"{units(ratio, k)} : {division}, pour que chacun en suive {bounds.most} au plus. "
                f"Avec {k}, {each(n, k)}.")
        if params.get("environ") == 1:
            text = "Environ " + text + f" Le chiffre de la source est approximatif (« environ {number(cast(float, largest))} »)."
        return text
    if fewest is None:  # a smallest caseload only (« > 100 »): the most units, and no fewest
        return (f"Au plus {units(ratio, most)} : {asked}, soit {bounds.least} au moins ; {n} ÷ {bounds.least}, "
                f"arrondi à l'entier inférieur. Avec {most}, {each(n, most)}. La source ne donne pas de charge "
                "maximale : le calcul ne donne pas de nombre minimal.")
    if fewest == most:
        text = f"{units(ratio, fewest)} : {asked}. Avec {fewest}, {each(n, fewest)}"
        if fewest > 1:
            text += f" ; avec {fewest - 1}, {each(n, fewest - 1, True)}, {over(params, ratio)}"
        return text + f" ; avec {fewest + 1}, {each(n, fewest + 1, True)}, {under(params, ratio)}."
    return (f"De {fewest} à {units(ratio, most)} : {asked}. Avec {fewest}, {each(n, fewest)} ; "
            f"avec {most}, {shares(n, most)}.")


def over(params: dict[str, float], ratio: Ratio) -> str:
    """Why one unit fewer is too few: the busiest would carry more than the source allows."""
    largest = number(cast(float, params.get(ratio["low"])))
    return f"pas moins de {largest}" if params.get("strict") == 1 else f"plus de {largest}"


def under(params: dict[str, float], ratio: Ratio) -> str:
    """Why one unit more is too many: the least busy would carry less than the source asks."""
    smallest = number(cast(float, params.get(ratio["high"])))
    return f"pas plus de {smallest}" if params.get("strict") == 1 else f"moins de {smallest}"


def no_fit(ratio: Ratio, params: dict[str, float], bounds: Loads, n: int, asked: str) -> str:
    """No whole number of units fits: said in words, with the two nearest numbers and why each fails."""
    plural = ratio.get("units")
    of = "" if not plural else (" d'" if plural[:1].lower() in "aeiouyéèêàâîôû" else " de ") + plural
    text = f"Aucun nombre entier{of} ne convient : {asked}"
    k = n // cast(int, bounds.least)  # the most units that keep the smallest caseload (0: not even one)
    if k >= 1:
        text += f" ; avec {k}, {each(n, k, True)}, {over(params, ratio)}"
    return text + f" ; avec {k + 1}, {each(n, k + 1, True)}, {under(params, ratio)}."
