"""One typed declaration per collection; everything else is derived from it."""
from __future__ import annotations

from dataclasses import dataclass

from .common import CollectionFile, Model, Record, SourceRef
from .criteria import Criterion
from .evidence import Evidence
from .glossary import GlossaryEntry
from .pages import PageMeta
from .profiles import Profile
from .programmes import Programme
from .references import Reference
from .standards import Standard
from .success_factors import FactorList
from .trainings import Training


@dataclass(frozen=True)
class Collection:
    """A collection: its folder under content/, its model, its place in the site."""

    name: str  # folder name under content/ and key in links « name/id »
    model: type[Record]
    title: str  # French title of its index page
    url: str  # folder of its pages in the built site


COLLECTIONS: dict[str, Collection] = {
    c.name: c
    for c in (
        Collection("references", Reference, "Bibliographie", "references"),
        Collection("profiles", Profile, "Profils de gestionnaires de cas", "profils"),
        Collection("success-factors", FactorList, "Facteurs de succès, conditions et recommandations", "facteurs-de-succes"),
        Collection("trainings", Training, "Formations", "formations"),
        Collection("standards", Standard, "Standards internationaux", "standards"),
        Collection("programmes", Programme, "Programmes et projets", "programmes"),
        Collection("evidence", Evidence, "Revues systématiques et études contrôlées", "preuves"),
        Collection("glossary", GlossaryEntry, "Glossaire", "glossaire"),
    )
}
# Criteria live in their own top-level folder, one file per grid.
CRITERIA = Collection("criteria", Criterion, "Outils de repérage et d'aide à la décision", "outils")

__all__ = ["COLLECTIONS", "CRITERIA", "Collection", "CollectionFile", "Model", "PageMeta", "Record", "SourceRef"]
