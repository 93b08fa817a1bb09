"""Where a command may write: it replaces only a folder that is new, empty, or that Repères wrote.

Each output Repères writes carries a marker file naming what wrote it (a built site, the folder of
« build --all », a docs tree); the zip carries a comment. Before anything is read or built, every
output of the command is checked, and refused (exit 1, nothing touched) when it is:

- the home folder or the system's root (``output-protected``);
- the project's folder or a folder above it, or a folder of sources (``content/``, ``criteria/``,
  ``editions/``, the edition's folder), inside one, or holding one (``output-in-sources``) — as MkDocs
  refuses a site_dir that holds its docs_dir;
- a file, or a folder that is not empty and holds no marker of the same kind (``output-not-ours``) — as
  Sphinx and Hugo never empty a folder they did not write.
"""
from __future__ import annotations

import os
import shlex
import zipfile
from pathlib import Path

from ..sources.errors import OutputInSources, OutputNotOurs, OutputProtected, Problem, SourcesInvalid
from ..sources.find_project import shown_path

# What wrote a folder, by marker file name (the docs tree's marker is older: generator/site/docs_tree.py uses it).
SITE = ".reperes-site"
ALL = ".reperes-sites"
DOCS_TREE = ".reperes-docs-tree"
MARKERS = {SITE: "un site construit par « reperes build »", ALL: "les sites de « reperes build --all »",
           DOCS_TREE: "une arborescence de « reperes build --docs-tree »"}
ZIP_COMMENT = "Repères : archive d'un site construit par « reperes build --zip »".encode("utf-8")
SOURCE_FOLDERS = ("content", "criteria", "editions")


def mark(folder: Path, kind: str) -> None:
    """Say, in the folder itself, that Repères wrote it (the next build may replace it)."""
    (folder / kind).write_text(f"Dossier écrit par Repères : {MARKERS[kind]}. La commande suivante le remplace en entier ; "
                               "n'y rangez rien d'autre.\n", encoding="utf-8")


def refuse_unsafe(outputs: list[tuple[Path, str, str]], project: Path, edition: Path | None = None,
                  cwd: Path | None = None) -> None:
    """``outputs``: (path, kind — a marker or "zip", the option that named it). Raises SourcesInvalid on the first refusal
    of each output, all outputs checked."""
    problems = [p for out, kind, option in outputs if (p := refusal(out, kind, option, project, edition, cwd))]
    if problems:
        example = shown_path(free_output(project, edition, cwd), cwd)
        raise SourcesInvalid([refusal(out, kind, option, project, edition, cwd, example) or p  # with a folder that works
                              for (out, kind, option), p in zip(outputs, problems)])


def free_output(project: Path, edition: Path | None, cwd: Path | None = None) -> Path:
    """A « public » folder a build may write, from here: here, else beside the edition, else in the project."""
    cwd = (cwd or Path.cwd()).absolute()
    candidates = [cwd / "public"] + ([(cwd / edition).absolute().parent / "public"] if edition else []) + [project / "public"]
    return next((c for c in candidates if refusal(c, SITE, "--out", project, edition, cwd) is None), candidates[-1])


def refusal(out: Path, kind: str, option: str, project: Path, edition: Path | None, cwd: Path | None,
            example: str = "public") -> Problem | None:
    cwd = (cwd or Path.cwd()).absolute()
    shown = shown_path(out, cwd)
    target = (cwd / out).resolve()
    how = f"choisissez avec {option} un dossier nouveau ou vide, hors des sources (par ex. {option} {shlex.quote(example)})"
    if kind == "zip":
        how = f"l'archive s'écrit à côté du site : supprimez {shlex.quote(shown)} vous-même, ou choisissez un autre dossier avec --out"
    home = Path(os.path.expanduser("~"))
    if target == Path(target.anchor) or (home.is_absolute() and target == home.resolve()):
        what = "le dossier personnel" if target != Path(target.anchor) else "la racine du système"
        return OutputProtected.at(shown, None, problem=f"{shown} est {what}", how=how)
    project = project.resolve()
    if project.is_relative_to(target):
        what = "le dossier du projet" if target == project else "un dossier qui contient le projet"
        return OutputInSources.at(shown, None, problem=f"{shown} est {what}", how=how)
    sources = [project / name for name in SOURCE_FOLDERS] + ([(cwd / edition).resolve()] if edition is not None else [])
    for source in sources:
        if target.is_relative_to(source) or source.is_relative_to(target):
            what = "le dossier de l'édition" if edition is not None and source == sources[-1] else "le dossier de sources"
            if target == source:
                problem = f"{shown} est {what}"
            else:
                where = "est dans" if target.is_relative_to(source) else "contient"
                problem = f"{shown} {where} {what} ({shown_path(source, cwd)})"
            return OutputInSources.at(shown, None, problem=problem, how=how)
    if kind == "zip":
        return _zip_problem(target, shown, how)
    if target.exists() and not target.is_dir():
        return OutputNotOurs.at(shown, None, problem=f"{shown} est un fichier, pas un dossier", how=how)
    if target.is_dir() and any(target.iterdir()) and not (target / kind).is_file():
        older = kind == SITE and (target / "sw.js").is_file() and (target / "assets" / "engine").is_dir()
        return OutputNotOurs.at(shown, None, problem=(
            f"{shown} n'est pas vide et n'a pas été écrit par Repères (pas de fichier {kind}) : il ne sera pas remplacé"),
            how=how + (" ; s'il a été construit par une version de Repères antérieure à ce marqueur, supprimez-le une fois"
                       if older else " ; ou videz-le vous-même si son contenu peut disparaître"))
    return None


def _zip_problem(target: Path, shown: str, how: str) -> Problem | None:
    if not target.exists():
        return None
    try:
        ours = target.is_file() and zipfile.ZipFile(target).comment == ZIP_COMMENT
    except (OSError, zipfile.BadZipFile):
        ours = False
    if ours:
        return None
    return OutputNotOurs.at(shown, None, problem=f"{shown} existe et n'est pas une archive écrite par Repères : elle ne sera pas remplacée",
                            how=how)
