"""The French explanation of a result: which rules decided it, and why.

Each entry names a rule (``positive``, ``outcome:<id>``, ``ask_if:<id>``,
``score``), its three-valued value and a sentence for the page, e.g.
« Au moins 1 réponse « oui » parmi 6 questions : 2 pour l'instant → vrai ».
"""
from . import logic
from .score import ratio_inputs

WORDS = {True: "vrai", False: "faux", None: "indéterminé"}
# Plainer wording of the fixed answer values.
ANSWER_WORDS = {"nsp": "ne sait pas", "partiel": "partiellement atteint", "non-atteint": "non atteint"}
QUOTE_LENGTH = 60  # questions and options are quoted by their text, cut to stay readable


def entry(rule, value, text):
    return {"rule": rule, "value": value, "text": text[:1].upper() + text[1:]}


def number(value):
    """French rendering of a number: 75.0 → « 75 », 2.5 → « 2,5 »."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def quote(text):
    """« text », on one line, without a final full stop, cut at a word if long."""
    text = " ".join(text.split())
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    if len(text) > QUOTE_LENGTH:
        cut = text[:QUOTE_LENGTH]
        text = (cut[: cut.rfind(" ")] if " " in cut else cut).rstrip(" ,;:") + "…"
    return f"« {text} »"


def question_text(state, qid):
    return quote(state.questions[qid].get("text") or qid)


def answer_text(question, value):
    """An answer as the page shows it: its option's label, or a plain word."""
    if isinstance(value, int):
        return number(value)
    for option in question.get("options") or []:
        if option.get("value") == value and isinstance(option.get("label"), str):
            return quote(option["label"])
    return f"« {ANSWER_WORDS.get(value, value)} »"


def status_text(state, qid):
    """What is known of one question: its answer, or why there is none."""
    status = state.status(qid)
    if status == logic.NOT_ASKED:
        return "question non posée"
    if status == logic.UNANSWERED:
        return "sans réponse"
    answer = answer_text(state.questions[qid], state.values[qid])
    return f"réponse {answer}" + (", question pas encore posée" if status == logic.PENDING else "")


def describe(cond, state):
    """(value, phrase ending with it: « … → vrai »), in one pass over the condition."""
    kind = logic.kind_of(cond)
    if kind in ("all", "any", "not"):
        parts = [describe(sub, state) for sub in ([cond["not"]] if kind == "not" else cond[kind])]
        value = logic.combine(kind, [part_value for part_value, _ in parts])
        texts = " ; ".join(text for _, text in parts)
        intro = {"all": "toutes ces conditions :", "any": "au moins une de ces conditions :", "not": "le contraire de"}
        return value, f"{intro[kind]} [{texts}] → {WORDS[value]}"
    value = logic.evaluate(cond, state)
    return value, f"{leaf_phrase(cond, state)} → {WORDS[value]}"


def leaf_phrase(cond, state):
    kind = logic.kind_of(cond)
    if kind == "item":
        question = state.questions[cond["item"]]
        values = ", ".join(answer_text(question, v) for v in logic.accepted(cond))
        relation = "=" if len(logic.accepted(cond)) == 1 else "parmi"
        return f"{question_text(state, cond['item'])} {relation} {values} ({status_text(state, cond['item'])})"
    if kind == "count":
        return count_phrase(cond, state)
    if kind == "number":
        signs = (("at_least", "≥"), ("at_most", "≤"), ("less_than", "<"), ("greater_than", ">"))
        bounds = " et ".join(f"{sign} {number(cond[key])}" for key, sign in signs if cond.get(key) is not None)
        return f"{question_text(state, cond['number'])} {bounds} ({status_text(state, cond['number'])})"
    return "dans tous les autres cas"


def count_phrase(cond, state):
    low, high = cond.get("at_least"), cond.get("at_most")
    if low is not None and high is not None:
        bound = f"exactement {low}" if low == high else f"entre {low} et {high}"
    elif low is not None:
        bound = f"au moins {low}"
    else:
        bound = f"au plus {high}" if high else "aucune"
    plural = "s" if max(b for b in (low, high) if b is not None) > 1 else ""
    ids = cond["count"]
    value = answer_text(state.questions[ids[0]], cond["equals"])
    among = f"parmi {len(ids)} questions" if len(ids) > 1 else f"à {question_text(state, ids[0])}"
    sure, maybe = logic.tally(state, ids, cond["equals"])
    so_far = f"{sure} pour l'instant, {maybe} sans réponse" if maybe else str(sure)
    return f"{bound} réponse{plural} {value} {among} : {so_far}"


class Explainer:
    """A judge for logic.open_gates / choose_outcome that keeps each condition's phrase.

    Evaluating and explaining in the same pass avoids evaluating twice.
    """

    def __init__(self):
        self.phrases = {}  # id(condition) -> phrase; conditions live as long as the call

    def __call__(self, cond, state):
        value, self.phrases[id(cond)] = describe(cond, state)
        return value

    def phrase(self, cond):
        return self.phrases[id(cond)]


def gate_entry(state, qid, phrase):
    """Why a question with ``ask_if`` is asked, not asked, or not asked yet."""
    gate = state.gates[qid]
    text = f"question {question_text(state, qid)} posée si : {phrase}"
    if gate is False:
        text += " ; elle n'est pas posée"
        if qid in state.values:
            text += f" et la réponse {answer_text(state.questions[qid], state.values[qid])} est ignorée"
    elif gate is None:
        text += " ; elle n'est pas encore posée"
    return entry(f"ask_if:{qid}", gate, text)


def score_entry(score, state, value, value_max):
    """How the score was obtained, or what it still needs (value None)."""
    if "ratio" not in score:
        answer = answer_text(state.questions[score["count"][0]], score["equals"])
        return entry("score", True, f"score : {value} réponse{'s' if value > 1 else ''} {answer} "
                     f"parmi {len(score['count'])} question{'s' if len(score['count']) > 1 else ''}")
    ratio = score["ratio"]
    n, option = ratio_inputs(ratio, state)
    if option is None:
        need = [f"{question_text(state, ratio[key])} ({status_text(state, ratio[key])})"
                for key in ("numerator", "option_of") if state.status(ratio[key]) != logic.ANSWERED]
        return entry("score", None, "estimation non calculée : il manque " + " et ".join(need))
    if value is None:
        chosen = answer_text(state.questions[ratio["option_of"]], option["value"])
        return entry("score", None, f"estimation non calculée : l'option {chosen} "
                     f"ne donne ni « {ratio['low']} » ni « {ratio['high']} »")
    params = option.get("params") or {}
    base = ratio["low"] if params.get(ratio["low"]) is not None else ratio["high"]
    estimates = [(base, value)] + ([(ratio["high"], value_max)] if value_max is not None else [])
    return entry("score", True, "estimation : " + " ; ".join(
        f"{ratio_how(n, params[key], params.get('strict') == 1)} = {result} (« {key} »)" for key, result in estimates
    ))


def ratio_how(n, capacity, strict):
    """The division behind one estimate, as score.estimate does it."""
    if n <= 0:
        return f"{number(n)} situation"
    capacity = number(capacity)
    if strict:
        return f"partie entière de {n} ÷ {capacity}, plus 1 (strictement moins de {capacity} par unité)"
    return f"{n} ÷ {capacity} arrondi à l'entier supérieur"
