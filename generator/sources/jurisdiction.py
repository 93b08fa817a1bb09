"""Where a record's source applies (France, Québec, international), in the readers' words.

Every record declares it (``jurisdiction`` in generator/sources/models/common.py). A site serves one territory:
France for the national site and its French editions, Québec for an edition in Canadian French (fr-CA).
Tools of that territory come first in the chooser; the others are listed after them, each saying where
its source applies, and their pages say it in a notice.
"""
from __future__ import annotations

from collections.abc import Sequence

LABELS = {"france": "France", "quebec": "Québec", "international": "international"}
# « une source québécoise », « en dehors du Québec »
ADJECTIVES = {"france": "française", "quebec": "québécoise", "international": "internationale"}
OUTSIDE = {"france": "en dehors de la France", "quebec": "en dehors du Québec",
           "international": "en France ou au Québec"}


def of_site(edition: object | None) -> str:
    """The territory a site serves: Québec for an edition in Canadian French (locale fr-CA), else France."""
    locale = str(getattr(edition, "locale", "") or "")
    return "quebec" if locale.endswith("-CA") else "france"


def text(values: Sequence[str]) -> str:
    """« France », « Québec », « France, Québec et international »."""
    names = [LABELS[v] for v in values]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]


def tags(values: Sequence[str]) -> list[str]:
    """The page's search tags (mkdocs-material shows them with each result): « France », « International »."""
    return [LABELS[v][:1].upper() + LABELS[v][1:] for v in values]


def rank(values: Sequence[str], home: str) -> int:
    """0: the site's own territory; 1: international sources only (no other country's); 2: another territory."""
    if home in values:
        return 0
    return 1 if list(values) == ["international"] else 2


def foreign_notice(values: Sequence[str], home: str) -> dict[str, str] | None:
    """The notice of a tool whose source does not apply to the site's territory, or None."""
    if rank(values, home) == 0:
        return None
    source = values[0] if len(values) == 1 else "international"
    return {"title": f"Source {ADJECTIVES[source]}",
            "text": (f"Cet outil reprend une source {ADJECTIVES[source]}{f' ({text(values)})' if len(values) > 1 else ''} : "
                     "ses questions, ses "
                     f"étapes et ses seuils sont ceux de cette source, qui ne dit pas s'ils valent "
                     f"{OUTSIDE[source]}.")}
