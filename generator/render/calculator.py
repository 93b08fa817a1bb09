"""What a calculator page needs: the form's context (the pinned Pyodide files: generator/runtime/publish.py).

The form is static HTML built here (usable and printable without JavaScript);
the browser then loads Pyodide in a Web Worker and runs ``generator/engine``
unchanged. Pyodide comes from the npm package pinned in package.json and is
copied into the site — never loaded from a CDN.
"""
from __future__ import annotations

import json
import re

import jinja2
import markdown

from markupsafe import Markup, escape

from . import embed, prefill
from ..engine import evaluate
from ..engine.scales import label as answer_label
from ..editions.links import root_of, url_folder
from ..french import french_spacing, map_text
from ..sources import jurisdiction
from ..sources.models import CRITERIA
from ..sources.models.criteria import Criterion
from ..sources.rules import ANSWER_OPTIONS
from .security import with_csp



def json_in_script(data) -> Markup:
    """JSON that cannot close its <script> element, whatever the sources contain."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def context(criterion: Criterion, spec: dict, root: str, contacts: dict[str, list] | None = None,
            links: str | None = None) -> dict:
    """``contacts``: outcome id (or "*") → local contacts (HTML) an edition shows with that outcome. ``root``: the
    page's relative way to the site root (files the scripts load); ``links``: how the raw HTML's links to pages
    start (default ``root``)."""
    contacts = contacts or {}
    links = root if links is None else links
    groups = {g.id: g.title for g in criterion.groups}
    sections: list[dict] = []
    for number, q in enumerate(criterion.items, start=1):
        title = groups.get(q.group) if q.group else None
        if not sections or sections[-1]["key"] != q.group:
            sections.append({"key": q.group, "title": title, "questions": []})
        options = ([(o.value, o.label) for o in q.options] if q.answers == "choix" else ANSWER_OPTIONS.get(q.answers, []))
        sections[-1]["questions"].append({
            "q": q, "text": inline_markdown(q.text), "number": number, "options": [{"value": v, "label": label} for v, label in options],
            "help_id": f"{criterion.id}-{q.id}-aide", "error_id": f"{criterion.id}-{q.id}-erreur",
        })
    for section in sections:  # a group of follow-up questions only: the page hides it until one is asked
        section["gated"] = bool(section["title"]) and all(entry["q"].ask_if is not None for entry in section["questions"])
    outcomes = [{"id": o["id"], "label": inline_markdown(o["label"]),
                 "interpretation": inline_markdown(page_links(o["interpretation"], links)),
                 "next_steps": [inline_markdown(page_links(step, links)) for step in o.get("next_steps", [])],
                 "contacts": contacts.get(o["id"], []) + (contacts.get("*", []) if o["id"] != "incomplet" else [])}
                for o in spec["outcomes"]]
    # « same »: a recommendation worded as the gap itself (each HAS 2014 success factor is its own recommendation);
    # the printed sheet names its list only, so that a report of every gap fits fewer pages.
    gaps = [{"id": item["id"], "text": inline_markdown(item["text"]),
             "recommendations": [{"text": inline_markdown(r["text"]), "list": r["list"],
                                  "same": " ".join(r["text"].split()) == " ".join(item["text"].split())}
                                 for r in item["recommendations"]]}
            for item in spec["items"] if spec.get("report") == "ecarts"]
    return {"id": criterion.id, "title": spec["title"], "version": criterion.version, "spec_json": json_in_script(spec),
            "people": PRINT_PEOPLE.get(criterion.kind, ("Patient", "Professionnel")),
            "page": f"{root}{url_folder(CRITERIA.name)}/{criterion.id}/",
            "assets": f"{root}assets/", "sections": sections, "rule_text": criterion.rule_text,
            "source_text": spec["source_text"], "territory": jurisdiction.text(criterion.jurisdiction),
            "outcomes": outcomes, "gaps": gaps, "examples": examples(spec),
            "warnings": [inline_markdown(page_links(w, links)) for w in spec.get("warnings", [])]}


def page_context(criterion: Criterion, spec: dict, src_uri: str, contacts: dict[str, list], site_root: str = "/") -> dict:
    """What a tool's own page (criteria/record.md.j2) shows besides the record: the form, the open data
    links, the embed snippet and its prefill parameters. ``src_uri``: the page's source, outils/<id>.md.
    The form's links to other pages are raw HTML, which site generators read differently (Zensical takes them
    as relative to the Markdown file, MkDocs to the page): they start from the site's root path (``site_root``)."""
    cid = criterion.id
    calc = context(criterion, spec, root_of(src_uri), contacts, site_root)
    return {"questions": criterion.items, "calc": calc,
            "intro": intro_parts(criterion.intro or ""), "embed_height": embed.no_script_height(calc),
            "compiled_path": f"../api/criteria/{cid}.json", "fhir_path": f"../fhir/Questionnaire-{cid}.json",
            "api_index_path": "../api/index.json", "embed_path": f"../../{EMBED_FOLDER}/{cid}/",
            # ids and values are slugs (validated): safe to print unescaped inside a code span
            "prefill_example": Markup(prefill_example(criterion)),
            "prefill_parameters": prefill.parameters(criterion)}


# The printed sheet's blank lines (calculator.js): a tool about a patient names the patient and the professional;
# the self-assessment and the planner are filled for a structure (a territory, a service).
PRINT_PEOPLE = {"auto-evaluation": ("Structure", "Rempli par"), "planificateur": ("Structure", "Rempli par")}

EMBED_FOLDER = "embed"  # the chrome-less pages, embed/<id>/ (the service worker keeps them apart: site/offline.py)


def engine_head(preloads: list[dict[str, str]], root: str) -> Markup:
    """The tags that start the engine in the <head> of a tool or embed page (``root``: the site root,
    relative): the preload hints of its first downloads (runtime.preloads), then engine-boot.js."""
    links = [f'<link rel="preload" href="{escape(root + p["href"])}" as="{p["as"]}" crossorigin>' for p in preloads]
    return Markup("\n".join([*links, f'<script src="{escape(root)}assets/engine-boot.js"></script>']))


def embed_uri(criterion_id: str) -> str:
    return f"{EMBED_FOLDER}/{criterion_id}/index.html"


def embed_page(env: jinja2.Environment, criterion: Criterion, spec: dict, contacts: dict[str, list],
               preloads: list[dict[str, str]]) -> bytes:
    """The tool without the site's chrome, for trainers' iframes (embed.html.j2), published at
    ``embed_uri``: a page MkDocs copies as is, so it gets its own CSP here."""
    html = env.get_template("embed.html.j2").render(
        calc=context(criterion, spec, "../../", contacts), engine_head=engine_head(preloads, "../../"),
        page_url=f"../../{url_folder(CRITERIA.name)}/{criterion.id}/", root="../../")
    # The site's pages get their French spacing from the post-pass (generator/site/postpass.py); this one here.
    return with_csp(map_text(embed.links_outside(html), french_spacing)).encode("utf-8")


def examples(spec: dict) -> list[dict]:
    """The worked examples as a reader writes them: question, answer label, outcome label (no ids).

    Each is run through the engine, so the page shows what the tool really answers
    (``reperes check`` fails when an example disagrees with the rule).
    """
    questions = {q["id"]: q for q in spec["items"]}
    labels = {o["id"]: o["label"] for o in spec["outcomes"]}
    shown = []
    for example in spec.get("examples", []):
        result = evaluate(spec, example["answers"])
        score = next((s["text"] for s in result["trace"] if s["rule"] == "score" and s["value"] is True), None)
        shown.append({
            "name": example["name"],
            "answers": [{"question": " ".join(questions[qid].get("text", qid).split()),
                         "answer": answer_label(questions[qid], value)}
                        for qid, value in example["answers"].items() if qid in questions],
            "outcome": labels.get(example["expect_outcome"], example["expect_outcome"]),
            "score": score if result.get("ok") else None,
        })
    return shown


# A link from a tool's text to an authored page, written as on the tool's page (outils/<id>.md):
# « [texte](../comprendre/page.md#ancre) ». MkDocs checks and rewrites it on that page; the result
# panel is HTML, on the tool's page or its embed page, so it gets the page's directory URL here.
PAGE_LINK = re.compile(r"\]\(\.\./((?:[a-z0-9-]+/)*[a-z0-9-]+)\.md(#[a-z0-9-]+)?\)")


def page_links(text: str, root: str) -> str:
    def url(match: re.Match) -> str:
        path = match.group(1)
        path = path[: -len("index")] if path == "index" or path.endswith("/index") else path + "/"
        return f"]({root}{path}{match.group(2) or ''})"
    return PAGE_LINK.sub(url, text)


def inline_markdown(text: str) -> Markup:
    """Inline Markdown (emphasis, links) of a source text, as HTML. Sources hold no raw HTML
    (validation refuses it); angle brackets are escaped anyway so none can appear."""
    html = markdown.markdown(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def prefill_example(criterion: Criterion) -> str:
    if criterion.examples:
        pairs = list(criterion.examples[0].answers.items())[:2]
        return "&".join(f"{k}={v}" for k, v in pairs)
    first = criterion.items[0]
    return f"{first.id}=oui"


LEAD_CHARS = 240  # about six lines on a phone


def intro_parts(text: str) -> dict[str, str]:
    """{"lead": the intro's first sentences, up to LEAD_CHARS (at least one), "rest": what follows, "" if nothing}:
    the lead is shown above the form, the rest folded (« En savoir plus sur cet outil »), so that the first question
    shows on a phone's first screen."""
    sentences = _sentences(" ".join(text.split()))
    lead = sentences[:1]
    for sentence in sentences[1:]:
        if len(" ".join(lead + [sentence])) > LEAD_CHARS:
            break
        lead.append(sentence)
    return {"lead": " ".join(lead), "rest": " ".join(sentences[len(lead):])}


def _sentences(text: str) -> list[str]:
    """A sentence ends with « . ! ? » (or a quotation closing after one) followed by a capital or « ; inside a
    quotation it goes on (« … varient. Trois niveaux … »); « § 2.5.2 » or « 7 sept. 2015 » end nothing."""
    def starts_sentence(j: int) -> bool:
        return text[j:j + 1] == " " and (text[j + 1:j + 2].isupper() or text[j + 1:j + 2] == "«")

    found, start, depth = [], 0, 0
    for i, char in enumerate(text):
        if char == "«":
            depth += 1
        elif char == "»":
            depth = max(depth - 1, 0)
            if depth == 0 and text[:i].rstrip()[-1:] in (".", "!", "?") and starts_sentence(i + 1):
                found.append(text[start:i + 1])
                start = i + 2
        elif char in ".!?" and depth == 0 and starts_sentence(i + 1):
            found.append(text[start:i + 1])
            start = i + 2
    return found + ([text[start:]] if text[start:] else [])
