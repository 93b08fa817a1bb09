"""The two markers authors write in Markdown and in YAML text.

``[[source:has-2014|§ 2.5.6]]``  a provenance note (reference id | locator);
``[[programmes/asalee]]`` or ``[[programmes/asalee|texte]]``  a link to a record.
Both are checked (unknown ids are errors with file:line) and expanded into
ordinary Markdown links in the docs tree (generator/site/docs_tree.py), which knows page paths.
"""
from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass

MARKER = re.compile(r"\[\[(?P<body>[^\[\]\n]+)\]\]")
SOURCE = re.compile(r"^source:(?P<ref>[a-z0-9]+(?:-[a-z0-9]+)*)\|(?P<locator>[^|]+)$")
LINK = re.compile(r"^(?P<collection>[a-z-]+)/(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)(?:\|(?P<text>[^|]+))?$")

# Raw HTML, script addresses and attribute lists are refused in every text that comes from sources:
# Markdown passes raw HTML through to the page, and « {: onclick=… } » (attr_list) sets any attribute.
# A browser reads an address after decoding entities (&#106;) and dropping tabs and line breaks, so
# addresses are checked the same way. No exception for code: the site's Markdown has no fenced blocks,
# and wherever Markdown and a regex could disagree about what is code, the safe side is to refuse.
TAG = re.compile(r"</?[a-zA-Z]|<[!?]")  # what Markdown or a browser takes for a tag, comment or declaration
AUTOLINK = re.compile(r"<(https?://|mailto:)[^<>\s]+>")
SCRIPT_URL = re.compile(r"(?i)(java|vb|live)script:")
# Destination of [x](…), [x]: … or <…>. Possessive « *+ »: « \s*<?\s* » would backtrack quadratically on spaces.
LINK_URL = re.compile(r"(?i)(\]\(|\]:|<)\s*+<?\s*+(data|file):")
BRACES = re.compile(r"\{[^{}\n]*\}")  # then tested (a backtracking pattern would be quadratic on « {==== »)
ATTRIBUTE_LIST = re.compile(r"\{\s*[:#.]|\{[^}]*=")  # « {: … } », « {#ancre} », « {.classe} », « {onclick=…} »
INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_DROPPED_IN_URLS = str.maketrans("", "", "\t\n\r")


@dataclass(frozen=True)
class Marker:
    start: int
    end: int
    kind: str  # "source", "link" or "bad"
    target: str  # "references/<ref>" or "<collection>/<id>"
    text: str | None  # locator (source) or link text
    line_offset: int  # line inside the text where the marker starts (0-based)


FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
TICKS = re.compile(r"`+")


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Fenced blocks, then inline code: a run of backticks closed by the next run of the same length.

    Paired by hand, in one pass: a regex doing this backtracks on a long run of backticks
    (a million of them took hours).
    """
    fences = [m.span() for m in FENCE.finditer(text)]
    runs = [m.span() for m in TICKS.finditer(text) if not _inside(m.start(), fences)]
    closer: list[int | None] = [None] * len(runs)
    following: dict[int, int] = {}  # run length → index of the next run of that length
    for i in range(len(runs) - 1, -1, -1):
        length = runs[i][1] - runs[i][0]
        closer[i], following[length] = following.get(length), i
    spans, i = [], 0
    while i < len(runs):
        j = closer[i]
        if j is None:
            i += 1  # no closer: these backticks are plain text
        else:
            spans.append((runs[i][0], runs[j][1]))
            i = j + 1
    return sorted(fences + spans)


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``pos`` falls in one of ``spans`` (sorted, not overlapping)."""
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def find_markers(text: str) -> list[Marker]:
    """Markers outside code spans and fenced blocks (documentation may quote the syntax)."""
    found = []
    code = _code_spans(text)
    line, counted = 0, 0  # lines are counted as we go: recounting from the start would be quadratic
    for m in MARKER.finditer(text):
        if _inside(m.start(), code):
            continue
        line, counted = line + text.count("\n", counted, m.start()), m.start()
        body = m.group("body").strip()
        if s := SOURCE.match(body):
            found.append(Marker(m.start(), m.end(), "source", f"references/{s['ref']}", s["locator"].strip(), line))
        elif link := LINK.match(body):
            found.append(Marker(m.start(), m.end(), "link", f"{link['collection']}/{link['id']}",
                                (link["text"] or "").strip() or None, line))
        else:
            found.append(Marker(m.start(), m.end(), "bad", body, None, line))
    return found


def markup_problems(text: str) -> list[tuple[int, str]]:
    """(line offset, description) for each raw HTML tag, script address, attribute list or control character."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    found: dict[tuple[int, str], str] = {}  # (line, kind) → description: one report per line and kind

    def at(pos: int, kind: str, description: str) -> None:
        found.setdefault((bisect.bisect_right(starts, pos) - 1, kind), description)

    for m in TAG.finditer(text):
        if not AUTOLINK.match(text, m.start()):
            snippet = text[m.start():m.start() + 40].splitlines()[0]
            at(m.start(), "html", f"HTML brut refusé : « {snippet} » (écrire en Markdown)")
    for m in BRACES.finditer(text):
        if ATTRIBUTE_LIST.match(m.group(0)):
            at(m.start(), "attr", f"liste d'attributs « {m.group(0)[:40]} » refusée : elle ajouterait des attributs HTML")
    for m in INVISIBLE.finditer(text):
        at(m.start(), "control", f"caractère de contrôle invisible U+{ord(m.group(0)):04X} refusé")
    for line in _address_lines(text, starts):
        found.setdefault((line, "url"), "adresse « javascript: », « data: » ou équivalente refusée")
    if (deep := nesting_problem(text)) is not None:
        found.setdefault((deep[0], "nesting"), deep[1])
    return [(line, description) for (line, _), description in sorted(found.items(), key=lambda item: item[0][0])]


def _address_lines(text: str, starts: list[int]) -> list[int]:
    """Lines where a script address ends, as a browser would read it (possibly split over several lines)."""
    if not _has_address(text):
        return []  # the usual case: one pass over the whole text
    lines = [line for line, start in enumerate(starts) if _has_address(text[start:_end(text, starts, line)])]
    if lines:
        return lines
    low, high = 0, len(starts) - 1  # split over lines: the first line where the text read so far holds one
    while low < high:
        mid = (low + high) // 2
        if _has_address(text[:_end(text, starts, mid)]):
            high = mid
        else:
            low = mid + 1
    return [low]


def _has_address(text: str) -> bool:
    decoded = html.unescape(text).translate(_DROPPED_IN_URLS)
    return bool(SCRIPT_URL.search(decoded) or LINK_URL.search(decoded))


def _end(text: str, starts: list[int], line: int) -> int:
    return starts[line + 1] if line + 1 < len(starts) else len(text)


# Markdown renders nested lists, quotes and emphasis by recursion (so do the abbr extension and the search
# index): 600 nested levels exhaust Python's stack. Like the YAML depth, nesting is capped on the text
# itself, before anything is rendered; real pages use fewer than 6 levels.
MAX_NESTING = 32
CONTAINERS = re.compile(r"[ \t]*+(?:>|[-*+]|\d{1,9}[.)])(?=[ \t]|$)")
DELIMITERS = re.compile(r"\\.|[*_]++|[\[\]]")


def nesting_problem(text: str) -> tuple[int, str] | None:
    """(line offset, description) of the first line nested deeper than MAX_NESTING, if any.

    Blocks: a line's indentation (4 columns a level) plus the list and quote markers that open it.
    Inline: emphasis and link brackets still open in the paragraph (reset at each blank line).
    """
    if len(text) <= MAX_NESTING:
        return None  # too short to open that many levels: the usual case, kept cheap
    inline = 0
    # Each open level takes at least one « * », « _ » or « [ »: with no more than the cap, no line need be read for them.
    delimiters = text.count("*") + text.count("_") + text.count("[") > MAX_NESTING
    for number, line in enumerate(text.split("\n")):
        if not line.strip():
            inline = 0
            continue
        blank = len(line) - len(line.lstrip(" \t"))
        indent = len(line[:blank].expandtabs(4)) if "\t" in line[:blank] else blank
        markers, pos = 0, 0
        while m := CONTAINERS.match(line, pos):
            markers, pos = markers + 1, m.end()
        if indent // 4 + markers > MAX_NESTING:
            return number, f"imbrication trop profonde ({indent // 4 + markers} niveaux de listes ou de citations ; {MAX_NESTING} au plus)"
        if not delimiters or ("*" not in line and "_" not in line and "[" not in line):
            continue
        for m in DELIMITERS.finditer(line):
            token = m.group(0)
            if token[0] == "\\":
                continue
            before = line[m.start() - 1] if m.start() else " "
            after = line[m.end()] if m.end() < len(line) else " "
            if token == "[":
                inline += 1
            elif token == "]":
                inline = max(inline - 1, 0)
            elif not after.isspace() and not before.isalnum():
                inline += len(token)  # a run that can open emphasis (intraword runs neither open nor close)
            elif not before.isspace() and not after.isalnum():
                inline = max(inline - len(token), 0)
            if inline > MAX_NESTING:
                return number, f"imbrication trop profonde (plus de {MAX_NESTING} niveaux d'emphase ou de liens ouverts)"
    return None
