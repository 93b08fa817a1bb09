// Runs a built Zensical search worker (Repères' engine + generator/site/search_zensical.js, one file) in Node for
// tests/test_search.py, through the messages Zensical's search interface sends it: every case in one process.
// The worker runs in a context of its own whose « self » records what it posts, as in a browser's worker.
// Input (stdin, JSON): {worker: path, cases: [{index?: path to a search.json, data?: {config, items},
//   messages: [message]}]}; a message is {type, data} as the interface posts it, or {next: true}: the last query
//   again, asking for the batch its answer names next (as the interface does while the reader scrolls).
// Output (stdout, JSON): {cases: [{answers: [the messages the worker posted after each message]}]}.
import { readFileSync } from "node:fs";
import vm from "node:vm";

const job = JSON.parse(readFileSync(0, "utf-8"));
const body = readFileSync(job.worker, "utf-8");

function worker() {
  const listeners = [];
  const posted = [];
  const self = {
    addEventListener: (type, listener) => { if (type === "message") listeners.push(listener); },
    postMessage: (message) => posted.push(JSON.parse(JSON.stringify(message))),  // a copy, as between threads
  };
  vm.runInNewContext(body, { self });
  return {
    send(message) {
      posted.length = 0;
      listeners.forEach((listener) => listener({ data: JSON.parse(JSON.stringify(message)) }));
      return posted.slice();
    },
  };
}

const cases = job.cases.map((kase) => {
  const w = worker();
  const data = kase.index ? JSON.parse(readFileSync(kase.index, "utf-8")) : kase.data;
  const answers = [w.send({ type: 0, data })];
  let last = null;
  kase.messages.forEach((message) => {
    if (message.next) {
      const named = answers[answers.length - 1].find((a) => a.type === 3);
      message = { type: 2, data: { ...last.data, page: named.data.pagination.next } };
    } else {
      last = message;
    }
    answers.push(w.send(message));
  });
  return { answers };
});
process.stdout.write(JSON.stringify({ cases }));
