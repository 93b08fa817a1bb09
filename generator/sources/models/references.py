"""The bibliography: the five source documents and the works they cite."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .common import Record, Text, Url

Short = Annotated[str, StringConstraints(min_length=1, max_length=80, strip_whitespace=True)]


class Reference(Record):
    """A document: one of the project's sources, or a work one of them cites."""

    short: Short = Field(description="Libellé court utilisé dans les mentions « Source : … » (ex. « HAS 2014 »).")
    kind: Literal["document-source", "ouvrage-cite", "reference-externe"] = Field(
        description=(
            "« document-source » : un des cinq documents du projet ; « ouvrage-cite » : un travail cité par "
            "l'un d'eux ; « reference-externe » : autre source publique (à justifier dans « note »)."
        )
    )
    authors: list[Text] = Field(default_factory=list, description="Auteurs ou organismes, dans l'ordre de la source.")
    title: Text = Field(description="Titre tel que la source le donne.")
    year: int | None = Field(default=None, ge=1900, le=2100, description="Année de publication.")
    date: Text | None = Field(default=None, description="Date plus précise si la source la donne (ex. « octobre 2023 »).")
    publisher: Text | None = Field(default=None, description="Éditeur, organisme ou lieu d'édition.")
    journal: Text | None = Field(default=None, description="Revue, avec volume et pages si la source les donne.")
    url: Url | None = Field(default=None, description="Adresse web, uniquement si la source la donne.")
