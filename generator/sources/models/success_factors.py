"""Lists of success factors, conditions, key messages and recommendations."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Model, RecordLink, Record, Slug, Text


class Factor(Model):
    """One entry of a list; its id is stable (self-assessment answers use it)."""

    id: Slug = Field(description="Identifiant stable de l'élément, unique dans la liste.")
    text: Text = Field(description="Texte de l'élément, tel que la source le formule.")
    theme: Text | None = Field(default=None, description="Rubrique (ex. « Gouvernance »), pour les tableaux de recommandations.")
    issue: Text | None = Field(default=None, description="Enjeu auquel répond la recommandation.")
    detail: Text | None = Field(default=None, description="Précision donnée par la source.")
    see_also: list[RecordLink] = Field(default_factory=list, description="Fiches qui étayent l'élément.")


class FactorList(Record):
    """A list attributed to one source: success factors, conditions, key messages…"""

    title: Text = Field(description="Titre de la liste.")
    kind: Literal["facteurs-de-succes", "conditions", "messages-cles", "recommandations"] = Field(
        description="Nature de la liste."
    )
    context: Text | None = Field(default=None, description="Phrase d'introduction de la source.")
    items: list[Factor] = Field(min_length=1, description="Éléments, dans l'ordre de la source.")
