"""Which national project a command works on, wherever it is run (an agency's folder, a CI checkout).

The first of these that names a folder wins, and that folder must be a project (else ``not-a-project``):

1. ``--project DOSSIER`` on the command line;
2. the environment variable ``REPERES_PROJECT`` (set once by an agency's CI, or in a shell profile);
3. ``national:`` in the edition's edition.yml, relative to the edition's folder (``reperes edition new``
   writes it when the edition is created outside the project);
4. the current folder, or the nearest folder above it, that is a project; then the same above the
   edition's folder (an edition kept in the project's ``editions/<id>/``).

Otherwise one problem, ``project-not-found``, says how to name the project. A project is a folder holding
``mkdocs.yml`` and ``content/`` (what ``load`` reads): an empty folder is never taken for one.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from .errors import NotAProject, ProjectNotFound, SourcesInvalid

ENV = "REPERES_PROJECT"
HOW = ("lancez la commande depuis le dossier du projet, ou ajoutez --project DOSSIER avant la commande, "
       f"ou définissez {ENV}=DOSSIER, ou écrivez « national: DOSSIER » dans edition.yml")


def is_project(folder: Path) -> bool:
    return (folder / "mkdocs.yml").is_file() and (folder / "content").is_dir()


def find_project(given: Path | None, edition: Path | None = None, cwd: Path | None = None,
                 environ: Mapping[str, str] | None = None) -> Path:
    """The national project's folder (absolute), or SourcesInvalid with one problem that says what to do."""
    cwd = (cwd or Path.cwd()).absolute()
    environ = os.environ if environ is None else environ
    if given is not None:
        return _checked(cwd / given, str(given), "--project")
    if environ.get(ENV):
        return _checked(cwd / environ[ENV], environ[ENV], f"la variable {ENV}")
    if edition is not None:
        named = national_of(cwd / edition)
        if named is not None:
            value, line = named
            folder = (cwd / edition / value)
            if not is_project(folder):
                config = shown_path(cwd / edition / "edition.yml", cwd)
                raise SourcesInvalid([NotAProject.at(config, line, folder=f"« national: {value} » ({shown_path(folder, cwd)})",
                                                     how="corrigez ce chemin (relatif au dossier de l'édition)")])
            return folder.resolve()
    starts = [cwd] + ([(cwd / edition).absolute()] if edition is not None else [])
    for start in starts:
        for folder in (start, *start.parents):
            if is_project(folder):
                return folder.resolve()
    searched = "ni dans ce dossier ni au-dessus" + (f", ni au-dessus de l'édition {shown_path(cwd / edition, cwd)}" if edition else "")
    raise SourcesInvalid([ProjectNotFound.at(cwd.as_posix(), None, searched=searched, how=HOW)])


def national_of(edition: Path) -> tuple[str, int | None] | None:
    """The ``national:`` value of an edition's edition.yml and its line, when it has one (a file that cannot be
    read or parsed has none here: ``check`` reports it with everything else)."""
    from .yamlpos import parse_yaml  # here: « reperes --help » and « reperes serve » load no YAML parser

    config = edition / "edition.yml"
    try:
        text = config.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    doc, _ = parse_yaml(text, "edition.yml")
    if doc is None or not isinstance(doc.data, dict) or not isinstance(doc.data.get("national"), str):
        return None
    return doc.data["national"], doc.line(("national",))


def _checked(folder: Path, as_given: str, where: str) -> Path:
    if not is_project(folder):
        raise SourcesInvalid([NotAProject.at(as_given, None, folder=f"{as_given} ({where})",
                                             how="désignez le dossier qui contient mkdocs.yml et content/")])
    return folder.resolve()


def shown_path(path: Path, cwd: Path | None = None) -> str:
    """A path as the user can type it from ``cwd`` (default: the current folder): relative when inside it, absolute otherwise."""
    cwd = (cwd or Path.cwd()).absolute()
    try:
        return path.absolute().relative_to(cwd).as_posix() or "."
    except ValueError:
        return path.absolute().as_posix()
