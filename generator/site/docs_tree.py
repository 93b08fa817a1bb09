"""Stage 5a — the docs tree: the whole site as a plain MkDocs project, no Repères plugin needed.

From what render produced, write into a folder:
- ``docs/``: every page as its final Markdown (markers expanded to links, an edition's notices,
  featured block and footer, the tool chooser on the home page, sources and review date, the
  glossary's abbreviations, titles translated by the edition's terminology, the search boost in the
  front matter), the generated pages, files and copies (the Pyodide runtime: hard links when possible);
- ``mkdocs.yml``: the project's, with ``docs_dir: docs``, an absolute theme folder, the edition's
  name, address, brand and navigation, section titles translated, and no ``reperes`` plugin.

``mkdocs build -f <tree>/mkdocs.yml`` publishes the same pages as ``reperes build``; the steps that
need the built HTML (terminology of page text and table of contents, French spacing, the engine
boot tag, CSP hashes, French search) then run over the output (generator/site/postpass.py).
Each page's content is framed by two HTML comments (CONTENT_START, CONTENT_END) so the post-pass
finds exactly the HTML its Markdown became, whatever the theme puts around it; it removes them.

Only files whose content changed are written: ``mkdocs serve`` may watch the tree without looping.
"""
from __future__ import annotations

import datetime as dt
import filecmp
import functools
import os
import shutil
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup, escape
from mkdocs.utils import get_markdown_title
from mkdocs.utils.meta import get_data

from ..render import chooser
from . import search
from ..editions.links import Target, href, is_tool_page
from ..sources.markers import Marker, find_markers
from ..french import french_date
from .output_guard import DOCS_TREE
from ..render.environment import environment
from ..render.pages import Rendered
from ..render.render_edition import CHANGES_URI, edition_home, national_link

CONTENT_START = "<!-- reperes:contenu -->"
CONTENT_END = "<!-- /reperes:contenu -->"
STAMP = DOCS_TREE  # in a folder this module wrote: only such a folder is updated (files removed)
PLUGIN = "reperes"
# How to serve a built site locally: shown by the site itself when it is opened from a file
# (adapt() copies SERVE_HERE into config.extra.reperes_serve). Change it here only.
SERVE_HERE = "python3 -m http.server 8000"  # someone who opens the zip has Python, not Repères


@dataclass
class Tree:
    root: Path  # the folder holding mkdocs.yml and docs/
    pages: list[str]  # src_uri of every page (Markdown file) of docs/

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"


# ----------------------------------------------------------------------------------------- the tree
def stage(rendered: Rendered, project: Path, folder: Path, site_url: str | None = None) -> Tree:
    """Write (or update) the docs tree of ``rendered`` in ``folder``."""
    project, folder = project.resolve(), folder.resolve()
    if folder.is_dir() and any(folder.iterdir()) and not (folder / STAMP).is_file():
        raise FileExistsError(f"{folder} n'est pas vide et n'est pas une arborescence écrite par Repères : "
                              "choisissez un dossier vide ou nouveau.")
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / STAMP).is_file():
        (folder / STAMP).touch()
    settings = project_config(project)
    docs = project / settings.get("docs_dir", "docs")
    config = staged_config(settings, rendered, project)
    if site_url:
        config["site_url"] = site_url
    sources = _sources(rendered, docs)
    nav_titles = _nav_titles(settings.get("nav") or [])
    pages = sorted(uri for uri in sources if uri.endswith(".md"))
    written: set[Path] = set()
    for uri, source in sources.items():
        target = folder / "docs" / uri
        written.add(target)
        if uri.endswith(".md"):
            text = source.read_text(encoding="utf-8") if isinstance(source, Path) else str(source)
            _write(target, page(rendered, uri, text, nav_titles.get(uri)).encode("utf-8"))
        elif isinstance(source, Path):
            _link(source, target)
        else:
            _write(target, source if isinstance(source, bytes) else str(source).encode("utf-8"))
    _remove_others(folder / "docs", written)
    _write(folder / "mkdocs.yml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False).encode("utf-8"))
    return Tree(folder, pages)


def _sources(rendered: Rendered, docs: Path) -> dict[str, Path | str | bytes]:
    """src_uri → what MkDocs would publish there (authored file, generated text, file content, copy)."""
    out: dict[str, Path | str | bytes] = {}
    for path in sorted(docs.rglob("*")):
        rel = path.relative_to(docs)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):  # MkDocs skips dot files
            out[rel.as_posix()] = path
    for uri in rendered.removed_pages:  # an edition removes national pages, replaces some, adds its own
        out.pop(uri, None)
    for p in rendered.authored:
        if p.layer == "edition" and p.path is not None:
            out[p.src_uri] = p.path
    for uri, markdown in rendered.pages.items():
        out[uri] = markdown
    for uri, content in rendered.files.items():
        out[uri] = content
    for uri, copied in rendered.copies.items():
        out[uri] = copied
    return out


def _write(target: Path, data: bytes) -> None:
    """Write only what changed (a file rewritten with the same bytes would wake « mkdocs serve »)."""
    if target.is_file() and not target.is_symlink() and target.stat().st_size == len(data) and target.read_bytes() == data:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink() or target.exists():
        target.unlink()
    target.write_bytes(data)


def _link(source: Path, target: Path) -> None:
    """A copied file (the Pyodide runtime is large): a hard link where the file system allows it."""
    if target.is_file() and not target.is_symlink():
        if os.path.samefile(source, target) or filecmp.cmp(source, target, shallow=False):
            return
        target.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _remove_others(docs: Path, keep: set[Path]) -> None:
    """Files of an earlier staging that this one no longer publishes, then the folders left empty."""
    if not docs.is_dir():
        return
    for path in sorted(docs.rglob("*"), reverse=True):
        if path.is_file() or path.is_symlink():
            if path not in keep:
                path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


# ----------------------------------------------------------------------------------- mkdocs.yml
def address(project: Path, edition: Any) -> str | None:
    """The address a site is published at unless « --site-url » says otherwise: the edition's, else mkdocs.yml's."""
    return edition.site_url if edition is not None else project_config(project).get("site_url")


def project_config(project: Path) -> dict[str, Any]:
    """The project's mkdocs.yml as plain data (plain YAML: no !ENV or !relative tags)."""
    data = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def staged_config(settings: dict[str, Any], rendered: Rendered, project: Path) -> dict[str, Any]:
    """The staged tree's mkdocs.yml: the project's, made self-contained and without the Repères plugin.

    Only the paths the project's mkdocs.yml has are made absolute (the theme folder); one that adds
    hooks or watched folders would need them here too."""
    config = yaml.safe_load(yaml.safe_dump(settings))  # a deep copy
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((project / theme["custom_dir"]).resolve())
    config["plugins"] = [p for p in config.get("plugins") or [] if p != PLUGIN and not (isinstance(p, dict) and PLUGIN in p)]
    adapt(config, rendered)
    return config


def adapt(config: MutableMapping[str, Any], rendered: Rendered) -> None:
    """What Repères changes in a MkDocs configuration (a plain dict, or MkDocs' own in the plugin)."""
    if config.get("extra") is None:
        config["extra"] = {}
    config["extra"].setdefault("reperes_serve", SERVE_HERE)  # shown when the site is opened from a file
    if rendered.edition is not None:
        configure_edition(config, rendered)
    if rendered.terminology:  # section names of mkdocs.yml's nav are titles too
        config["nav"] = _translate_nav(config.get("nav") or [], rendered.terminology)


def configure_edition(config: MutableMapping[str, Any], rendered: Rendered) -> None:
    """The national mkdocs.yml, adapted: name, address, brand, and a nav without what the edition removes."""
    edition = rendered.edition
    config["site_name"] = edition.name
    config["site_url"] = edition.site_url
    config["site_description"] = f"{edition.name} — édition de Repères publiée par {edition.publisher}."
    config["extra_css"] = [*(config.get("extra_css") or []), "assets/edition.css"]
    if edition.branding.logo:
        config["theme"]["logo"] = f"assets/edition/{Path(edition.branding.logo).name}"
    # Only the edition's own pages go to its section; a replaced page keeps its national place.
    own = _own_pages(rendered)
    added = [p.src_uri for p in rendered.authored if p.src_uri in own]
    nav = _prune(config.get("nav") or [], rendered.removed_pages)
    nav.append({"Édition": [CHANGES_URI, *added]})
    config["nav"] = nav


def _own_pages(rendered: Rendered) -> set[str]:
    """The pages an edition adds (its section of the nav; no national version to link to)."""
    return {p.src_uri for p in rendered.authored
            if p.layer == "edition" and p.meta.edition is not None and p.meta.edition.action == "ajoute"}


def _prune(nav: list[Any], removed: set[str]) -> list[Any]:
    out: list[Any] = []
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


def _translate_nav(nav: list[Any], terminology: Any) -> list[Any]:
    """Every title written in the nav (sections, and pages given a title there) in the edition's words."""
    out: list[Any] = []
    for entry in nav:
        if isinstance(entry, dict):
            (title, value), = entry.items()
            tool = isinstance(value, str) and is_tool_page(value)  # a tool's title speaks as its result does
            value = _translate_nav(value, terminology) if isinstance(value, list) else value
            entry = {terminology.title(title) if title and not tool else title: value}
        out.append(entry)
    return out


def _nav_titles(nav: list[Any]) -> dict[str, str]:
    """src_uri → the title the nav gives a page (MkDocs prefers it to the page's own)."""
    out: dict[str, str] = {}
    for entry in nav:
        if isinstance(entry, dict):
            (title, value), = entry.items()
            if isinstance(value, list):
                out.update(_nav_titles(value))
            elif isinstance(value, str) and title is not None:
                out[value] = title
    return out


# ---------------------------------------------------------------------------------------- pages
def page(rendered: Rendered, uri: str, source: str, nav_title: str | None = None) -> str:
    """A page's final Markdown, front matter included."""
    markdown, meta = get_data(source)
    meta = dict(meta)
    search.boost(meta, uri, authored=any(p.src_uri == uri for p in rendered.authored))
    # The title MkDocs gives the page: the nav's, else the front matter's, else its first « # » heading.
    title = nav_title or meta.get("title") or get_markdown_title(markdown) or _file_title(uri)
    expanded = expand_markers(rendered, markdown, uri)
    footer = _footer(rendered, meta, uri)
    if rendered.edition is not None:
        term = rendered.terminology
        if term and title and not is_tool_page(uri):  # a tool's title speaks as its result does: nationally
            # Titles are rendered outside the page content (h1, nav, <title>): translated here, in the
            # front matter (a title the nav gives is translated in mkdocs.yml, see adapt()).
            title = term.title(title)
            if meta.get("title"):
                meta["title"] = term.title(meta["title"])
            elif nav_title is None and title != (get_markdown_title(markdown) or _file_title(uri)):
                meta["title"] = title
        expanded = rendered.notices.get(uri, "") + "\n" + expanded
        if uri == "index.md":
            expanded = _featured(rendered, uri) + edition_home(expanded)
        footer += "\n\n" + _edition_footer(rendered, uri)
    if uri == "index.md":
        expanded = chooser.home(expanded, rendered.home_chooser, meta.get("title") or title)
    # Abbreviation definitions make every acronym an <abbr> with its expansion.
    body = f"{CONTENT_START}\n\n{expanded}\n\n{footer}\n\n{rendered.abbreviations}\n\n{CONTENT_END}\n"
    if not meta:
        return body
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n{body}"


def _file_title(uri: str) -> str:
    """MkDocs' last resort: « Home » for the home page, else the file name."""
    if uri == "index.md":
        return "Home"
    name = Path(uri).stem
    title = ("index" if name == "README" else name).replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def expand_markers(rendered: Rendered, text: str, uri: str) -> str:
    out, last = [], 0
    for marker in find_markers(text):
        out.append(text[last:marker.start])
        out.append(_marker_markdown(rendered, marker, text, uri))
        last = marker.end
    out.append(text[last:])
    return "".join(out)


@functools.cache
def _environment() -> jinja2.Environment:
    env = environment()  # autoescape on, undefined variables are errors
    env.filters["text"] = _text
    return env


def _text(value: Any) -> Markup:
    """Markdown text made inert (& < > escaped) with its quotes as typed: quotes mean nothing in Markdown
    text, and the staged Markdown stays readable for whoever takes the tree to another generator."""
    return Markup(str(escape(value)).replace("&#39;", "'").replace("&#34;", '"'))


def _template(name: str, **context: Any) -> str:
    """A Markdown snippet from generator/render/templates/docs_tree, without its outer blank lines."""
    return _environment().get_template(f"docs_tree/{name}").render(**context).strip("\n")


def _marker_markdown(rendered: Rendered, marker: Marker, text: str, uri: str) -> str:
    target: Target = rendered.targets[marker.target]
    text = marker.text if marker.kind == "link" and marker.text else target.title
    link = {"text": text, "href": href(uri, target), "tool": text == target.title and is_tool_page(target.src_uri)}
    if marker.kind == "link":
        return _template("link.md.j2", link=link)
    line_start = text.rfind("\n", 0, marker.start) + 1
    line_end = text.find("\n", marker.end)
    alone = not text[line_start:marker.start].strip() and not text[marker.end: None if line_end < 0 else line_end].strip()
    return _template("source.md.j2", link=link, locator=marker.text, alone=alone)


def _changes_href(uri: str) -> str:
    return href(uri, Target(CHANGES_URI, None, ""))


def _featured(rendered: Rendered, uri: str) -> str:
    """Home page of an edition: who publishes it, what it features first."""
    featured = []
    for key in rendered.edition.featured:
        t = rendered.targets[key]
        featured.append({"title": t.title, "href": href(uri, t), "tool": is_tool_page(t.src_uri)})
    return _template("featured.md.j2", edition=rendered.edition, featured=featured,
                     changes_href=_changes_href(uri)) + "\n\n"


def _edition_footer(rendered: Rendered, uri: str) -> str:
    own = uri == CHANGES_URI or uri in _own_pages(rendered)
    national = None if own else national_link(rendered.edition, uri, rendered.site_root)
    return _template("edition_footer.md.j2", edition=rendered.edition, national=national,
                     changes_href=_changes_href(uri))


def _footer(rendered: Rendered, meta: dict[str, Any], uri: str) -> str:
    """Sources and review date: of the front matter of an authored page, of the meta of a generated one."""
    authored = next((p.meta for p in rendered.authored if p.src_uri == uri), None)
    reviewed: dt.date | None
    sources = None
    if authored is not None:
        sources = [{"title": rendered.targets[f"references/{s.ref}"].title,
                    "href": href(uri, rendered.targets[f"references/{s.ref}"]), "locator": s.locator}
                   for s in authored.sources]
        reviewed = authored.reviewed
    else:
        raw = meta.get("reviewed")
        reviewed = dt.date.fromisoformat(str(raw)) if raw else None
    return _template("footer.md.j2", sources=sources, reviewed=french_date(reviewed) if reviewed else None)


__all__ = ["CONTENT_END", "CONTENT_START", "Tree", "adapt", "environment", "page", "project_config", "stage"]
