"""The offline service worker: sw.js with the manifest of the finished site (a revision per file).

The revision of a file is the hash of its bytes, so a returning visitor's
worker downloads only the files whose revision changed, and checks each
download against it (a half-finished deploy is never stored as the new
version). Written from the final folder, after every step that adds files
(MkDocs, then whatever write.py runs after it), just before the swap.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

SKIP = ("sw.js", "sitemap.xml.gz")
PRECOMPRESSED = (".br", ".gz")  # siblings for servers that send them; the worker stores what the browser decoded
RUNTIME = ("assets/pyodide/", "assets/engine/")  # kept when a calculator has run once, not on every first visit
REVISION_CHARS = 16


def manifest(site: Path) -> dict:
    """{"version", "precache": {url: revision}, "runtime": {url: revision}}; urls relative to the site root."""
    precache: dict[str, str] = {}
    runtime: dict[str, str] = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or rel in SKIP or rel.endswith(PRECOMPRESSED):
            continue
        revision = hashlib.sha256(path.read_bytes()).hexdigest()[:REVISION_CHARS]
        url = "./" + (rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel)
        (runtime if rel.startswith(RUNTIME) else precache)[url] = revision
    body = json.dumps({"precache": precache, "runtime": runtime}, sort_keys=True)
    return {"version": hashlib.sha256(body.encode()).hexdigest()[:REVISION_CHARS], "precache": precache, "runtime": runtime,
            "runtime_folders": ["./" + folder for folder in RUNTIME]}


def service_worker(site: Path) -> str:
    template = (Path(__file__).parent / "sw.js").read_text(encoding="utf-8")
    return template.replace("__MANIFEST__", json.dumps(manifest(site), separators=(",", ":")))


def write_service_worker(site: Path) -> None:
    (site / "sw.js").write_text(service_worker(site), encoding="utf-8")
