"""Systematic reviews and controlled studies (HAS 2014, § 3 and « Résumé de quelques études contrôlées »)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Record, Slug, Text


class Evidence(Record):
    """One row of the systematic-review table, or one summarised controlled study."""

    kind: Literal["revue-systematique", "etude-controlee"] = Field(description="Revue systématique (§ 3) ou étude contrôlée.")
    authors: Text = Field(description="Auteurs tels que le tableau les écrit (ex. « Huntley et al. »).")
    year: int = Field(ge=1900, le=2100, description="Année de publication.")
    publication_type: Text | None = Field(default=None, description="Type de publication (RS, MA, RCT…).")
    systematic_search: Text | None = Field(default=None, description="Recherche systématique de la littérature (Oui/Non).")
    search_period: Text | None = Field(default=None, description="Période de recherche.")
    inclusion_criteria: Text | None = Field(default=None, description="Critères d'inclusion explicités.")
    exclusion_criteria: Text | None = Field(default=None, description="Critères d'exclusion explicités.")
    explicit_analysis: Text | None = Field(default=None, description="Analyse des articles explicitée (grille de lecture).")
    studies: Text | None = Field(default=None, description="Nombre d'articles inclus et type d'étude.")
    patients: Text | None = Field(default=None, description="Nombre total de patients (ou bornes).")
    evidence_level: Text | None = Field(default=None, description="Niveau de preuve, tel que le tableau l'indique.")
    conclusions: Text = Field(description="Conclusions des auteurs.")
    reference: Slug | None = Field(default=None, description="Identifiant de la référence bibliographique correspondante.")
