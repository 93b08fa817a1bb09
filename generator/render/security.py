"""Content-Security-Policy for every page.

mkdocs-material emits a few inline scripts (one varies with the page's depth);
rather than fork its templates, each page's policy carries the hashes of its
own inline scripts, so nothing else inline can run. Workers obey the policy of
their own script's response, not the page's: the engine worker is same-origin.
"""
from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
DATA_TYPES = ("application/json", "application/ld+json")

POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'{styles}; img-src 'self' data:; "
          "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
          "base-uri 'self'; form-action 'self'")


def script_hashes(html: str) -> list[str]:
    hashes = []
    for m in INLINE_SCRIPT.finditer(html):
        if any(t in m.group("attrs").lower() for t in DATA_TYPES):
            continue  # data blocks are never executed: no hash needed
        digest = hashlib.sha256(m.group("body").encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(set(hashes))


def style_hash(css: str) -> str:
    """The CSP source allowing an inline style with exactly this text (a theme script's own <style>)."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(css.encode('utf-8')).digest()).decode()}'"


def policy(html: str, styles: Iterable[str] = ()) -> str:
    """``styles``: CSP sources of the inline styles the theme's scripts add (generator/site/backend.py)."""
    hashes = script_hashes(html)
    return POLICY.format(hashes="".join(" " + h for h in hashes), styles="".join(" " + s for s in sorted(set(styles))))


def with_csp(html: str, styles: Iterable[str] = ()) -> str:
    """The page with its policy as the first element of <head> (before any script); unchanged without <head>."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, styles)}">'
    return re.sub(r"<head>", "<head>\n    " + meta, html, count=1)
