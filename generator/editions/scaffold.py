"""« reperes edition new <dossier> »: a valid, commented edition an agency can start from.

It holds edition.yml (every key commented), one replaced national page (a copy of the national one,
to edit), one local contact on a calculator's result, the JSON schemas its editor completes keys
with, and versions-nationales.yml (what the copied page was written against). ``reperes check
--edition <dossier>`` passes on it as created. ``accept`` is « reperes edition accept <dossier> »,
which a new edition runs once.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import cast

import yaml

from ..sources.errors import SourcesInvalid, split
from ..sources.load import load
from ..sources.models import CRITERIA
from ..sources.models.criteria import Criterion
from ..sources.models.edition import SITE_URL_PATTERN
from ..sources.schemas import schemas
from ..sources.validate import validate
from .drift import accept as write_lock
from .inherit import inherit
from .merge import merge

EXAMPLE_PAGE = "gestion-de-cas/file-active.md"  # the page an agency most often adapts; else the first one

EDITION_YML = """\
# yaml-language-server: $schema=schemas/edition.schema.json
# Édition régionale de Repères. Chaque clé est décrite sur la page « Format des sources » du site
# national ; l'éditeur de texte les complète grâce au schéma ci-dessus (dossier schemas/).
# Depuis ce dossier : « reperes check » la vérifie, « reperes build --out ../public » la construit ;
# depuis le dossier au-dessus : « reperes check --edition {name_of_folder} » (guide : docs/edition.md du projet national).

# Les exemples à remplacer avant de publier (adresses en example.org, numéro 01 99 00…, textes
# « à remplacer », « à préciser », « Exemple : remplacez… ») sont signalés, chacun à sa ligne, par
# « reperes check » (placeholder) ; « reperes check --strict » échoue tant qu'il en reste.

# Identifiant : minuscules, chiffres, tirets.
id: {id}
# Projet national (le dossier qui contient mkdocs.yml et content/), relatif à ce dossier : « reperes » le
# trouve ainsi d'où qu'il soit lancé, sans --project (REPERES_PROJECT ou --project l'emportent).
{national}
# Titre du site et organisme qui publie (sans guillemet droit).
name: Repères — {name}
publisher: {name} (organisme à préciser)
# Langue et pays : fr-FR, fr-CA pour le Québec…
locale: fr-FR
# Adresse où l'édition sera publiée, et adresse du référentiel national (liens « version nationale »).
site_url: https://reperes.example.org/{id}/
national_url: {national_url}
# Présentation de l'édition, affichée en page d'accueil.
# description: …
branding:
  # Logo SVG (sans script ni ressource extérieure) ou PNG, dans ce dossier.
  # logo: assets/logo.svg
  # Couleur principale ; refusée si le texte blanc posé dessus est illisible (contraste < 4,5:1).
  primary_color: "#00695c"
# Vocabulaire local : remplace le terme national dans les titres et la navigation ; dans le texte,
# qui cite les sources, le terme national est gardé et suivi de sa glose « [en Ma Région : …] ».
# territory: en Ma Région
# terminology:
#   - {{national: médecin traitant, local: médecin de famille}}
# À la une de la page d'accueil, dans l'ordre.
featured:
  - page:{page}
# Retraits de fiches ou de pages nationales, toujours justifiés.
# remove:
#   - {{target: page:references/methode-has-2014.md, justification: "…"}}
# Contact local affiché avec un résultat d'outil (et repris par « Copier le résultat »).
resources:
  - criterion: {criterion}
    outcomes: [{outcome}]
    contact:
      name: Contact local (exemple à remplacer)
      role: Qui joindre pour orienter la personne
      phone: 01 99 00 00 00
      url: https://www.example.org/
      note: Coordonnées d'exemple, à remplacer avant publication.
"""


def scaffold(project: Path, folder: Path, edition_id: str | None = None) -> list[Path]:
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(f"le dossier {folder} existe déjà et n'est pas vide : choisissez un nouveau dossier")
    layers = validate(load(project))
    pages = layers.national.pages
    others = sorted(u for u in pages if u != "index.md") or sorted(pages)
    criteria = list(layers.national.records[CRITERIA.name].values())
    if not others or not criteria:  # the example replaces a page and gives a tool a local contact
        raise FileExistsError(f"le projet national {project} n'a pas de page ou pas d'outil (criteria/) : "
                              "l'édition d'exemple en remplace une et donne un contact local à un outil")
    page_uri = EXAMPLE_PAGE if EXAMPLE_PAGE in pages else others[0]
    criterion = cast(Criterion, criteria[0].record)
    slug = re.sub(r"[^a-z0-9]+", "-", (edition_id or folder.name).lower()).strip("-") or "mon-edition"
    name = slug.replace("-", " ").title()
    created = []

    def write(rel: str, text: str) -> None:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        created.append(path)

    write("edition.yml", EDITION_YML.format(name_of_folder=folder.name, id=slug, name=name, page=page_uri,
                                            criterion=criterion.id, outcome=criterion.outcomes[0].id,
                                            national=national_line(project, folder), national_url=national_url(project)))
    page = pages[page_uri]
    assert page.path is not None, "an authored page has its file"
    source = page.path.read_text(encoding="utf-8")
    front, body = source.split("\n---", 1)
    write(f"content/pages/{page_uri}", front + (
        "\nedition:\n  action: remplace\n  justification: >-\n    Exemple : remplacez cette justification par la raison "
        "de l'adaptation régionale (affichée aux lecteurs).\n---") + body)
    write_schemas(folder / "schemas", created)
    accept(project, folder)
    created.append(folder / "versions-nationales.yml")
    return created


def national_url(project: Path) -> str:
    """Where the national reference is published: its mkdocs.yml's site_url (an example address otherwise)."""
    try:
        config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Lenient)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        config = None
    url = config.get("site_url") if isinstance(config, dict) else None
    return url if isinstance(url, str) and re.match(SITE_URL_PATTERN, url) else "https://reperes.example.org/"


class _Lenient(yaml.SafeLoader):
    """mkdocs.yml holds « !!python/name: » tags (Markdown extensions): read as plain text, never run."""


_Lenient.add_multi_constructor("", lambda loader, suffix, node: None)


def national_line(project: Path, folder: Path) -> str:
    """``national: <path>`` for an edition outside its project (kept relative: both may move together); commented
    out for one inside it (editions/<id>/), which finds the project above."""
    project, folder = project.resolve(), folder.resolve()
    if folder.is_relative_to(project):
        return "# national: (inutile ici : le projet est au-dessus de ce dossier)"
    return f"national: {json.dumps(os.path.relpath(project, folder), ensure_ascii=False)}"


def write_schemas(folder: Path, created: list[Path] | None = None) -> list[Path]:
    """The JSON schemas of every source format, derived from the models (never written by hand)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, schema in schemas().items():
        path = folder / f"{name}.schema.json"
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        out.append(path)
    if created is not None:
        created += out
    return out


def accept(project: Path, edition: Path, keep_edition: bool = False) -> list[str]:
    """« reperes edition accept »: record the national version of everything the edition replaces or removes.

    Refused while the sources have errors, while a national change the edition inherits is not yet
    written in its files (« reperes edition update »), and while a conflict is open — unless
    ``keep_edition`` (« --garder-edition »): the agency, having read them, keeps its own values."""
    layers, _, inherited = inherit(validate(load(project, edition)))
    merged = merge(layers)
    fatal, _ = split(layers.problems + merged.problems)
    blocking = [replace(p, severity="error") for p in inherited
                if p.code == "inherited-stale" or (p.code == "edition-conflict" and not keep_edition)]
    if fatal or blocking:
        raise SourcesInvalid(fatal + blocking)
    return sorted(write_lock(layers, merged.changes))
