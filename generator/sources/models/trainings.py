"""The French training catalogue (HAS 2014, Annex Table 3)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Record, Text, Url


class Training(Record):
    """A diploma that prepares for coordination or case-management functions."""

    name: Text = Field(description="Nom du diplôme, tel que la source l'écrit.")
    type: Literal["master-2", "du", "diu", "autre"] = Field(description="Type de diplôme, pour le filtre du catalogue.")
    university: Text = Field(description="Université ou école, telle que la source l'écrit.")
    cities: list[Text] = Field(min_length=1, description="Villes où la formation est proposée, pour le filtre.")
    duration: Text = Field(description="Durée telle que la source l'indique (ex. « 1 an »).")
    programme: Text = Field(description="Programme (texte de la source).")
    outlets: Text | None = Field(default=None, description="Débouchés en lien avec les fonctions d'appui à la coordination.")
    url: Url | None = Field(default=None, description="Adresse donnée par la source (elle peut avoir changé depuis).")
