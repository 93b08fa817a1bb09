"""An edition's vocabulary (médecin traitant → médecin de famille), decided once for the whole site.

- Repères' own words — page titles, navigation, table of contents, headings — take the local term.
- Body text reproduces the sources (each block is attributed to one): it stays verbatim, and the
  first occurrence of a national term in each block gets a visible gloss,
  « médecin traitant [au Québec : médecin de famille] ». Text between « » is a quotation
  everywhere, titles included: glossed, never rewritten.
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

    def title(self, text: str) -> str:
        """Repères' own words: the local term, except between « » (a quotation: glossed)."""
        return self._title(text, 0)[0]

    def _title(self, text: str, depth: int) -> tuple[str, int]:
        out = []
        for part in _QUOTES.split(text):
            if part == "«":
                depth += 1
            elif part == "»":
                depth = max(0, depth - 1)
            elif depth:
                part = self._each(part, self._gloss)
            else:
                part = self._each(part, self._local)
            out.append(part)
        return "".join(out), depth

    def body(self, text: str, seen: set[str]) -> str:
        """Source text: verbatim; the first occurrence of each term in the block gets its gloss."""
        def once(found: str) -> str:
            key = self.locals[found.casefold()]
            if key in seen:
                return found
            seen.add(key)
            return self._gloss(found)
        return self._each(text, once)

    def html(self, html: str, tool_page: bool = False) -> str:
        """A page's HTML: headings take the local term, body text is glossed; a tool page keeps its body."""
        if not self or tool_page:
            return html
        parts = _TAG.split(html)
        skip: list[str] = []  # open elements whose content is left alone (and, for <div>, nested div depth)
        heading, depth = False, 0
        seen: set[str] = set()
        for i, part in enumerate(parts):
            if part.startswith("<"):
                m = _TAG_NAME.match(part)
                if not m:
                    continue
                closing, name = m.group(1) == "/", m.group(2).lower()
                if skip:
                    if name == skip[-1]:
                        if closing:
                            skip.pop()
                        elif name == "div":
                            skip.append("div")
                    continue
                if not closing and (name in _SKIP_TAGS or (name == "div" and any(c in part for c in _SKIP_CLASSES))):
                    if not part.endswith("/>"):
                        skip.append(name)
                    continue
                if name in _BLOCKS:
                    seen, depth = set(), 0
                    heading = name in _HEADINGS and not closing
                continue
            if skip or not part:
                continue
            # Jinja escapes an apostrophe as &#39;: « structures d&#39;appui » is the term « structures
            # d'appui » (an apostrophe needs no escaping in text). Other entities stay as written: what
            # is inserted (local term, gloss) is HTML text, as the sources' entities are. Text left
            # unchanged keeps its bytes.
            text = _APOSTROPHES.sub("'", part) if "&" in part else part
            if heading:
                changed, depth = self._title(text, depth)
            else:
                changed = self.body(text, seen)
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
