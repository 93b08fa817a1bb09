"""Example programmes and projects, with their evaluation results."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Item, Model, Record, Text


class Facet(Model):
    """A titled part of a programme's description (e.g. « Gouvernance », « Barrières rencontrées »)."""

    title: Text = Field(description="Intitulé de la rubrique, tel que la source l'écrit.")
    text: Text | None = Field(default=None, description="Texte de la rubrique.")
    items: list[Item] = Field(default_factory=list, description="Éléments énumérés dans la rubrique.")

SupportFunction = Literal[
    "aide-a-la-pratique",
    "aide-aux-procedures-cliniques",
    "education-therapeutique",
    "transition-hopital-ville",
    "demarche-qualite",
    "systemes-information",
    "gestion-de-cas",
    "coordination-integree",
]


class Programme(Record):
    """A programme or project described by a source, and what its evaluation found."""

    name: Text = Field(description="Nom du programme ou du projet.")
    place: Text | None = Field(default=None, description="Pays, région ou lieu.")
    period: Text | None = Field(default=None, description="Période ou date de début, telle que la source l'indique.")
    support_function: SupportFunction = Field(description="Fonction d'appui (typologie HAS 2014, § 2.2.1 à 2.5).")
    description: Text = Field(description="Ce que fait le programme (texte de la source).")
    activities: list[Item] = Field(default_factory=list, description="Missions ou activités énumérées par la source.")
    facets: list[Facet] = Field(default_factory=list, description="Rubriques détaillées (territoire, gouvernance, bons coups, barrières…).")
    evaluation_status: Literal["evalue", "implantation-evaluee", "en-cours", "en-attente", "non-evalue"] = Field(
        description=(
            "État de l'évaluation selon la source ; « implantation-evaluee » : seule l'implantation a été évaluée, "
            "pas les effets sur les patients."
        )
    )
    evaluation: Text | None = Field(default=None, description="Résultats de l'évaluation, chiffres cités exactement.")
