/* Repères — Zensical's search worker, answered by the French search module (search_engine.js).
   The build writes this file after search_engine.js, in one worker file (generator/site/search.py): no
   importScripts, no eval, nothing fetched. It speaks the worker protocol of Zensical's search interface
   (zensical-ui 0.0.42: the bundle posts to the worker named in each page's configuration, and draws what
   comes back in its search dialog):
     SETUP (0) the whole of search.json {config, items} → READY (1). The interface keeps the same items and
       draws every result from them by its « id » (its place in items): title, path (the page's place in the
       navigation) and an excerpt of its text. The engine is built from those items (titles given back as
       plain text: they are escaped HTML there), its vocabulary from config.reperes (the post-pass writes
       both, generator/site/backend_zensical.py).
     QUERY (2) {input, filter, aggregation, page} → RESULT (3) {items, pagination, aggregations}:
       - input: the search box's text, « & < > » escaped by the interface; or, when the box is empty and tags
         are chosen, the operator {operator: "not", operands: []}, meaning every page;
       - filter: the tags chosen (all of them required); aggregation: count the results' tags, for the
         filter list (over every page when nothing is found);
       - page: the next ten results, asked as the reader scrolls ({id, size, from}, answered from the
         results kept under that id); without it, a new search.
       One result per page, best first, as the engine ranks them: the page's best part (engine: « best »),
       a section that scores better than the page's own part, or the page itself. Its « matches » say where the interface marks words: ranges of
       the item's own title and text (offsets in their HTML) holding the page's words that matched, as
       written there — never an internal form of a word, never the reader's words corrected.
     ERROR (4) when anything goes wrong: the interface then says that search is unavailable. */
(function () {
  "use strict";
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3, ERROR = 4;
  var SIZE = 10;  // results per batch, as the interface asks for them
  var engine = null;
  var items = [];  // search.json's items, as the interface holds them
  var at = new Map();  // location → index in items
  var pages = [];  // index in items of each page's first item, in page order
  var kept = { id: 0, results: [] };  // the last search, for the batches that follow
  var SKIP = /<[^>]*>|&#?\w+;/g;  // what is not a word in an item's HTML: tags, character references

  function unescape(text) {
    return String(text).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"")
      .replace(/&#39;/g, "'").replace(/&amp;/g, "&");
  }

  function setup(data) {
    items = data.items;
    at = new Map();
    pages = [];
    var docs = items.map(function (item, i) {
      at.set(item.location, i);
      if (item.location.indexOf("#") < 0) pages.push(i);
      var doc = { location: item.location, title: unescape(item.title), text: item.text };
      ["kind", "about", "tags"].forEach(function (key) { if (item[key] !== undefined) doc[key] = item[key]; });
      return doc;
    });
    engine = self.ReperesSearch.create({ docs: docs, vocabulary: data.config.reperes });
  }

  // Ranges of ``html`` (offsets in it) holding one of ``words`` (lower case), outside tags and references.
  function ranges(html, words) {
    var out = [];
    var from = 0;
    function scan(start, end) {
      self.ReperesSearch.words(html.slice(start, end)).forEach(function (w) {
        if (words.has(w.text.toLowerCase())) out.push({ start: start + w.start, end: start + w.end, value: w.end - w.start });
      });
    }
    var m;
    SKIP.lastIndex = 0;
    while ((m = SKIP.exec(html)) !== null) {
      scan(from, m.index);
      from = m.index + m[0].length;
    }
    scan(from, html.length);
    return out;
  }

  function matches(id, words) {
    var item = items[id];
    var found = [];
    ["title", "text"].forEach(function (field, k) {
      var marked = words.size ? ranges(String(item[field] || ""), words) : [];
      found.push({ id: id * 2 + k, field: field, value: { highlight: { ranges: marked } }, score: 0 });
    });
    return found;
  }

  // The item shown for a page the engine found: its best part (a section, or the page itself on a tie).
  function shown(page) {
    var id = at.get(page.best);
    return id === undefined ? at.get(page.location) : id;
  }

  function chosenTags(filter) {
    var tags = [];
    var input = filter && filter.input;
    if (input && input.type === "operator") {
      input.data.operands.forEach(function (operand) {
        if (operand.type === "value" && operand.data.field === "tags" && typeof operand.data.value === "string") {
          tags.push(operand.data.value);
        }
      });
    }
    return tags;
  }

  function hasAll(tags, chosen) {
    return chosen.every(function (tag) { return tags.indexOf(tag) >= 0; });
  }

  // Every result: {id, tags, words (lower case)}.
  function find(query) {
    var chosen = chosenTags(query.filter);
    var results;
    if (typeof query.input === "string") {
      var text = unescape(query.input);
      results = engine.search(text, { limit: Infinity, sections: 3 }).pages.map(function (page) {
        return { id: shown(page), tags: page.tags, words: new Set(page.matched) };
      });
    } else if (query.input && query.input.type === "operator" && query.input.data.operator === "not") {
      results = pages.map(function (id) { return { id: id, tags: items[id].tags || [], words: new Set() }; });
    } else {
      results = [];
    }
    return results.filter(function (r) { return r.id !== undefined && hasAll(r.tags, chosen); });
  }

  function aggregations(query, results) {
    var wanted = (query.aggregation && query.aggregation.input) || [];
    var over = results.length ? results : pages.map(function (id) { return { tags: items[id].tags || [] }; });
    return wanted.filter(function (a) { return a.type === "term" && a.data.field === "tags"; }).map(function (a) {
      var counts = new Map();
      over.forEach(function (r) { r.tags.forEach(function (tag) { counts.set(tag, (counts.get(tag) || 0) + 1); }); });
      var value = Array.from(counts, function (entry) { return { node: { value: entry[0], count: entry[1] }, children: [] }; });
      return { type: "term", data: { field: "tags", value: value } };
    });
  }

  function answer(query) {
    var page = query.page;
    if (!page || page.id !== kept.id) {
      kept = { id: kept.id + 1, results: find(query) };
      kept.aggregations = aggregations(query, kept.results);
      page = { id: kept.id, size: SIZE, from: 0 };
    }
    var size = page.size || SIZE, from = page.from || 0, total = kept.results.length;
    return {
      items: kept.results.slice(from, from + size).map(function (r) { return { id: r.id, matches: matches(r.id, r.words) }; }),
      pagination: {
        total: total,
        prev: from - size >= 0 ? { id: kept.id, size: size, from: from - size } : undefined,
        next: from + size < total ? { id: kept.id, size: size, from: from + size } : undefined
      },
      aggregations: kept.aggregations
    };
  }

  self.addEventListener("message", function (event) {
    var message = event.data;
    try {
      if (message.type === SETUP) {
        setup(message.data);
        self.postMessage({ type: READY });
      } else if (message.type === QUERY && engine) {
        self.postMessage({ type: RESULT, data: answer(message.data) });
      }
    } catch (error) {
      self.postMessage({ type: ERROR });
    }
  });
})();
