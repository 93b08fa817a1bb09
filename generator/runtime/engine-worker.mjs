// Repères — the calculators' Web Worker (published as assets/engine/engine-worker.mjs, RUNTIME
// filled in by the build, generator/runtime/publish.py). One instance serves every calculator of the visit.
//
// Fast path: restore the interpreter from the build's memory snapshot (engine imported and run
// once), packed by the build and unpacked by snapshot-unpack.mjs — the module the build's Node
// verification runs too. Pyodide's modules are imported statically, and the tool page's preload hints
// started their downloads and the wasm's with the page. The snapshot's memory is handed to loadPyodide
// at once (its size is in the layout); the packed file is requested once the wasm is instantiated, so
// that it does not share the network with the wasm and downloads during Emscripten's linking, the
// longest step after it (benchmarks/calculator_bench.py); Emscripten's preRun unpacks it.
// The packed file has no checksum of its own: its bytes are checked against the
// sha256 the build wrote (RUNTIME.snapshot.integrity), so any changed byte is refused before Pyodide
// sees it — by WebCrypto in a secure context (https, localhost), by the browser's Subresource
// Integrity elsewhere (plain http). The snapshot path reads no standard-library file: it gets an
// empty zip. Any failure (missing, truncated, corrupted, made for another Pyodide or against another
// wasm) falls back, in this same worker, to the normal path: boot Pyodide on the trimmed standard
// library, then loadPackage the engine wheel, whose sha256 (trimmed pyodide-lock.json) the browser
// checks too. Pyodide comes from assets/pyodide/, copied into the site — never a CDN.
import createPyodideModule from "../pyodide/pyodide.asm.mjs";
import { loadPyodide } from "../pyodide/pyodide.mjs";
import { EMPTY_ZIP, measure, restoring } from "./snapshot-unpack.mjs";

const RUNTIME = __RUNTIME__;
const base = new URL("./", import.meta.url);
const options = { indexURL: new URL("../pyodide/", base).href, lockFileURL: new URL(RUNTIME.lock, base).href, createPyodideModule };
const EMPTY_STDLIB = "data:application/zip;base64," + btoa(String.fromCharCode(...EMPTY_ZIP));

function snapshotBytes(cached) {
  const { url, integrity } = RUNTIME.snapshot;  // integrity: « sha256-<base64> »
  const subtle = globalThis.isSecureContext && globalThis.crypto && crypto.subtle;
  const start = performance.now();
  const request = () => fetch(new URL(url, base), subtle ? {} : { integrity });
  // Sent now, not after an await: the caller runs right before Emscripten's linking, which holds this thread.
  const sent = cached.hit === false ? request() : null;
  return (async () => {
    let bytes = sent ? null : await cached.bytes;
    if (!bytes) {
      const response = await (sent || request());
      if (!response.ok) throw new Error(`instantané introuvable (${response.status})`);
      bytes = new Uint8Array(await response.arrayBuffer());
    }
    measure("instantané téléchargé", start);
    if (subtle) {
      const hashing = performance.now();
      const digest = btoa(String.fromCharCode(...new Uint8Array(await subtle.digest("SHA-256", bytes))));
      measure("instantané : sha256", hashing);
      if (`sha256-${digest}` !== integrity) throw new Error("instantané altéré (son empreinte sha256 diffère)");
    }
    return bytes;
  })();
}

// A return visit: the snapshot read from the browser's HTTP cache at once, beside the wasm (no network
// request: only-if-cached; its name holds its hash, so any cached copy is the right file, and its sha256 is
// checked all the same). {hit: known as soon as the cache answers, bytes: a promise of them or null}; not
// cached, the network request waits for the wasm (fromSnapshot).
function fromCache() {
  const { url, integrity } = RUNTIME.snapshot;
  const subtle = globalThis.isSecureContext && globalThis.crypto && crypto.subtle;
  const cached = { hit: undefined };
  cached.bytes = fetch(new URL(url, base), { cache: "only-if-cached", mode: "same-origin", ...(subtle ? {} : { integrity }) })
    .then(async (response) => {
      cached.hit = response.ok;
      return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
    })
    .catch(() => { cached.hit = false; return null; });
  return cached;
}

async function fromSnapshot() {
  const cached = fromCache();
  const snapshot = restoring(RUNTIME.snapshot.layout, () => snapshotBytes(cached));  // requested once the wasm is in
  const start = performance.now();
  const pyodide = await loadPyodide({
    ...options, stdLibURL: EMPTY_STDLIB, _loadSnapshot: snapshot.memory,
    createPyodideModule: snapshot.wrap(createPyodideModule),
  }).catch((error) => { throw snapshot.failure || error; });  // the reason, not Pyodide's « invalid magic »
  measure("loadPyodide (restauré)", start);
  return pyodide.pyimport("generator.runtime.engine_glue").run;  // already imported inside the snapshot
}

async function normally() {
  const start = performance.now();
  const pyodide = await loadPyodide(options);
  measure("loadPyodide (démarrage normal)", start);
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
const files = () => [RUNTIME.lock, RUNTIME.wheel, "snapshot-unpack.mjs", ...(mode === "snapshot" ? [RUNTIME.snapshot.url] : [])]
  .map((f) => `engine/${f}`);

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
  // address: the tool's page, for the copied text (its address, and those of its links).
  const start = performance.now();
  const out = JSON.parse(run(JSON.stringify(message.spec), JSON.stringify(message.answers || {}), message.today || "",
    typeof message.address === "string" ? message.address : ""));
  if (message.seq === 1) measure("premier calcul du moteur", start);
  postMessage({ type: "result", seq: message.seq, mode, result: out.result, summary: out.summary, fhir: out.fhir });
};
