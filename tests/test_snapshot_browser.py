"""The engine's memory snapshot and its integrity checks, in Chromium.

One server over the session's built site, which can spoil what it sends (the snapshot
corrupted, truncated, missing or made for another Pyodide build; the engine wheel tampered
with): every spoiled snapshot must end in a correct result computed the normal way
(data-engine-mode="normal"), a tampered wheel must be refused by the browser itself
(Subresource Integrity), and the untouched site must answer from the snapshot.
A changed snapshot is refused by the worker's WebCrypto check in a secure context (localhost here), and
by the browser's Subresource Integrity on a plain-http host (PLAIN_HTTP_HOST: no WebCrypto there).
"""
from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import io
import re
import threading
import time
from pathlib import Path

import pytest
import yaml

from browser import PLAIN_HTTP_HOST, needs_chromium
from generator.site.serve import Handler

pytestmark = [pytest.mark.browser, needs_chromium]

REPO = Path(__file__).resolve().parent.parent
CRITERION = "has-assistance-parcours"
EXAMPLE = yaml.safe_load((REPO / f"criteria/{CRITERION}.yml").read_text(encoding="utf-8"))["examples"][0]
BOOT_MS = 150000  # the fallback downloads the snapshot, fails, then boots normally: slow on a busy machine


class Spoiling(Handler):
    """``reperes serve``'s handler, except for what ``spoil`` (shared, set by each test) changes."""

    spoil: dict = {}

    def send_head(self):
        path = self.path.split("?", 1)[0]
        mode = self.spoil.get("mode")
        body = None
        if re.search(r"/assets/engine/snapshot-[0-9a-f]+\.bin$", path) and mode in ("corrupted", "truncated", "missing", "foreign", "wheel"):  # noqa: E501
            if mode in ("missing", "wheel"):
                self.send_error(404)
                return None
            data = Path(self.translate_path(path)).read_bytes()
            body = {"corrupted": lambda: data[:len(data) // 2] + bytes([data[len(data) // 2] ^ 0xFF]) + data[len(data) // 2 + 1:],
                    "truncated": lambda: data[: len(data) // 3],
                    "foreign": lambda: foreign(data)}[mode]()
        elif path.endswith("/assets/engine/engine-worker.mjs") and mode == "foreign":
            # Integrity matching the foreign snapshot: only Pyodide's own check can refuse it.
            text = Path(self.translate_path(path)).read_text("utf-8")
            snap = next(Path(self.translate_path("/assets/engine/")).glob("snapshot-*.bin")).read_bytes()
            body = re.sub(r"sha256-[A-Za-z0-9+/=]+", sri(foreign(snap)), text).encode()
        elif path.endswith(".whl") and mode == "wheel":
            data = bytearray(Path(self.translate_path(path)).read_bytes())
            data[len(data) // 2] ^= 0xFF
            body = bytes(data)
        if body is None:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def foreign(snapshot: bytes) -> bytes:
    """The same snapshot, as if made by another Pyodide build (its 256-bit build id changed)."""
    return snapshot[:16] + bytes(b ^ 0x5A for b in snapshot[16:48]) + snapshot[48:]


def sri(data: bytes) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()


@pytest.fixture(scope="module")
def base(built_site):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Spoiling, directory=str(built_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def first_result(browser, base: str, mode: str | None) -> dict:
    """Open the tool prefilled with its first example, in a fresh context (empty cache, no service
    worker), and wait for a result — or, when the engine cannot start, for the worker to say so."""
    Spoiling.spoil["mode"] = mode
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        seen = {"requests": [], "responses": {}, "status": {}, "console": []}
        page.on("request", lambda r: seen["requests"].append(r.url))
        page.on("response", lambda r: (seen["responses"].__setitem__(r.url, r.headers), seen["status"].__setitem__(r.url, r.status)))
        page.on("console", lambda m: seen["console"].append(m.text))
        query = "&".join(f"{k}={v}" for k, v in EXAMPLE["answers"].items())
        page.goto(f"{base}outils/{CRITERION}/?{query}")
        panel = page.locator(f'[data-result-for="{CRITERION}"]')
        # Not the page's status: on a busy machine its 30 s boot timeout may fire before the fallback ends.
        deadline = time.monotonic() + BOOT_MS / 1000
        while time.monotonic() < deadline and panel.get_attribute("data-engine-mode") is None \
                and not any("n'a pas pu démarrer" in text for text in seen["console"]):
            page.wait_for_timeout(250)
        seen.update(outcome=panel.get_attribute("data-outcome"), mode=panel.get_attribute("data-engine-mode"))
        return seen
    finally:
        context.close()
        Spoiling.spoil["mode"] = None


@pytest.fixture(scope="module")
def shipped(browser, base) -> dict:
    """The untouched site's first result, seen once (one engine boot) by the two tests that read it."""
    return first_result(browser, base, None)


@pytest.mark.xdist_group("snapshot-shipped")  # one worker, one boot for the two
def test_the_shipped_site_answers_from_the_snapshot(shipped):
    seen = shipped
    assert seen["mode"] == "snapshot" and seen["outcome"] == EXAMPLE["expect_outcome"]
    assert any(re.search(r"/assets/engine/snapshot-[0-9a-f]+\.bin$", url) for url in seen["requests"])
    assert not any(url.endswith(".whl") for url in seen["requests"])  # the engine is inside the snapshot


# Who refuses each spoiled snapshot: the worker's WebCrypto check (a secure context), the browser's
# Subresource Integrity (a plain-http host), the server (404) or Pyodide itself (another build's snapshot,
# whose integrity the test rewrote to match).
SPOILED = {"corrupted": ("loopback", "son empreinte sha256 diffère"), "truncated": ("plain-http", "Failed to fetch"),
           "missing": ("loopback", "instantané introuvable (404)"), "foreign": ("loopback", "Snapshot build id mismatch")}


@pytest.mark.parametrize("spoiled", list(SPOILED))
def test_a_spoiled_snapshot_falls_back_to_a_correct_result(browser, base, spoiled):
    host, refusal = SPOILED[spoiled]
    seen = first_result(browser, base.replace("127.0.0.1", PLAIN_HTTP_HOST) if host == "plain-http" else base, spoiled)
    assert seen["mode"] == "normal", seen["console"]
    warning = next(text for text in seen["console"] if "instantané du moteur inutilisable" in text)
    assert refusal in warning, warning
    assert ("empreinte sha256" in warning) == (spoiled == "corrupted"), warning  # WebCrypto only where it exists
    assert seen["outcome"] == EXAMPLE["expect_outcome"]
    assert any(url.endswith(".whl") for url in seen["requests"])  # the normal path: loadPackage of the wheel


def test_a_tampered_wheel_is_refused_by_the_browser(browser, base):
    seen = first_result(browser, base, "wheel")
    assert any(url.endswith(".whl") for url in seen["requests"])
    assert seen["outcome"] is None and seen["mode"] is None
    # The server sent the (tampered) wheel with a 200, yet the worker's fetch failed: Chromium
    # refused the body because it does not match the sha256 of the trimmed lock. The untampered
    # wheel loads (test_a_spoiled_snapshot_falls_back_to_a_correct_result).
    assert any(url.endswith(".whl") and status == 200 for url, status in seen["status"].items())
    assert any("n'a pas pu démarrer" in text and "reperes-engine" in text and "Failed to fetch" in text
               for text in seen["console"]), seen["console"]


# Reading pages load no runtime file (nothing under assets/pyodide/ or assets/engine/):
# test_calculators_browser.py::test_reading_pages_start_no_engine, on the same three pages (it was
# test_reading_pages_load_no_runtime_file here, three more page loads).


@pytest.mark.xdist_group("snapshot-shipped")  # one worker, one boot for the two
def test_chromium_gets_the_compressed_runtime_from_reperes_serve(shipped):
    seen = shipped
    encodings = {url.rsplit("/", 1)[-1]: headers.get("content-encoding") for url, headers in seen["responses"].items()
                 if "/assets/pyodide/" in url or "/assets/engine/snapshot-" in url}
    assert encodings and all(e in ("br", "gzip") for e in encodings.values()), encodings
    wasm = next(h for u, h in seen["responses"].items() if u.endswith(".wasm"))
    assert wasm["content-type"] == "application/wasm" and wasm["vary"] == "Accept-Encoding"
