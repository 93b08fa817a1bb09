// Evaluates cases with the engine running in the real Pyodide runtime, offline.
//
//   node tests/engine/pyodide_runner.mjs cases.json            -> JSON list of results on stdout
//   node tests/engine/pyodide_runner.mjs cases.json --bench N  -> {"ms_per_call": ...} on stdout
//     (best of 5 rounds of N passes over the cases: the least disturbed by other processes)
//
// cases.json holds [{"spec": {...}, "answers": {...}}, ...]. The engine's .py files
// are copied into Pyodide's file system as the site does, so this checks exactly
// the code shipped to the browser. Python's own output goes to stderr, keeping
// stdout for the JSON.
import { readFileSync } from "node:fs";

import { bootEngine, home } from "./pyodide_boot.mjs";

const [casesFile, flag, repeat] = process.argv.slice(2);
if (!casesFile || (flag && flag !== "--bench")) {
  console.error("usage: node pyodide_runner.mjs cases.json [--bench N]");
  process.exit(2);
}

const pyodide = await bootEngine();

pyodide.globals.set("cases_json", readFileSync(casesFile, "utf8"));
pyodide.globals.set("repeat", flag ? Number(repeat || 1000) : 0);
const output = pyodide.runPython(`
import json, sys, time
sys.path.insert(0, "${home}")
from generator.engine import evaluate

cases = json.loads(cases_json)
if repeat:
    rounds = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeat):
            for case in cases:
                evaluate(case["spec"], case["answers"])
        rounds.append((time.perf_counter() - start) * 1000 / (repeat * len(cases)))
    output = json.dumps({"ms_per_call": min(rounds)})
else:
    output = json.dumps([evaluate(case["spec"], case["answers"]) for case in cases])
output
`);
process.stdout.write(output);
