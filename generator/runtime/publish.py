"""The calculators' runtime files, as the site publishes them (rendered with the pages, so both
``reperes build`` and ``mkdocs build`` publish them and the service worker sees them):

  assets/pyodide/  pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm (npm package, unchanged),
                   python_stdlib.zip (reduced to what the engine imports, when Node verified it)
  assets/engine/   engine-worker.mjs, pyodide-lock.json (the engine only), the engine wheel,
                   snapshot-<sha256>.bin (memory snapshot, when Node made and verified it)
"""
from __future__ import annotations

import base64
import hashlib
import json
import logging

from pathlib import Path

from . import engine_glue, engine_wheel, snapshot
from ..sources.errors import BuildFailed, SourcesInvalid

WORKER = Path(__file__).parent / "engine-worker.mjs"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
COPIED = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
log = logging.getLogger("mkdocs.plugins.reperes")


def pyodide_version() -> str:
    """The pinned runtime's version (package.json of the npm package), for cache names."""
    for base in (Path.cwd(), Path(__file__).resolve().parents[2]):
        manifest = base / "node_modules" / "pyodide" / "package.json"
        if manifest.is_file():
            return json.loads(manifest.read_text(encoding="utf-8")).get("version", "inconnue")
    return "inconnue"


def pyodide_files(project: Path) -> dict[str, Path]:
    """The pinned Pyodide runtime from node_modules (the project's, else the generator's checkout)."""
    for base in (project, Path(__file__).resolve().parents[2]):
        folder = base / "node_modules" / "pyodide"
        if all((folder / name).is_file() for name in PYODIDE_FILES):
            return {f"assets/pyodide/{name}": folder / name for name in PYODIDE_FILES}
    raise SourcesInvalid([BuildFailed.at("package.json", None, problem=(
        "Pyodide introuvable dans node_modules/pyodide : lancez « bash scripts/setup.sh » (npm ci) avant de construire"))])


def cases(specs: dict[str, dict], examples: dict[str, list[dict]]) -> list[dict]:
    """What the snapshot runs once and what verification compares: each tool empty, each of its
    examples, and an impossible answer (the error path)."""
    out = []
    for cid in sorted(specs):
        spec = specs[cid]
        out.append({"spec": spec, "answers": {}})
        out += [{"spec": spec, "answers": answers} for answers in examples.get(cid, [])]
        if spec.get("items"):
            out.append({"spec": spec, "answers": {spec["items"][0]["id"]: "réponse-impossible"}})
    return out


def publish(project: Path, specs: dict[str, dict], examples: dict[str, list[dict]]) -> tuple[dict[str, bytes], dict[str, Path]]:
    """(generated files, copied files) by site path."""
    copies = pyodide_files(project)
    pyodide = copies["assets/pyodide/pyodide.mjs"].parent
    files = engine_wheel.sources()
    wheel_name, wheel = engine_wheel.build_wheel(files)
    lock = engine_wheel.lock(json.loads((pyodide / "pyodide-lock.json").read_text("utf-8")), wheel_name, wheel, pyodide_version())
    work = cases(specs, examples)
    expected = [engine_glue.run(json.dumps(c["spec"]), json.dumps(c["answers"]), snapshot.DAY) for c in work]
    built = snapshot.make(pyodide, files, (wheel_name, wheel), lock, engine_wheel.NAME, work, expected)
    log.info(built.message)
    if built.snapshot is None:
        print(built.message)  # one line, and the site still works: the worker boots normally
    runtime: dict[str, object] = {"lock": "pyodide-lock.json", "package": engine_wheel.NAME, "wheel": wheel_name, "snapshot": None}
    out_copies = {f"assets/pyodide/{name}": pyodide / name for name in COPIED}
    out_copies["assets/pyodide/python_stdlib.zip"] = built.stdlib
    if built.snapshot is not None:
        data = built.snapshot.read_bytes()
        name = f"snapshot-{hashlib.sha256(data).hexdigest()[:16]}.bin"
        runtime["snapshot"] = {"url": name, "integrity": "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()}
        out_copies[f"assets/engine/{name}"] = built.snapshot
    worker = WORKER.read_text("utf-8").replace("__RUNTIME__", json.dumps(runtime))
    generated = {"assets/engine/engine-worker.mjs": worker.encode("utf-8"),
                 "assets/engine/pyodide-lock.json": json.dumps(lock, indent=1, sort_keys=True).encode("utf-8"),
                 f"assets/engine/{wheel_name}": wheel}
    return generated, out_copies
