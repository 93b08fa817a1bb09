"""Stage 5 — write: run MkDocs into a temporary folder, then swap it into place.

A failed build leaves the previous output untouched: the new site is built
beside it and only renamed over it once MkDocs has finished without warnings.
"""
from __future__ import annotations

import logging
import re
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .compress import compress_site
from .errors import BuildFailed, SourcesInvalid
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
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp), strict=True)
        config.plugins["reperes"].rendered = rendered
        if rendered.edition is not None:
            configure_edition(config, rendered)
        if site_url:
            config["site_url"] = site_url
        mkdocs_build(config)
        compress_site(tmp)  # last pass: every file is final (sw.js included) before it is compressed
    except (MkDocsException, OSError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        problems = [BuildFailed.at(*_where(m, rendered), problem=m) for m in handler.messages]
        raise SourcesInvalid(problems or [BuildFailed.at("mkdocs.yml", None, problem=str(exc))]) from None
    finally:
        logger.removeHandler(handler)
    _swap(tmp, out)
    return out


def configure_edition(config, rendered: Rendered) -> None:
    """The national mkdocs.yml, adapted: name, address, brand, and a nav without what the edition removes."""
    edition = rendered.edition
    config["site_name"] = edition.name
    config["site_url"] = edition.site_url
    config["site_description"] = f"{edition.name} — édition de Repères publiée par {edition.publisher}."
    config["extra_css"] = [*config["extra_css"], "assets/edition.css"]
    if edition.branding.logo:
        config["theme"]["logo"] = f"assets/edition/{Path(edition.branding.logo).name}"
    national_pages = {p.src_uri for p in rendered.authored if p.layer == "national"} | set(rendered.pages)
    added = [p.src_uri for p in rendered.authored if p.layer == "edition" and p.src_uri not in national_pages]
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


def _swap(new: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}-old")
        if old.exists():
            shutil.rmtree(old)
        out.rename(old)
    new.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
