"""How the user calls « reperes » again, from where a message is printed: every next step Repères prints.

The CLI's own lines (« Vérifiez-la : … ») and the messages of the sources and editions (missing-file,
national-changed, inherited-stale, edition-conflict…) print the same command: this program as the user
can type it from the current folder (its bare name when the shell finds this very one, else its path),
``--project`` only when the project would not be found otherwise (generator/sources/find_project.py),
paths relative to the current folder and quoted for the shell. Never a placeholder such as « <dossier> ».
"""
from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path

from .errors import SourcesInvalid
from .find_project import find_project, shown_path


def quoted(path: Path | str) -> str:
    """A path as the user types it from here: relative when inside the current folder, quoted for the shell."""
    return shlex.quote(shown_path(Path(path)) if isinstance(path, Path) else path)


def installed(name: str) -> str:
    """How to run a command installed with Repères (``reperes``, ``mkdocs``) from here: its bare name when the shell
    finds this very one, else its path (the virtual environment's bin/, beside this Python)."""
    mine = Path(sys.executable).parent / name  # not resolved: a virtual environment's python is a symlink
    if not mine.is_file():
        return f"{shlex.quote(sys.executable)} -m {'generator.cli' if name == 'reperes' else name}"
    found = shutil.which(name)
    if found and Path(found).resolve() == mine.resolve():
        return name
    return shlex.quote(str(mine))


def program() -> str:
    """This program, as the user can call it again from here: what they typed when it was a path to « reperes »
    (.venv/bin/reperes), else as ``installed`` finds it."""
    typed = sys.argv[0] if sys.argv else ""
    if Path(typed).name == "reperes" and "/" in typed and Path(typed).is_file():
        found = shutil.which("reperes")
        return "reperes" if found and Path(found).resolve() == Path(typed).resolve() else shlex.quote(typed)
    return installed("reperes")


def next_step(project: Path, edition: Path | None, *words: str | Path) -> str:
    """``reperes [--project …] <words>``, as it works from here: --project only when it would not be found otherwise
    (from the current folder, the environment, or ``edition``'s « national: »). A Path among ``words`` is shown
    relative to the current folder."""
    try:
        found = find_project(None, edition)
    except SourcesInvalid:
        found = None
    given = [] if found == project.resolve() else ["--project", quoted(project)]
    return " ".join([program(), *given, *(quoted(w) if isinstance(w, Path) else shlex.quote(w) for w in words)])


def edition_step(project: Path, edition: Path, *words: str) -> str:
    """``reperes [--project …] <words> <edition>``: a command on an edition's folder (« edition accept … »)."""
    return next_step(project, edition, *words, edition)
