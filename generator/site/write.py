"""Stage 5 — write: the docs tree, MkDocs, the post-pass, into a staging folder, then swap it into place.

The docs tree (generator/site/docs_tree.py) is a plain MkDocs project written in a temporary folder;
MkDocs builds it, with no Repères plugin; the post-pass (generator/site/postpass.py) finishes the HTML.

A failed build leaves the previous output untouched: the new site is built in
a staging folder that is not served (generator/site/staging.py: lock, leftovers,
atomic swap) and replaces the output only once every step has succeeded.
"""
from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.theme import Theme

from . import postpass, staging
from ..cache import keep_compiled
from .compress import compress_site
from .docs_tree import Tree, stage
from ..sources.errors import BuildFailed, SourcesInvalid
from .offline import write_service_worker
from ..render.pages import Rendered


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
            docs = staging.new_docs_folder(out, root)  # outside the output
            try:
                tree = stage(rendered, project, docs, site_url)  # the docs tree: a plain MkDocs project
                _mkdocs(tree, rendered, tmp)
            finally:
                shutil.rmtree(docs, ignore_errors=True)
            postpass.run(tmp, rendered, tree.pages)
            # Steps that add files to the site go here, before the service worker lists every file.
            write_service_worker(tmp)
            compress_site(tmp)  # last pass: every file is final (sw.js included) before it is compressed
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        staging.swap(tmp, out, root)
    return out


def _mkdocs(tree: Tree, rendered: Rendered, tmp: Path) -> None:
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(str(tree.config_file), site_dir=str(tmp), strict=True)
        _keep_compiled_templates(config.theme)
        mkdocs_build(config)
    except (MkDocsException, OSError) as exc:
        problems = [BuildFailed.at(*_where(m, rendered), problem=m) for m in handler.messages]
        raise SourcesInvalid(problems or [BuildFailed.at("mkdocs.yml", None, problem=str(exc))]) from None
    finally:
        logger.removeHandler(handler)


def _keep_compiled_templates(theme: Theme) -> None:
    """The theme's Jinja environment reads and keeps its compiled templates in the build cache
    (generator/cache.py): the same templates give the same pages, compiled once per machine."""
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        return keep_compiled(make_env())

    theme.get_env = get_env  # type: ignore[method-assign]


def _where(message: str, rendered: Rendered) -> tuple[str, int | None]:
    """The source file a MkDocs message is about, when it names a page."""
    m = re.search(r"Doc file '([^']+)'", message)
    if not m:
        return "mkdocs.yml", None
    uri = m.group(1)
    if uri in rendered.pages:
        return f"(page générée) {uri}", None
    return f"content/pages/{uri}", None
