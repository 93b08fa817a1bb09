"""Stage 5 — write: the docs tree, the site generator, the post-pass, into a staging folder, then swap it into place.

The docs tree (generator/site/docs_tree.py) is a plain MkDocs project written in a temporary folder; a
backend (generator/site/backend.py: MkDocs by default, or Zensical) builds it, with no Repères plugin;
the post-pass (generator/site/postpass.py) finishes the HTML.

A failed build leaves the previous output untouched: the new site is built in
a staging folder that is not served (generator/site/staging.py: lock, leftovers,
atomic swap) and replaces the output only once every step has succeeded.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from . import postpass, staging
from .backend import DEFAULT, Backend
from .backend_mkdocs import MkDocs
from .backend_zensical import Zensical
from .compress import compress_site
from .docs_tree import stage
from .offline import write_service_worker
from .output_guard import SITE, mark
from ..render.pages import Rendered
from .server_settings import write_server_settings

BACKENDS: dict[str, type[Backend]] = {"mkdocs": MkDocs, "zensical": Zensical}  # backend.NAMES, in that order


def write(rendered: Rendered, project: Path, out: Path, site_url: str | None = None, backend: str = DEFAULT) -> Path:
    """``site_url`` overrides the configured address (instant navigation needs the real one);
    ``backend``: the site generator that builds the docs tree (backend.NAMES)."""
    generator = BACKENDS[backend]()
    project, out = project.resolve(), out.resolve()
    with staging.locked(out) as root:  # one build at a time into « out »; leftovers of killed builds removed
        tmp = staging.new_folder(out, root)
        try:
            docs = staging.new_docs_folder(out, root)  # outside the output
            try:
                tree = stage(rendered, project, docs, site_url)  # the docs tree: a plain MkDocs project
                generator.build(tree, tmp, rendered)
            finally:
                shutil.rmtree(docs, ignore_errors=True)
            postpass.run(tmp, rendered, tree.pages, generator)
            # Steps that add files to the site go here, before the service worker lists every file.
            write_service_worker(tmp)
            compress_site(tmp)  # last pass: every file is final (sw.js included) before it is compressed
            write_server_settings(tmp)  # never sent by a server: neither listed by the worker nor compressed
            mark(tmp, SITE)  # the next build may replace this folder (generator/site/output_guard.py)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        staging.swap(tmp, out, root)
    return out
