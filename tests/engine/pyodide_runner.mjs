// Runs the engine in the real Pyodide runtime (npm package, offline), with the engine's .py files copied
// into Pyodide's file system exactly as the site ships them. The one Node runner of the tests
// (tests/engine/pyodide_harness.py calls it):
//
//   node pyodide_runner.mjs evaluate cases.json       -> [evaluate(spec, answers), ...] as JSON on stdout
//   node pyodide_runner.mjs response cases.json       -> [questionnaire_response(spec, answers,
//                                                         evaluate(spec, answers), day), ...] as JSON
//   node pyodide_runner.mjs bench cases.json N        -> {"ms_per_call": ...}: best of 5 rounds of N passes
//   node pyodide_runner.mjs pytest WHEELS [ARGS...]   -> the engine's own tests (tests/engine) run by pytest
//                                                         inside Pyodide; exit code: pytest's
//
// cases.json holds [{"spec": {...}, "answers": {...}, "day": "2026-11-23"}, ...] ("day" for « response »).
// WHEELS is a folder of pure-Python wheels (pytest and what it needs, hypothesis), downloaded by
// scripts/setup.sh: they are installed from these local files, never from the network.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const home = "/home/pyodide";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

async function boot(stdout) {
  const pyodideDir = path.join(root, "node_modules", "pyodide") + path.sep;
  const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
  const pyodide = await loadPyodide({ indexURL: pyodideDir });
  const raw = (stream) => ({ write: (bytes) => { stream.write(bytes); return bytes.length; } });  // as Python wrote it
  pyodide.setStdout(raw(stdout));
  pyodide.setStderr(raw(process.stderr));
  copyTree(pyodide, path.join(root, "generator", "engine"), `${home}/generator/engine`, (name) => name.endsWith(".py"));
  pyodide.FS.writeFile(`${home}/generator/__init__.py`, "");  // only the engine ships, not the generator
  pyodide.runPython(`import sys; sys.path.insert(0, "${home}")`);
  return pyodide;
}

function copyTree(pyodide, from, to, keep) {
  pyodide.FS.mkdirTree(to);
  for (const name of readdirSync(from)) {
    const source = path.join(from, name);
    if (statSync(source).isDirectory()) {
      if (name !== "__pycache__") copyTree(pyodide, source, `${to}/${name}`, keep);
    } else if (keep(name)) {
      pyodide.FS.writeFile(`${to}/${name}`, readFileSync(source));
    }
  }
}

const CASES = {
  evaluate: "json.dumps([evaluate(c['spec'], c['answers']) for c in cases])",
  response: "json.dumps([questionnaire_response(c['spec'], c['answers'], evaluate(c['spec'], c['answers']), c['day'])"
    + " for c in cases])",
  bench: `json.dumps({"ms_per_call": min(bench() for _ in range(5))})`,
};

async function runCases(mode, casesFile, repeat) {
  const pyodide = await boot(process.stderr);  // Python's own output to stderr: stdout is for the JSON
  pyodide.globals.set("cases_json", readFileSync(casesFile, "utf8"));
  pyodide.globals.set("repeat", Number(repeat || 1000));
  process.stdout.write(pyodide.runPython(`
import json, time
from generator.engine import evaluate, questionnaire_response

cases = json.loads(cases_json)

def bench():
    start = time.perf_counter()
    for _ in range(repeat):
        for case in cases:
            evaluate(case["spec"], case["answers"])
    return (time.perf_counter() - start) * 1000 / (repeat * len(cases))

${CASES[mode]}
`));
}

async function runPytest(wheels, args) {
  const pyodide = await boot(process.stdout);
  for (const wheel of readdirSync(wheels).filter((n) => n.endsWith(".whl")).sort()) {
    await pyodide.loadPackage(path.resolve(wheels, wheel), { messageCallback: () => {} });
  }
  copyTree(pyodide, path.join(root, "tests", "engine"), `${home}/tests/engine`,
    (name) => name.endsWith(".py") || name.endsWith(".json"));
  pyodide.globals.set("pytest_args", pyodide.toPy(args));
  const code = pyodide.runPython(`
import os, sys, pytest
os.chdir("${home}")
sys.path.insert(0, "${home}/tests/engine")  # hypothesis_profiles, as a plugin: registered before options are read
int(pytest.main(["-p", "no:cacheprovider", "-p", "hypothesis_profiles", "tests/engine", *pytest_args]))
`);
  process.exitCode = code;
}

const [mode, ...rest] = process.argv.slice(2);
if (mode in CASES && rest[0]) {
  await runCases(mode, rest[0], rest[1]);
} else if (mode === "pytest" && rest[0]) {
  await runPytest(rest[0], rest.slice(1));
} else {
  console.error("usage: node pyodide_runner.mjs evaluate|response cases.json | bench cases.json N"
    + " | pytest WHEELS [ARGS...]");
  process.exit(2);
}
