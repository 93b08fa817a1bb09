"""The build cache: expensive, deterministic results kept by a hash of their inputs.

Outside the output folder (a build never publishes it) and shared by every build of the
machine: ``$REPERES_CACHE``, else ``$XDG_CACHE_HOME/reperes``, else ``~/.cache/reperes``.
Entries are named by the hash of everything that makes them, so a stale entry is never read,
and written atomically, so parallel builds (``reperes build --all``) never see half a file.
"""
from __future__ import annotations

import os
import tempfile

from pathlib import Path


def cache_dir(kind: str) -> Path:
    root = os.environ.get("REPERES_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reperes"
    folder = Path(root) / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (rename of a complete temporary file)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
