"""The tool chooser: the tools grouped by what a professional wants to do, on the tools index and the home page.

Only the grouping and the group titles are written here; everything said about a tool (title,
population, number of questions, territory, source) is computed from its criteria file and compiled
spec, so an edition's own tools and an edited grid are presented the same way, in step with the tool.
Within a use, the tools whose source applies to the site's territory come first (the HAS grid for a
GP in France, the V1SAGES tools in the Québec edition); tools from another territory follow, apart,
each saying where its source applies.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup

from ..sources import jurisdiction
from .environment import environment

# (title, who it is for, criterion kinds). A tool whose kind is not listed goes to the first use.
USES = [
    ("Mon patient a-t-il besoin d'une coordination ?",
     "Pour le médecin traitant, l'infirmier·ère ou l'équipe qui suit le patient.",
     ("grille-reperage", "classification", "outil-reperage")),
    ("Orienter vers la gestion de cas",
     "Pour le professionnel qui envisage une orientation vers un gestionnaire de cas.",
     ("criteres-orientation",)),
    ("Planifier une équipe",
     "Pour qui organise un service de gestion de cas.",
     ("planificateur",)),
    ("Évaluer notre mise en œuvre",
     "Pour l'équipe ou le pilote d'un dispositif de gestion de cas.",
     ("auto-evaluation",)),
]
# Within a use, the national tools in the order a professional meets them (the HAS grid first);
# any other tool (an edition's) follows, by title.
ORDER = ["has-assistance-parcours", "niveaux-coordination", "v1sages-reperage", "conect-6", "maia-orientation-2015",
         "file-active", "auto-evaluation-mise-en-oeuvre"]


@dataclass
class Tool:
    id: str
    title: str
    href: str
    kind: str
    population: str | None
    questions: int  # always asked
    conditional: int  # asked according to earlier answers
    source: str
    jurisdiction: list[str] = field(default_factory=list)  # where its source applies (models/common.py)

    @property
    def territory(self) -> str:
        return jurisdiction.text(self.jurisdiction)

    @property
    def count_text(self) -> str:
        asked = f"{self.questions} question{'s' if self.questions > 1 else ''}"
        if self.conditional:
            asked += f" (+ {self.conditional} selon les réponses)"
        return asked


@dataclass
class Use:
    title: str
    who: str
    tools: list[Tool] = field(default_factory=list)  # the site's territory (or every territory) first
    others: list[Tool] = field(default_factory=list)  # tools whose source applies to another territory


def tool(record, spec: dict, href: str, labels: dict[str, str]) -> Tool:
    """``labels``: reference id → short label (« HAS 2014 »). The chooser names the documents only;
    the tool's page gives each locator."""
    conditional = sum(1 for item in record.items if item.ask_if is not None)
    documents = list(dict.fromkeys(labels.get(s.ref, s.ref) for s in record.sources))
    return Tool(id=record.id, title=spec.get("title", record.title), href=href, kind=record.kind,
                population=record.population, questions=len(record.items) - conditional, conditional=conditional,
                source=" ; ".join(documents) or spec["source_text"], jurisdiction=list(record.jurisdiction))


def use_of(kind: str) -> tuple[str, str]:
    """(title, who it is for) of the use a tool of this kind serves."""
    return next(((title, who) for title, who, kinds in USES if kind in kinds), USES[0][:2])


def about(record, kinds: dict[str, str]) -> str:
    """What a tool is for, in a reader's words: its kind, population and use (search finds the tool by it).
    ``kinds``: kind → label (« Grille de repérage »)."""
    title, who = use_of(record.kind)
    return " ".join(part for part in (kinds.get(record.kind), record.population, title, who) if part)


def uses(tools: list[Tool], home: str = "france") -> list[Use]:
    """The non-empty uses, each with its tools of ``home``'s territory first (then international ones), in
    ORDER; the tools of another territory apart, after them."""
    groups = [Use(title, who) for title, who, _ in USES]
    order = sorted(tools, key=lambda t: (jurisdiction.rank(t.jurisdiction, home),
                                         ORDER.index(t.id) if t.id in ORDER else len(ORDER), t.title))
    for t in order:
        index = next((i for i, (_, _, kinds) in enumerate(USES) if t.kind in kinds), 0)
        (groups[index].others if jurisdiction.rank(t.jurisdiction, home) == 2 else groups[index].tools).append(t)
    return [g for g in groups if g.tools or g.others]


def markdown(groups: list[Use], heading: str = "##", kind_labels: dict[str, str] | None = None) -> Markup:
    """The chooser as Markdown: a heading per use, a list of tools (no table: nothing scrolls sideways)."""
    return Markup(environment().get_template("chooser.md.j2").render(uses=groups, heading=heading,
                                                                      kinds=kind_labels or {}))


def home(text: str, chooser_md: str, title: str | None) -> str:
    """The home page: an H1 that says what the site is (not the nav label « Accueil »), and the tools
    by use before the page's first section."""
    if title and not re.search(r"^# ", text, re.M):
        text = f"# {title}\n\n{text}"
    if chooser_md:
        block = f"## Quel outil, pour quoi faire ?\n\n{chooser_md}\n\n"
        first = re.search(r"^## ", text, re.M)
        text = text[:first.start()] + block + text[first.start():] if first else f"{text}\n\n{block}"
    return text
