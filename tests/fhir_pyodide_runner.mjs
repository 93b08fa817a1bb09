// Builds QuestionnaireResponses with the engine running in the real Pyodide runtime, offline.
//
//   node tests/fhir_pyodide_runner.mjs cases.json   -> JSON list of QuestionnaireResponses on stdout
//
// cases.json holds [{"spec": {...}, "answers": {...}, "day": "2026-11-23"}, ...]; each case
// is evaluated, then turned into a response: questionnaire_response(spec, answers,
// evaluate(spec, answers), day). The engine's .py files are copied into Pyodide's file
// system as the site ships them (tests/engine/pyodide_runner.mjs does the same for evaluate).
import { readFileSync } from "node:fs";

import { bootEngine, home } from "./engine/pyodide_boot.mjs";

const [casesFile] = process.argv.slice(2);
if (!casesFile) {
  console.error("usage: node fhir_pyodide_runner.mjs cases.json");
  process.exit(2);
}

const pyodide = await bootEngine();

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
