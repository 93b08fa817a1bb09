"""Building blocks shared by every collection.

Each collection is declared once, here in ``generator.sources.models``; validation, the
JSON Schemas published under ``schemas/`` and the authors' format page are all
derived from these classes.
"""
from __future__ import annotations

import datetime as dt
import typing
from typing import Annotated, Generic, Literal, TypeVar, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80),
    Field(description="Identifiant stable : minuscules sans accents, chiffres et tirets (ex. « has-2014 »)."),
]
Text = Annotated[
    str,
    StringConstraints(min_length=1, max_length=20_000, strip_whitespace=True),
    Field(description="Texte en français ; Markdown en ligne accepté (*italique*, **gras**, liens)."),
]
Url = Annotated[
    str,
    StringConstraints(pattern=r"^https?://\S+$", max_length=2_000),
    Field(description="Adresse web complète commençant par http:// ou https://."),
]
# A link to another record, written "<collection>/<id>" (e.g. "programmes/asalee").
RecordLink = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z-]+/[a-z0-9]+(-[a-z0-9]+)*$", max_length=120),
    Field(description="Lien vers une autre fiche, sous la forme « collection/identifiant » (ex. « programmes/asalee »)."),
]


# Where a record's source applies. « international »: neither France nor Québec (the British guide,
# American or Canadian standards, systematic reviews, a lecture on case management in general).
Jurisdiction = Literal["france", "quebec", "international"]
JURISDICTIONS: tuple[str, ...] = typing.get_args(Jurisdiction)


def _distinct(values: list[str]) -> list[str]:
    if len(set(values)) != len(values):
        raise ValueError("chaque valeur une seule fois")
    return values


Jurisdictions = Annotated[
    list[Jurisdiction],
    Field(min_length=1, json_schema_extra={"uniqueItems": True}),
    AfterValidator(_distinct),
]


class Model(BaseModel):
    """Strict base: unknown keys are errors, values are immutable once read."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceRef(Model):
    """Where a fact comes from: a reference id and a locator inside it."""

    ref: Slug = Field(description="Identifiant d'une fiche de la collection « references ».")
    locator: Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)] = Field(
        description="Où trouver l'information dans la source : section, tableau, diapositive, page (ex. « § 2.5.3 »)."
    )
    note: Text | None = Field(
        default=None,
        description="Note sur la source : correction d'une erreur d'extraction, reformulation, précision.",
    )


class EditionNote(Model):
    """In an edition, every record or page says what it does to the national reference, and why."""

    action: Literal["remplace", "ajoute"] = Field(
        description="« remplace » : remplace la fiche ou la page nationale de même identifiant ; « ajoute » : nouvelle fiche."
    )
    justification: Text = Field(description="Pourquoi l'édition s'écarte du référentiel national (affiché aux lecteurs).")


class NestedItem(Model):
    """A list entry that has sub-entries (as in the annex tables)."""

    text: Text = Field(description="Intitulé de l'élément.")
    items: list[Text] = Field(min_length=1, description="Sous-éléments, dans l'ordre de la source.")


Item = Union[Text, NestedItem]


class Record(Model):
    """Fields every record carries, whatever its collection."""

    id: Slug = Field(description="Identifiant stable, unique dans la collection ; sert d'ancre et d'adresse de page.")
    jurisdiction: Jurisdictions = Field(
        description=(
            "Où s'applique la source de la fiche : « france », « quebec » ou « international » (ni la France ni "
            "le Québec), une ou plusieurs valeurs, par exemple [quebec]. Obligatoire : les pages des outils, le "
            "choix des outils et la recherche l'affichent."
        ),
    )
    sources: list[SourceRef] = Field(
        min_length=1,
        description="Une ou plusieurs sources, chacune avec son localisateur. Obligatoire : une fiche sans source est refusée.",
    )
    note: Text | None = Field(default=None, description="Note éditoriale affichée avec la provenance.")
    see_also: list[RecordLink] = Field(
        default_factory=list,
        description="Fiches liées (« collection/identifiant ») : programmes, références, facteurs de succès…",
    )
    edition: EditionNote | None = Field(
        default=None,
        description="Dans une édition régionale seulement : « action » (remplace / ajoute) et « justification ».",
    )


R = TypeVar("R", bound=Record)


class CollectionFile(Model, Generic[R]):
    """One YAML file of a collection: a review date and a list of records."""

    reviewed: dt.date = Field(description="Date de dernière relecture du fichier par rapport aux sources (AAAA-MM-JJ).")
    records: list[R] = Field(description="Les fiches du fichier.")
