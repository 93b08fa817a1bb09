"""The Zensical backend (« reperes build --backend zensical »): zensical 0.1.2 with zensical-ui 0.0.42, pinned
exactly (pyproject.toml, extra « zensical », installed by scripts/setup.sh). Zensical reads the docs tree's
mkdocs.yml as it is; ``theme: variant: classic`` (mkdocs.yml) keeps mkdocs-material's look.

What differs from MkDocs, and how it is handled here:
- build: Zensical runs in a process of its own (a Rust program with its own threads, about twice MkDocs'
  memory), strict; its warnings (« Warning: … [ page.md:line:col ] ») become build-failed problems.
- table of contents: Zensical's toc-item.html wraps each entry's text in one more span (« md-typeset »).
- search: Zensical's own worker (case folding only, every query word required, no page boost) is replaced
  by Repères' engine with search_zensical.js, which speaks the worker protocol of Zensical's search
  interface; search.json at the site's root keeps the theme's layout ({"config", "items": [{location,
  title, text, path, …}]}) and holds the engine's data (generator/site/search.py), each item with its
  page's path in the navigation as Zensical made it, then its tags (a tool's territory), which the interface
  shows only in its filter list otherwise.
- CSP: the search dialog lives in a shadow root whose <style> the theme's script writes: its hash is
  allowed in style-src (the text is read from the script, as the browser will see it).
- labels: the search dialog's texts are written in English in the theme's script (the templates' are
  translated by ``theme.language: fr``): they are replaced by French ones in the built script.
- accessibility: two axe findings (WCAG 2.1 AA) of the dialog's markup are fixed in the built script too
  (CONTRAST_FIX, TAGS_CONTRAST_FIX, NAME_FIX): each result's path in the navigation, grey on white (3.36:1), takes the colour the dialog gives
  its other secondary texts, and the filter panel's heading is no longer at half opacity (2.44:1); each result, named by its title alone while it shows its path and an excerpt
  (« label in name », 2.5.3), is named by what it shows, as mkdocs-material's results are.
Every pattern looked for here fails the build when absent (generator/site/mismatch.py): a new Zensical release
changes what it finds, never silently what the reader gets.
"""
from __future__ import annotations

import html as htmllib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from ..render.pages import Rendered
from ..render.security import style_hash
from ..sources.errors import BuildFailed, SourcesInvalid
from . import search
from .backend import Backend, source_of
from .docs_tree import Tree
from .mismatch import SETUP, mismatch

WORKERS = "assets/javascripts/workers/search.*.min.js"
BUNDLE = "assets/javascripts/bundle.*.min.js"
ADAPTER = Path(__file__).with_name("search_zensical.js")  # the interface's worker protocol, spoken by Repères' engine
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_ISSUE = re.compile(r"^(?:Warning|Error): (?P<message>.+?)\n.*?\[ (?P<file>[^\s\]]+?):(?P<line>\d+):\d+ \]", re.S | re.M)
# The search dialog's style: the shadow root gets a <style> whose text is a string constant of the script.
_DIALOG_STYLE = re.compile(r'attachShadow\(\{mode:"open"\}\);\w+\.appendChild\(\w+\("style",\{\},(?P<name>[\w$]+)\.toString\(\)\)\)')
# The search dialog's English texts, as the script writes them, and their French (each found exactly once).
LABELS = {
    '"aria-label":"Close search"': '"aria-label":"Fermer la recherche"',
    '"aria-label":"Search","aria-autocomplete"': '"aria-label":"Rechercher","aria-autocomplete"',
    'placeholder:"Search"': 'placeholder:"Rechercher"',
    '"aria-label":"Search","aria-modal"': '"aria-label":"Recherche","aria-modal"',
    '"aria-label":"Filters"': '"aria-label":"Filtres"',
    'children:"Filters"': 'children:"Filtres"',
    'children:"Tags"': 'children:"Étiquettes"',
    '"aria-label":"Search results"': '"aria-label":"Résultats de la recherche"',
    '"Search is unavailable. Reload the page to try again."': '"La recherche n’est pas disponible : rechargez la page."',
    'Intl.NumberFormat("en-US")': 'Intl.NumberFormat("fr-FR")',
    '?"result":"results"': '?"résultat":"résultats"',
    '"No results"': '"Aucun résultat"',
    '"Loading search\\u2026"': '"Chargement de la recherche\\u2026"',
    'children:"Use Up and Down arrow keys to move between tags. Press Space or Enter to toggle a tag."':
        'children:"Flèches haut et bas\u00a0: passer d’une étiquette à l’autre. Espace ou Entrée\u00a0: la choisir ou la retirer."',
}

# The dialog's accessibility fixes (see above): step -> (pattern in the built script, replacement), each pattern
# found exactly once. The contrast fix is inside the dialog's <style> text: its CSP hash is taken after it.
CONTRAST_FIX = ("search-contrast", re.compile(r"(\.\w+\{position:relative;display:inline-flex;[^}]*?color:)"
                                              r"rgb\(var\(--color-foreground\)/\.45\)"),
                r"\1rgb(var(--color-foreground)/var(--alpha-light))")
# The filter panel's « Étiquettes » heading (shown when pages have tags: a tool's territory), at half opacity:
# #a0a0a0 on #f7f7f7 (2.44:1); at 0.8, 5:1.
TAGS_CONTRAST_FIX = ("search-tags-contrast", re.compile(r"(\.\w+\{margin:4px 0 0;)opacity:\.5\}"), r"\1opacity:.8}")
NAME_FIX = ("search-result-name", re.compile(r'"aria-labelledby":`\$\{\w+\.id\}-\$\{\w+\.id\}-title`,'
                                             r'"aria-describedby":\w+\.length>0\?`\$\{\w+\.id\}-\$\{\w+\.id\}-path`:void 0,'),
            "")

STYLE_FIXES = (CONTRAST_FIX, TAGS_CONTRAST_FIX)  # inside the dialog's <style>: its CSP hash is taken after them


def fixed(text: str, fix: tuple[str, re.Pattern[str], str], where: str) -> str:
    """``text`` with one accessibility fix made (its pattern not found exactly once fails the build)."""
    step, pattern, replacement = fix
    text, count = pattern.subn(replacement, text)
    if count != 1:
        mismatch(step, where, f"le motif {pattern.pattern} y est {count} fois, 1 attendue")
    return text


class Zensical(Backend):
    name = "zensical"
    label = "Zensical"
    toc_entry = re.compile(r'(<a href="#[^"]*" class="md-nav__link">\s*<span class="md-ellipsis">\s*'
                           r'<span class="md-typeset">\s*)([^<]*?)(\s*</span>)')
    toc_label = re.compile(r'(<nav class="md-nav" aria-label=")([^"]*)(">)')
    search_index = Path("search.json")

    def build(self, tree: Tree, site: Path, rendered: Rendered) -> None:
        if importlib.util.find_spec("zensical") is None:
            raise SourcesInvalid([BuildFailed.at("pyproject.toml", None, problem=(
                f"Zensical n'est pas installé dans cet environnement Python : lancez « {SETUP} » "
                "(il installe la version prévue), ou construisez avec MkDocs (sans --backend)"))])
        # Zensical writes only inside the project's folder: into the tree's site/ (its mkdocs.yml says so),
        # moved into the staging folder afterwards (the same file system: generator/site/staging.py).
        built = tree.root / "site"
        shutil.rmtree(built, ignore_errors=True)
        run = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "-f", str(tree.config_file)],
                             cwd=tree.root, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
        if run.returncode != 0:
            output = _ANSI.sub("", run.stdout + run.stderr)
            problems = [BuildFailed.at(source_of(m["file"], rendered), None, problem=m["message"].strip())
                        for m in _ISSUE.finditer(output)]
            last = output.strip().splitlines()[-1] if output.strip() else f"code de sortie {run.returncode}"
            raise SourcesInvalid(problems or [BuildFailed.at("mkdocs.yml", None, problem=f"Zensical : {last}")])
        site.rmdir()  # the empty staging folder, replaced by what Zensical built
        shutil.move(built, site)

    def search_worker(self, site: Path) -> search.Worker:
        """The theme's worker (its own engine) replaced by Repères' engine and search_zensical.js."""
        return search.install_worker(site, ADAPTER)

    def write_search_index(self, site: Path, docs: list[dict[str, Any]], vocabulary: dict[str, Any]) -> None:
        """search.json keeps the theme's layout ({"config", "items"}): the interface draws each result from its
        item (title as HTML, path in the navigation, text) and hands the whole file to its worker. The items are
        the engine's documents, each with its page's path as Zensical made it (the page's title when Zensical
        left the page out); the vocabulary goes in config.reperes."""
        data = search.theme_index(site, self.search_index, "items")
        paths: dict[str, list[str]] = {}
        for item in data["items"]:
            if isinstance(item, dict) and isinstance(item.get("path"), list):
                paths.setdefault(str(item.get("location", "")).split("#")[0], item["path"])
        if docs and not any(doc["location"] in paths for doc in docs):
            mismatch("search-index", self.search_index.as_posix(), "aucune page du site n'a d'entrée (« location », "
                     "« path ») dans l'index de recherche de Zensical")
        items, path = [], []
        for doc in docs:
            if "#" not in doc["location"]:
                path = paths.get(doc["location"]) or [doc["title"]]
                # The interface draws a result's path, not its tags (they only fill its filter list): a page's
                # tags (a tool's territory, issue 21) end its path, so that every result of the page says it.
                if doc.get("tags"):
                    path = [*path, "Territoire de la source : " + ", ".join(doc["tags"])]
            item = {key: value for key, value in doc.items() if key != "boost"}  # Zensical has no page boost
            items.append({**item, "title": htmllib.escape(doc["title"], quote=False), "path": path})
        search.write_json(site / self.search_index, {"config": {**data["config"], "reperes": vocabulary}, "items": items})

    def style_hashes(self, site: Path) -> list[str]:
        bundle = _one(site, BUNDLE, "search-style")
        script = bundle.read_text(encoding="utf-8")
        m = _DIALOG_STYLE.search(script)
        literal = m and re.search(r"(?:var|let|const)\s+" + re.escape(m["name"]) + r"""=('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""",
                                  script)
        if not m or not literal:
            mismatch("search-style", bundle.relative_to(site).as_posix(), "le style de la fenêtre de recherche "
                     f"n'est pas écrit comme attendu ({_DIALOG_STYLE.pattern})")
        style = js_string(literal.group(1))
        for fix in STYLE_FIXES:
            style = fixed(style, fix, bundle.relative_to(site).as_posix())
        return [style_hash(style)]

    def finish(self, site: Path) -> None:
        bundle = _one(site, BUNDLE, "search-labels")
        script = bundle.read_text(encoding="utf-8")
        for fix in (*STYLE_FIXES, NAME_FIX):
            script = fixed(script, fix, bundle.relative_to(site).as_posix())
        for english, french in LABELS.items():
            if script.count(english) != 1:
                mismatch("search-labels", bundle.relative_to(site).as_posix(),
                         f"le texte {english} de la fenêtre de recherche n'y est pas une fois et une seule")
            script = script.replace(english, french)
        bundle.write_text(script, encoding="utf-8")


def _one(site: Path, pattern: str, step: str) -> Path:
    found = sorted(site.glob(pattern))
    if len(found) != 1:
        mismatch(step, pattern, f"{len(found)} fichier(s) de ce nom dans le site construit, 1 attendu")
    return found[0]


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def js_string(literal: str) -> str:
    """The value of a JavaScript string literal (quotes included), as the browser reads it."""
    body, out, i = literal[1:-1], [], 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt == "u" and body[i + 2] == "{":
            end = body.index("}", i)
            out.append(chr(int(body[i + 3:end], 16)))
            i = end + 1
        elif nxt == "u":
            out.append(chr(int(body[i + 2:i + 6], 16)))
            i += 6
        elif nxt == "x":
            out.append(chr(int(body[i + 2:i + 4], 16)))
            i += 4
        elif nxt == "\n":  # a line continuation
            i += 2
        else:
            out.append(_ESCAPES.get(nxt, nxt))
            i += 2
    return "".join(out)
