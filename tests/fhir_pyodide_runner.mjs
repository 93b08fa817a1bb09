// Builds QuestionnaireResponses with the engine running in the real Pyodide runtime, offline.
//
//   node tests/fhir_pyodide_runner.mjs cases.json   -> JSON list of QuestionnaireResponses on stdout
//
// cases.json holds [{"spec": {...}, "answers": {...}, "day": "2026-11-23"}, ...]; each case
// is evaluated, then turned into a response: questionnaire_response(spec, answers,
// evaluate(spec, answers), day). The engine's .py files are copied into Pyodide's file
// system as the site ships them (tests/engine/pyodide_runner.mjs does the same for evaluate).
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pyodideDir = path.join(root, "node_modules", "pyodide") + path.sep;
const engineDir = path.join(root, "generator", "engine");

const [casesFile] = process.argv.slice(2);
if (!casesFile) {
  console.error("usage: node fhir_pyodide_runner.mjs cases.json");
  process.exit(2);
}

const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const toStderr = (line) => process.stderr.write(line + "\n");
const pyodide = await loadPyodide({ indexURL: pyodideDir, stdout: toStderr, stderr: toStderr });

const home = "/home/pyodide";
pyodide.FS.mkdirTree(`${home}/generator/engine`);
pyodide.FS.writeFile(`${home}/generator/__init__.py`, "");
for (const name of readdirSync(engineDir).filter((n) => n.endsWith(".py"))) {
  pyodide.FS.writeFile(`${home}/generator/engine/${name}`, readFileSync(path.join(engineDir, name), "utf8"));
}

pyodide.globals.set("cases_json", readFileSync(casesFile, "utf8"));
const output = pyodide.runPython(`
import json, sys
sys.path.insert(0, "${home}")
from generator.engine import evaluate, questionnaire_response

cases = json.loads(cases_json)
json.dumps([questionnaire_response(c["spec"], c["answers"], evaluate(c["spec"], c["answers"]), c["day"])
            for c in cases])
`);
process.stdout.write(output);
