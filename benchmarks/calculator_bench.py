"""Benchmark of the calculator page in headless Chromium (figures printed; not a test).

In one run, on a built site served from loopback, alternating every variant round by round:
  pages        snapshot — the shipped site (engine restored from the build's packed memory snapshot);
               normal   — the same site with the snapshot switched off in the worker (it boots
                          Pyodide, then loadPackage of the engine wheel): a site shipped without
                          snapshot, or whose snapshot fails;
               floor    — a bare page booting the same Pyodide files in a Worker and running
                          one Python function (the floor no normal boot can beat);
  transfer     compressed (the build's .br/.gz, as « reperes serve » or a configured host sends
               them) or not (a host that sends files as they are);
  cache        cold (new browser context: empty HTTP cache) or warm (second load, same context);
  profile      desktop (no throttling) or tablet: 20 Mbit/s and 40 ms (CDP
               Network.emulateNetworkConditions) and the CPU ×4 for the page AND its workers.
               CDP's Emulation.setCPUThrottlingRate slows the page's main thread only (Chromium
               refuses it for worker targets: « Operation is only supported for pages, not
               workers »), which let CPython boot at full speed in the floor's worker. Here
               Chromium's renderer processes (page, workers, wasm compilation) are stopped 3/4 of
               every 20 ms (SIGSTOP/SIGCONT), the mechanism CDP's throttling uses for the main
               thread, applied to every thread of the renderer.
Figure: time from navigation start to the first result shown (the result element gets its
data-outcome attribute), median and range. Also: click → updated result (target ≤ 16 ms),
Pyodide files loaded by reading pages (target: none), and the machine's load average.

Then one traced cold load per page kind on the tablet profile, compressed (a Chromium performance
trace; tracing slows the load a little, its figure is printed): bytes received before the first
result, sequential network round trips on the runtime's path (the page, then each runtime file
after the runtime requests finished before it was sent), each runtime file's download, the largest others,
the worker's steps (its User Timing measures: snapshot download and sha256, wasm, preRun unpacking,
loadPyodide, first calculation), wasm compilation, and brotli decoding of the runtime files (the
same C library as Chromium's, measured here: the trace does not show the network process).

Targets (issue 24): cold first result ≤ 0.6 × floor (desktop compressed, tablet), warm ≤ 0.45,
click → result ≤ 16 ms median.

With --baseline OTHER_SITE (a site built from another commit, e.g. main's), its shipped tool page is a
fourth page kind, « baseline », measured in the same run: today's figures beside the new ones.

Usage: .venv/bin/python benchmarks/calculator_bench.py [--site site] [--rounds 3] [--profiles desktop,tablet]
       [--baseline OTHER_SITE] [--no-trace] [--trace-only]
"""
from __future__ import annotations

import argparse
import functools
import http.server
import io
import json
import os
import re
import signal
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
from browser import CHROMIUM, FLAGS  # noqa: E402
from generator.site.serve import Handler  # noqa: E402

TOOL = "outils/has-assistance-parcours/"
FLOOR_HTML = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Plancher</title></head>
<body><p id="out">…</p><script type="module">
const worker = new Worker(new URL("./floor-worker.mjs", location.href), {type: "module"});
worker.onmessage = (e) => { document.getElementById("out").setAttribute("data-outcome", String(e.data)); };
worker.postMessage("go");
</script></body></html>"""
FLOOR_WORKER = """import { loadPyodide } from "../assets/pyodide/pyodide.mjs";
const ready = loadPyodide({ indexURL: new URL("../assets/pyodide/", import.meta.url).href,
                            lockFileURL: new URL("../assets/engine/pyodide-lock.json", import.meta.url).href });
onmessage = async () => { const py = await ready; postMessage(py.runPython("1 + 1")); };"""
OBSERVE = """(() => {
  window.__firstResult = null; window.__mode = null;
  new MutationObserver((records, obs) => {
    for (const r of records) {
      if (r.type === "attributes" && r.attributeName === "data-outcome" && r.target.hasAttribute("data-outcome")) {
        window.__firstResult = performance.now(); window.__mode = r.target.getAttribute("data-engine-mode");
        performance.mark("reperes: premier résultat affiché");
        obs.disconnect(); return;
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-outcome"] });
})();"""
TABLET = {"cpu": 4, "network": {"offline": False, "latency": 40, "downloadThroughput": 20e6 / 8, "uploadThroughput": 20e6 / 8}}
TRACE_CATEGORIES = ["devtools.timeline", "v8.wasm", "blink.user_timing", "disabled-by-default-v8.compile"]
RUNTIME = re.compile(r"/assets/(pyodide|engine)/")


class BenchHandler(Handler):
    """« reperes serve » (or, under /raw/, a host that sends files as they are), cacheable; under
    /normal/ and /raw-normal/, the worker's snapshot is switched off; /__floor__/ is the floor page."""

    def translate(self):
        path = self.path
        raw = path.startswith(("/raw/", "/raw-normal/"))
        normal = path.startswith(("/normal/", "/raw-normal/"))
        if raw or normal:
            path = "/" + path.split("/", 2)[2]
        return path, raw, normal

    def send_head(self):
        path, raw, normal = self.translate()
        if path.startswith("/__floor__/"):
            body = (FLOOR_WORKER if path.endswith(".mjs") else FLOOR_HTML).encode()
            return self._body(body, "text/javascript" if path.endswith(".mjs") else "text/html")
        if normal and path.endswith("/assets/engine/engine-worker.mjs"):
            text = Path(self.translate_path(path)).read_text("utf-8")
            return self._body(re.sub(r'"snapshot": \{.*?\]\]\}\}', '"snapshot": null', text).encode(), "text/javascript")
        self.path = path
        if raw:
            self.headers.replace_header("Accept-Encoding", "identity") if "Accept-Encoding" in self.headers else None
        return super().send_head()

    def _body(self, body: bytes, kind: str):
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "public, max-age=3600")
        super().end_headers()


class RendererThrottle:
    """CPU ×rate for Chromium's renderer processes (this benchmark's only: descendants of this process),
    on while ``on`` is set: each ``period`` they are stopped for (rate − 1)/rate of it. Always resumed
    at the end."""

    def __init__(self, rate: int, period: float = 0.02) -> None:
        self.rate, self.period, self.on, self.done = rate, period, False, False
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        pids: list[int] = []
        found = 0.0
        while not self.done:
            if not self.on:
                time.sleep(0.005)
                continue
            if time.monotonic() - found > 0.1:  # a new context may have started a new renderer
                pids, found = renderers(), time.monotonic()
            _signal(pids, signal.SIGSTOP)
            time.sleep(self.period * (1 - 1 / self.rate))
            _signal(pids, signal.SIGCONT)
            time.sleep(self.period / self.rate)

    def close(self) -> None:
        self.done = True
        self.thread.join()
        _signal(renderers(), signal.SIGCONT)


def _signal(pids: list[int], sig: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except OSError:
            pass


def renderers() -> list[int]:
    """Chromium renderer processes started by this benchmark (its descendants)."""
    found, todo = [], [os.getpid()]
    while todo:
        pid = todo.pop()
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                todo += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
            if pid != os.getpid() and b"--type=renderer" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
        except OSError:
            continue
    return found


def first_result(page, url: str) -> tuple[float, str | None]:
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => window.__firstResult !== null", timeout=300000, polling=50)
    return page.evaluate("window.__firstResult"), page.evaluate("window.__mode")


def emulate_network(context, page, profile: str) -> None:
    if profile != "tablet":
        return
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", TABLET["network"])


def click_to_result_ms(page, clicks: int = 30) -> list[float]:
    page.evaluate("""() => {
      window.__clicks = []; let t0 = null;
      document.querySelector("form.reperes-calc").addEventListener("change", () => { t0 = performance.now(); }, true);
      new MutationObserver(() => { if (t0 !== null) { window.__clicks.push(performance.now() - t0); t0 = null; } })
        .observe(document.querySelector("[data-result-for]"), { attributes: true, attributeFilter: ["data-outcome"] });
    }""")
    for i in range(clicks):
        page.click(f'input[name="mobilite"][value="{"oui" if i % 2 == 0 else "non"}"]')
        page.wait_for_function(f"() => window.__clicks.length >= {i + 1}", timeout=5000)
    return page.evaluate("window.__clicks")


BASES: dict[str, str] = {}  # page kind → its server's address (the baseline site has its own)


def url_of(base: str, page_kind: str, compressed: bool) -> str:
    base = BASES.get(page_kind, base)
    prefix = {("normal", True): "normal/", ("normal", False): "raw-normal/"}.get((page_kind, compressed), "" if compressed else "raw/")
    return base + prefix + ("__floor__/" if page_kind == "floor" else TOOL)


def measure(browser, throttle: RendererThrottle, base: str, profile: str, page_kind: str,
            compressed: bool) -> tuple[float, float, str | None]:
    """(cold, warm, engine mode) for one variant: a fresh context, then the same page again."""
    context = browser.new_context(service_workers="block")
    try:
        context.add_init_script(OBSERVE)
        page = context.new_page()
        emulate_network(context, page, profile)
        throttle.on = profile == "tablet"
        cold, mode = first_result(page, url_of(base, page_kind, compressed))
        warm, _ = first_result(page, url_of(base, page_kind, compressed))
        return cold, warm, mode
    finally:
        throttle.on = False
        context.close()


# -- the traced cold tablet load ----------------------------------------------------------------------------

def traced(browser, throttle: RendererThrottle, base: str, page_kind: str) -> dict:
    """One cold load on the tablet profile (compressed), under a Chromium performance trace: its events."""
    context = browser.new_context(service_workers="block")
    try:
        context.add_init_script(OBSERVE)
        page = context.new_page()
        emulate_network(context, page, "tablet")
        browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
        throttle.on = True
        try:
            shown, mode = first_result(page, url_of(base, page_kind, True))
        finally:
            throttle.on = False
            trace = json.loads(browser.stop_tracing())
        return {"events": trace["traceEvents"] if isinstance(trace, dict) else trace, "shown": shown, "mode": mode}
    finally:
        context.close()


def analyse(run: dict) -> dict:
    """Requests, worker steps and wasm compilation of a traced load, in ms from the navigation request."""
    events = run["events"]
    threads = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e.get("ph") == "M" and e.get("name") == "thread_name"}
    sends = [e for e in events if e.get("name") == "ResourceSendRequest"]
    start = min(e["ts"] for e in sends)
    ms = lambda ts: (ts - start) / 1000  # noqa: E731
    requests: dict[str, dict] = {}
    for e in sorted(events, key=lambda e: e.get("ts", 0)):
        data = e.get("args", {}).get("data", {}) if isinstance(e.get("args"), dict) else {}
        rid = data.get("requestId")
        # http only: a browser-wide trace also holds Chromium's own pages (chrome://, new tab page scripts).
        if e.get("name") == "ResourceSendRequest" and data.get("url", "").startswith("http"):
            requests[rid] = {"url": data["url"], "sent": ms(e["ts"]), "cache": False}
        elif e.get("name") == "ResourceReceiveResponse" and rid in requests:
            requests[rid]["cache"] = bool(data.get("fromCache")) or data.get("encodedDataLength", 1) == 0
        elif e.get("name") == "ResourceFinish" and rid in requests:
            requests[rid].update(done=ms(e["ts"]), bytes=data.get("encodedDataLength", 0), failed=data.get("didFail"))
    marks = [e for e in events if e.get("name") == "reperes: premier résultat affiché"]
    shown = ms(marks[0]["ts"]) if marks else None
    network = sorted((r for r in requests.values() if "done" in r and not r["cache"] and r["bytes"] > 0
                      and (shown is None or r["done"] <= shown)), key=lambda r: r["sent"])
    runtime = [r for r in network if RUNTIME.search(r["url"])]
    path = network[:1] + runtime  # the page, then the runtime: what the first result waits for
    for r in path:  # sequential round trips: 1 + the deepest of them finished before this one was sent
        r["depth"] = 1 + max((o["depth"] for o in path if o is not r and "depth" in o and o["done"] <= r["sent"]), default=0)
    steps: dict[str, list[float]] = {}
    for e in events:
        if e.get("cat", "").startswith("blink.user_timing") and e.get("name", "").startswith("reperes: ") and e.get("ph") in ("b", "e"):
            steps.setdefault(e["name"][len("reperes: "):], []).append(ms(e["ts"]))
    compile_ms = {"worker": 0.0, "background": 0.0}
    for e in events:
        if e.get("ph") == "X" and e.get("cat") in ("v8.wasm",) and e.get("name", "").startswith(
                ("wasm.Compile", "wasm.ExecuteCompilationUnits", "wasm.ValidateFunctions", "wasm.SyncCompile", "wasm.FinishStreaming",
                 "wasm.AsyncCompile")):
            name = threads.get((e["pid"], e["tid"]), "")
            compile_ms["worker" if name.startswith("DedicatedWorker") else "background"] += e.get("dur", 0) / 1000
    instantiate = sum(e.get("dur", 0) for e in events if e.get("name") == "wasm.AsyncInstantiate") / 1000
    return {"shown": shown, "network": network, "runtime": runtime, "steps": steps, "compile": compile_ms,
            "instantiate": instantiate, "bytes": sum(r["bytes"] for r in network), "runtime_bytes": sum(r["bytes"] for r in runtime),
            "depth": max((r["depth"] for r in runtime), default=0)}


def brotli_decoding(site: Path) -> list[tuple[str, int, float]]:
    """(file, decoded bytes, ms to decode its .br) for the runtime files, with Chromium's library (Google's brotli)."""
    import brotli

    out = []
    for path in sorted((site / "assets").glob("*/*.br")):
        if RUNTIME.search("/" + path.relative_to(site).as_posix()) and path.stat().st_size > 100_000:
            data = path.read_bytes()
            started = time.perf_counter()
            decoded = brotli.decompress(data)
            out.append((path.name[:-3], len(decoded), (time.perf_counter() - started) * 1000))
    return out


def print_trace(kind: str, run: dict, found: dict) -> None:
    print(f"\n  {kind} (mode : {run['mode'] or '-'}) — premier résultat affiché à {found['shown'] or run['shown']:.0f} ms "
          f"sous trace ; {found['bytes'] / 1e6:.2f} Mo reçus avant lui, dont {found['runtime_bytes'] / 1e6:.2f} Mo de fichiers "
          f"d'exécution ; {found['depth']} allers-retours réseau successifs avant le dernier octet d'exécution")
    for r in found["runtime"]:
        print(f"    {r['url'].rsplit('/', 1)[-1][:42]:42} {r['bytes'] / 1e3:8.0f} Ko  envoyé {r['sent']:6.0f} ms  "
              f"reçu {r['done']:6.0f} ms  (vague {r['depth']})")
    others = sorted((r for r in found["network"] if r not in found["runtime"]), key=lambda r: -r["bytes"])
    for r in others[:4]:
        print(f"    autre : {r['url'].split('/', 3)[-1][:34]:34} {r['bytes'] / 1e3:8.0f} Ko  envoyé {r['sent']:6.0f} ms  "
              f"reçu {r['done']:6.0f} ms")
    for name, stamps in sorted(found["steps"].items(), key=lambda kv: min(kv[1])):
        if len(stamps) >= 2:
            print(f"    étape : {name:58} {min(stamps):6.0f} → {max(stamps):6.0f} ms  ({max(stamps) - min(stamps):.0f} ms)")
    print(f"    compilation wasm : {found['compile']['worker']:.0f} ms sur le fil du worker, {found['compile']['background']:.0f} ms "
          f"en arrière-plan ; instanciation {found['instantiate']:.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profiles", default="desktop,tablet")
    parser.add_argument("--baseline", type=Path, help="un autre site construit (celui de main, par exemple), mesuré à côté")
    parser.add_argument("--no-trace", action="store_true", help="sans la charge tracée")
    parser.add_argument("--trace-only", action="store_true", help="seulement la charge tracée")
    args = parser.parse_args()
    if not (args.site / TOOL / "index.html").is_file():
        print(f"{args.site} n'est pas un site construit : lancez d'abord « reperes build ».", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    profiles = args.profiles.split(",")
    kinds = ("snapshot", "normal", "floor") + (("baseline",) if args.baseline else ())
    variants = [(p, kind, comp) for p in profiles for kind in kinds for comp in (True, False)]
    results: dict[tuple, dict[str, list]] = {v: {"cold": [], "warm": [], "mode": set()} for v in variants}
    load_before = os.getloadavg()
    started = time.monotonic()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(BenchHandler, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    servers = [server]
    if args.baseline:
        servers.append(http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(BenchHandler, directory=str(args.baseline))))
        threading.Thread(target=servers[-1].serve_forever, daemon=True).start()
        BASES["baseline"] = f"http://127.0.0.1:{servers[-1].server_address[1]}/"
    throttle = RendererThrottle(TABLET["cpu"])
    traces: dict[str, tuple[dict, dict]] = {}
    clicks: list[float] = []
    fetched: list[str] = []
    encoding = False
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            measure(browser, throttle, base, "desktop", "snapshot", True)  # let the OS cache every file once
            for _ in range(0 if args.trace_only else args.rounds):
                for variant in variants:  # alternated: a burst of load on the shared machine hits every variant
                    cold, warm, mode = measure(browser, throttle, base, *variant)
                    results[variant]["cold"].append(cold)
                    results[variant]["warm"].append(warm)
                    results[variant]["mode"].add(mode)
            if not args.no_trace:
                for kind in kinds:
                    run = traced(browser, throttle, base, kind)
                    traces[kind] = (run, analyse(run))
                    run.pop("events")
            if not args.trace_only:
                context = browser.new_context(service_workers="block")
                context.add_init_script(OBSERVE)
                page = context.new_page()
                first_result(page, base + TOOL)
                encoding = page.evaluate("""() => performance.getEntriesByType("resource")
                    .filter((e) => e.name.includes("/assets/")).map((e) => e.encodedBodySize < e.decodedBodySize).some(Boolean)""")
                clicks = click_to_result_ms(page)
                reader = context.new_page()
                reader.on("request", lambda r: fetched.append(r.url) if RUNTIME.search(r.url) else None)
                for path in ("", "glossaire/", "gestion-de-cas/file-active/", "profils/"):
                    reader.goto(base + path, wait_until="load")
                reader.wait_for_timeout(500)
            browser.close()
    finally:
        throttle.close()
        for running in servers:
            running.shutdown()
    load_after = os.getloadavg()

    print(f"Chromium : {CHROMIUM} ; {args.rounds} tours ; {os.cpu_count()} cœurs ; durée {time.monotonic() - started:.0f} s")
    print(f"Charge de la machine (moyenne 1/5/15 min) : avant {load_before[0]:.1f}/{load_before[1]:.1f}/{load_before[2]:.1f}, "
          f"après {load_after[0]:.1f}/{load_after[1]:.1f}/{load_after[2]:.1f}")
    snapshot = next(args.site.glob("assets/engine/snapshot-*.bin"), None)
    if snapshot:
        sizes = [snapshot.stat().st_size] + [snapshot.with_name(snapshot.name + s).stat().st_size
                                             for s in (".br", ".gz") if snapshot.with_name(snapshot.name + s).exists()]
        print("Instantané : " + " ; ".join(f"{n} {s / 1e6:.2f} Mo" for n, s in zip(("brut", "brotli", "gzip"), sizes)))
    if not args.trace_only:
        print(f"Compression effectivement reçue par Chromium : {'oui' if encoding else 'non'}")
        for profile in profiles:
            label = "tablette (CPU ×4 page et workers, 20 Mbit/s, 40 ms)" if profile == "tablet" else "bureau (sans bridage)"
            print(f"\nProfil {label} — navigation → premier résultat, médiane (min–max)")
            for comp in (True, False):
                for state in ("cold", "warm"):
                    floor = statistics.median(results[profile, "floor", comp][state])
                    for kind in kinds:
                        r = results[profile, kind, comp]
                        modes = ",".join(sorted(m for m in r["mode"] if m)) or "-"
                        print(f"  {'compressé' if comp else 'non compressé':14} {'froid' if state == 'cold' else 'chaud':6} "
                              f"{kind:9} {summary(r[state])}  rapport au plancher {statistics.median(r[state]) / floor:.2f}"
                              f"  (mode : {modes})")
        print(f"\nClic sur une réponse → résultat mis à jour : médiane {statistics.median(clicks):.1f} ms sur {len(clicks)} clics "
              f"(max {max(clicks):.1f}) (objectif ≤ 16 ms)")
        print(f"Fichiers Pyodide ou moteur téléchargés par les pages de lecture : {len(fetched)} (objectif 0)")
    if traces:
        print("\nCharge tracée (profil tablette, compressé, cache froid), en ms depuis la requête de la page :")
        for kind, (run, found) in traces.items():
            print_trace(kind, run, found)
        print("\n  Décodage brotli des fichiers d'exécution (bibliothèque brotli de Google, celle de Chromium, ici sans bridage) :")
        for name, size, took in brotli_decoding(args.site):
            print(f"    {name:42} {size / 1e6:6.2f} Mo décodés en {took:5.0f} ms")
    return 0


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):6.0f} ms ({min(values):.0f}–{max(values):.0f})"


if __name__ == "__main__":
    sys.exit(main())
