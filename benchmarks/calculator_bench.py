"""Benchmark of the calculator page in headless Chromium (figures printed; not a test).

In one run, on a built site served from loopback, alternating every variant round by round:
  pages        snapshot — the shipped site (engine restored from the build's memory snapshot);
               normal   — the same site with the snapshot switched off (worker boots Pyodide,
                          then loadPackage of the engine wheel): what happens when it fails;
               floor    — a bare page booting the same Pyodide files in a Worker and running
                          one Python function (the floor no normal boot can beat);
  transfer     compressed (the build's .br/.gz, as « reperes serve » or a configured host sends
               them) or not (a host that sends files as they are);
  cache        cold (new browser context: empty HTTP cache) or warm (second load, same context);
  profile      desktop (no throttling) or tablet (CPU ×4 on the page with CDP
               Emulation.setCPUThrottlingRate; 20 Mbit/s, 40 ms with Network.emulateNetworkConditions).
Figure: time from navigation start to the first result shown (the result element gets its
data-outcome attribute), median and range. Also: click → updated result (target ≤ 50 ms),
Pyodide files loaded by reading pages (target: none), and the machine's load average.

Targets (issue 8): warm snapshot ≤ 0.5 × floor, cold tablet snapshot ≤ 0.6 × floor, tablet cold
compressed snapshot ≤ half of the uncompressed normal boot.

Usage: .venv/bin/python benchmarks/calculator_bench.py [--site site] [--rounds 3] [--profiles desktop,tablet]
"""
from __future__ import annotations

import argparse
import functools
import http.server
import os
import re
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
        obs.disconnect(); return;
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-outcome"] });
})();"""
TABLET = {"cpu": 4, "network": {"offline": False, "latency": 40, "downloadThroughput": 20e6 / 8, "uploadThroughput": 20e6 / 8}}


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
            return self._body(re.sub(r'"snapshot": \{[^}]*\}', '"snapshot": null', text).encode(), "text/javascript")
        self.path = path
        if raw:
            self.headers.replace_header("Accept-Encoding", "identity") if "Accept-Encoding" in self.headers else None
        return super().send_head()

    def _body(self, body: bytes, kind: str):
        import io

        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "public, max-age=3600")
        super().end_headers()


def first_result(page, url: str) -> tuple[float, str | None]:
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => window.__firstResult !== null", timeout=180000)
    return page.evaluate("window.__firstResult"), page.evaluate("window.__mode")


def throttle(context, page, profile: str) -> None:
    if profile != "tablet":
        return
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": TABLET["cpu"]})
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


def measure(browser, base: str, profile: str, page_kind: str, compressed: bool) -> tuple[float, float, str | None]:
    """(cold, warm, engine mode) for one variant: a fresh context, then the same page again."""
    prefix = {("snapshot", True): "", ("normal", True): "normal/", ("snapshot", False): "raw/",
              ("normal", False): "raw-normal/", ("floor", True): "", ("floor", False): "raw/"}[page_kind, compressed]
    url = base + prefix + ("__floor__/" if page_kind == "floor" else TOOL)
    context = browser.new_context(service_workers="block")
    try:
        context.add_init_script(OBSERVE)
        page = context.new_page()
        throttle(context, page, profile)
        cold, mode = first_result(page, url)
        warm, _ = first_result(page, url)
        return cold, warm, mode
    finally:
        context.close()


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):6.0f} ms ({min(values):.0f}–{max(values):.0f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profiles", default="desktop,tablet")
    args = parser.parse_args()
    if not (args.site / TOOL / "index.html").is_file():
        print(f"{args.site} n'est pas un site construit : lancez d'abord « reperes build ».", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    profiles = args.profiles.split(",")
    variants = [(p, kind, comp) for p in profiles for kind in ("snapshot", "normal", "floor") for comp in (True, False)]
    results: dict[tuple, dict[str, list]] = {v: {"cold": [], "warm": [], "mode": set()} for v in variants}
    load_before = os.getloadavg()
    started = time.monotonic()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(BenchHandler, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        measure(browser, base, "desktop", "snapshot", True)  # let the OS cache every file once
        for _ in range(args.rounds):
            for variant in variants:  # alternated: a burst of load on the shared machine hits every variant
                cold, warm, mode = measure(browser, base, *variant)
                results[variant]["cold"].append(cold)
                results[variant]["warm"].append(warm)
                results[variant]["mode"].add(mode)
        context = browser.new_context(service_workers="block")
        context.add_init_script(OBSERVE)
        page = context.new_page()
        first_result(page, base + TOOL)
        encoding = page.evaluate("""() => performance.getEntriesByType("resource")
            .filter((e) => e.name.includes("/assets/")).map((e) => e.encodedBodySize < e.decodedBodySize).some(Boolean)""")
        clicks = click_to_result_ms(page)
        reader = context.new_page()
        fetched: list[str] = []
        reader.on("request", lambda r: fetched.append(r.url) if "/assets/pyodide/" in r.url or "/assets/engine/" in r.url else None)
        for path in ("", "glossaire/", "gestion-de-cas/file-active/", "profils/"):
            reader.goto(base + path, wait_until="load")
        reader.wait_for_timeout(500)
        browser.close()
    server.shutdown()
    load_after = os.getloadavg()

    print(f"Chromium : {CHROMIUM} ; {args.rounds} tours ; {os.cpu_count()} cœurs ; durée {time.monotonic() - started:.0f} s")
    print(f"Charge de la machine (moyenne 1/5/15 min) : avant {load_before[0]:.1f}/{load_before[1]:.1f}/{load_before[2]:.1f}, "
          f"après {load_after[0]:.1f}/{load_after[1]:.1f}/{load_after[2]:.1f}")
    print(f"Compression effectivement reçue par Chromium : {'oui' if encoding else 'non'}")
    snapshot = next(args.site.glob("assets/engine/snapshot-*.bin"), None)
    if snapshot:
        sizes = [snapshot.stat().st_size] + [snapshot.with_name(snapshot.name + s).stat().st_size
                                             for s in (".br", ".gz") if snapshot.with_name(snapshot.name + s).exists()]
        print("Instantané : " + " ; ".join(f"{n} {s / 1e6:.1f} Mo" for n, s in zip(("brut", "brotli", "gzip"), sizes)))
    for profile in profiles:
        label = "tablette (CPU ×4, 20 Mbit/s, 40 ms)" if profile == "tablet" else "bureau (sans bridage)"
        print(f"\nProfil {label} — navigation → premier résultat, médiane (min–max)")
        for comp in (True, False):
            for state in ("cold", "warm"):
                floor = statistics.median(results[profile, "floor", comp][state])
                for kind in ("snapshot", "normal", "floor"):
                    r = results[profile, kind, comp]
                    modes = ",".join(sorted(m for m in r["mode"] if m)) or "-"
                    print(f"  {'compressé' if comp else 'non compressé':14} {'froid' if state == 'cold' else 'chaud':6} "
                          f"{kind:9} {summary(r[state])}  rapport au plancher {statistics.median(r[state]) / floor:.2f}"
                          f"  (mode : {modes})")
        if profile == "tablet":
            new = statistics.median(results[profile, "snapshot", True]["cold"])
            old = statistics.median(results[profile, "normal", False]["cold"])
            print(f"  Tablette, froid : instantané compressé {new:.0f} ms contre démarrage normal non compressé {old:.0f} ms "
                  f"(rapport {new / old:.2f} ; objectif ≤ 0,5)")
    print(f"\nClic sur une réponse → résultat mis à jour : médiane {statistics.median(clicks):.1f} ms sur {len(clicks)} clics "
          f"(max {max(clicks):.1f}) (objectif ≤ 50 ms)")
    print(f"Fichiers Pyodide ou moteur téléchargés par les pages de lecture : {len(fetched)} (objectif 0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
