"""Content-Security-Policy for every page, and the offline service worker's precache list.

mkdocs-material emits a few inline scripts (one varies with the page's depth);
rather than fork its templates, each page's policy carries the hashes of its
own inline scripts, so nothing else inline can run. Workers obey the policy of
their own script's response, not the page's: the engine worker is same-origin.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
DATA_TYPES = ("application/json", "application/ld+json")

POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; img-src 'self' data:; "
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


def policy(html: str) -> str:
    hashes = script_hashes(html)
    return POLICY.format(hashes="".join(" " + h for h in hashes))


def with_csp(html: str) -> str:
    """The page with its policy as the first element of <head> (before any script)."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return re.sub(r"<head>", "<head>\n    " + meta, html, count=1)


# -- offline ----------------------------------------------------------------------------------------------

SKIP = ("sw.js", "sitemap.xml.gz")
RUNTIME_ONLY = ("assets/pyodide/", "assets/engine/")  # cached when a calculator first loads them, not on every first visit


def precache(site: Path) -> tuple[list[str], str]:
    """(URLs to cache at install, version): pages as their directory URLs, assets as files."""
    urls, digest = [], hashlib.sha256()
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or rel in SKIP or rel.startswith(RUNTIME_ONLY) or _unused_lunr(rel):
            continue
        digest.update(rel.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        if rel.endswith("index.html"):
            rel = rel[: -len("index.html")]
        urls.append("./" + rel)
    return urls, digest.hexdigest()[:16]


def _unused_lunr(rel: str) -> bool:
    """The search index is French: the other languages' stemmers are never loaded."""
    if not rel.startswith("assets/javascripts/lunr/min/"):
        return False
    return not rel.endswith(("lunr.fr.min.js", "lunr.stemmer.support.min.js", "lunr.multi.min.js"))


def service_worker(template: str, site: Path, pyodide_version: str) -> str:
    urls, version = precache(site)
    return (template.replace("__VERSION__", json.dumps(version)).replace("__PRECACHE__", json.dumps(urls))
            .replace("__RUNTIME_CACHE__", json.dumps(f"reperes-pyodide-{pyodide_version}-{runtime_digest(site)}")))


def runtime_digest(site: Path) -> str:
    """Changes with the engine: its worker names the snapshot and wheel by hash, the lock holds the
    wheel's sha256, the zip follows the engine's imports. A new cache name drops the old runtime."""
    digest = hashlib.sha256()
    for rel in ("assets/engine/engine-worker.mjs", "assets/engine/pyodide-lock.json", "assets/pyodide/python_stdlib.zip"):
        if (site / rel).is_file():
            digest.update(hashlib.sha256((site / rel).read_bytes()).digest())
    return digest.hexdigest()[:12]
