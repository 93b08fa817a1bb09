"""MkDocs plugin, for ``mkdocs serve`` (and a hand-run ``mkdocs build``) on the project's mkdocs.yml.

``reperes build`` does not use it: it writes the docs tree (generator/site/docs_tree.py), a plain MkDocs
project, builds it with MkDocs alone, then runs the post-pass (generator/site/postpass.py). Here the same
steps hang on three events: the tree is staged in a folder of its own when the configuration is
loaded (MkDocs then reads its pages instead of content/pages), the post-pass runs on the built site,
and the server watches the sources instead of the staged tree.
"""
from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin

from .build import prepare
from .site import docs_tree, postpass
from .site.backend_mkdocs import MkDocs
from .sources.errors import SourcesInvalid
from .site.offline import write_service_worker
from .render.pages import Rendered

log = logging.getLogger("mkdocs.plugins.reperes")
_FOLDERS: dict[Path, Path] = {}  # project → its staged docs tree, for this process
EVENTS = ("on_config", "on_post_build", "on_serve")  # the only ones: tests/test_docs_tree.py checks it


class ReperesPlugin(BasePlugin):  # no options
    rendered: Rendered | None = None
    tree: docs_tree.Tree | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Run the pipeline and stage the docs tree; MkDocs then builds the staged pages."""
        project = self.project_dir(config)
        try:
            warnings: list[Any] = []
            self.rendered = prepare(project, warnings=warnings)
            for warning in warnings:  # MkDocs' own --strict then makes them fatal
                log.warning(str(warning))
        except SourcesInvalid as exc:
            raise PluginError("Sources invalides :\n" + str(exc)) from None
        # Rebuilt on each « mkdocs serve » reload: only files that changed are rewritten.
        self.tree = docs_tree.stage(self.rendered, project, self.staging_dir(project))
        config["docs_dir"] = str(self.tree.root / "docs")
        docs_tree.adapt(config, self.rendered)
        return config

    @staticmethod
    def project_dir(config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).resolve().parent

    @staticmethod
    def staging_dir(project: Path) -> Path:
        """One folder per project for the whole process, so a reload rewrites only what changed (MkDocs makes
        a new plugin on each reload of « mkdocs serve »); removed when the process ends."""
        if project not in _FOLDERS:
            _FOLDERS[project] = Path(tempfile.mkdtemp(prefix="reperes-docs-"))
            atexit.register(shutil.rmtree, _FOLDERS[project], ignore_errors=True)
        return _FOLDERS[project]

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.rendered is None or self.tree is None:
            return
        site = Path(config.site_dir)
        postpass.run(site, self.rendered, self.tree.pages, MkDocs())
        write_service_worker(site)

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        """Watch the sources, not the staged tree: each build rewrites it (and would rebuild again)."""
        server.unwatch(config.docs_dir)
        root = self.project_dir(config)
        for folder in ("content", "criteria"):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server
