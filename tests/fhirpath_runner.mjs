// Runs a Questionnaire's FHIRPath with fhirpath.js (HL7's implementation, npm `fhirpath`), as an SDC
// form filler would, for the exhaustive FHIRPath tests (tests/fhirpath_js.py): one Node process for the
// whole test session, fed one JSON batch per line on stdin, one JSON answer per line on stdout.
//
//   request:  {"questionnaire": {...}, "variables": [[name, expression], ...],
//              "calculated": {linkId: expression}, "enable": {linkId: expression}, "responses": [...]}
//   answer:   [{"env": {name: [...]}, "values": {linkId: [...]}, "enable": {linkId: [...]}}, ...]
//             or {"error": "..."} when an expression does not compile or run.
//
// Variables run in order, each seeing the earlier ones (%resource is the response, %questionnaire
// the Questionnaire), then the calculated items and the enableWhenExpressions on that environment.
import { createInterface } from "node:readline";

import fhirpath from "fhirpath";
import r4 from "fhirpath/fhir-context/r4/index.js";

const compiled = new Map();  // expression -> function: each expression is parsed once per session

function compile(expression) {
  let run = compiled.get(expression);
  if (!run) {
    run = fhirpath.compile(expression, r4);
    compiled.set(expression, run);
  }
  return run;
}

function answer(request) {
  const variables = request.variables.map(([name, expression]) => [name, compile(expression)]);
  const calculated = Object.entries(request.calculated).map(([link, expression]) => [link, compile(expression)]);
  const enable = Object.entries(request.enable).map(([link, expression]) => [link, compile(expression)]);
  return request.responses.map((response) => {
    const env = { resource: response, questionnaire: request.questionnaire };
    const out = { env: {}, values: {}, enable: {} };
    for (const [name, run] of variables) {
      env[name] = out.env[name] = run(response, env);
    }
    for (const [link, run] of calculated) out.values[link] = run(response, env);
    for (const [link, run] of enable) out.enable[link] = run(response, env);
    return out;
  });
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  let reply;
  try {
    reply = answer(JSON.parse(line));
  } catch (error) {
    reply = { error: String(error?.stack || error) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
}
