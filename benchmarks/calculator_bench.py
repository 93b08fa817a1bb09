"""Benchmark of the calculator page in headless Chromium (figures printed; not a test).

Measures, on a built site served from loopback with a warm HTTP cache:
  1. time from navigation start to the first result shown on /outils/has-assistance-parcours/
     (the moment the result element gets its data-outcome attribute);
  2. the same for a bare page that only boots the same Pyodide files in a Web Worker and runs
     one Python function (the floor nothing can beat);
  3. their ratio (target ≤ 1.10);
  4. the median time from an answer click to the updated result (target ≤ 50 ms);
  5. whether reading pages (no calculator) download any Pyodide file (target: none).
The machine is shared and noisy: both pages are measured alternately in one run and the
ratio of medians is what counts.

Usage: .venv/bin/python benchmarks/calculator_bench.py [--site site] [--rounds 7] [--check]
"""
from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import CHROMIUM, FLAGS  # noqa: E402

FLOOR_HTML = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Plancher</title></head>
<body><p id="out">…</p><script type="module">
const worker = new Worker(new URL("./floor-worker.mjs", location.href), {type: "module"});
worker.onmessage = (e) => { document.getElementById("out").setAttribute("data-outcome", String(e.data)); };
worker.postMessage("go");
</script></body></html>"""
FLOOR_WORKER = """import { loadPyodide } from "../assets/pyodide/pyodide.mjs";
const ready = loadPyodide({ indexURL: new URL("../assets/pyodide/", import.meta.url).href });
onmessage = async () => { const py = await ready; postMessage(py.runPython("1 + 1")); };"""

# Records when the result first gets data-outcome (runs before any page script).
OBSERVE = """(() => {
  window.__firstResult = null;
  new MutationObserver((records, obs) => {
    for (const r of records) {
      if (r.type === "attributes" && r.attributeName === "data-outcome" && r.target.hasAttribute("data-outcome")) {
        window.__firstResult = performance.now(); obs.disconnect(); return;
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-outcome"] });
})();"""


class CachingHandler(http.server.SimpleHTTPRequestHandler):
    """A static host that lets browsers cache (what « warm HTTP cache » means in production)."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript",
                      ".wasm": "application/wasm"}

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "public, max-age=3600")
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


def first_result_ms(page, url: str) -> float:
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => window.__firstResult !== null", timeout=60000)
    return page.evaluate("window.__firstResult")


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--no-service-worker", action="store_true", help="measure without the offline service worker")
    args = parser.parse_args()
    if not (args.site / "outils/has-assistance-parcours/index.html").is_file():
        print(f"{args.site} n'est pas un site construit : lancez d'abord « reperes build ».", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        shutil.copytree(args.site, site)
        (site / "__floor__").mkdir()
        (site / "__floor__/index.html").write_text(FLOOR_HTML, encoding="utf-8")
        (site / "__floor__/floor-worker.mjs").write_text(FLOOR_WORKER, encoding="utf-8")
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(CachingHandler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        calc_url, floor_url = base + "outils/has-assistance-parcours/", base + "__floor__/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            context = browser.new_context(service_workers="block" if args.no_service_worker else "allow")
            context.add_init_script(OBSERVE)
            page = context.new_page()
            first_result_ms(page, calc_url)  # warm the HTTP cache (both pages share the Pyodide files)
            first_result_ms(page, floor_url)
            ours, floor = [], []
            for _ in range(args.rounds):
                ours.append(first_result_ms(page, calc_url))
                floor.append(first_result_ms(page, floor_url))
            page.goto(calc_url)
            page.wait_for_function("() => window.__firstResult !== null", timeout=60000)
            clicks = click_to_result_ms(page)
            fetched: list[str] = []
            reader = context.new_page()
            reader.on("request", lambda r: fetched.append(r.url) if "/pyodide/" in r.url or "engine-worker" in r.url else None)
            for path in ("", "glossaire/", "gestion-de-cas/file-active/", "profils/"):
                reader.goto(base + path, wait_until="load")
            reader.wait_for_timeout(500)
            browser.close()
        server.shutdown()
    ours_med, floor_med = statistics.median(ours), statistics.median(floor)
    ratio = ours_med / floor_med
    click_med = statistics.median(clicks)
    print(f"Chromium : {CHROMIUM} ; {args.rounds} tours, cache HTTP chaud"
          f"{' ; service worker bloqué' if args.no_service_worker else ''}")
    print(f"Page has-assistance-parcours, navigation → premier résultat : médiane {ours_med:.0f} ms "
          f"(min {min(ours):.0f}, max {max(ours):.0f})")
    print(f"Page plancher (Pyodide seul dans un Worker + une fonction) : médiane {floor_med:.0f} ms "
          f"(min {min(floor):.0f}, max {max(floor):.0f})")
    print(f"Rapport : {ratio:.3f} (objectif ≤ 1,10) {'OK' if ratio <= 1.10 else 'MANQUÉ'}")
    print(f"Clic sur une réponse → résultat mis à jour : médiane {click_med:.1f} ms sur {len(clicks)} clics "
          f"(max {max(clicks):.1f}) (objectif ≤ 50 ms) {'OK' if click_med <= 50 else 'MANQUÉ'}")
    print(f"Fichiers Pyodide téléchargés par les pages de lecture : {len(fetched)} (objectif 0) "
          f"{'OK' if not fetched else 'MANQUÉ : ' + ', '.join(fetched[:3])}")
    missed = ratio > 1.10 or click_med > 50 or fetched
    return 1 if (args.check and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
