"""MkDocs plugin: publishes what the pipeline rendered, expands markers, adds provenance.

``reperes build`` hands the plugin an already rendered project; plain
``mkdocs build`` / ``mkdocs serve`` run the pipeline here, so both entry points
publish the same site. ``mkdocs serve`` also watches content/ and criteria/.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .errors import SourcesInvalid
from .links import Target, href
from .markers import find_markers
from .render import Rendered, french_date


class ReperesPlugin(BasePlugin):
    rendered: Rendered | None = None  # set by generator.write when driven by « reperes build »

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.rendered is None:
            from .build import prepare

            try:
                self.rendered = prepare(self.project_dir(config))
            except SourcesInvalid as exc:
                raise PluginError("Sources invalides :\n" + str(exc)) from None
        return config

    @staticmethod
    def project_dir(config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).resolve().parent

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for uri, markdown in self.rendered.pages.items():
            files.append(File.generated(config, uri, content=markdown))
        for uri, content in self.rendered.files.items():
            files.append(File.generated(config, uri, content=content))
        for uri, path in self.rendered.copies.items():
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        markdown = self.expand_markers(markdown, uri)
        footer = self.footer(page, uri)
        # Abbreviation definitions make every acronym an <abbr> with its expansion.
        return f"{markdown}\n\n{footer}\n\n{self.rendered.abbreviations}\n"

    def expand_markers(self, text: str, uri: str) -> str:
        out, last = [], 0
        for marker in find_markers(text):
            out.append(text[last:marker.start])
            out.append(self.marker_markdown(marker, text, uri))
            last = marker.end
        out.append(text[last:])
        return "".join(out)

    def marker_markdown(self, marker, text: str, uri: str) -> str:
        target: Target = self.rendered.targets[marker.target]
        link = f"[{marker.text if marker.kind == 'link' and marker.text else target.title}]({href(uri, target)})"
        if marker.kind == "link":
            return link
        line_start = text.rfind("\n", 0, marker.start) + 1
        line_end = text.find("\n", marker.end)
        alone = not text[line_start:marker.start].strip() and not text[marker.end: None if line_end < 0 else line_end].strip()
        if alone:
            return f"Source : {link}, {marker.text}\n{{: .reperes-source }}"
        return f"(source : {link}, {marker.text})"

    def footer(self, page: Page, uri: str) -> str:
        parts = []
        meta = next((p.meta for p in self.rendered.authored if p.src_uri == uri), None)
        if meta is not None:
            sources = " ; ".join(
                f"[{self.rendered.targets[f'references/{s.ref}'].title}]({href(uri, self.rendered.targets[f'references/{s.ref}'])}), {s.locator}"
                for s in meta.sources)
            parts.append(f"Sources de cette page : {sources}\n{{: .reperes-page-sources }}")
            reviewed = meta.reviewed
        else:
            raw = page.meta.get("reviewed")
            reviewed = dt.date.fromisoformat(str(raw)) if raw else None
        if reviewed:
            parts.append(f"Dernière révision : {french_date(reviewed)}\n{{: .reperes-reviewed }}")
        return "\n\n".join(["---"] + parts) if parts else ""

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return french_spacing(html)

    def on_serve(self, server, config: MkDocsConfig, builder):
        root = self.project_dir(config)
        for folder in ("content", "criteria"):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server




# French typography: a no-break space before « ? ! : ; » and inside guillemets, so that a
# line never starts with a lone « ? » or « » ». Applied to HTML text nodes only.
_TAGS = re.compile(r"(<[^>]+>)")
_SKIP = re.compile(r"^<(script|style|code|pre|textarea)\b", re.I)
_BEFORE = re.compile(r" ([?!;:»])")
_AFTER = re.compile(r"« ")


def french_spacing(html: str) -> str:
    parts = _TAGS.split(html)
    skipping = None
    for i, part in enumerate(parts):
        if part.startswith("<"):
            m = _SKIP.match(part)
            if m and skipping is None:
                skipping = m.group(1).lower()
            elif skipping and part.lower().startswith(f"</{skipping}"):
                skipping = None
            continue
        if skipping is None and part:
            parts[i] = _AFTER.sub("«\u00a0", _BEFORE.sub("\u00a0\\1", part))
    return "".join(parts)
