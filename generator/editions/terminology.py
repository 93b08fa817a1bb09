"""An edition's vocabulary (médecin traitant → médecin de famille), decided once for the whole site.

- Repères' own words — page titles, navigation, table of contents, headings — take the local term.
- Body text reproduces the sources (each block is attributed to one): it stays verbatim, and the
  first occurrence of a national term in each section (from one heading to the next) gets a visible
  gloss, « médecin traitant [au Québec : médecin de famille] ». Text between « » is a quotation
  everywhere, titles included: never rewritten, never glossed inside — its terms are glossed after
  the closing « » ». Quotations set apart (<blockquote>, <q>) and titles of cited works (<cite>, and
  the italics references are written in) are left as they are; so is a tool's title where a link names
  the tool (class « reperes-outil »), glossed after the link.
- Calculators are never touched (questions, answer labels, rule text, results, spec), nor code,
  URLs, ids or numbers; all terms apply in one pass (a replacement is never replaced again);
  plurals are derived (« médecins traitants » → « médecins de famille »).
"""
from __future__ import annotations

import re
import unicodedata

STOP_WORDS = {"de", "du", "des", "d", "à", "au", "aux", "en", "pour", "la", "le", "les", "l", "et", "ou", "sur", "par"}
# Where the terms are not applied at all: code, scripts, forms… and the calculator and its embed snippet.
_SKIP_TAGS = {"code", "pre", "script", "style", "textarea", "template", "kbd", "samp"}
_SKIP_CLASSES = ("reperes-calculator", "reperes-embed-snippet")
# Quotations and titles of cited works (a reference's title is in italics): never rewritten, never glossed.
_VERBATIM_TAGS = {"blockquote", "q", "cite", "em", "i"}
# A link whose text is a tool's title (generator/render/templates: chooser, « à la une », [[criteria/…]]): the
# tool's own words, as its page shows them (a tool is never translated); glossed after the link, never inside.
_TOOL_NAME = "reperes-outil"
_BLOCKS = {"p", "li", "td", "th", "dt", "dd", "blockquote", "figcaption", "summary", "div", "h1", "h2", "h3", "h4",
           "h5", "h6", "header", "nav"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_TAG = re.compile(r"(<[^>]+>)")
_TAG_NAME = re.compile(r"^<\s*(/?)\s*([a-zA-Z0-9]+)")
_URL = re.compile(r"(https?://\S+|www\.\S+|\S+@\S+\.\w+)")
_QUOTES = re.compile(r"([«»])")
_APOSTROPHES = re.compile(r"&(?:#39|#x27|apos);", re.I)


def term_pattern(term: str) -> re.Pattern:
    """Whole words, first letter in either case (« Médecin traitant » at a sentence start)."""
    first, rest = term[0], re.escape(term[1:])
    return re.compile(rf"(?<!\w)[{re.escape(first.lower())}{re.escape(first.upper())}]{rest}(?!\w)")


def plural(term: str) -> str:
    """French plural of a noun phrase: its words up to the first preposition or article."""
    words, out, done = term.split(" "), [], False
    for word in words:
        if done or not word or "'" in word or "’" in word or word.lower() in STOP_WORDS:
            done = done or bool(word)
            out.append(word)
        elif word.endswith(("s", "x", "z")):
            out.append(word)
        elif word.endswith("al"):
            out.append(word[:-2] + "aux")
        elif word.endswith(("eau", "eu")):
            out.append(word + "x")
        else:
            out.append(word + "s")
    return " ".join(out)


def scripts(text: str) -> set[str]:
    """Unicode scripts of the letters (« LATIN », « CYRILLIC »…): a Cyrillic « О » hides in a Latin word."""
    return {unicodedata.name(c, "?").split(" ")[0] for c in text if c.isalpha()}


class Terminology:
    def __init__(self, rules, territory: str | None = None):
        pairs: dict[str, str] = {}
        for rule in rules:  # explicit rules first: a derived plural never overrides one written down
            pairs.setdefault(rule.national.casefold(), rule.local)
        for rule in rules:
            pairs.setdefault(plural(rule.national).casefold(), plural(rule.local))
        self.locals = pairs
        self.where = territory or "dans cette édition"
        terms = sorted(pairs, key=len, reverse=True)  # « médecin traitant » wins over « médecin »
        # One alternation, one pass: what a rule writes is never matched by another rule.
        self.pattern = re.compile("|".join(f"(?:{term_pattern(t).pattern})" for t in terms)) if terms else None

    def __bool__(self) -> bool:
        return self.pattern is not None

    def _local(self, found: str) -> str:
        local = self.locals[found.casefold()]
        return local[:1].upper() + local[1:] if found[:1].isupper() else local

    def _gloss(self, found: str) -> str:
        return f"{found} [{self.where} : {self.locals[found.casefold()]}]"

    def _each(self, text: str, fn) -> str:
        """``fn`` on each match, outside URLs and addresses."""
        if not self:
            return text
        def one(m: re.Match) -> str:
            found, local = m.group(0), self.locals[m.group(0).casefold()]
            if m.string[m.start():m.start() + len(local)].casefold() == local.casefold():
                return found  # already the local term (« médecins » inside « médecins de famille »)
            return fn(found)
        parts = _URL.split(text)
        pattern = self.pattern
        if pattern is None:  # no term to apply
            return text
        return "".join(p if i % 2 else pattern.sub(one, p) for i, p in enumerate(parts))

    def _found(self, text: str) -> list[str]:
        """The terms in ``text`` (outside URLs), in order: what a quotation holds, glossed after it."""
        found: list[str] = []

        def keep(term: str) -> str:
            found.append(term)
            return term
        self._each(text, keep)
        return found

    def _after(self, terms: list[str], seen: set[str] | None) -> str:
        """The glosses of terms met inside a quotation, put after its closing « » » (once per section)."""
        out = []
        for term in terms:
            key = self.locals[term.casefold()]
            if seen is None or key not in seen:
                out.append(f" [{self.where} : {key}]")
                if seen is not None:
                    seen.add(key)
        return "".join(dict.fromkeys(out))

    def _quoted(self, text: str, depth: int, pending: list[str], outside, seen: set[str] | None) -> tuple[str, int]:
        """``outside`` on the text outside « »; a quotation stays as written, its terms glossed after it."""
        out = []
        for part in _QUOTES.split(text):
            if part == "«":
                depth += 1
            elif part == "»":
                depth = max(0, depth - 1)
                if not depth and pending:
                    out.append(part + self._after(pending, seen))
                    pending.clear()
                    continue
            elif depth:
                pending += [t for t in self._found(part) if t not in pending]
            else:
                part = outside(part)
            out.append(part)
        return "".join(out), depth

    def title(self, text: str) -> str:
        """Repères' own words: the local term; a quotation « … » stays as written, glossed after it."""
        return self._quoted(text, 0, [], lambda part: self._each(part, self._local), None)[0]

    def body(self, text: str, seen: set[str], depth: int = 0, pending: list[str] | None = None) -> tuple[str, int]:
        """Source text: verbatim; the first occurrence of each term in the section gets its gloss (after the
        quotation that holds it, if it is quoted)."""
        def once(found: str) -> str:
            key = self.locals[found.casefold()]
            if key in seen:
                return found
            seen.add(key)
            return self._gloss(found)
        return self._quoted(text, depth, [] if pending is None else pending, lambda part: self._each(part, once), seen)

    def html(self, html: str, tool_page: bool = False) -> str:
        """A page's HTML: headings take the local term, body text is glossed once per section (from one heading
        to the next); quotations and titles of cited works stay as written; a tool page keeps its body."""
        if not self or tool_page:
            return html
        parts = _TAG.split(html)
        skip: list[str] = []  # open elements whose content is left alone (and, for <div>, nested div depth)
        heading, depth = False, 0
        pending: list[str] = []  # terms of a quotation not yet closed
        seen: set[str] = set()  # terms glossed in this section
        named: list[str] | None = None  # inside a link named by a tool's title: the terms it holds
        for i, part in enumerate(parts):
            if part.startswith("<"):
                m = _TAG_NAME.match(part)
                if not m:
                    continue
                closing, name = m.group(1) == "/", m.group(2).lower()
                if name == "a" and not skip:
                    if not closing and _TOOL_NAME in part:
                        named = []
                    elif closing and named is not None:  # the name as written, its terms glossed after the link
                        parts[i] = part + self._after(named, None if heading else seen)
                        named = None
                    continue
                if skip:
                    if name == skip[-1]:
                        if closing:
                            skip.pop()
                        elif name in ("div", *_VERBATIM_TAGS):
                            skip.append(name)
                    continue
                if not closing and (name in _SKIP_TAGS or name in _VERBATIM_TAGS
                                    or (name == "div" and any(c in part for c in _SKIP_CLASSES))):
                    if not part.endswith("/>"):
                        skip.append(name)
                    continue
                if name in _BLOCKS:
                    depth, pending = 0, []
                    heading = name in _HEADINGS and not closing
                    if heading:
                        seen = set()  # a new section: its first occurrence is glossed again
                continue
            if skip or not part:
                continue
            # Jinja escapes an apostrophe as &#39;: « structures d&#39;appui » is the term « structures
            # d'appui » (an apostrophe needs no escaping in text). Other entities stay as written: what
            # is inserted (local term, gloss) is HTML text, as the sources' entities are. Text left
            # unchanged keeps its bytes.
            text = _APOSTROPHES.sub("'", part) if "&" in part else part
            if named is not None:
                named += [t for t in self._found(text) if t not in named]
                continue
            if heading:
                changed, depth = self._quoted(text, depth, pending, lambda p: self._each(p, self._local), None)
            else:
                changed, depth = self.body(text, seen, depth, pending)
            if changed != text:
                parts[i] = changed
        return "".join(parts)

    def toc(self, items) -> None:
        """Table of contents entries are titles (mkdocs AnchorLink: .title, .children)."""
        for item in items:
            item.title = self.title(item.title)
            self.toc(item.children)

    def nav(self, items) -> None:
        """Navigation sections named in mkdocs.yml (pages take their own translated title)."""
        for item in items:
            if getattr(item, "is_section", False):
                item.title = self.title(item.title)
                self.nav(item.children)
