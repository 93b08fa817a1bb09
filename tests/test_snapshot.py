"""Engine wheel and trimmed lock, build-time snapshot (made and verified in Node), compression,
and « reperes serve ». Browser behaviour (integrity, fallbacks): tests/test_snapshot_browser.py."""
from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import json
import os
import shutil
import threading
import urllib.error
import urllib.request
import zipfile

from pathlib import Path

import brotli
import pytest

from conftest import shared
from generator.runtime import engine_glue, engine_wheel, publish, snapshot
from generator.runtime.publish import pyodide_version
from generator.site.serve import accepted, server

REPO = Path(__file__).resolve().parent.parent
PYODIDE = REPO / "node_modules" / "pyodide"
needs_node = pytest.mark.skipif(shutil.which("node") is None or not PYODIDE.is_dir(), reason="Node or npm Pyodide absent")


def engine_lock() -> tuple[str, bytes, dict]:
    name, wheel = engine_wheel.build_wheel(engine_wheel.sources())
    lock = engine_wheel.lock(json.loads((PYODIDE / "pyodide-lock.json").read_text("utf-8")), name, wheel, pyodide_version())
    return name, wheel, lock


# -- the engine wheel and its lock -------------------------------------------------------------------------

def test_lock_entry_validates_against_the_pyodide_lock_model():
    from pyodide_lock import PyodideLockSpec

    name, wheel, lock = engine_lock()
    spec = PyodideLockSpec(**lock)  # extra="forbid": any key Pyodide's model does not know fails
    spec.check_wheel_filenames()
    entry = spec.packages[engine_wheel.NAME]
    assert list(spec.packages) == [engine_wheel.NAME]  # trimmed to what the site loads
    assert entry.file_name == name and entry.sha256 == hashlib.sha256(wheel).hexdigest()
    full = json.loads((PYODIDE / "pyodide-lock.json").read_text("utf-8"))
    assert lock["info"]["abi_version"] == full["info"]["abi_version"]  # Pyodide refuses a lock of another ABI


def test_wheel_is_reproducible_and_holds_exactly_the_engine():
    first, second = engine_wheel.build_wheel(engine_wheel.sources()), engine_wheel.build_wheel(engine_wheel.sources())
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first[1])) as wheel:
        infos = wheel.infolist()
        names = [i.filename for i in infos]
        assert {i.date_time for i in infos} == {engine_wheel.DATE}
        code = [n for n in names if ".dist-info/" not in n]
        assert code == sorted(code) and names[-1].endswith(".dist-info/RECORD")
        engine = sorted(p.name for p in (REPO / "generator/engine").glob("*.py"))
        assert sorted(n.split("/")[-1] for n in code if n.startswith("generator/engine/")) == engine
        assert wheel.read("generator/engine/logic.py") == (REPO / "generator/engine/logic.py").read_bytes()
        record = wheel.read(names[-1]).decode()
        for name in code:
            digest = hashlib.sha256(wheel.read(name)).digest()
            assert f"{name},sha256={engine_wheel._b64(digest)}," in record


def test_a_changed_engine_gets_a_new_wheel_name():
    files = engine_wheel.sources()
    changed = {**files, "generator/engine/logic.py": files["generator/engine/logic.py"] + "\n# changed\n"}
    assert engine_wheel.build_wheel(files)[0] != engine_wheel.build_wheel(changed)[0]


# -- snapshot: made and verified in Node ------------------------------------------------------------------

def national_specs() -> tuple[dict, dict]:
    """Compiled specs (as published in api/criteria/) and examples of the national tools."""
    from generator.build import prepare
    from generator.sources.load import load
    from generator.editions.resolve import resolve
    from generator.sources.validate import validate

    rendered = prepare(REPO)
    specs = {}
    for uri, content in rendered.files.items():
        if uri.startswith("api/criteria/") and uri.endswith(".json"):
            spec = json.loads(content)
            specs[spec["id"]] = spec
    records = resolve(validate(load(REPO))).project.records["criteria"]
    return specs, {cid: [dict(x.answers) for x in e.record.examples] for cid, e in records.items()}


@contextlib.contextmanager
def cache_at(folder: Path):
    """The build cache (generator/cache.py) in ``folder`` for a while; the other tests' builds keep the shared one."""
    old = os.environ.get("REPERES_CACHE")
    os.environ["REPERES_CACHE"] = str(folder)
    try:
        yield
    finally:
        os.environ.pop("REPERES_CACHE", None) if old is None else os.environ.__setitem__("REPERES_CACHE", old)


def _made_from_scratch(folder: Path) -> dict[str, Path]:
    """Makes and verifies the snapshot in an empty cache of its own (folder/cache), on the national tools'
    cases (kept in folder/cases.json for the tests)."""
    folder.mkdir(parents=True, exist_ok=True)
    name, wheel, lock = engine_lock()
    work = publish.cases(*national_specs())
    expected = [engine_glue.run(json.dumps(c["spec"]), json.dumps(c["answers"]), snapshot.DAY) for c in work]
    with cache_at(folder / "cache"):
        snapshot.make(PYODIDE, engine_wheel.sources(), (name, wheel), lock, engine_wheel.NAME, work, expected)
    (folder / "cases.json").write_text(json.dumps({"work": work, "expected": expected}), encoding="utf-8")
    return {"cache": folder / "cache", "cases": folder / "cases.json"}


@pytest.fixture(scope="session")
def made(tmp_path_factory):
    """The snapshot made and verified from scratch (an empty cache), on the national tools' cases: once per
    test run (under pytest-xdist, the first worker to ask makes it; the others read it from that cache)."""
    scratch = shared(tmp_path_factory, "snapshot-from-scratch", _made_from_scratch)
    cases = json.loads(scratch["cases"].read_text(encoding="utf-8"))
    name, wheel, lock = engine_lock()
    job = (PYODIDE, engine_wheel.sources(), (name, wheel), lock, engine_wheel.NAME)
    with cache_at(scratch["cache"]):  # made and verified above: read back, not made again
        built = snapshot.make(*job, cases["work"], cases["expected"])
    return built, job, cases["work"], cases["expected"], scratch["cache"]


@needs_node
def test_snapshot_is_made_verified_and_trimmed(made):
    built, _, work, _, _ = made
    assert built.snapshot is not None, built.message
    assert "vérifié" in built.message and f"{len(work)} cas" in built.message
    with zipfile.ZipFile(built.stdlib) as trimmed, zipfile.ZipFile(PYODIDE / "python_stdlib.zip") as full:
        names = set(trimmed.namelist())
        assert {"json/__init__.py", "fractions.py", "re/__init__.py", "reprlib.py"} <= names  # the engine's imports
        assert len(names) < len(full.namelist()) / 2
        assert "tkinter/__init__.py" not in names and "asyncio/__init__.py" in full.namelist()


@needs_node
def test_snapshot_is_reproducible_and_holds_nothing_of_the_build_machine(made, built_site):
    built, _, _, _, _ = made
    data = built.snapshot.read_bytes()
    # The site was built with the default cache, this one from scratch: two independent runs.
    assert (built_site / f"assets/engine/snapshot-{hashlib.sha256(data).hexdigest()[:16]}.bin").is_file()
    # (Pyodide's own build paths, « /root/repo/cpython/… », are in its wasm file: not ours.)
    for leak in (str(REPO), str(built.snapshot.parent), "reperes-snapshot-", str(Path.home() / ".cache")):
        assert leak.encode() not in data, leak


@needs_node
def test_verification_refuses_outputs_that_differ_from_cpython(made):
    _, job, work, expected, _ = made
    wrong = list(expected)
    wrong[3] = json.dumps({**json.loads(wrong[3]), "summary": "autre chose"})
    built = snapshot.make(*job, work, wrong)  # the shared cache: its outcome is kept by a hash of its inputs
    assert built.snapshot is None and built.stdlib == PYODIDE / "python_stdlib.zip"
    assert "cas 3" in built.message and "sans instantané" in built.message


def test_without_node_the_site_ships_without_snapshot(monkeypatch):
    monkeypatch.setattr(snapshot.shutil, "which", lambda name: None)
    name, wheel, lock = engine_lock()
    built = snapshot.make(PYODIDE, engine_wheel.sources(), (name, wheel), lock, engine_wheel.NAME, [], [])
    assert built.snapshot is None and built.stdlib == PYODIDE / "python_stdlib.zip" and "Node" in built.message


def test_runtime_files_sit_under_the_two_runtime_folders(built_site):
    runtime_files = [p.relative_to(built_site).as_posix() for p in (built_site / "assets").rglob("*")
                     if p.is_file() and ("pyodide" in p.name or "engine" in p.name or p.suffix in (".whl", ".bin"))]
    assert runtime_files and all(f.startswith(("assets/pyodide/", "assets/engine/")) or f == "assets/engine-boot.js"
                                 for f in runtime_files), runtime_files
    assert not (built_site / "assets/pyodide/pyodide-lock.json").exists()  # 119 KB of packages the site never loads
    lock = json.loads((built_site / "assets/engine/pyodide-lock.json").read_text("utf-8"))
    wheel = built_site / "assets/engine" / lock["packages"][engine_wheel.NAME]["file_name"]
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == lock["packages"][engine_wheel.NAME]["sha256"]
    worker = (built_site / "assets/engine/engine-worker.mjs").read_text("utf-8")
    snap = next((built_site / "assets/engine").glob("snapshot-*.bin"))
    integrity = "sha256-" + __import__("base64").b64encode(hashlib.sha256(snap.read_bytes()).digest()).decode()
    assert integrity in worker and snap.name in worker and "__RUNTIME__" not in worker


# -- compression and « reperes serve » ---------------------------------------------------------------------

def test_every_compressible_file_has_br_and_gz_copies(built_site):
    snap = next((built_site / "assets/engine").glob("snapshot-*.bin"))
    index = built_site / "search/search_index.json"
    for path in (snap, built_site / "assets/pyodide/pyodide.asm.wasm", built_site / "assets/pyodide/pyodide.asm.mjs",
                 index, built_site / "index.html", built_site / "outils/conect-6/index.html", built_site / "sw.js"):
        data = path.read_bytes()
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == data, path
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == data, path
    assert len(snap.with_name(snap.name + ".br").read_bytes()) < len(snap.read_bytes()) / 5
    small = [p for p in built_site.rglob("*") if p.is_file() and p.stat().st_size <= 1024 and not p.name.endswith((".br", ".gz"))]
    assert small and not any(p.with_name(p.name + ".br").exists() for p in small)
    assert not list(built_site.rglob("*.br.br")) and not list(built_site.rglob("*.gz.gz"))


def test_accept_encoding_is_parsed_with_its_weights():
    assert accepted("gzip, deflate, br") == {"gzip", "deflate", "br"}
    assert accepted("br;q=0, gzip;q=0.5") == {"gzip"}
    assert accepted("br;q=0.0") == set() and accepted(None) == set()


@pytest.fixture(scope="module")
def served(built_site):
    httpd = server(built_site, port=0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def get(url: str, encoding: str | None):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers, response.read()


def test_serve_negotiates_precompressed_copies(served, built_site):
    snap = next((built_site / "assets/engine").glob("snapshot-*.bin"))
    url = served + "assets/engine/" + snap.name
    headers, body = get(url, "gzip, deflate, br")
    assert headers["Content-Encoding"] == "br" and headers["Vary"] == "Accept-Encoding"
    assert body == snap.with_name(snap.name + ".br").read_bytes()
    headers, body = get(url, "gzip")
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == snap.read_bytes()
    headers, body = get(url, None)
    assert headers["Content-Encoding"] is None and body == snap.read_bytes() and headers["Vary"] == "Accept-Encoding"
    headers, body = get(served + "outils/conect-6/", "br")
    assert headers["Content-Encoding"] == "br" and headers["Content-Type"].startswith("text/html")
    assert brotli.decompress(body) == (built_site / "outils/conect-6/index.html").read_bytes()


def test_serve_sends_the_types_pyodide_needs(served):
    assert get(served + "assets/pyodide/pyodide.asm.wasm", "br")[0]["Content-Type"] == "application/wasm"
    assert get(served + "assets/engine/engine-worker.mjs", "br")[0]["Content-Type"] == "text/javascript"
    assert get(served + "assets/pyodide/pyodide.mjs", None)[0]["Content-Type"] == "text/javascript"
    with pytest.raises(urllib.error.HTTPError) as missing:
        get(served + "assets/engine/absent.bin", "br")
    assert missing.value.code == 404


def test_the_offline_precache_holds_no_runtime_file(built_site):
    # Every first visit installs the precache: the 31 MB snapshot must not be in it (calculators
    # ask the service worker to keep the runtime once they have started it).
    from generator.site.offline import manifest

    listed = manifest(built_site)
    assert listed["precache"] and not [u for u in listed["precache"]
                                       if "/assets/engine/" in u or "/assets/pyodide/" in u or u.endswith((".br", ".gz"))]
    runtime = set(listed["runtime"])
    assert {"./assets/engine/engine-worker.mjs", "./assets/engine/pyodide-lock.json"} <= runtime
    assert any(u.startswith("./assets/engine/snapshot-") for u in runtime)


def test_the_runtime_revisions_change_when_the_engine_changes(built_site, tmp_path):
    # A returning visitor's worker re-fetches exactly the runtime files whose revision changed.
    from generator.site.offline import manifest

    copy = tmp_path / "site"
    shutil.copytree(built_site, copy, copy_function=os.link)  # hard links: the shared site is never written
    before = manifest(copy)
    (copy / "assets/engine/pyodide-lock.json").unlink()  # a new file, not the shared site's one rewritten
    (copy / "assets/engine/pyodide-lock.json").write_text("{}", encoding="utf-8")
    after = manifest(copy)
    changed = {u for u in after["runtime"] if after["runtime"][u] != before["runtime"].get(u)}
    assert changed == {"./assets/engine/pyodide-lock.json"} and after["version"] != before["version"]
