// Search benchmark, Node side (run by benchmarks/search_bench.py, which prints the figures): Repères' engine
// and mkdocs-material's own search worker (lunr), on the same documents, in one process, rounds alternated.
// Input (stdin, JSON): {engine, index, queries: [{query, expected}], rounds, theme: {workers, worker,
// extension?, keep}}. The theme's worker runs as the browser would run it (its importScripts of lunr and
// lunr.fr served from the installed theme), in a fresh vm context per round; « extension » is appended to
// lunr.fr (Repères' former French extension, to measure it). Output (stdout, JSON) per engine: setup and
// query times (CPU and wall, ms), and each query's first pages.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";

const job = JSON.parse(readFileSync(0, "utf-8"));
const index = JSON.parse(readFileSync(job.index, "utf-8"));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

async function timed(fn) {
  const c = cpu(), w = performance.now();
  const value = await fn();
  return { value, cpu: cpu() - c, wall: performance.now() - w };
}

function ours() {
  const ReperesSearch = createRequire(import.meta.url)(job.engine);
  const data = { docs: index.docs, vocabulary: index.config.reperes };
  return {
    setup: async () => ReperesSearch.create(data),
    query: async (engine, q) => engine.search(q, { limit: Infinity, sections: 3 }).pages.map((p) => p.location),
  };
}

function theme() {
  const { workers, worker, extension, keep } = job.theme;
  const lunrFr = path.join(workers, "../lunr/min/lunr.fr.min.js");
  const config = { ...index.config };
  delete config.reperes;
  return {
    setup: async () => {
      let handler = null, answer = null;
      const ctx = { console: { warn() {}, log() {} }, Promise, REPERES_SEARCH_KEEP: keep };
      ctx.self = ctx;
      ctx.addEventListener = (type, fn) => { if (type === "message") handler = fn; };
      ctx.postMessage = (message) => { answer = message; };
      ctx.importScripts = (...urls) => {
        for (const url of urls) {
          const file = path.join(workers, url);
          let source = readFileSync(file, "utf-8");
          if (extension && file === lunrFr) source += "\n" + readFileSync(extension, "utf-8");
          vm.runInContext(source, ctx);
        }
      };
      vm.createContext(ctx);
      vm.runInContext(readFileSync(path.join(workers, worker), "utf-8"), ctx);
      await handler({ data: { type: 0, data: { config, docs: index.docs, options: { suggest: false } } } });
      return async (q) => { await handler({ data: { type: 2, data: q } }); return answer.data.items; };
    },
    query: async (send, q) => (await send(q)).map((group) => group[0].location.split("#")[0]),
  };
}

const engines = { reperes: ours(), theme: theme() };
const out = {};
for (const name of Object.keys(engines)) out[name] = { setup: [], query_cpu: [], query_wall: [], pages: [] };
for (let round = 0; round < job.rounds; round++) {
  for (const [name, engine] of Object.entries(engines)) {
    const setup = await timed(engine.setup);
    out[name].setup.push({ cpu: setup.cpu, wall: setup.wall });
    for (let i = 0; i < job.queries.length; i++) {
      const run = await timed(() => engine.query(setup.value, job.queries[i].query));
      out[name].query_cpu[i] = Math.min(out[name].query_cpu[i] ?? Infinity, run.cpu);
      out[name].query_wall[i] = Math.min(out[name].query_wall[i] ?? Infinity, run.wall);
      out[name].pages[i] = run.value.slice(0, 3);
    }
  }
}
process.stdout.write(JSON.stringify(out));
