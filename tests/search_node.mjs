// Runs Repères' search engine (generator/site/search_engine.js) in Node for tests/test_search.py: every case in
// one process. Input (stdin, JSON): {engine: path, cases: [{index?: path to a built search_index.json, data?:
// {docs, vocabulary}, queries: [text], limit?, expressions?: [text]}], stems?: [[folded word, keep?]]}.
// Output (stdout, JSON): {cases: [{stats, results: [search result + query], expressions: [found?]}],
// stems: [term], fold: {word: folded}}.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const job = JSON.parse(readFileSync(0, "utf-8"));
const ReperesSearch = createRequire(import.meta.url)(job.engine);

function engineOf(kase) {
  if (kase.index) {
    const index = JSON.parse(readFileSync(kase.index, "utf-8"));
    return ReperesSearch.create({ docs: index.docs, vocabulary: index.config.reperes });
  }
  return ReperesSearch.create(kase.data);
}

const cases = job.cases.map((kase) => {
  const engine = engineOf(kase);
  return {
    stats: engine.stats,
    results: kase.queries.map((query) => ({ query, ...engine.search(query, { limit: kase.limit || 10 }) })),
    // Does the site hold this expression (its words in this order, at most one other word between two)?
    expressions: (kase.expressions || []).map((text) => {
      const ids = engine.analyze(text).map((term) => engine.termIds.get(term));
      return ids.length > 0 && ids.every((id) => id !== undefined) && engine.phraseScores(ids).size > 0;
    }),
  };
});
const stems = (job.stems || []).map(([word, keep]) =>
  keep ? ReperesSearch.create({ vocabulary: { keep: [word] } }).term(ReperesSearch.fold(word)) : ReperesSearch.stem(ReperesSearch.fold(word)));
const fold = Object.fromEntries((job.fold || []).map((word) => [word, ReperesSearch.fold(word)]));
process.stdout.write(JSON.stringify({ cases, stems, fold }));
