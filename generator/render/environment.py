"""The Jinja environment every template of the render stage and of the docs tree is rendered with.

Templates (generator/render/templates) receive a documented context and only format. Jinja runs with
autoescape on (text from sources becomes inert HTML entities inside the Markdown) and StrictUndefined
(a missing variable is an error, not an empty string). LABELS: the French label of each value a
template shows (``label`` filter).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..cache import keep_compiled
from ..engine.scales import SCALES

TEMPLATES = Path(__file__).parent / "templates"

LABELS = {
    "support_function": {
        "aide-a-la-pratique": "Aide à la pratique", "aide-aux-procedures-cliniques": "Aide aux procédures cliniques",
        "education-therapeutique": "Éducation thérapeutique du patient", "transition-hopital-ville": "Transition hôpital-ville",
        "demarche-qualite": "Accompagnement à la démarche qualité", "systemes-information": "Systèmes d'information",
        "gestion-de-cas": "Gestion de cas", "coordination-integree": "Coordination intégrée",
    },
    "evaluation_status": {"evalue": "Évalué", "implantation-evaluee": "Implantation évaluée, effets non mesurés",
                          "en-cours": "Évaluation en cours", "en-attente": "Évaluation en attente",
                          "non-evalue": "Pas d'évaluation rapportée"},
    "jurisdiction": {"france": "France", "quebec": "Québec", "international": "international"},
    "training_type": {"master-2": "Master 2", "du": "DU", "diu": "DIU", "autre": "Autre"},
    "factor_kind": {"facteurs-de-succes": "Facteurs de succès", "conditions": "Conditions",
                    "messages-cles": "Messages clés", "recommandations": "Recommandations"},
    "evidence_kind": {"revue-systematique": "Revue systématique", "etude-controlee": "Étude contrôlée"},
    "criterion_kind": {"grille-reperage": "Grille de repérage", "criteres-orientation": "Critères d'orientation",
                       "outil-reperage": "Outil de repérage", "classification": "Classification",
                       "planificateur": "Planificateur", "auto-evaluation": "Auto-évaluation"},
    "region": {"france": "France", "quebec": "Québec", "suisse": "Suisse", "belgique": "Belgique",
               "royaume-uni": "Royaume-Uni", "etats-unis": "États-Unis", "international": "international"},
    "answers": {**{kind: " / ".join(label for _, label in scale) for kind, scale in SCALES.items()},
                "entier": "Nombre entier", "choix": "Choix"},
}


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    keep_compiled(env)  # compiled once per machine, not once per build
    env.filters["cell"] = _cell
    env.filters["md"] = _md
    env.filters["code"] = _code
    env.filters["label"] = lambda value, table: LABELS[table].get(value, value)
    return env


def _cell(value: Any) -> str:
    """Text safe inside a Markdown table cell: one line, pipes escaped."""
    text = "" if value is None else str(value)
    return " ".join(text.split()).replace("|", "\\|")


def _md(text: str) -> str:
    """Source text inside Markdown written here (bold, link text): its brackets never make a link."""
    return text.replace("[", "\\[").replace("]", "\\]")


def _code(text: str) -> Markup:
    """A Markdown code span of any text. Markdown escapes a code span's content itself: escaping it here
    too would show « &amp;#39; » instead of an apostrophe."""
    return Markup(f"`` {text} ``" if "`" in text else f"`{text}`")
