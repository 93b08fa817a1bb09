"""Case-manager and coordinator profiles (HAS 2014, Annex Table 2 and § 2.5.9)."""
from __future__ import annotations

from pydantic import Field

from .common import Item, Record, Text


class Profile(Record):
    """A job profile, with the columns of HAS 2014 Annex Table 2."""

    name: Text = Field(description="Intitulé du profil (ex. « Profil 1 : Case manager « clinique » »).")
    also_known_as: Text | None = Field(default=None, description="Autre appellation donnée par la source.")
    summary: Text | None = Field(default=None, description="Présentation du profil (texte de la source).")
    target_groups: list[Item] = Field(min_length=1, description="Public-cible.")
    settings: list[Item] = Field(min_length=1, description="Lieu d'exercice.")
    qualifications: list[Item] = Field(min_length=1, description="Qualification / expérience.")
    competences: list[Item] = Field(min_length=1, description="Savoirs, savoir-être et savoir-faire.")
    responsibilities: list[Item] = Field(min_length=1, description="Tâches / responsabilités.")
    caseload: Text | None = Field(default=None, description="File active indiquée par la source, telle quelle.")
