"""The pipeline: load → validate → resolve → render → write.

``build()`` gathers and checks everything before writing anything; ``write``
replaces the output folder only when the whole site build succeeded (with MkDocs, or the backend
chosen: generator/site/backend.py).
"""
from __future__ import annotations

import os
from typing import Any
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .editions.resolve import resolve
from .render.pages import Rendered, render
from .site.archive import make_zip, zip_path
from .site.backend import DEFAULT
from .site.docs_tree import address, stage
from .site.output_guard import ALL, DOCS_TREE, SITE, mark, refuse_unsafe
from .site.write import write
from .sources.errors import SourcesInvalid
from .sources.load import load
from .sources.validate import validate


def prepare(project: Path, edition: Path | None = None, strict: bool = False,
            warnings: list[Any] | None = None, site_url: str | None = None) -> Rendered:
    """Everything up to rendering: the files the site generator will publish, all checked.

    Warnings (national-changed…) are appended to ``warnings``; ``strict`` makes them fatal."""
    sources = load(project, edition)  # 1. read every file (national, then edition), keep positions
    layers = validate(sources)        # 2. check each file against its model
    site = resolve(layers, strict)    # 3. merge the edition, check every reference, list the differences
    if warnings is not None:
        warnings.extend(site.warnings)
    return render(site, site_url or address(project, site.edition))  # 4. Markdown pages, JSON exports, schemas


def build(project: Path, edition: Path | None = None, out: Path | None = None, site_url: str | None = None,
          strict: bool = False, warnings: list | None = None, zip: bool = False, backend: str = DEFAULT) -> Path:
    """Build into ``out`` (default: the project's site/), and its archive beside it with ``zip``.

    ``out`` (and the archive) are checked first, before anything is read: a folder Repères did not write, or one
    that holds or is inside the sources, is refused (generator/site/output_guard.py)."""
    out = out or project / "site"
    refuse_unsafe([(out, SITE, "--out")] + ([(zip_path(out), "zip", "--out")] if zip else []), project, edition)
    rendered = prepare(project, edition, strict, warnings, site_url)
    site = write(rendered, project, out, site_url, backend)  # 5. the site into a temp folder, then swap
    if zip:
        make_zip(site)
    return site


def docs_tree(project: Path, edition: Path | None, folder: Path, site_url: str | None = None, strict: bool = False,
              warnings: list[Any] | None = None) -> Path:
    """« reperes build --docs-tree »: only the docs tree, a plain MkDocs project (generator/site/docs_tree.py)."""
    refuse_unsafe([(folder, DOCS_TREE, "--docs-tree")], project, edition)
    return stage(prepare(project, edition, strict, warnings, site_url), project, folder, site_url).root


def editions_of(project: Path) -> list[Path]:
    """The shipped editions: every editions/<id>/ folder holding an edition.yml."""
    folder = project / "editions"
    return sorted(p for p in folder.iterdir() if (p / "edition.yml").is_file()) if folder.is_dir() else []


def _build_one(args: tuple[Path, Path | None, Path, bool, str]) -> tuple[str, Path | None, list, list]:
    project, edition, out, strict, backend = args
    name = edition.name if edition else "national"
    warnings: list = []
    try:
        return name, build(project, edition, out, strict=strict, warnings=warnings, backend=backend), [], warnings
    except SourcesInvalid as exc:
        return name, None, exc.problems, []


def build_all(project: Path, out: Path, strict: bool = False, warnings: list | None = None,
              backend: str = DEFAULT) -> dict[str, Path]:
    """The national edition and every shipped edition, built in parallel, each self-contained in out/<id>/.

    ``out`` and each out/<id>/ are checked first, as « build --out » checks its folder."""
    jobs = [(project, None, out / "national", strict, backend)] + [(project, e, out / e.name, strict, backend)
                                                                    for e in editions_of(project)]
    refuse_unsafe([(out, ALL, "--out")], project)
    refuse_unsafe([(site, SITE, "--out") for _, _, site, _, _ in jobs], project)
    out.mkdir(parents=True, exist_ok=True)
    mark(out, ALL)
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
    parts = [_counted(n, *COUNTED.get(name, (name, name))) for name, n in counts.items()]
    parts.append(_counted(len(site.project.pages), "page", "pages"))
    if site.edition is not None:
        parts.append(_counted(len(site.changes), "écart", "écarts") + " par rapport au référentiel national")
        if site.edition.demonstration:
            parts.append("édition de démonstration (demonstration: true) : adresses et numéros d'exemple admis, "
                         "chaque page le dit")
    return ", ".join(parts)


# What « reperes check » counts, in French (singular, plural).
COUNTED = {"references": ("référence", "références"), "profiles": ("profil", "profils"),
           "success-factors": ("liste de facteurs de succès", "listes de facteurs de succès"),
           "trainings": ("formation", "formations"), "standards": ("standard", "standards"),
           "programmes": ("programme", "programmes"), "evidence": ("étude", "études"),
           "glossary": ("terme du glossaire", "termes du glossaire"), "criteria": ("outil", "outils")}


def _counted(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n <= 1 else plural}"  # French: 0 and 1 take the singular
