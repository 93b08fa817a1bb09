"""The pipeline: load → validate → resolve → render → write.

``build()`` gathers and checks everything before writing anything; ``write``
replaces the output folder only when the whole MkDocs build succeeded.
"""
from __future__ import annotations

from pathlib import Path

from .load import load
from .validate import validate


def prepare(project: Path, edition: Path | None = None):
    """Everything up to rendering: the files MkDocs will publish, all checked."""
    from .render import render
    from .resolve import resolve

    sources = load(project)          # 1. read every file, keep positions
    model = validate(sources)        # 2. check against the models and across files
    site = resolve(model, edition)   # 3. apply the edition, link records both ways
    return render(site)              # 4. Markdown pages, JSON exports, schemas


def build(project: Path, edition: Path | None = None, out: Path | None = None) -> Path:
    from .write import write

    rendered = prepare(project, edition)
    return write(rendered, project, out or project / "site")  # 5. MkDocs into a temp folder, then swap


def check(project: Path, edition: Path | None = None) -> str:
    model = validate(load(project))
    counts = {name: len(records) for name, records in model.records.items()}
    parts = [f"{n} {name}" for name, n in counts.items()] + [f"{len(model.pages)} pages"]
    return ", ".join(parts)
