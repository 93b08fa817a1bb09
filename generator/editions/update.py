"""« reperes edition update <dossier> »: write the national changes an edition inherits into its files.

Each override's merge (generator/inherit.py) lists the national values the edition did not change and
its file does not have yet; they are spliced into the file (generator/yamledit.py: comments and
layout kept), the result is read back and must give exactly the merged record, then every file is
written at once, each replaced whole (never half-written). Conflicts are left as they are: reported,
the edition's value kept. Nothing else is touched; the diff of each file is returned for display.
"""
from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..sources.errors import InheritedStale, Problem, SourcesInvalid, split
from ..sources.invocation import next_step
from ..sources.load import load
from ..sources.models import PageMeta
from ..sources.validate import Entry, Layers, validate
from ..sources.yamlpos import parse_yaml
from . import yamledit
from .inherit import Override, dump, inherit


@dataclass
class Update:
    diffs: list[str] = field(default_factory=list)  # unified diff of each file written
    written: list[Path] = field(default_factory=list)
    values: int = 0  # national changes written
    problems: list[Problem] = field(default_factory=list)  # what could not be written (left to the author)


@dataclass
class _File:
    path: Path
    rel: str
    text: str
    overrides: list[Override] = field(default_factory=list)


def update_edition(project: Path, edition: Path, write: bool = True) -> tuple[Update, list[Problem]]:
    """« reperes edition update »: the update (diffs, files written, what could not be written) and the open
    conflicts. Refused while the sources have errors."""
    layers, overrides, inherited = inherit(validate(load(project, edition)))
    fatal, _ = split(layers.problems)
    if fatal:
        raise SourcesInvalid(fatal)
    return update(layers, overrides, write), [p for p in inherited if p.code == "edition-conflict"]


def update(layers: Layers, overrides: list[Override], write: bool = True) -> Update:
    files: dict[Path, _File] = {}
    for o in overrides:
        if not o.pending or o.model is None:
            continue
        path = _path(layers, o.edition)
        files.setdefault(path, _File(path, o.rel, path.read_text(encoding="utf-8"))).overrides.append(o)
    out = Update()
    planned: list[tuple[_File, str]] = []
    for f in files.values():
        try:
            new = _write(layers, f)
        except yamledit.CannotWrite as exc:
            out.problems += [_by_hand(layers, o, str(exc)) for o in f.overrides]
            continue
        if (why := _mismatch(f, new)) is not None:
            out.problems += [_by_hand(layers, o, why) for o in f.overrides]
            continue
        planned.append((f, new))
    for f, new in planned:
        out.diffs.append("".join(difflib.unified_diff(f.text.splitlines(keepends=True), new.splitlines(keepends=True),
                                                      fromfile=f.rel, tofile=f.rel)))
        out.values += sum(len(o.result.ops) + len(o.body_ops) for o in f.overrides)
        if write:
            _replace(f.path, new)
        out.written.append(f.path)
    return out


def _path(layers: Layers, item: Any) -> Path:
    return item.path if getattr(item, "path", None) else (layers.root / item.rel)


def _split(text: str) -> tuple[str, str, str, str]:
    """A page: its « --- » line, front matter, closing « --- » line and body (as generator/load.py reads it)."""
    lines = text.splitlines(keepends=True)
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    return lines[0], "".join(lines[1:end]), lines[end], "".join(lines[end + 1:])


def _write(layers: Layers, f: _File) -> str:
    page = not isinstance(f.overrides[0].edition, Entry)
    head = sep = body = ""
    if page:
        head, front, sep, body = _split(f.text)
        writer = yamledit.Writer(yamledit.read(front))
    else:
        writer = yamledit.Writer(yamledit.read(f.text))
    for o in f.overrides:
        national_text = _path(layers, o.national).read_text(encoding="utf-8")
        if page:
            national_text = _split(national_text)[1]
        raw = o.national.doc.data if o.national.doc is not None else {}
        nprefix = getattr(o.national, "prefix", ())
        for step in nprefix:
            raw = raw[step]
        writer.use(yamledit.read(national_text), raw, getattr(o.edition, "prefix", ()), nprefix)
        for op in o.result.ops:
            writer.apply(op)
        if page and o.body is not None:
            body = o.body
    return head + writer.result() + sep + body if page else writer.result()


def _mismatch(f: _File, new: str) -> str | None:
    """Why the written text does not read back as the merged records; None when it does."""
    page = not isinstance(f.overrides[0].edition, Entry)
    try:
        text = _split(new)[1] if page else new
    except StopIteration:
        return "bloc « --- » perdu"
    doc, problems = parse_yaml(text, f.rel)
    if doc is None or problems:
        return "le fichier réécrit ne se relit pas"
    for o in f.overrides:
        data = doc.data
        for step in getattr(o.edition, "prefix", ()):
            data = data[step]
        model = type(o.edition.record) if isinstance(o.edition, Entry) else PageMeta
        try:
            if dump(model.model_validate(data)) != o.merged:
                return "le fichier réécrit ne donne pas la fiche fusionnée"
        except ValidationError:
            return "le fichier réécrit n'est plus valide"
        if page and _split(new)[3] != o.body:
            return "le texte réécrit ne donne pas la page fusionnée"
    return None


def _by_hand(layers: Layers, o: Override, why: str) -> Problem:
    assert layers.config is not None, "an edition is being updated"
    line = o.edition.line if isinstance(o.edition, Entry) else o.edition.edition_line
    check = next_step(layers.root, layers.config.root, "check", "--edition", layers.config.root)
    return InheritedStale.at(o.rel, line, target=o.target, where="la fiche entière", change=(
        f"les changements nationaux n'ont pas pu être écrits automatiquement dans ce fichier ({why})"),
        next=f"reportez-les à la main : « {check} » donne chacun à sa ligne (inherited-stale)")


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole: a temporary file beside it, then renamed over it (same permissions)."""
    mode = path.stat().st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
