"""Precompressed copies (``.br``, ``.gz``) beside every compressible file of a built site.

The engine's memory snapshot is 30 MB raw but 5 MB in brotli: on a tablet's network the
raw file is slower than not using it at all, so compression is part of the design. Hosts
serve ``x.br`` for ``x`` when the browser accepts it (docs/hebergement.md: nginx, Apache, Caddy;
``reperes serve`` does the same). This runs last, after everything else is written
(service worker included), so no file is compressed before its final content.

Brotli at its highest quality takes a minute on the snapshot: results are cached by content
hash outside the output folder, so the many builds of a test run pay for it once.
"""
from __future__ import annotations

import gzip
import hashlib
import os

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli

from ..cache import cache_dir, once

MIN_SIZE = 1024
# Text and runtime files; images and fonts in these formats are already compressed.
SUFFIXES = (".html", ".js", ".mjs", ".css", ".json", ".xml", ".svg", ".txt", ".map",
            ".wasm", ".zip", ".bin", ".whl", ".py")
# A zip's members are already deflated; only the stdlib zip gains from a second pass (stored members).
NEVER = ("sitemap.xml.gz",)


def compressible(path: Path) -> bool:
    return (path.suffix in SUFFIXES and path.name not in NEVER and not path.name.endswith((".br", ".gz"))
            and path.stat().st_size > MIN_SIZE)


def compress_site(site: Path) -> int:
    """Writes ``x.br`` and ``x.gz`` beside each compressible ``x``; returns how many files were compressed.

    Files go to a thread per core, biggest first (brotli and zlib release the GIL): on a machine that
    never built the site, the quality-11 passes over the runtime run side by side."""
    files = sorted((path for path in site.rglob("*") if path.is_file() and compressible(path)),
                   key=lambda path: (-path.stat().st_size, path))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(_compress, files))
    return len(files)


def _compress(path: Path) -> None:
    data = path.read_bytes()
    for suffix, packed in ((".br", _cached(data, "br", _brotli)), (".gz", _cached(data, "gz", _gzip))):
        if len(packed) < len(data):  # a copy that saves nothing would only cost the host a lookup
            path.with_name(path.name + suffix).write_bytes(packed)


def _brotli(data: bytes) -> bytes:
    # Quality 11 for the big runtime files (paid once, cached); 9 keeps pages quick to build.
    return brotli.compress(data, quality=11 if len(data) > 256 * 1024 else 9)


def _gzip(data: bytes) -> bytes:
    # mtime=0 and no file name: the same input always gives the same bytes.
    return gzip.compress(data, compresslevel=9, mtime=0)


def _cached(data: bytes, kind: str, pack) -> bytes:
    if len(data) < 256 * 1024:  # small files: compressing is cheaper than a cache lookup
        return pack(data)
    return once(cache_dir("compressed") / f"{hashlib.sha256(data).hexdigest()}.{kind}", lambda: pack(data))


__all__ = ["compress_site", "compressible", "MIN_SIZE"]
