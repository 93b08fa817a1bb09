"""Transform the visible text of HTML, never its tags, attributes, scripts or code."""
from __future__ import annotations

import re
from typing import Callable

_TAGS = re.compile(r"(<[^>]+>)")
_SKIP = re.compile(r"^<(script|style|code|pre|textarea|template)\b", re.I)


def map_text(html: str, fn: Callable[[str], str]) -> str:
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
