// Repères — the calculators' Web Worker: boots the pinned Pyodide copied into this site
// (assets/pyodide/, never a CDN), installs the engine's Python files (assets/engine/bundle.json)
// and answers « evaluate » messages. One instance serves every calculator of the visit.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const base = new URL("./", import.meta.url);

const ready = (async () => {
  const [pyodide, bundle] = await Promise.all([
    loadPyodide({ indexURL: new URL("pyodide/", base).href }),
    fetch(new URL("engine/bundle.json", base)).then((response) => {
      if (!response.ok) throw new Error(`moteur introuvable (${response.status})`);
      return response.json();
    }),
  ]);
  const root = "/home/pyodide/reperes";
  for (const [path, source] of Object.entries(bundle.files)) {
    const file = `${root}/${path}`;
    pyodide.FS.mkdirTree(file.slice(0, file.lastIndexOf("/")));
    pyodide.FS.writeFile(file, source);
  }
  // JSON across the boundary: plain data both ways, no proxies to manage or leak.
  pyodide.runPython(`
import json, sys
sys.path.insert(0, ${JSON.stringify(root)})
from generator.engine import evaluate, questionnaire_response, summarize

def _reperes(spec, answers, day):
    spec, answers = json.loads(spec), json.loads(answers)
    result = evaluate(spec, answers)
    return json.dumps({"result": result, "summary": summarize(spec, answers, result, day),
                       "fhir": questionnaire_response(spec, answers, result, day)})
`);
  return pyodide.globals.get("_reperes");
})();

ready.then(
  () => postMessage({ type: "ready" }),
  (error) => postMessage({ type: "boot-error", message: String((error && error.message) || error) }),
);

onmessage = async (event) => {
  const message = event.data || {};
  if (message.type !== "evaluate") return;
  const run = await ready;
  const out = JSON.parse(run(JSON.stringify(message.spec), JSON.stringify(message.answers || {}), message.today || ""));
  postMessage({ type: "result", seq: message.seq, result: out.result, summary: out.summary, fhir: out.fhir });
};
