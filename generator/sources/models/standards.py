"""International case-management standards (HAS 2014, Annex Table 1)."""
from __future__ import annotations

from pydantic import Field

from .common import Item, Record, Text


class Standard(Record):
    """A standard of practice or job framework, with the functions it lists."""

    name: Text = Field(description="Titre du standard ou du référentiel-métier.")
    organisation: Text = Field(description="Organisme qui le publie.")
    country: Text = Field(description="Pays.")
    year: int | None = Field(default=None, ge=1900, le=2100, description="Année, si la source la donne.")
    functions: list[Item] = Field(min_length=1, description="Fonctions, dans l'ordre de la source.")
    remarks: Text | None = Field(default=None, description="Précisions données par la source.")
