"""The two markers authors write in Markdown and in YAML text.

``[[source:has-2014|§ 2.5.6]]``  a provenance note (reference id | locator);
``[[programmes/asalee]]`` or ``[[programmes/asalee|texte]]``  a link to a record.
Both are checked (unknown ids are errors with file:line) and expanded into
ordinary Markdown links by the MkDocs plugin, which knows page paths.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MARKER = re.compile(r"\[\[(?P<body>[^\[\]\n]+)\]\]")
SOURCE = re.compile(r"^source:(?P<ref>[a-z0-9]+(?:-[a-z0-9]+)*)\|(?P<locator>[^|]+)$")
LINK = re.compile(r"^(?P<collection>[a-z-]+)/(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)(?:\|(?P<text>[^|]+))?$")

# Raw HTML and script URLs are refused in every text that comes from sources.
RAW_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?/?>")
AUTOLINK = re.compile(r"^<(https?://|mailto:)[^<>\s]+>$")
SCRIPT_URL = re.compile(r"(?i)\]\(\s*<?\s*(javascript|vbscript|data|file):|(?i:\b(javascript|vbscript):)")


@dataclass(frozen=True)
class Marker:
    start: int
    end: int
    kind: str  # "source", "link" or "bad"
    target: str  # "references/<ref>" or "<collection>/<id>"
    text: str | None  # locator (source) or link text
    line_offset: int  # line inside the text where the marker starts (0-based)


CODE = re.compile(r"^(```|~~~).*?^\1|(`+)[^`].*?\2", re.S | re.M)


def _code_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in CODE.finditer(text)]


def find_markers(text: str) -> list[Marker]:
    """Markers outside code spans and fenced blocks (documentation may quote the syntax)."""
    found = []
    code = _code_spans(text)
    for m in MARKER.finditer(text):
        if any(start <= m.start() < end for start, end in code):
            continue
        body = m.group("body").strip()
        offset = text.count("\n", 0, m.start())
        if s := SOURCE.match(body):
            found.append(Marker(m.start(), m.end(), "source", f"references/{s['ref']}", s["locator"].strip(), offset))
        elif l := LINK.match(body):
            found.append(Marker(m.start(), m.end(), "link", f"{l['collection']}/{l['id']}", (l["text"] or "").strip() or None, offset))
        else:
            found.append(Marker(m.start(), m.end(), "bad", body, None, offset))
    return found


def markup_problems(text: str) -> list[tuple[int, str]]:
    """(line offset, description) for each raw HTML tag or script URL in ``text``."""
    problems = []
    in_code = False
    for i, line in enumerate(text.splitlines()):
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        for m in RAW_HTML.finditer(line):
            if not AUTOLINK.match(m.group(0)):
                problems.append((i, f"HTML brut refusé : « {m.group(0)[:40]} » (écrire en Markdown)"))
        if SCRIPT_URL.search(line):
            problems.append((i, "adresse « javascript: », « data: » ou équivalente refusée"))
    return problems
