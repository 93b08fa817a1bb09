"""The pipeline: load → validate → resolve → render → write.

``build()`` gathers and checks everything before writing anything; ``write``
replaces the output folder only when the whole MkDocs build succeeded.
"""
from __future__ import annotations

import os
from typing import Any
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .editions.resolve import resolve
from .render.pages import Rendered, render
from .site.docs_tree import stage
from .site.write import write
from .sources.errors import SourcesInvalid
from .sources.load import load
from .sources.validate import validate


def prepare(project: Path, edition: Path | None = None, strict: bool = False,
            warnings: list[Any] | None = None) -> Rendered:
    """Everything up to rendering: the files MkDocs will publish, all checked.

    Warnings (national-changed…) are appended to ``warnings``; ``strict`` makes them fatal."""
    sources = load(project, edition)  # 1. read every file (national, then edition), keep positions
    layers = validate(sources)        # 2. check each file against its model
    site = resolve(layers, strict)    # 3. merge the edition, check every reference, list the differences
    if warnings is not None:
        warnings.extend(site.warnings)
    return render(site)               # 4. Markdown pages, JSON exports, schemas


def build(project: Path, edition: Path | None = None, out: Path | None = None, site_url: str | None = None,
          strict: bool = False, warnings: list | None = None) -> Path:
    rendered = prepare(project, edition, strict, warnings)
    return write(rendered, project, out or project / "site", site_url)  # 5. MkDocs into a temp folder, then swap


def docs_tree(project: Path, edition: Path | None, folder: Path, site_url: str | None = None, strict: bool = False,
              warnings: list[Any] | None = None) -> Path:
    """« reperes build --docs-tree »: only the docs tree, a plain MkDocs project (generator/site/docs_tree.py)."""
    return stage(prepare(project, edition, strict, warnings), project, folder, site_url).root


def editions_of(project: Path) -> list[Path]:
    """The shipped editions: every editions/<id>/ folder holding an edition.yml."""
    folder = project / "editions"
    return sorted(p for p in folder.iterdir() if (p / "edition.yml").is_file()) if folder.is_dir() else []


def _build_one(args: tuple[Path, Path | None, Path, bool]) -> tuple[str, Path | None, list, list]:
    project, edition, out, strict = args
    name = edition.name if edition else "national"
    warnings: list = []
    try:
        return name, build(project, edition, out, strict=strict, warnings=warnings), [], warnings
    except SourcesInvalid as exc:
        return name, None, exc.problems, []


def build_all(project: Path, out: Path, strict: bool = False, warnings: list | None = None) -> dict[str, Path]:
    """The national edition and every shipped edition, built in parallel, each self-contained in out/<id>/."""
    jobs = [(project, None, out / "national", strict)] + [(project, e, out / e.name, strict) for e in editions_of(project)]
    with ProcessPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1)) as pool:
        results = list(pool.map(_build_one, jobs))
    problems = [p for _, _, found, _ in results for p in found]
    if problems:
        raise SourcesInvalid(problems)
    if warnings is not None:
        warnings.extend(w for _, _, _, found in results for w in found)
    return {name: path for name, path, _, _ in results if path is not None}


def check(project: Path, edition: Path | None = None, strict: bool = False, warnings: list | None = None) -> str:
    site = resolve(validate(load(project, edition)), strict)
    if warnings is not None:
        warnings.extend(site.warnings)
    counts = {name: len(records) for name, records in site.project.records.items()}
    parts = [f"{n} {name}" for name, n in counts.items()] + [f"{len(site.project.pages)} pages"]
    if site.edition is not None:
        parts.append(f"{len(site.changes)} écart(s) par rapport au référentiel national")
    return ", ".join(parts)
