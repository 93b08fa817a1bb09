"""Where a build is made before it replaces the published site, and how it replaces it.

- The new site is built in a staging folder outside the output's folder when possible (a cache
  folder on the same file system, so the final rename stays atomic): when ``--out`` sits inside a
  web server's document root, a half-built or abandoned site is never served.
- One build at a time per output (an fcntl lock, released by the system even when a build is
  killed); a second build waits and says so.
- Leftovers of builds killed earlier (SIGKILL, power cut) are removed by the next build of the
  same output, under the lock, so nothing in use is ever removed.
- The swap exchanges both folders in one system call where Linux allows it (the published site
  never disappears, even for an instant), else two renames; every temporary name is unique.
"""
from __future__ import annotations

import contextlib
import ctypes
import fcntl
import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Iterator

ENV = "REPERES_BUILD_TMP"  # a staging folder chosen by the operator (same file system as the output)


def _root(out: Path) -> Path:
    """The staging folder: $REPERES_BUILD_TMP, else ~/.cache/reperes/builds, if on the output's file system."""
    home = os.path.expanduser("~")  # stays "~" when there is no home: then no cache folder
    cache = os.environ.get("XDG_CACHE_HOME") or (os.path.join(home, ".cache") if os.path.isabs(home) else "")
    chosen = os.path.abspath(os.environ[ENV]) if os.environ.get(ENV) else ""
    for candidate in (chosen, cache and os.path.join(cache, "reperes", "builds")):
        if not candidate or not os.path.isabs(candidate):
            continue
        try:
            Path(candidate).mkdir(parents=True, exist_ok=True)
            if os.stat(candidate).st_dev == os.stat(out.parent).st_dev and os.access(candidate, os.W_OK):
                return Path(candidate).resolve()
        except OSError:
            continue
    return out.parent  # another file system: beside the output (the rename must not cross file systems)


def _key(out: Path) -> str:
    """The names this output's staging folders start with (hidden, and unique per output path)."""
    return f".{out.name}-{hashlib.sha256(str(out).encode()).hexdigest()[:12]}"


@contextlib.contextmanager
def locked(out: Path) -> Iterator[Path]:
    """Hold the output's lock; yields the staging folder, cleaned of earlier builds' leftovers."""
    out.parent.mkdir(parents=True, exist_ok=True)
    root = _root(out)
    key = _key(out)
    with open(root / f"{key}.lock", "a+b") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Une autre construction écrit déjà dans {out} : attente de sa fin…", file=sys.stderr, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        _clean(out, root, key)
        yield root
    # The lock file stays: removing it would let a third build lock a new file while the second holds the old one.


def _clean(out: Path, root: Path, key: str) -> None:
    stale = list(root.glob(f"{key}-new-*")) + list(root.glob(f"{key}-old-*"))
    # Names used before builds were staged (".site-new-XXXX", ".site-old"), left beside the output.
    stale += list(out.parent.glob(f".{out.name}-new-*")) + list(out.parent.glob(f".{out.name}-old"))
    for path in stale:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


def new_folder(out: Path, root: Path) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"{_key(out)}-new-", dir=root))


def new_docs_folder(out: Path, root: Path) -> Path:
    """Where the docs tree is written: beside the staging folder (hard links to the project's files work
    on one file system), and named so that the next build removes it if this one is killed."""
    return Path(tempfile.mkdtemp(prefix=f"{_key(out)}-new-docs-", dir=root))


def swap(new: Path, out: Path, root: Path) -> None:
    """Publish ``new`` as ``out``; the previous site is removed afterwards."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(new, 0o777 & ~umask)  # mkdtemp makes it private; the web server must be able to read the site
    if out.exists() and _exchange(new, out):
        shutil.rmtree(new, ignore_errors=True)  # now holds the previous site
        return
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{_key(out)}-old-", dir=root)) / "site"
        out.rename(old)
    new.rename(out)
    if old is not None:
        shutil.rmtree(old.parent, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(RENAME_EXCHANGE): both names swap atomically. False where unavailable."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
