// Repères — build-time work in the pinned npm Pyodide, driven by generator/runtime/snapshot.py.
//
//   node pyodide_build.mjs job.json   -> one JSON document on stdout
//
// job.json: {mode, pyodide (folder of the npm package), stdlib (zip), lock (JSON text),
//            wheel (path), files ({virtual path: text}), cases ([{spec, answers}]), day, out}
//   mode "modules":  boots as the browser does without a snapshot (loadPackage of the engine
//                    wheel), runs every case, and lists the standard-library modules used;
//   mode "snapshot": writes the engine's files at their installed path, imports it, runs every
//                    case once and takes the memory snapshot (job.out);
//   mode "restore":  restores job.snapshot in a fresh instance and runs every case.
// Each prints the outputs of each case so that the caller compares them with CPython.
//
// Determinism: hash randomisation off (PYTHONHASHSEED=0), the lock given as text and the engine
// written at a fixed virtual path, and this script's path hidden from Emscripten (it becomes the
// program name and the "_" variable): no path of the build machine reaches the Python heap.
import nodeCrypto from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
process.argv[1] = "reperes";
if (job.mode === "snapshot") reproducible();

// The snapshot holds whatever the interpreter drew from the clock and from the system's
// randomness (mimalloc's keys, file times, import caches). Both come from a fixed sequence
// here: the same inputs give the same bytes. Every visitor restores the same heap anyway, so
// nothing secret is lost; the engine draws no random numbers.
function reproducible() {
  let state = 0x2545f491;
  const next = () => { state ^= state << 13; state ^= state >>> 17; state ^= state << 5; return state & 255; };
  nodeCrypto.randomFillSync = (view) => {
    new Uint8Array(view.buffer, view.byteOffset, view.byteLength).forEach((_, i, bytes) => { bytes[i] = next(); });
    return view;
  };
  let tick = 0;
  const start = Date.UTC(2026, 0, 1);
  Date.now = () => start + tick++;
  performance.now = () => tick++;
}
const { loadPyodide } = await import(pathToFileURL(path.join(job.pyodide, "pyodide.mjs")).href);
const quiet = { stdout: (line) => process.stderr.write(line + "\n"), stderr: (line) => process.stderr.write(line + "\n") };
const base = { indexURL: job.pyodide + path.sep, stdLibURL: job.stdlib, env: { PYTHONHASHSEED: "0", _: undefined }, ...quiet };

function runAll(pyodide) {
  const glue = pyodide.pyimport("generator.runtime.engine_glue");
  try {
    return job.cases.map((c) => glue.run(JSON.stringify(c.spec), JSON.stringify(c.answers), job.day));
  } finally {
    glue.destroy();
  }
}

if (job.mode === "modules") {
  const pyodide = await loadPyodide({ ...base, lockFileContents: job.lock, packageBaseUrl: path.dirname(job.wheel) + path.sep });
  await pyodide.loadPackage(job.package, { messageCallback() {}, errorCallback: quiet.stderr });
  const outputs = runAll(pyodide);
  const modules = pyodide.runPython(`
import sys, json
prefix = next(p for p in sys.path if p.endswith(".zip")) + "/"
json.dumps(sorted({m.__file__[len(prefix):] for m in list(sys.modules.values())
                   if isinstance(getattr(m, "__file__", None), str) and m.__file__.startswith(prefix)}))`);
  process.stdout.write(JSON.stringify({ outputs, modules: JSON.parse(modules) }));
} else if (job.mode === "snapshot") {
  const maker = await loadPyodide({ ...base, lockFileContents: job.lock, _makeSnapshot: true });
  const site = maker.runPython("import sys; next(p for p in sys.path if p.endswith('site-packages'))");
  for (const [name, text] of Object.entries(job.files)) {
    const file = `${site}/${name}`;
    maker.FS.mkdirTree(file.slice(0, file.lastIndexOf("/")));
    maker.FS.writeFile(file, text);
  }
  const outputs = runAll(maker);
  maker.runPython("import gc; gc.collect()");
  writeFileSync(job.out, maker.makeMemorySnapshot());
  process.stdout.write(JSON.stringify({ outputs }));
} else if (job.mode === "restore") {
  // A fresh instance, as in the browser: no engine file exists here, only the restored heap.
  const snapshot = readFileSync(job.snapshot);
  const restored = await loadPyodide({ ...base, lockFileContents: job.lock, _loadSnapshot: snapshot });
  process.stdout.write(JSON.stringify({ outputs: runAll(restored), bytes: snapshot.length, heap: restored._module.HEAP8.length }));
} else {
  throw new Error(`unknown mode ${job.mode}`);
}
