"""The build cache: expensive, deterministic results kept by a hash of their inputs.

Outside the output folder (a build never publishes it) and shared by every build of the
machine: ``$REPERES_CACHE``, else ``$XDG_CACHE_HOME/reperes``, else ``~/.cache/reperes``.
Entries are named by the hash of everything that makes them, so a stale entry is never read,
and written atomically, so parallel builds (``reperes build --all``) never see half a file. An
entry is computed once even when builds ask for it together (``once``): the others wait for it,
where each would otherwise pay the same minute of brotli or the same snapshot.
"""
from __future__ import annotations

import hashlib
import os
import tempfile

from pathlib import Path
from typing import Callable

import jinja2
from filelock import FileLock


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


def once(path: Path, compute: Callable[[], bytes]) -> bytes:
    """The entry at ``path``, made by ``compute()`` when absent. A lock beside it (``path.lock``) makes the
    first build to ask compute it; parallel builds asking meanwhile wait, then read it."""
    if path.is_file():
        return path.read_bytes()
    with FileLock(f"{path}.lock"):
        if path.is_file():  # made while we waited
            return path.read_bytes()
        data = compute()
        store(path, data)
        return data


def keep_compiled(env: jinja2.Environment) -> jinja2.Environment:
    """``env`` reads and keeps its compiled templates here, between builds: compiling mkdocs-material's
    templates is a third of a small site's build. Jinja names an entry by the template and its file and
    reads it only for the same source (checksum), Jinja and Python; the folder is named by the settings
    that change the compiled code (syntax, whitespace, escaping, extensions), so another environment's
    compilation is never read. Entries are written atomically (a temporary file renamed)."""
    autoescape = env.autoescape if isinstance(env.autoescape, bool) else getattr(env.autoescape, "__qualname__", "?")
    settings = (env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
                env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
                env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
                autoescape, sorted(env.extensions), getattr(env, "newstyle_gettext", None))
    folder = cache_dir("templates") / hashlib.sha256(repr(settings).encode("utf-8")).hexdigest()[:16]
    folder.mkdir(exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    return env
