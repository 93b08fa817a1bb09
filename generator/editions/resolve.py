"""Stage 3 — resolve: merge the edition over the national sources, check every reference.

References are resolved here, on the merged whole, because an edition may add
what a national page links to, or remove it. All problems of the run (from
every stage so far) are raised together.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .checks import cross_checks
from .merge import Change, edition_checks, merge
from .drift import review
from .inherit import inherit, next_steps
from .placeholders import placeholder_problems
from ..sources.errors import SourcesInvalid, split
from ..sources.markers import find_markers
from ..sources.models.edition import Edition
from .project import Project, links
from ..sources.validate import Layers


@dataclass
class Site:
    project: Project
    edition: Edition | None = None
    edition_root: Path | None = None  # the edition folder
    changes: list[Change] = field(default_factory=list)
    warnings: list = field(default_factory=list)  # errors.Problem of severity "warning" (fatal with strict)
    backlinks: dict[str, list[str]] = field(default_factory=dict)  # "coll/id" → ["coll/id" | "page:<src_uri>"]


def resolve(layers: Layers, strict: bool = False) -> Site:
    """``strict``: warnings (national-changed…) stop the run like errors, as Sphinx -W does."""
    layers, overrides, inherited = inherit(layers)  # what the edition did not change follows the national source
    merged = merge(layers)
    project = merged.project
    texts = layers.national.texts + (layers.edition.texts if layers.edition else [])
    problems = layers.problems + merged.problems + cross_checks(project, texts) + inherited
    if layers.config is not None:
        problems += edition_checks(layers.config, project, texts) + placeholder_problems(layers)
    changes, drift = review(layers, merged.changes, next_steps(layers, overrides))
    fatal, warnings = split(problems + drift, strict)
    if fatal:
        raise SourcesInvalid(fatal + warnings)
    config = layers.config
    return Site(project, config.edition if config else None, config.root if config else None, changes,
                warnings, _backlinks(project))


def _backlinks(project: Project) -> dict[str, list[str]]:
    backlinks: dict[str, set[str]] = defaultdict(set)
    for collection, entries in project.records.items():
        for rid, entry in entries.items():
            for target in links(entry.record):
                backlinks[target].add(f"{collection}/{rid}")
            for source in entry.record.sources:
                backlinks[f"references/{source.ref}"].add(f"{collection}/{rid}")
    for page in project.pages:
        for marker in find_markers(page.body):
            backlinks[marker.target].add(f"page:{page.src_uri}")
        for source in page.meta.sources:
            backlinks[f"references/{source.ref}"].add(f"page:{page.src_uri}")
    return {k: sorted(v) for k, v in backlinks.items()}
