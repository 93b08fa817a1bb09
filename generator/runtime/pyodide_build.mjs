// Repères — build-time work in the pinned npm Pyodide, driven by generator/runtime/snapshot.py.
//
//   node pyodide_build.mjs job.json   -> one JSON document on stdout
//
// job.json: {mode, pyodide (folder of the npm package), stdlib (zip), lock (JSON text),
//            wheel (path), files ({virtual path: text}), cases ([{spec, answers}]), day, out}
//   mode "modules":  boots as the browser does without a snapshot (loadPackage of the engine
//                    wheel), runs every case, and lists the standard-library modules used;
//   mode "snapshot": writes the engine's files at their installed path, imports it, runs every
//                    case once, empties what the heap need not carry, takes the memory snapshot and
//                    packs it (job.out, job.out + ".json": its layout; see snapshot-unpack.mjs);
//   mode "restore":  restores the packed job.snapshot in a fresh instance, as the worker does (same
//                    module, same preRun hook, an empty standard library), and runs every case.
// Each prints the outputs of each case so that the caller compares them with CPython.
//
// Determinism: hash randomisation off (PYTHONHASHSEED=0), the lock given as text and the engine
// written at a fixed virtual path, and this script's path hidden from Emscripten (it becomes the
// program name and the "_" variable): no path of the build machine reaches the Python heap.
import nodeCrypto from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { EMPTY_ZIP, imageHash, restoring, seeingStaticImage } from "./snapshot-unpack.mjs";

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
const { default: createPyodideModule } = await import(pathToFileURL(path.join(job.pyodide, "pyodide.asm.mjs")).href);
const quiet = { stdout: (line) => process.stderr.write(line + "\n"), stderr: (line) => process.stderr.write(line + "\n") };
// The snapshot's interpreter runs without docstrings or asserts (-OO: the engine reads neither) and
// without column positions in code objects (only tracebacks' carets use them): a smaller heap.
const SNAPSHOT_ENV = { PYTHONOPTIMIZE: "2", PYTHONNODEBUGRANGES: "1" };
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
  let image;  // the memory as the wasm's instantiation leaves it: its data segments, nothing run yet
  const maker = await loadPyodide({
    ...base, env: { ...base.env, ...SNAPSHOT_ENV }, lockFileContents: job.lock, _makeSnapshot: true,
    createPyodideModule: seeingStaticImage(createPyodideModule, Infinity, (bytes) => { image = bytes; }),
  });
  const site = maker.runPython("import sys; next(p for p in sys.path if p.endswith('site-packages'))");
  for (const [name, text] of Object.entries(job.files)) {
    const file = `${site}/${name}`;
    maker.FS.mkdirTree(file.slice(0, file.lastIndexOf("/")));
    maker.FS.writeFile(file, text);
  }
  const outputs = runAll(maker);
  // Nothing read from the standard-library zip survives (its directory, source lines): the restored
  // heap runs on an empty zip. Then the stale bytes of freed memory and of the dead stack are zeroed.
  maker.runPython("import gc, linecache, sys, zipimport; zipimport._zip_directory_cache.clear(); "
                  + "linecache.clearcache(); sys._clear_internal_caches(); gc.collect()");
  const zeroed = zeroFreeMemory(maker._module);
  const { packed, layout } = pack(maker.makeMemorySnapshot(), image);
  writeFileSync(job.out, packed);
  writeFileSync(job.out + ".json", JSON.stringify(layout));
  process.stdout.write(JSON.stringify({ outputs, zeroed, layout }));
} else if (job.mode === "restore") {
  // A fresh instance, as in the browser: no engine file exists here, only the restored heap, and an
  // empty standard library (a file here; the worker gives the same 22 bytes as a data: URL).
  const layout = JSON.parse(readFileSync(job.snapshot + ".json", "utf8"));
  const snapshot = restoring(layout, async () => new Uint8Array(readFileSync(job.snapshot)));
  const empty = path.join(path.dirname(process.argv[2]), "empty.zip");  // beside the job, in the build's temporary folder
  writeFileSync(empty, EMPTY_ZIP);
  const restored = await loadPyodide({
    ...base, stdLibURL: empty, lockFileContents: job.lock, _loadSnapshot: snapshot.memory,
    createPyodideModule: snapshot.wrap(createPyodideModule),
  }).catch((error) => { throw snapshot.failure || error; });
  process.stdout.write(JSON.stringify({ outputs: runAll(restored), bytes: readFileSync(job.snapshot).length,
                                        heap: restored._module.HEAP8.length }));
} else {
  throw new Error(`unknown mode ${job.mode}`);
}

// Free malloc chunks keep what they last held: allocate them all, largest first, with the heap
// capped at its current size (nothing new from sbrk), zero them, free them. The stack below the
// stack pointer is dead too. What is zero compresses to nothing and is left out by pack().
function zeroFreeMemory(Module) {
  const limit = Module._malloc_footprint_limit();
  Module._malloc_set_footprint_limit(Module._malloc_footprint());
  const blocks = [];
  let zeroed = 0;
  for (let size = 1 << 26; size >= 8;) {
    const block = Module._malloc(size);
    if (!block) { size >>>= 1; continue; }
    const usable = Module._malloc_usable_size(block);
    Module.HEAPU8.fill(0, block, block + usable);
    zeroed += usable;
    blocks.push(block);
  }
  blocks.reverse().forEach((block) => Module._free(block));
  Module._malloc_set_footprint_limit(limit);
  const low = Module._emscripten_stack_get_end(), current = Module._emscripten_stack_get_current();
  Module.HEAPU8.fill(0, low, current);
  return { heap: zeroed, stack: current - low };
}

// Pyodide's snapshot → the packed file and its layout (see snapshot-unpack.mjs).
function pack(snapshot, image) {
  const header = new Uint32Array(snapshot.buffer, snapshot.byteOffset, 4)[1];  // offset of the memory
  const memory = snapshot.slice(header);
  let xor = image.length;
  while (xor > 0 && image[xor - 1] === 0) xor--;
  xor = Math.ceil(xor / 4) * 4;
  for (let i = 0; i < xor; i++) memory[i] ^= image[i];
  const segments = [];
  const RUN = 1 << 16;  // zero runs shorter than this cost brotli almost nothing: kept
  let start = 0, i = 0;
  while (i < memory.length) {
    if (memory[i] !== 0) { i++; continue; }
    let end = i;
    while (end < memory.length && memory[end] === 0) end++;
    if (end - i >= RUN || end === memory.length) {
      if (i > start) segments.push([start, i - start]);
      start = end;
    }
    i = end;
  }
  if (memory.length > start) segments.push([start, memory.length - start]);
  const parts = [snapshot.subarray(0, header), ...segments.map(([s, n]) => memory.subarray(s, s + n))];
  const packed = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  parts.reduce((at, part) => { packed.set(part, at); return at + part.length; }, 0);
  return { packed, layout: { size: snapshot.length, header, xor, base: imageHash(image.subarray(0, xor)), segments } };
}
