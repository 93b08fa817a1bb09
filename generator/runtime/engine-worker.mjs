// Repères — the calculators' Web Worker (published as assets/engine/engine-worker.mjs, RUNTIME
// filled in by the build, generator/runtime/publish.py). One instance serves every calculator of the visit.
//
// Fast path: restore the interpreter from the build's memory snapshot (engine imported and run
// once). The snapshot has no checksum of its own: its bytes are checked against the sha256 the build
// wrote (RUNTIME.snapshot.integrity), so any changed byte is refused before Pyodide sees it. In a
// secure context (https, localhost) WebCrypto checks them: 31 MB in ~40 ms, where the browser's own
// Subresource Integrity took 400–800 ms on a desktop (more on a tablet); elsewhere (plain http) the
// browser's Subresource Integrity does. The snapshot is handed to loadPyodide as a promise, so that
// Pyodide's other files download while it does. Any failure (missing, truncated, corrupted, made for
// another Pyodide) falls back, in this same worker, to the normal path: boot Pyodide, then loadPackage
// the engine wheel, whose sha256 (trimmed pyodide-lock.json) the browser checks too. Pyodide comes
// from assets/pyodide/, copied into the site — never a CDN.
import { loadPyodide } from "../pyodide/pyodide.mjs";

const RUNTIME = __RUNTIME__;
const base = new URL("./", import.meta.url);
const options = { indexURL: new URL("../pyodide/", base).href, lockFileURL: new URL(RUNTIME.lock, base).href };

async function snapshotBytes() {
  const { url, integrity } = RUNTIME.snapshot;  // integrity: « sha256-<base64> »
  const subtle = globalThis.isSecureContext && globalThis.crypto && crypto.subtle;
  const response = await fetch(new URL(url, base), subtle ? {} : { integrity });
  if (!response.ok) throw new Error(`instantané introuvable (${response.status})`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (subtle) {
    const digest = btoa(String.fromCharCode(...new Uint8Array(await subtle.digest("SHA-256", bytes))));
    if (`sha256-${digest}` !== integrity) throw new Error("instantané altéré (son empreinte sha256 diffère)");
  }
  return bytes;
}

async function fromSnapshot() {
  const bytes = snapshotBytes();
  bytes.catch(() => {});  // its failure is loadPyodide's to report, whenever it awaits it
  const pyodide = await loadPyodide({ ...options, _loadSnapshot: bytes });
  return pyodide.pyimport("generator.runtime.engine_glue").run;  // already imported inside the snapshot
}

async function normally() {
  const pyodide = await loadPyodide(options);
  const errors = [];  // loadPackage reports a refused download (integrity) here, without throwing
  await pyodide.loadPackage(RUNTIME.package, { messageCallback() {}, errorCallback: (m) => errors.push(m) });
  if (errors.length) throw new Error(errors.join(" "));
  return pyodide.pyimport("generator.runtime.engine_glue").run;
}

let mode = "normal";
const ready = (async () => {
  if (RUNTIME.snapshot) {
    try {
      const run = await fromSnapshot();
      mode = "snapshot";
      return run;
    } catch (error) {
      console.warn("Repères : instantané du moteur inutilisable, démarrage normal.", error);
    }
  }
  return normally();
})();

// What the page asks the service worker to keep for offline use (paths under assets/).
const files = () => [RUNTIME.lock, RUNTIME.wheel, ...(mode === "snapshot" ? [RUNTIME.snapshot.url] : [])].map((f) => `engine/${f}`);

ready.then(
  () => postMessage({ type: "ready", mode, files: files() }),
  (error) => {
    console.error("Repères : le moteur de calcul n'a pas pu démarrer.", error);
    postMessage({ type: "boot-error", message: String((error && error.message) || error) });
  },
);

onmessage = async (event) => {
  const message = event.data || {};
  if (message.type !== "evaluate") return;
  const run = await ready;
  const out = JSON.parse(run(JSON.stringify(message.spec), JSON.stringify(message.answers || {}), message.today || ""));
  postMessage({ type: "result", seq: message.seq, mode, result: out.result, summary: out.summary, fhir: out.fhir });
};
