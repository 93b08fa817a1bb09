"""Build-time work in Node's Pyodide: the trimmed standard library and the memory snapshot.

Restoring a snapshot of the interpreter, engine already imported and run, skips the 4–5 s
CPython spends starting inside ``loadPyodide``. Pyodide's snapshot API is private and tied to
one Pyodide build, so nothing is published unless Node proves, with the pinned npm package:
  1. the browser's normal path (``loadPackage`` of the engine wheel) works on the trimmed zip;
  2. the snapshot, made WITH that zip, restores in a fresh instance (which also proves it fits
     the default heap: Pyodide cannot grow memory while restoring, pyodide#6254);
  3. every case of the site (each tool empty, each example, an impossible answer) gives, in
     both, exactly the outputs of CPython.
Otherwise the build says why in one line and ships without snapshot (and the full zip).

The snapshot depends on the engine and Pyodide only, not on the site: the engine imports
nothing lazily, so warming it on the generator's own case (``WARM_UP``) loads every module a
site's tools use — which check 3 confirms for each site. One snapshot (and one brotli pass over
it) then serves the national site and every edition. Both steps are cached by a hash of their
inputs (this module, pyodide_build.mjs, the Pyodide files, the wheel; the site's cases).
"""
from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import tempfile
import zipfile

from dataclasses import dataclass
from pathlib import Path

from ..cache import cache_dir, once, store

SCRIPT = Path(__file__).parent / "pyodide_build.mjs"
DAY = "2026-01-01"  # a fixed date: the same outputs whatever the day of the build
TIMEOUT = 300
WARM_UP = [{"spec": {"id": "echauffement", "items": [{"id": "q", "answers": "oui-non"}], "outcomes": []},
            "answers": {"q": "oui"}}]
FALLBACK = "site construit sans instantané du moteur (démarrage normal)"


@dataclass
class Runtime:
    stdlib: Path            # the zip to publish (trimmed when verified, else Pyodide's own)
    snapshot: Path | None   # None: ship without, ``message`` says why
    message: str


def make(pyodide: Path, files: dict[str, str], wheel: tuple[str, bytes], lock: dict, package: str,
         cases: list[dict], expected: list[str]) -> Runtime:
    full_zip = pyodide / "python_stdlib.zip"
    if shutil.which("node") is None:
        return Runtime(full_zip, None, f"Node introuvable : {FALLBACK}")
    key = _hash(SCRIPT.read_bytes(), Path(__file__).read_bytes(), (pyodide / "pyodide.asm.wasm").read_bytes(),
                (pyodide / "pyodide.asm.mjs").read_bytes(), full_zip.read_bytes(), wheel[1], json.dumps(lock, sort_keys=True).encode())
    folder = cache_dir("snapshot") / key
    job = {"pyodide": str(pyodide), "lock": json.dumps(lock), "package": package, "files": files, "day": DAY}
    made = _cached(folder / "made.json", lambda: _make(folder, job, wheel))
    if not made["ok"]:
        return Runtime(full_zip, None, f"{made['message']} : {FALLBACK}")
    check = _hash(key.encode(), json.dumps([cases, expected], sort_keys=True).encode())
    verified = _cached(cache_dir("verified") / f"{check}.json", lambda: _verify(folder, job, wheel, cases, expected))
    if not verified["ok"]:
        return Runtime(full_zip, None, f"{verified['message']} : {FALLBACK}")
    return Runtime(folder / "python_stdlib.zip", folder / "snapshot.bin",
                   f"instantané du moteur vérifié ({verified['bytes'] / 1e6:.1f} Mo, {len(cases)} cas identiques à CPython, "
                   f"bibliothèque standard réduite à {made['modules']} modules)")


def _hash(*parts: bytes) -> str:
    key = hashlib.sha256()
    for part in parts:
        key.update(hashlib.sha256(part).digest())
    return key.hexdigest()[:32]


def _cached(report: Path, compute) -> dict:
    """A step's outcome (success or the reason of failure), computed once per set of inputs (and once
    only when parallel builds ask together)."""
    def outcome() -> bytes:
        try:
            found = compute()
        except (OSError, subprocess.SubprocessError, ValueError, KeyError) as exc:
            found = {"ok": False, "message": f"instantané impossible ({type(exc).__name__} : {str(exc)[:200]})"}
        return json.dumps(found, ensure_ascii=False).encode("utf-8")

    report.parent.mkdir(parents=True, exist_ok=True)
    return json.loads(once(report, outcome))


def _make(folder: Path, job: dict, wheel: tuple[str, bytes]) -> dict:
    """Modules the normal path uses → trimmed zip → snapshot made with that zip."""
    with tempfile.TemporaryDirectory(prefix="reperes-snapshot-") as tmp:
        work = Path(tmp)
        (work / wheel[0]).write_bytes(wheel[1])
        job = {**job, "wheel": str(work / wheel[0]), "cases": WARM_UP}
        used = _node(work, {**job, "mode": "modules", "stdlib": str(Path(job["pyodide"]) / "python_stdlib.zip")})
        store(folder / "python_stdlib.zip", trim_stdlib(Path(job["pyodide"]) / "python_stdlib.zip", used["modules"]))
        _node(work, {**job, "mode": "snapshot", "stdlib": str(folder / "python_stdlib.zip"), "out": str(work / "snapshot.bin")})
        store(folder / "snapshot.bin", (work / "snapshot.bin").read_bytes())
    return {"ok": True, "modules": len(used["modules"])}


def _verify(folder: Path, job: dict, wheel: tuple[str, bytes], cases: list[dict], expected: list[str]) -> dict:
    """The site's cases on the trimmed zip (normal path) and on the restored snapshot, at once (two cores)."""
    with tempfile.TemporaryDirectory(prefix="reperes-snapshot-") as tmp:
        work = Path(tmp)
        (work / wheel[0]).write_bytes(wheel[1])
        job = {**job, "wheel": str(work / wheel[0]), "cases": cases, "stdlib": str(folder / "python_stdlib.zip")}
        started = _start(work, {**job, "mode": "modules"}, "modules")  # runs beside the restore below
        restored = _node(work, {**job, "mode": "restore", "snapshot": str(folder / "snapshot.bin")})
        normal = _finish(started)
    for name, outputs in (("démarrage normal sur la bibliothèque réduite", normal["outputs"]),
                          ("instantané restauré", restored["outputs"])):
        if (bad := _differs(outputs, expected)) is not None:
            return {"ok": False, "message": f"vérification échouée ({name}, cas {bad})"}
    return {"ok": True, "bytes": restored["bytes"], "heap": restored["heap"]}


def _start(work: Path, job: dict, name: str) -> subprocess.Popen:
    path = work / f"job-{name}.json"
    path.write_text(json.dumps(job), encoding="utf-8")
    return subprocess.Popen(["node", str(SCRIPT), str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _finish(process: subprocess.Popen) -> dict:
    out, err = process.communicate(timeout=TIMEOUT)
    if process.returncode != 0:
        raise ValueError(err.decode("utf-8", "replace").strip().splitlines()[-1:] or "échec de Node")
    return json.loads(out)


def _node(work: Path, job: dict) -> dict:
    return _finish(_start(work, job, job["mode"]))


def _differs(outputs: list[str], expected: list[str]) -> int | None:
    """Index of the first case whose output differs (compared as data, not as text), or None."""
    if len(outputs) != len(expected):
        return len(outputs)
    return next((i for i, (a, b) in enumerate(zip(outputs, expected)) if json.loads(a) != json.loads(b)), None)


def trim_stdlib(full: Path, modules: list[str]) -> bytes:
    """The standard-library zip reduced to ``modules`` (paths inside it), reproducibly. Stored, not
    deflated: brotli over the whole file (.br beside it) compresses far better than zip entries."""
    keep = set(modules)
    buffer = io.BytesIO()
    with zipfile.ZipFile(full) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            if info.filename in keep:
                entry = zipfile.ZipInfo(info.filename, (2020, 2, 2, 0, 0, 0))
                entry.external_attr = 0o644 << 16
                out.writestr(entry, source.read(info))
    return buffer.getvalue()
