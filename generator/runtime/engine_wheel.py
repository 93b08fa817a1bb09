"""The engine as a pure-Python wheel, registered in a ``pyodide-lock.json`` trimmed to it.

The worker installs it with ``loadPackage``, which fetches the wheel with the lock's sha256 as
Subresource Integrity: the browser refuses a wheel whose bytes differ. pyodide-build's
``pyodide lockfile add-wheels`` writes the same entry but needs Python ≥ 3.12 and cannot read
Pyodide 314's lock (no ``info.version``): the entry is written here and checked against the
``pyodide-lock`` model in the tests.

Reproducible: fixed timestamps, sorted entries, fixed permissions; the version carries a hash
of the sources, so a changed engine never hides behind a cached file of the same name.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile

from pathlib import Path

GENERATOR = Path(__file__).parents[1]
NAME = "reperes-engine"
VERSION = "1.0.0"
DATE = (2020, 2, 2, 0, 0, 0)  # wheels cannot hold dates before 1980; any fixed date will do


def sources() -> dict[str, str]:
    """{path inside the wheel: text}: the engine package and the worker's entry point."""
    files = {"generator/__init__.py": "", "generator/runtime/__init__.py": "",
             "generator/runtime/engine_glue.py": (GENERATOR / "runtime" / "engine_glue.py").read_text("utf-8")}
    for path in sorted((GENERATOR / "engine").glob("*.py")):
        files[f"generator/engine/{path.name}"] = path.read_text(encoding="utf-8")
    return files


def build_wheel(files: dict[str, str]) -> tuple[str, bytes]:
    """(file name, bytes) of the wheel holding ``files``."""
    digest = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:12]
    version = f"{VERSION}+{digest}"
    dist = f"reperes_engine-{version}.dist-info"
    meta = {
        f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {version}\n"
                            "Summary: Moteur de calcul des outils de repérage de Repères (bibliothèque standard seule)\n",
        f"{dist}/WHEEL": "Wheel-Version: 1.0\nGenerator: reperes\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        f"{dist}/top_level.txt": "generator\n",
    }
    entries = {**files, **meta}
    record = [f"{name},sha256={_b64(hashlib.sha256(text.encode()).digest())},{len(text.encode())}"
              for name, text in sorted(entries.items())] + [f"{dist}/RECORD,,"]
    entries[f"{dist}/RECORD"] = "\n".join(record) + "\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name in sorted(entries, key=lambda n: (n.startswith(dist), n.endswith("/RECORD"), n)):  # RECORD last
            info = zipfile.ZipInfo(name, DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(info, entries[name], compresslevel=9)
    return f"reperes_engine-{version}-py3-none-any.whl", buffer.getvalue()


def lock(pyodide_lock: dict, wheel_name: str, wheel: bytes, pyodide_version: str) -> dict:
    """Pyodide's lock reduced to the engine: nothing else from it is ever loaded."""
    version = wheel_name.split("-")[1]
    return {"info": {**pyodide_lock["info"], "version": pyodide_version},
            "packages": {NAME: {"name": NAME, "version": version, "file_name": wheel_name, "install_dir": "site",
                                "sha256": hashlib.sha256(wheel).hexdigest(), "package_type": "package",
                                "imports": ["generator"], "depends": [], "unvendored_tests": False}}}


def _b64(digest: bytes) -> str:
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
