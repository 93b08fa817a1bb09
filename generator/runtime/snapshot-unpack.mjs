// Repères — the packed memory snapshot, unpacked while Pyodide starts (published as
// assets/engine/snapshot-unpack.mjs). The engine worker imports it, and so does the build's Node
// verification (pyodide_build.mjs): Node restores exactly what browsers run.
//
// Pyodide's snapshot is a header (build id, JavaScript references) followed by the whole wasm memory.
// The build packs it (pyodide_build.mjs, pack()):
//   - the memory's first `xor` bytes — the static data, which the browser already has from the wasm's
//     data section — are stored XORed against the memory as the wasm's instantiation leaves it (its data
//     segments, nothing run yet: the same in Node and in every browser, unlike the memory in preRun,
//     where Emscripten has already written the browser's own call trampoline): mostly zeros, so
//     brotli makes 50 KB of 4 MB;
//   - long runs of zeros (the unused stack, the tail above the heap) are left out: only `segments`
//     ([offset in memory, length]) are stored, after the header.
// The layout ({size, header, xor, base, segments}) is written by the build into the worker.
//
// In the browser the memory is allocated at once (its size is known), so Pyodide compiles and
// instantiates the wasm before the packed file is even requested (see restoring()); this wasm's static
// image is checked to be the one the snapshot was XORed against (`base`: a stale or foreign wasm is
// refused, not restored into a broken heap); a preRun hook waits for the packed file, unpacks, XORs,
// and writes the header LAST: after any failure the header stays zero, Pyodide refuses the snapshot
// (« invalid magic number ») and the worker boots normally. `failure` says why.

// Each step is a User Timing measure (« reperes: … »): DevTools' Performance panel and the benchmark
// (benchmarks/calculator_bench.py) show where a boot spends its time.
export function measure(name, start) {
  try {
    performance.measure(`reperes: ${name}`, { start, end: performance.now() });
  } catch {
    // a browser without User Timing Level 3: nothing measured, nothing else changes
  }
}

// A Python standard-library zip with no file in it (the snapshot imports nothing more).
export const EMPTY_ZIP = new Uint8Array([80, 75, 5, 6, ...new Array(18).fill(0)]);

// A fast 64-bit hash (two murmur3 lanes over 32-bit words), not a security check: the packed file's
// own sha256 is checked before; this tells a wasm other than the snapshot's from the right one.
export function imageHash(bytes) {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
  let h1 = 0x9747b28c ^ words.length, h2 = 0x5bd1e995 ^ words.length;
  for (let i = 0; i < words.length; i++) {
    let k = Math.imul(words[i], 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h1 ^= k; h1 = (h1 << 13) | (h1 >>> 19); h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    h2 ^= Math.imul(k ^ i, 0x85ebca6b); h2 = (h2 << 17) | (h2 >>> 15); h2 = (Math.imul(h2, 9) + 0x38495ab5) | 0;
  }
  const mix = (h) => {
    h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
    return (h >>> 0).toString(16).padStart(8, "0");
  };
  return mix(h1 ^ h2) + mix(h2 + h1);
}

// Writes the snapshot Pyodide reads into `memory` (layout.size bytes, zero-filled), from the packed
// bytes and this wasm's static image (`image`: its first layout.xor bytes at instantiation, whose
// hash the caller checked against layout.base). Throws, header unwritten, when the packed file is not
// the one the layout describes.
export function unpack(memory, packed, layout, image) {
  const { header, xor, segments } = layout;
  const stored = header + segments.reduce((sum, [, length]) => sum + length, 0);
  if (packed.byteLength !== stored || memory.byteLength !== layout.size || image.byteLength !== xor) {
    throw new Error(`instantané tronqué (${packed.byteLength} octets au lieu de ${stored})`);
  }
  let at = header;
  for (const [start, length] of segments) {
    memory.set(packed.subarray(at, at + length), header + start);
    at += length;
  }
  const out = new Uint32Array(memory.buffer, memory.byteOffset + header, xor >>> 2);
  const words = new Uint32Array(image.buffer, image.byteOffset, xor >>> 2);
  for (let i = 0; i < out.length; i++) out[i] ^= words[i];
  memory.set(packed.subarray(0, header), 0);  // last: a snapshot without its header is refused
}

// `create` (pyodide.asm.mjs's default export, given to loadPyodide as createPyodideModule) made to
// hand `seen` a copy of the wasm's memory as its instantiation leaves it (`length` first bytes).
export function seeingStaticImage(create, length, seen) {
  return (settings) => {
    const instantiate = settings.instantiateWasm;
    const start = performance.now();
    settings.instantiateWasm = (imports, done) => instantiate(imports, (instance, module) => {
      measure("wasm (téléchargement, compilation, instanciation)", start);
      seen(new Uint8Array(instance.exports.memory.buffer).slice(0, length));
      done(instance, module);
    });
    return create(settings).then((module) => { measure("module Emscripten prêt", start); return module; });
  };
}

// What loadPyodide needs to restore from a packed snapshot: {memory, wrap, failure}. Give `memory` as
// _loadSnapshot and `wrap(createPyodideModule)` as createPyodideModule. `download()` starts the
// download of the packed file and promises its checked bytes: it is called once the wasm is
// instantiated, so that the wasm has the network to itself and Emscripten's linking (the longest
// step after it) runs while the snapshot downloads; this wasm's static image is checked meanwhile.
export function restoring(layout, download) {
  const state = { memory: new Uint8Array(layout.size), failure: null };
  let ready;  // a promise of [packed bytes, static image] or the reason not to restore
  const instantiated = (image) => {
    const packed = download();
    const start = performance.now();
    const same = image.byteLength === layout.xor && imageHash(image) === layout.base;
    measure("empreinte de l'image statique", start);
    ready = same ? packed.then((bytes) => [bytes, image])
      : Promise.reject(new Error("instantané fait pour un autre pyodide.asm.wasm (image statique différente)"));
    ready.catch(() => {});
  };
  const unpacking = (Module) => {
    Module.addRunDependency("reperes-snapshot");
    const waiting = performance.now();
    ready
      .then(([bytes, image]) => {
        measure("preRun : attente de l'instantané", waiting);
        const start = performance.now();
        unpack(state.memory, bytes, layout, image);
        measure("preRun : dépaquetage (XOR)", start);
      })
      .catch((error) => { state.failure = error; })
      .finally(() => Module.removeRunDependency("reperes-snapshot"));
  };
  state.wrap = (create) => seeingStaticImage((settings) => {
    settings.preRun.push(unpacking);
    return create(settings);
  }, layout.xor, instantiated);
  return state;
}
