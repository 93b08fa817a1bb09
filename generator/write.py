"""Stage 5 — write: run MkDocs into a staging folder, then swap it into place.

A failed build leaves the previous output untouched: the new site is built in
a staging folder that is not served (generator/staging.py: lock, leftovers,
atomic swap) and replaces the output only once every step has succeeded.
"""
from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from . import staging
from .compress import compress_site
from .errors import BuildFailed, SourcesInvalid
from .offline import write_service_worker
from .render import Rendered


class _Collect(logging.Handler):
    """Keep MkDocs' warnings so they can be reported as problems with their file."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def write(rendered: Rendered, project: Path, out: Path, site_url: str | None = None) -> Path:
    """``site_url`` overrides the configured address (instant navigation needs the real one)."""
    project, out = project.resolve(), out.resolve()
    with staging.locked(out) as root:  # one build at a time into « out »; leftovers of killed builds removed
        tmp = staging.new_folder(out, root)
        try:
            _mkdocs(rendered, project, tmp, site_url)
            # Steps that add files to the site go here, before the service worker lists every file.
            write_service_worker(tmp)
            compress_site(tmp)  # last pass: every file is final (sw.js included) before it is compressed
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        staging.swap(tmp, out, root)
    return out


def _mkdocs(rendered: Rendered, project: Path, tmp: Path, site_url: str | None) -> None:
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp), strict=True)
        config.plugins["reperes"].rendered = rendered
        config.plugins["reperes"].service_worker = False  # written by write() once every file is there
        if rendered.edition is not None:
            configure_edition(config, rendered)
        if site_url:
            config["site_url"] = site_url
        mkdocs_build(config)
    except (MkDocsException, OSError) as exc:
        problems = [BuildFailed.at(*_where(m, rendered), problem=m) for m in handler.messages]
        raise SourcesInvalid(problems or [BuildFailed.at("mkdocs.yml", None, problem=str(exc))]) from None
    finally:
        logger.removeHandler(handler)


def configure_edition(config, rendered: Rendered) -> None:
    """The national mkdocs.yml, adapted: name, address, brand, and a nav without what the edition removes."""
    edition = rendered.edition
    config["site_name"] = edition.name
    config["site_url"] = edition.site_url
    config["site_description"] = f"{edition.name} — édition de Repères publiée par {edition.publisher}."
    config["extra_css"] = [*config["extra_css"], "assets/edition.css"]
    if edition.branding.logo:
        config["theme"]["logo"] = f"assets/edition/{Path(edition.branding.logo).name}"
    # Only the edition's own pages go to its section; a replaced page keeps its national place.
    added = [p.src_uri for p in rendered.authored if p.layer == "edition" and p.meta.edition.action == "ajoute"]
    nav = _prune(config["nav"] or [], rendered.removed_pages)
    nav.append({"Édition": ["edition/ecarts.md", *added]})
    config["nav"] = nav


def _prune(nav: list, removed: set[str]) -> list:
    out = []
    for entry in nav:
        if isinstance(entry, str):
            if entry not in removed:
                out.append(entry)
            continue
        (title, value), = entry.items()
        if isinstance(value, list):
            children = _prune(value, removed)
            if children:
                out.append({title: children})
        elif value not in removed:
            out.append(entry)
    return out


def _where(message: str, rendered: Rendered) -> tuple[str, int | None]:
    """The source file a MkDocs message is about, when it names a page."""
    m = re.search(r"Doc file '([^']+)'", message)
    if not m:
        return "mkdocs.yml", None
    uri = m.group(1)
    if uri in rendered.pages:
        return f"(page générée) {uri}", None
    return f"content/pages/{uri}", None
