"""A regional edition: edition.yml (the note every edition record or page carries, EditionNote, is in common.py:
Record uses it).

An agency never edits base files: its folder holds edition.yml plus any of
content/ and criteria/, in the same formats as the national sources.
"""
from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from .common import Model, Slug, Text, Url

Target = Annotated[
    str,
    StringConstraints(pattern=r"^([a-z-]+/[a-z0-9]+(-[a-z0-9]+)*|page:[a-z0-9/_.-]+\.md)$", max_length=200),
    Field(description="Une fiche « collection/identifiant » ou une page « page:chemin/vers/page.md »."),
]


class Removal(Model):
    target: Target
    justification: Text = Field(description="Pourquoi cette fiche ou cette page est retirée de l'édition.")


class TermRule(Model):
    national: Annotated[str, StringConstraints(min_length=2, max_length=80)] = Field(description="Terme du référentiel national.")
    local: Annotated[str, StringConstraints(min_length=1, max_length=80)] = Field(description="Terme employé dans l'édition.")


class Contact(Model):
    name: Text = Field(description="Nom du service ou de la structure.")
    role: Text | None = Field(default=None, description="Ce que fait ce contact pour l'orientation (ex. « guichet unique du DAC »).")
    address: Text | None = None
    phone: Annotated[str, StringConstraints(pattern=r"^[0-9+ ().-]{4,30}$")] | None = None
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")] | None = None
    url: Url | None = None
    note: Text | None = None


class Resource(Model):
    """The local contact shown with some outcomes of a calculator."""

    criterion: Slug = Field(description="Identifiant de l'outil.")
    outcomes: list[Slug] = Field(default_factory=list, description="Résultats où afficher ce contact (vide : tous).")
    contact: Contact


# A path inside the edition folder: no « .. », no leading « / », no hidden segment (each starts with a letter,
# digit, « _ » or « - »), so the logo copied into the site can only come from the edition itself.
LOGO_PATTERN = r"^([A-Za-z0-9_-][A-Za-z0-9_.-]*/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*\.(svg|png)$"
# Where « voir la version nationale » leads: an http(s) address or a relative path, never « javascript: »,
# « data: » or « //autre-hôte ».
NATIONAL_URL_PATTERN = r"^(https?://[^\s<>\"'\\]+|/?[A-Za-z0-9._~%-][A-Za-z0-9._~%/-]*|/)$"
# site_url goes into MkDocs' configuration, and from there unescaped into an attribute of every page
# (the canonical link): unlike a contact's address, it may hold no quote or angle bracket.
SITE_URL_PATTERN = r"^https?://[^\s<>\"'\\]+$"


class Branding(Model):
    logo: Annotated[str, StringConstraints(pattern=LOGO_PATTERN, max_length=200)] | None = Field(
        default=None, description="Logo (SVG ou PNG), chemin relatif au dossier de l'édition."
    )
    primary_color: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] = Field(
        description="Couleur principale (#rrggbb) ; le texte blanc posé dessus doit rester lisible (contraste ≥ 4,5:1)."
    )


class Edition(Model):
    """edition.yml."""

    id: Slug
    name: Text = Field(description="Nom de l'édition, affiché comme titre du site.")
    publisher: Text = Field(description="Organisme qui publie l'édition.")
    locale: Annotated[str, StringConstraints(pattern=r"^fr-[A-Z]{2}$")] = Field(description="Langue et pays (ex. fr-FR, fr-CA).")
    site_url: Annotated[str, StringConstraints(pattern=SITE_URL_PATTERN, max_length=2_000)] = Field(
        description="Adresse où l'édition sera publiée.")
    national_url: Annotated[str, StringConstraints(pattern=NATIONAL_URL_PATTERN, max_length=500)] = Field(
        description="Adresse du référentiel national (absolue, ou relative au site de l'édition), pour « voir la version nationale »."
    )
    national: Annotated[str, StringConstraints(min_length=1, max_length=1_000)] | None = Field(default=None, description=(
        "Dossier du projet national (chemin relatif au dossier de l'édition, ou absolu) : « reperes » le trouve ainsi "
        "depuis le dossier de l'agence, sans --project. Écrit par « reperes edition new » ; jamais publié."))
    demonstration: bool = Field(default=False, description=(
        "Édition de démonstration, publiée par aucun organisme : chaque page le dit ; ses adresses et numéros "
        "d'exemple (example.org, 01 99 00…) sont alors admis par « reperes check » (placeholder)."))
    description: Text | None = Field(default=None, description="Présentation de l'édition (page d'accueil).")
    branding: Branding
    territory: Text | None = Field(default=None, description=(
        "Où s'emploie le vocabulaire local, pour les gloses du texte cité : « au Québec » donne "
        "« médecin traitant [au Québec : médecin de famille] » (défaut : « dans cette édition »)."))
    terminology: list[TermRule] = Field(default_factory=list, description=(
        "Vocabulaire local : remplace le terme national dans les titres, la navigation et la table des matières ; "
        "dans le texte (cité des sources), le terme national est gardé et suivi de sa glose. Jamais dans les outils."))
    featured: list[Target] = Field(default_factory=list, description="Pages et outils mis en avant sur la page d'accueil, dans l'ordre.")
    remove: list[Removal] = Field(default_factory=list, description="Fiches et pages nationales retirées de l'édition.")
    resources: list[Resource] = Field(default_factory=list, description="Contacts locaux d'orientation, par outil et résultat.")
