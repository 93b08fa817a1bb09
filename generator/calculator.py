"""What a calculator page needs: the form's context and the pinned Pyodide files (see runtime.py).

The form is static HTML built here (usable and printable without JavaScript);
the browser then loads Pyodide in a Web Worker and runs ``generator/engine``
unchanged. Pyodide comes from the npm package pinned in package.json and is
copied into the site — never loaded from a CDN.
"""
from __future__ import annotations

import json
import posixpath

from pathlib import Path

import markdown

from markupsafe import Markup

from .errors import BuildFailed, SourcesInvalid
from .models.criteria import Criterion

PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
ANSWER_OPTIONS = {
    "oui-non-nsp": [("oui", "Oui"), ("non", "Non"), ("nsp", "Ne sait pas")],
    "oui-non": [("oui", "Oui"), ("non", "Non")],
    "niveau-atteinte": [("atteint", "Atteint"), ("partiel", "Partiellement atteint"), ("non-atteint", "Non atteint")],
}


def root_of(src_uri: str) -> str:
    """Relative URL from the page built from ``src_uri`` (directory URLs) to the site root."""
    folder = posixpath.dirname(src_uri)
    depth = (len(folder.split("/")) if folder else 0) + (0 if posixpath.basename(src_uri) == "index.md" else 1)
    return "../" * depth


def json_in_script(data) -> Markup:
    """JSON that cannot close its <script> element, whatever the sources contain."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def context(criterion: Criterion, spec: dict, root: str, contacts: dict[str, list] | None = None) -> dict:
    """``contacts``: outcome id (or "*") → local contacts (HTML) an edition shows with that outcome."""
    contacts = contacts or {}
    groups = {g.id: g.title for g in criterion.groups}
    sections: list[dict] = []
    for number, q in enumerate(criterion.items, start=1):
        title = groups.get(q.group) if q.group else None
        if not sections or sections[-1]["key"] != q.group:
            sections.append({"key": q.group, "title": title, "questions": []})
        options = ([(o.value, o.label) for o in q.options] if q.answers == "choix" else ANSWER_OPTIONS.get(q.answers, []))
        sections[-1]["questions"].append({
            "q": q, "number": number, "options": [{"value": v, "label": label} for v, label in options],
            "help_id": f"{criterion.id}-{q.id}-aide", "error_id": f"{criterion.id}-{q.id}-erreur",
        })
    outcomes = [{"id": o["id"], "label": inline_markdown(o["label"]), "interpretation": inline_markdown(o["interpretation"]),
                 "next_steps": [inline_markdown(step) for step in o.get("next_steps", [])],
                 "contacts": contacts.get(o["id"], []) + (contacts.get("*", []) if o["id"] != "incomplet" else [])}
                for o in spec["outcomes"]]
    gaps = [{"id": item["id"], "text": inline_markdown(item["text"]),
             "recommendations": [{"text": inline_markdown(r["text"]), "list": r["list"]} for r in item["recommendations"]]}
            for item in spec["items"] if spec.get("report") == "ecarts"]
    return {"id": criterion.id, "title": spec["title"], "version": criterion.version, "spec_json": json_in_script(spec),
            "assets": f"{root}assets/", "sections": sections, "rule_text": criterion.rule_text,
            "source_text": spec["source_text"], "outcomes": outcomes, "gaps": gaps}


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


def pyodide_version() -> str:
    """The pinned runtime's version (package.json of the npm package), for cache names."""
    for base in (Path.cwd(), Path(__file__).resolve().parent.parent):
        manifest = base / "node_modules" / "pyodide" / "package.json"
        if manifest.is_file():
            return json.loads(manifest.read_text(encoding="utf-8")).get("version", "inconnue")
    return "inconnue"


def pyodide_files(project: Path) -> dict[str, Path]:
    """The pinned Pyodide runtime from node_modules (the project's, else the generator's checkout)."""
    for base in (project, Path(__file__).resolve().parent.parent):
        folder = base / "node_modules" / "pyodide"
        if all((folder / name).is_file() for name in PYODIDE_FILES):
            return {f"assets/pyodide/{name}": folder / name for name in PYODIDE_FILES}
    raise SourcesInvalid([BuildFailed.at("package.json", None, problem=(
        "Pyodide introuvable dans node_modules/pyodide : lancez « bash scripts/setup.sh » (npm ci) avant de construire"))])
