"""The service worker's manifest: a revision per file, the runtime apart, no precompressed siblings."""
from __future__ import annotations

import hashlib
import json
import re

from generator.site.offline import manifest, service_worker


def test_manifest_lists_each_file_with_the_hash_of_its_bytes(tmp_path):
    files = {"index.html": "accueil", "glossaire/index.html": "glossaire", "404.html": "absente",
             "assets/reperes.js": "js", "assets/reperes.js.br": "br", "assets/reperes.js.gz": "gz",
             "assets/pyodide/pyodide.asm.wasm": "wasm", "assets/pyodide/pyodide.asm.wasm.br": "br",
             "assets/pyodide/snapshot.bin": "snapshot", "assets/engine/bundle.json": "{}",
             "assets/javascripts/workers/search.reperes-0123456789ab.min.js": "search",
             "sw.js": "old worker", "sitemap.xml.gz": "gz"}
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    found = manifest(tmp_path)
    rev = lambda text: hashlib.sha256(text.encode()).hexdigest()[:16]  # noqa: E731
    assert found["precache"] == {"./": rev("accueil"), "./glossaire/": rev("glossaire"), "./404.html": rev("absente"),
                                 "./assets/reperes.js": rev("js"),
                                 "./assets/javascripts/workers/search.reperes-0123456789ab.min.js": rev("search")}
    assert found["runtime"] == {"./assets/pyodide/pyodide.asm.wasm": rev("wasm"), "./assets/pyodide/snapshot.bin": rev("snapshot"),
                                "./assets/engine/bundle.json": rev("{}")}
    assert re.fullmatch(r"[0-9a-f]{16}", found["version"])

    (tmp_path / "assets/reperes.js.br").write_text("autre", encoding="utf-8")  # a sibling changes: same version
    assert manifest(tmp_path) == found
    (tmp_path / "glossaire/index.html").write_text("glossaire 2", encoding="utf-8")  # a page changes: new version
    changed = manifest(tmp_path)
    assert changed["version"] != found["version"]
    assert {k for k, v in changed["precache"].items() if found["precache"][k] != v} == {"./glossaire/"}


def test_the_worker_carries_its_manifest(tmp_path):
    (tmp_path / "index.html").write_text("accueil", encoding="utf-8")
    worker = service_worker(tmp_path)
    embedded = json.loads(re.search(r"const MANIFEST = (\{.*?\});\n", worker).group(1))
    assert embedded == manifest(tmp_path) and "__MANIFEST__" not in worker
