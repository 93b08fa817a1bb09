"""Acronyms and terms."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from .common import Record, Text

Term = Annotated[str, StringConstraints(min_length=1, max_length=40, strip_whitespace=True)]


class GlossaryEntry(Record):
    """An acronym and its expansion, as the sources give it."""

    term: Term = Field(description="Sigle ou terme, tel qu'il s'écrit dans le texte (ex. « MAIA »).")
    expansion: Text = Field(description="Forme développée, telle que la source la donne.")
    other_expansions: list[Text] = Field(
        default_factory=list, description="Autres formes développées rencontrées dans les sources (ex. anciens noms)."
    )
    definition: Text | None = Field(default=None, description="Définition courte, tirée de la source.")
    region: Literal["france", "quebec", "suisse", "belgique", "royaume-uni", "etats-unis", "international"] | None = Field(
        default=None, description="Pays ou région d'usage du sigle."
    )

    @model_validator(mode="after")
    def _region_in_jurisdiction(self) -> GlossaryEntry:
        """The country of use says where the acronym applies: France, Québec, or elsewhere (international)."""
        if self.region is not None:
            wanted = self.region if self.region in ("france", "quebec") else "international"
            if wanted not in self.jurisdiction:
                raise ValueError(f"« region: {self.region} » demande « {wanted} » dans « jurisdiction »")
        return self
