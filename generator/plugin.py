"""MkDocs plugin: publishes what the pipeline rendered, expands markers, adds provenance.

``reperes build`` hands the plugin an already rendered project; plain
``mkdocs build`` / ``mkdocs serve`` run the pipeline here, so both entry points
publish the same site. ``mkdocs serve`` also watches content/ and criteria/.
"""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from markupsafe import escape

from . import chooser, search
from .errors import SourcesInvalid
from .htmltext import french_spacing, map_text
from .offline import write_service_worker
from .security import with_csp
from .links import Target, href
from .render_edition import CHANGES_URI, edition_home, national_link
from .markers import find_markers
from .render import Rendered, french_date


def is_tool_page(src_uri: str) -> bool:
    """A calculator's page: the terminology leaves its body alone (never to calculators)."""
    from .links import url_folder
    from .models import CRITERIA

    folder = url_folder(CRITERIA.name) + "/"
    return src_uri.startswith(folder) and src_uri != folder + "index.md"


log = logging.getLogger("mkdocs.plugins.reperes")


class ReperesPlugin(BasePlugin):
    rendered: Rendered | None = None  # set by generator.write when driven by « reperes build »
    service_worker = True  # generator.write writes it itself, once its own steps have added their files

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        from .cli import SERVE_HERE

        config.extra.setdefault("reperes_serve", SERVE_HERE)  # shown when the site is opened from a file
        if self.rendered is None:
            from .build import prepare

            try:
                warnings: list = []
                self.rendered = prepare(self.project_dir(config), warnings=warnings)
                for warning in warnings:  # MkDocs' own --strict then makes them fatal
                    log.warning(str(warning))
            except SourcesInvalid as exc:
                raise PluginError("Sources invalides :\n" + str(exc)) from None
        return config

    @staticmethod
    def project_dir(config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).resolve().parent

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        # An edition removes national pages, replaces some, and adds its own.
        for uri in self.rendered.removed_pages:
            if (existing := files.get_file_from_path(uri)) is not None:
                files.remove(existing)
        for page in self.rendered.authored:
            if page.layer == "edition":
                if (existing := files.get_file_from_path(page.src_uri)) is not None:
                    files.remove(existing)
                files.append(File.generated(config, page.src_uri, abs_src_path=str(page.path)))
        for uri, markdown in self.rendered.pages.items():
            files.append(File.generated(config, uri, content=markdown))
        for uri, content in self.rendered.files.items():
            files.append(File.generated(config, uri, content=content))
        for uri, path in self.rendered.copies.items():
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        search.boost(page, uri, authored=any(p.src_uri == uri for p in self.rendered.authored))
        markdown = self.expand_markers(markdown, uri)
        footer = self.footer(page, uri)
        edition = self.rendered.edition
        if edition is not None:
            if self.rendered.terminology and page.title:
                # Titles are rendered outside the page content (h1, nav, <title>): translate them here.
                page.title = self.rendered.terminology.title(page.title)
                if page.meta.get("title"):  # mkdocs-material prefers meta.title for <title>
                    page.meta["title"] = self.rendered.terminology.title(page.meta["title"])
            markdown = self.rendered.notices.get(uri, "") + "\n" + markdown
            if uri == "index.md":
                markdown = self.featured(uri) + edition_home(markdown)
            footer += "\n\n" + self.edition_footer(uri)
        if uri == "index.md":
            markdown = chooser.home(markdown, self.rendered.home_chooser, page.meta.get("title") or page.title)
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

    def featured(self, uri: str) -> str:
        """Home page of an edition: who publishes it, what it features first."""
        edition = self.rendered.edition
        lines = [f'!!! abstract "{edition.name}"', ""]
        if edition.demonstration:
            lines += ["    **Édition de démonstration, fictive** : contacts, formations et adaptations sont des exemples.", ""]
        if edition.description:
            lines += [f"    {edition.description}", ""]
        lines.append(f"    Publiée par {edition.publisher}.")
        if edition.featured:
            lines += ["", "    **À la une dans cette édition :**", ""]
            for target in edition.featured:
                key = target if not target.startswith("page:") else f"page:{target[5:]}"
                t = self.rendered.targets[key]
                lines.append(f"    - [{t.title}]({href(uri, t)})")
        lines += ["", f"    [Écarts par rapport au référentiel national]({href(uri, Target(CHANGES_URI, None, ''))})", ""]
        return "\n".join(lines) + "\n"

    def edition_footer(self, uri: str) -> str:
        edition = self.rendered.edition
        national = national_link(edition, uri, uri)
        # The national site is outside this one: a plain HTML link, which MkDocs leaves alone.
        own = any(p.src_uri == uri and p.layer == "edition" and p.meta.edition.action == "ajoute" for p in self.rendered.authored)
        version = ("page propre à cette édition" if own or uri == CHANGES_URI
                   else f'<a href="{escape(national)}">version nationale de cette page</a>')
        text = (f"{escape(edition.name)} — {version} · "
                f"[écarts par rapport au référentiel national]({href(uri, Target(CHANGES_URI, None, ''))})")
        if edition.demonstration:
            text = "Édition de démonstration fictive. " + text
        return f"{text}\n{{: .reperes-edition-banner }}"

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
        term = self.rendered.terminology
        if term and page.file.src_uri != CHANGES_URI:  # an edition's vocabulary (generator/terminology.py)
            html = term.html(html, tool_page=is_tool_page(page.file.src_uri))
            term.toc(page.toc if not is_tool_page(page.file.src_uri) else [])
        return map_text(html, french_spacing)

    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        if self.rendered.terminology:  # section names of mkdocs.yml's nav are titles too
            self.rendered.terminology.nav(nav.items)
        return nav

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if 'class="reperes-calculator"' in output:
            # Start Pyodide before the theme's scripts are even parsed (slow tablets wait less).
            root = "../" * (page.url.count("/")) if page.url else ""
            output = output.replace("</head>", f'<script src="{root}assets/engine-boot.js"></script>\n</head>', 1)
        return with_csp(output)

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        return with_csp(output) if template_name.endswith(".html") else output

    def on_post_build(self, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        search.patch_site(site, search.acronyms(self.rendered.abbreviations))  # before the precache list
        if self.service_worker:
            write_service_worker(site)

    def on_serve(self, server, config: MkDocsConfig, builder):
        root = self.project_dir(config)
        for folder in ("content", "criteria"):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server



