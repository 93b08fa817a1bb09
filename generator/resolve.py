"""Stage 3 — resolve: the effective set of records, and who links to whom.

Regional editions (issue « Regional editions ») will overlay their records
here; the national edition passes through. Backlinks are computed once so a
record page can list the pages and records that cite it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SourcesInvalid, UnsafeFile
from .markers import find_markers
from .validate import Project, _links


@dataclass
class Site:
    project: Project
    edition: Path | None
    backlinks: dict[str, list[str]] = field(default_factory=dict)  # "coll/id" → ["coll/id" | "page:<src_uri>"]


def resolve(project: Project, edition: Path | None = None) -> Site:
    if edition is not None:
        raise SourcesInvalid([UnsafeFile.at(str(edition), None, problem="les éditions régionales ne sont pas encore prises en charge")])
    backlinks: dict[str, set[str]] = defaultdict(set)
    for collection, entries in project.records.items():
        for rid, entry in entries.items():
            for target in _links(entry.record):
                backlinks[target].add(f"{collection}/{rid}")
            for source in entry.record.sources:
                backlinks[f"references/{source.ref}"].add(f"{collection}/{rid}")
    for page in project.pages:
        for marker in find_markers(page.body):
            backlinks[marker.target].add(f"page:{page.src_uri}")
        for source in page.meta.sources:
            backlinks[f"references/{source.ref}"].add(f"page:{page.src_uri}")
    return Site(project, edition, {k: sorted(v) for k, v in backlinks.items()})
