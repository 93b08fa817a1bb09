"""Front matter of the narrative Markdown pages under content/pages/."""
from __future__ import annotations

import datetime as dt

from pydantic import Field

from .common import EditionNote, Model, SourceRef, Text


class PageMeta(Model):
    """The YAML block at the top of every Markdown page."""

    title: Text = Field(description="Titre de la page.")
    description: Text | None = Field(default=None, description="Résumé d'une phrase (affiché dans les résultats de recherche).")
    reviewed: dt.date = Field(description="Date de dernière relecture de la page par rapport aux sources.")
    sources: list[SourceRef] = Field(min_length=1, description="Sources de la page, avec localisateurs.")
    edition: EditionNote | None = Field(default=None, description="Dans une édition régionale seulement : action et justification.")
