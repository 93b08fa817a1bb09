"""French search: mkdocs-material's own search (lunr, lunr-languages « fr »), adapted in the built site.

The theme's worker loads ``assets/javascripts/lunr/min/lunr.fr.min.js`` before it builds the index;
the build appends ``search_fr.js`` to that file (accent and case folding, French stop words, a
stemmer that leaves acronyms alone, the same steps on the query). The acronyms come from the
glossary. The tokeniser's separator (apostrophes, parentheses, guillemets…) is set in mkdocs.yml.
Everything stays in the visitor's browser: no service, no request beyond the site's own files.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

EXTENSION = Path(__file__).with_name("search_fr.js")
LUNR_FR = Path("assets/javascripts/lunr/min/lunr.fr.min.js")
MARKER = "\n/* reperes: French search */\n"


def acronyms(abbreviations: str) -> list[str]:
    """Words of the glossary's terms (« *[CIUSSS NIM]: … » → CIUSSS, NIM)."""
    words: set[str] = set()
    for term in re.findall(r"^\*\[([^\]]+)\]:", abbreviations, re.M):
        words.update(w for w in re.split(r"[\s\-/]+", term) if w)
    return sorted(words)


# Pages a professional looks for first: the tools, the glossary of acronyms, the written pages;
# records (programmes, trainings, evidence…) count once. mkdocs-material multiplies every score
# of a page's entries by its ``search.boost``.
BOOSTS = {"outils/": 1.5, "glossaire/index.md": 2.0}
AUTHORED_BOOST = 2.0


def boost(meta: dict[str, Any], uri: str, authored: bool) -> None:
    """Set the page's search boost in its front matter ``meta``, unless it sets one."""
    value = next((b for prefix, b in BOOSTS.items() if uri.startswith(prefix)), AUTHORED_BOOST if authored else None)
    if value is not None and not (isinstance(meta.get("search"), dict) and "boost" in meta["search"]):
        meta.setdefault("search", {})
        if isinstance(meta["search"], dict):
            meta["search"]["boost"] = value


def patch_site(site: Path, keep: list[str]) -> bool:
    """Append the French steps to the built site's lunr.fr; False when the theme has no such file."""
    target = site / LUNR_FR
    if not target.is_file():
        return False
    original = target.read_text(encoding="utf-8").split(MARKER)[0]  # idempotent under « mkdocs serve »
    keep_js = json.dumps(keep, ensure_ascii=False).replace("<", "\\u003c")
    target.write_text(f"{original}{MARKER}self.REPERES_SEARCH_KEEP = {keep_js};\n"
                      f"{EXTENSION.read_text(encoding='utf-8')}", encoding="utf-8")
    return True
