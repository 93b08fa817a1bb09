"""French formatting shared by several stages (an edition's review dates, page footers, the spacing of the
site's pages — generator/site/postpass.py — and of the embed pages — generator/render/calculator.py).

Standard library only; imports nothing of the generator, so any stage may use it.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Callable

FRENCH_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                 "novembre", "décembre"]


def french_date(day: dt.date) -> str:
    return f"{day.day}{'er' if day.day == 1 else ''} {FRENCH_MONTHS[day.month - 1]} {day.year}"


_TAGS = re.compile(r"(<[^>]+>)")
_SKIP = re.compile(r"^<(script|style|code|pre|textarea)\b", re.I)  # a <template>'s text is shown (a result)


def map_text(html: str, fn: Callable[[str], str]) -> str:
    """Transform the visible text of HTML, never its tags, attributes, scripts or code."""
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
            parts[i] = fn(part)
    return "".join(parts)


_BEFORE = re.compile(r" ([?!;:»])")
_AFTER = re.compile(r"« ")


def french_spacing(text: str) -> str:
    """A no-break space before « ? ! : ; » and inside guillemets: no line starts with a lone « ? »."""
    return _AFTER.sub("«\u00a0", _BEFORE.sub("\u00a0\\1", text))
