/* Repères — French site search (generator/site/search_engine.js): one module, whatever builds the site.
 *
 * Standard JavaScript only (ES2018), no dependency, no eval, no network: it runs in a search worker of any
 * theme (an adapter speaks the theme's protocol: search_material.js for mkdocs-material), in a page, or in
 * Node (tests/search_node.mjs, benchmarks/search_bench.mjs). The post-pass (generator/site/search.py)
 * builds its data from the final HTML of each page; everything French happens here, on the indexed text and
 * on the query alike, so both always agree:
 *   - words: letters and digits (« 2.5.3 » and « 0,5 » stay whole), cut at apostrophes, hyphens, guillemets…;
 *   - folding: case, accents, ligatures (« Médecin », « medecin » and « MÉDECIN » are one word);
 *   - French stop words dropped (« de », « la », « d' »… and question words: « comment », « combien »…);
 *   - a light French stemmer (after J. Savoy's, as Lucene's FrenchLightStemmer: plurals, feminines,
 *     a few suffixes, doubled letters — « gestionnaire » and « gestionaire » meet), never on acronyms
 *     (vocabulary.keep: the glossary's terms, « ARS » stays « ars ») nor on words with digits;
 *   - typo tolerance: a word of five letters or more that the site does not contain matches the words one
 *     edit away (insertion, deletion, substitution or swap of two neighbours: « urgense », « urgance »);
 *   - letters glued to digits are split when the site has no such word (« conect6 » is « conect 6 »);
 *   - the last word is also a prefix while it is being typed (« gestionn »);
 *   - synonyms (vocabulary.synonyms: the glossary's acronyms and their expansions, a thesaurus, an
 *     edition's terms): « DAC » finds « dispositif d'appui à la coordination » and the reverse, « personne
 *     âgée » finds « plus de 60 ans »;
 *   - ranking: BM25F over the section's title and text and the page's title and « about » (what a tool is
 *     for: its population and use, found but never shown), times the share of the query's words found,
 *     times a prior per kind of page (tools, written pages and the glossary before records; for a
 *     question — three words or more, or a question word — records step back further);
 *   - results never show an internal form: a snippet marks the page's own words, « missing » lists the
 *     reader's words as typed.
 *
 * API — in a worker or a page: self.ReperesSearch; in Node: require("./search_engine.js").
 *
 *   var engine = ReperesSearch.create(data)
 *     data.docs: [{location, title, text, kind?, about?, tags?}] in page order; a page's first
 *       doc has no « # » in its location ("outils/conect-6/") and carries the page's fields; its sections
 *       follow ("outils/conect-6/#regle-de-decision").
 *       title: plain text; text: the section's text as HTML blocks (<p>…</p>, <li>…</li>), text escaped;
 *       kind: "tool" | "page" | "glossary" | "record" | "home" (default "page"); about: plain text,
 *       matched but never shown; tags: labels to show
 *       (« France », « Québec », « International »).
 *     data.vocabulary: {keep: ["ARS", …], synonyms: [["DAC", "dispositif d'appui à la coordination"], …]}
 *
 *   engine.search(query, {limit = 50, sections = 3}) → {
 *       question: boolean,
 *       words: [{text, found}]           the reader's words as typed (stop words left out), found or not;
 *       total: number                     pages found (only the first « limit » are returned);
 *       pages: [{location, title, kind, tags, score,
 *                best,                    location of the page's best part: a section's, or the page's own on a tie;
 *                text,                    snippet of the page's own text (HTML, the page's words in <mark>);
 *                matched: [word, …],      the page's words that matched (for highlighting on the page);
 *                missing: [word, …],      the reader's words not found in this page, as typed;
 *                sections: [{location, title, text, score}]}]}   best sections first, at most « sections »
 *   engine.stats → {docs, pages, terms, words, ms}   size of the index and the time its build took
 *
 *   ReperesSearch.fold(text), ReperesSearch.stem(foldedWord), ReperesSearch.words(text) → [{text, folded,
 *   start, end}], ReperesSearch.STOP (folded stop words), ReperesSearch.VERSION.
 */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.ReperesSearch = api;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var VERSION = 1;

  // ---------------------------------------------------------------------------------------- words
  var WORD = /[\p{L}\p{M}\p{N}]+(?:[.,]\p{N}+)*/gu;
  var MARKS = /\p{M}/gu;

  function fold(text) {
    return String(text).toLowerCase().normalize("NFD").replace(MARKS, "")
      .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/ß/g, "ss");
  }

  var folded = new Map();  // a word as written → folded (words repeat: folding is the costly step)
  function foldWord(word) {
    var f = folded.get(word);
    if (f === undefined) folded.set(word, f = fold(word));
    return f;
  }

  // The words of a text with their place in it (for highlighting).
  function words(text) {
    var out = [];
    var m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) !== null) {
      out.push({ text: m[0], folded: foldWord(m[0]), start: m.index, end: m.index + m[0].length });
    }
    return out;
  }

  // The folded words of a text, only (for indexing: the whole text is folded at once).
  function foldedWords(text) {
    return fold(text).match(WORD) || [];
  }

  var STOP = new Set((
    "a ai au aux avec c ce ceci cela celle celles celui ces cet cette ceux chez d dans de des du donc " +
    "elle elles en et eu etc etre ete il ils j je jusqu l la le les leur leurs lui m ma mais me meme mes moi " +
    "mon n ne ni nos notre nous on ont ou par pas peu pour qu quand que quel quelle quelles quels qui quoi s sa " +
    "sans se ses si son sont sur t ta te tes toi ton tu un une vos votre vous y lorsqu puisqu quoiqu est sera " +
    "etait avait aussi comme dont entre " +
    // question words: « comment orienter… », « combien de gestionnaires… », « est-ce que… »
    "comment combien pourquoi lequel laquelle lesquels lesquelles faut peut doit-on")
    .split(" "));
  var QUESTION = new Set("comment combien pourquoi quel quelle quels quelles quand qui que quoi ou est".split(" "));

  // ------------------------------------------------------------------------------------- stemming
  function ends(s, suffix) {
    return s.endsWith(suffix);
  }

  // Doubled letters, « ie », final r and e: what the rules below leave to one common form.
  function norm(s) {
    if (s.length > 4) s = s.replace(/([a-z])\1+/g, "$1");
    if (s.length > 4 && ends(s, "ie")) s = s.slice(0, -2);
    if (s.length > 4) {
      if (s[s.length - 1] === "r") s = s.slice(0, -1);
      if (s[s.length - 1] === "e") s = s.slice(0, -1);
      if (s[s.length - 1] === "e") s = s.slice(0, -1);
      if (s.length > 1 && s[s.length - 1] === s[s.length - 2] && /[a-z]/.test(s[s.length - 1])) s = s.slice(0, -1);
    }
    return s;
  }

  // A light French stemmer on a folded word (no accents left): J. Savoy's rules, as Lucene's
  // FrenchLightStemmer applies them, plus « ée » → « é » (« âgée » and « âgé » meet).
  function stem(s) {
    var n = s.length;
    if (n <= 3 || /[^a-z]/.test(s)) return s;
    if (n > 5 && s[n - 1] === "x") {
      s = s[n - 3] === "a" && s[n - 2] === "u" && s[n - 4] !== "e" ? s.slice(0, n - 2) + "l" : s.slice(0, -1);
    }
    if (s.length > 3 && s[s.length - 1] === "x") s = s.slice(0, -1);
    if (s.length > 3 && s[s.length - 1] === "s") s = s.slice(0, -1);
    if (s.length > 3 && ends(s, "ee")) s = s.slice(0, -1);
    n = s.length;
    if (n > 9 && ends(s, "issement")) return norm(s.slice(0, n - 7) + "r");
    if (n > 8 && ends(s, "issant")) return norm(s.slice(0, n - 5) + "r");
    if (n > 6 && ends(s, "ement")) {
      s = s.slice(0, n - 4);
      if (s.length > 3 && ends(s, "ive")) s = s.slice(0, -2) + "f";
      return norm(s);
    }
    if (n > 11 && ends(s, "ficatrice")) return norm(s.slice(0, n - 7) + "er");
    if (n > 10 && ends(s, "ficateur")) return norm(s.slice(0, n - 6) + "er");
    if (n > 9 && ends(s, "catrice")) return norm(s.slice(0, n - 7) + "quer");
    if (n > 8 && ends(s, "cateur")) return norm(s.slice(0, n - 6) + "quer");
    if (n > 8 && ends(s, "atrice")) return norm(s.slice(0, n - 6) + "er");
    if (n > 7 && ends(s, "ateur")) return norm(s.slice(0, n - 5) + "er");
    if (n > 6 && ends(s, "trice")) { s = s.slice(0, n - 5) + "teur"; n = s.length; }
    if (n > 5 && ends(s, "ieme")) return norm(s.slice(0, n - 4));
    if (n > 7 && ends(s, "teuse")) return norm(s.slice(0, n - 5) + "ter");
    if (n > 6 && ends(s, "teur")) return norm(s.slice(0, n - 4) + "ter");
    if (n > 5 && ends(s, "euse")) return norm(s.slice(0, n - 2));
    if (n > 8 && ends(s, "ere")) return norm(s.slice(0, n - 1));
    if (n > 7 && ends(s, "ive")) return norm(s.slice(0, n - 3) + "if");
    if (n > 9 && ends(s, "nnelle")) return norm(s.slice(0, n - 5));
    if (n > 9 && ends(s, "nnel")) return norm(s.slice(0, n - 3));
    if (n > 4 && ends(s, "ete")) { s = s.slice(0, n - 1); n = s.length; }
    if (n > 8 && ends(s, "ique")) { s = s.slice(0, n - 4); n = s.length; }
    if (n > 8 && ends(s, "esse")) return norm(s.slice(0, n - 3));
    if (n > 7 && ends(s, "inage")) return norm(s.slice(0, n - 3));
    if (n > 9 && ends(s, "isation")) {
      s = s.slice(0, n - 7);
      if (s.length > 5 && ends(s, "ual")) s = s.slice(0, -2) + "el";
      return norm(s);
    }
    if (n > 9 && ends(s, "isateur")) return norm(s.slice(0, n - 7));
    if (n > 8 && ends(s, "ation")) return norm(s.slice(0, n - 5));
    if (n > 8 && ends(s, "ition")) return norm(s.slice(0, n - 5));
    return norm(s);
  }

  // One edit apart (insertion, deletion, substitution, swap of two neighbours), or equal.
  function withinOneEdit(a, b) {
    if (a === b) return true;
    var la = a.length, lb = b.length;
    if (la - lb > 1 || lb - la > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // ------------------------------------------------------------------------------------ html text
  var BLOCK = /<\/?(?:p|li|ul|ol|dl|dt|dd|pre|table|thead|tbody|tr|td|th|div|h[1-6]|blockquote|br|figcaption|summary)\b[^>]*>/i;
  var ENTITY = /&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos|nbsp));/gi;
  var NAMED = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: "\u00a0" };

  function decode(text) {
    return text.replace(ENTITY, function (_, dec, hex, name) {
      if (name) return NAMED[name.toLowerCase()];
      return String.fromCodePoint(dec ? parseInt(dec, 10) : parseInt(hex, 16));
    });
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function blocks(html) {
    return String(html || "").split(BLOCK).map(function (part) {
      return decode(part.replace(/<[^>]*>/g, "")).replace(/[ \t\n\r\f]+/g, " ").replace(/^ | $/g, "");
    }).filter(Boolean);
  }

  // ---------------------------------------------------------------------------------------- index
  // Each doc is a « section » unit (fields: its heading, its text); each page also has a « page » unit
  // (fields: the page's title, its « about »). A section's score adds its page's.
  var WEIGHTS = { section: [3, 1], page: [4, 3] };
  var B = { section: [0.3, 0.6], page: [0.2, 0.2] };
  var K1 = 1.2;
  var PRIOR = { tool: 1.5, page: 1.5, glossary: 1.5, home: 0.8, record: 1 };
  var QUESTION_PRIOR = { tool: 1.6, page: 1.5, glossary: 1, home: 0.6, record: 0.6 };
  var EXACT = 1, SPLIT = 0.9, SYNONYM = 0.8, PREFIX = 0.7, TYPO = 0.6;
  var MAX_EXPANSIONS = 24;
  var SNIPPET_CHARS = 220;

  function Engine(data) {
    var started = Date.now();
    var vocabulary = data.vocabulary || {};
    this.keep = new Set((vocabulary.keep || []).map(function (w) { return fold(w); }));
    this.stems = new Map();     // folded word of the site → its term
    this.wordIds = new Map();   // folded word of the site → its term's id
    this.others = new Map();    // other folded words (queries) → their term
    this.termIds = new Map();   // term → id
    this.terms = [];            // id → term
    this.postings = [];         // id → [unit, tf field 0, tf field 1, …]
    this.surfaces = [];         // folded words of the site, sorted (prefixes, typos)
    this.units = [];            // {type, page, fields: [[term ids], [term ids]]}
    this.placed = new Map();    // text → its words with their place (highlighting)
    this.pages = [];
    this.docs = [];
    var seen = new Map();
    var self = this;
    (data.docs || []).forEach(function (doc) {
      var location = String(doc.location);
      var pageUrl = location.split("#")[0];
      var page = seen.get(pageUrl);
      if (page === undefined) {
        page = {
          location: pageUrl, title: String(doc.title || ""), kind: doc.kind || "page",
          tags: doc.tags || [], docs: [], unit: self.units.length
        };
        seen.set(pageUrl, page);
        self.pages.push(page);
        self.units.push({ type: "page", page: page, fields: [self.index(page.title), self.index(doc.about || "")] });
      }
      var entry = {
        location: location, title: String(doc.title || ""), blocks: blocks(doc.text), page: page,
        unit: self.units.length
      };
      page.docs.push(entry);
      self.docs.push(entry);
      var heading = location.indexOf("#") < 0 ? [] : self.index(entry.title);
      self.units.push({ type: "section", page: page, doc: entry, fields: [heading, self.index(entry.blocks.join(" \n "))] });
    });
    // Postings and field lengths.
    var sums = { section: [0, 0], page: [0, 0] }, counts = { section: 0, page: 0 };
    var tf = new Map();
    this.units.forEach(function (unit, u) {
      counts[unit.type]++;
      unit.fields.forEach(function (ids, f) {
        sums[unit.type][f] += ids.length;
        tf.clear();
        for (var i = 0; i < ids.length; i++) tf.set(ids[i], (tf.get(ids[i]) || 0) + 1);
        tf.forEach(function (count, id) {
          var list = self.postings[id];
          if (list.length && list[list.length - 3] === u) list[list.length - 2 + f] = count;
          else list.push(u, f === 0 ? count : 0, f === 1 ? count : 0);
        });
      });
    });
    this.average = {};
    Object.keys(sums).forEach(function (type) {
      self.average[type] = sums[type].map(function (sum) { return Math.max(1, sum / Math.max(1, counts[type])); });
    });
    this.surfaces = Array.from(this.stems.keys()).sort();
    // Synonym expressions, as term sequences: the first term leads to the expressions it starts.
    this.groups = [];
    this.starts = new Map();
    (vocabulary.synonyms || []).forEach(function (group) {
      var expressions = group.map(function (e) { return self.analyze(e); }).filter(function (e) { return e.length; });
      if (expressions.length < 2) return;
      var g = self.groups.length;
      self.groups.push(expressions);
      expressions.forEach(function (terms, e) {
        var list = self.starts.get(terms[0]) || [];
        list.push({ group: g, expression: e, terms: terms });
        self.starts.set(terms[0], list);
      });
    });
    this.starts.forEach(function (list) { list.sort(function (a, b) { return b.terms.length - a.terms.length; }); });
    this.stats = {
      docs: this.docs.length, pages: this.pages.length, terms: this.terms.length, words: this.surfaces.length,
      ms: Date.now() - started
    };
  }

  // A folded word's term: acronyms and words with digits stay as they are.
  Engine.prototype.term = function (folded) {
    var t = this.stems.get(folded);
    if (t !== undefined) return t;
    t = this.others.get(folded);
    if (t === undefined) this.others.set(folded, t = this.keep.has(folded) || /\d/.test(folded) ? folded : stem(folded));
    return t;
  };

  // Text → term ids, stop words left out (positions count the words kept: « plus de 60 ans » is 3 words).
  Engine.prototype.index = function (text) {
    var ids = [];
    var list = foldedWords(text);
    for (var i = 0; i < list.length; i++) {
      var w = list[i];
      if (STOP.has(w)) continue;
      var id = this.wordIds.get(w);
      if (id === undefined) {
        var t = this.term(w);
        this.stems.set(w, t);
        id = this.termIds.get(t);
        if (id === undefined) {
          id = this.terms.length;
          this.termIds.set(t, id);
          this.terms.push(t);
          this.postings.push([]);
        }
        this.wordIds.set(w, id);
      }
      ids.push(id);
    }
    return ids;
  };

  // Text → terms (for the query side and synonym expressions), stop words left out.
  Engine.prototype.analyze = function (text) {
    var self = this;
    return words(text).filter(function (w) { return !STOP.has(w.folded); }).map(function (w) { return self.term(w.folded); });
  };

  Engine.prototype.idf = function (id) {
    var df = this.postings[id].length / 3;
    var n = this.units.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };

  // {unit → BM25F score} of a term id.
  Engine.prototype.termScores = function (id) {
    var list = this.postings[id];
    var idf = this.idf(id);
    var scores = new Map();
    for (var i = 0; i < list.length; i += 3) {
      var unit = this.units[list[i]];
      var w = WEIGHTS[unit.type], b = B[unit.type], avg = this.average[unit.type];
      var tf = 0;
      for (var f = 0; f < 2; f++) {
        var count = list[i + 1 + f];
        if (count) tf += w[f] * count / (1 - b[f] + b[f] * unit.fields[f].length / avg[f]);
      }
      scores.set(list[i], idf * tf * (K1 + 1) / (K1 + tf));
    }
    return scores;
  };

  // {unit → score} of a sequence of terms found in this order, at most one other word between two of them.
  Engine.prototype.phraseScores = function (ids) {
    if (ids.length === 1) return this.termScores(ids[0]);
    var self = this;
    var parts = ids.map(function (id) { return self.termScores(id); });
    var scores = new Map();
    parts[0].forEach(function (first, u) {
      if (!parts.every(function (p) { return p.has(u); })) return;
      var fields = self.units[u].fields;
      var found = fields.some(function (seq) {
        for (var i = 0; i < seq.length; i++) {
          if (seq[i] !== ids[0]) continue;
          var at = i, ok = true;
          for (var k = 1; k < ids.length && ok; k++) {
            if (seq[at + 1] === ids[k]) at += 1;
            else if (seq[at + 2] === ids[k]) at += 2;
            else ok = false;
          }
          if (ok) return true;
        }
        return false;
      });
      if (found) scores.set(u, parts.reduce(function (sum, p) { return sum + p.get(u); }, 0));
    });
    return scores;
  };

  // ---------------------------------------------------------------------------------------- query
  // The reader's words → query words, each with its alternatives ({ids, weight}: one id, or a phrase).
  Engine.prototype.parse = function (query) {
    var self = this;
    var typed = words(query);
    var kept = typed.filter(function (w) { return !STOP.has(w.folded); });
    var question = /\?/.test(query) || (typed.length > 0 && QUESTION.has(typed[0].folded)) || kept.length >= 3;
    var typing = !/[\s\p{P}]$/u.test(query);  // the last word is still being typed
    var qwords = [];
    kept.forEach(function (w, index) {
      var parts = [w.folded];
      // Letters glued to digits, unknown to the site and not one edit from a word of it: split.
      var split = /\p{L}/u.test(w.folded) && /\p{N}/u.test(w.folded) && !self.stems.has(w.folded) &&
        !(w.folded.length >= 5 && self.typos(w.folded, w.folded).size);
      if (split) parts = w.folded.match(/\p{L}+|\p{N}+(?:[.,]\p{N}+)*/gu);
      parts.forEach(function (folded, p) {
        var last = index === kept.length - 1 && p === parts.length - 1;
        qwords.push(self.word(folded, w.text, split, last && typing));
      });
    });
    return { question: question, typed: kept.map(function (w) { return w.text; }), words: qwords, slots: this.slots(qwords) };
  };

  Engine.prototype.word = function (folded, typed, split, typing) {
    var self = this;
    var term = this.term(folded);
    var alternatives = [];
    var exact = this.termIds.get(term);
    if (exact !== undefined) alternatives.push({ ids: [exact], weight: split ? SPLIT : EXACT });
    var extra = new Map();  // id → weight
    if (typing && (folded.length >= 4 || (exact === undefined && folded.length >= 2))) {
      this.prefixed(folded).forEach(function (id) { extra.set(id, PREFIX); });
    }
    if (exact === undefined && folded.length >= 5 && !split) {
      this.typos(folded, term).forEach(function (id) { if (!extra.has(id)) extra.set(id, TYPO); });
    }
    extra.delete(exact);
    var ranked = Array.from(extra.keys()).sort(function (a, b) { return self.postings[b].length - self.postings[a].length; });
    ranked.slice(0, MAX_EXPANSIONS).forEach(function (id) { alternatives.push({ ids: [id], weight: extra.get(id) }); });
    // The term this word stands for, for synonyms: itself, else the most frequent correction.
    var canonical = exact !== undefined || this.starts.has(term) ? term
      : ranked.length && extra.get(ranked[0]) === TYPO ? this.terms[ranked[0]] : term;
    return { typed: typed, folded: folded, term: term, canonical: canonical, alternatives: alternatives };
  };

  Engine.prototype.prefixed = function (folded) {
    var list = this.surfaces, lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] < folded) lo = mid + 1; else hi = mid; }
    var ids = new Set();
    for (var i = lo; i < list.length && list[i].slice(0, folded.length) === folded && ids.size < 200; i++) {
      ids.add(this.termIds.get(this.stems.get(list[i])));
    }
    return ids;
  };

  Engine.prototype.typos = function (folded, term) {
    var ids = new Set();
    var self = this;
    this.surfaces.forEach(function (w) {
      if (w.length >= 4 && withinOneEdit(w, folded)) ids.add(self.termIds.get(self.stems.get(w)));
    });
    this.terms.forEach(function (t, id) { if (t.length >= 4 && withinOneEdit(t, term)) ids.add(id); });
    return ids;
  };

  // Query words → slots: a word alone, or the words of a synonym expression found in the query (in this
  // order, at most one other word between two of them), whose alternatives are the group's other expressions.
  Engine.prototype.slots = function (qwords) {
    var slots = [];
    var used = new Array(qwords.length).fill(false);
    var self = this;
    for (var i = 0; i < qwords.length; i++) {
      if (used[i]) continue;
      var candidates = this.starts.get(qwords[i].canonical) || [];
      var match = null;
      for (var c = 0; c < candidates.length && !match; c++) {
        var members = [i], at = i, ok = true;
        for (var k = 1; k < candidates[c].terms.length && ok; k++) {
          var next = [at + 1, at + 2].find(function (j) {
            return j < qwords.length && !used[j] && qwords[j].canonical === candidates[c].terms[k];
          });
          if (next === undefined) ok = false;
          else { members.push(next); at = next; }
        }
        if (ok) match = { candidate: candidates[c], members: members };
      }
      if (!match) continue;
      var alternatives = [];
      this.groups[match.candidate.group].forEach(function (terms, e) {
        if (e === match.candidate.expression) return;
        var ids = terms.map(function (t) { return self.termIds.get(t); });
        if (ids.every(function (id) { return id !== undefined; })) alternatives.push({ ids: ids, weight: SYNONYM });
      });
      match.members.forEach(function (j) { used[j] = true; });
      slots.push({ members: match.members, alternatives: alternatives, first: i });
    }
    qwords.forEach(function (w, j) { if (!used[j]) slots.push({ members: [j], alternatives: [], first: j }); });
    return slots.sort(function (a, b) { return a.first - b.first; });
  };

  // ---------------------------------------------------------------------------------------- search
  Engine.prototype.search = function (query, options) {
    options = options || {};
    var limit = options.limit || 50, perPage = options.sections || 3;
    var self = this;
    var parsed = this.parse(String(query || ""));
    var qwords = parsed.words;
    var empty = { question: parsed.question, words: [], total: 0, pages: [] };
    if (!qwords.length) return empty;
    // Scores of every alternative of every word, and of every synonym alternative of every slot.
    var wordScores = qwords.map(function (w) {
      return w.alternatives.map(function (a) { return { weight: a.weight, ids: a.ids, scores: self.phraseScores(a.ids) }; });
    });
    var slotScores = parsed.slots.map(function (slot) {
      return slot.alternatives.map(function (a) { return { weight: a.weight, ids: a.ids, scores: self.phraseScores(a.ids) }; });
    });
    function best(alternatives, u) {
      var top = 0;
      alternatives.forEach(function (a) { var s = a.scores.get(u); if (s && s * a.weight > top) top = s * a.weight; });
      return top;
    }
    // Candidate sections: any unit found, a page unit standing for all its sections.
    var candidates = new Set();
    wordScores.concat(slotScores).forEach(function (alts) {
      alts.forEach(function (a) {
        a.scores.forEach(function (_, u) {
          var unit = self.units[u];
          if (unit.type === "section") candidates.add(u);
          else unit.page.docs.forEach(function (d) { candidates.add(d.unit); });
        });
      });
    });
    var prior = parsed.question ? QUESTION_PRIOR : PRIOR;
    var byPage = new Map();
    candidates.forEach(function (u) {
      var unit = self.units[u], page = unit.page, p = page.unit;
      var total = 0, found = 0, foundWords = new Array(qwords.length).fill(false);
      parsed.slots.forEach(function (slot, k) {
        var literal = 0, literalFound = [];
        slot.members.forEach(function (j) {
          var s = best(wordScores[j], u) + best(wordScores[j], p);
          literal += s;
          if (s > 0) literalFound.push(j);
        });
        var synonym = best(slotScores[k], u) + best(slotScores[k], p);
        if (synonym > literal) {
          total += synonym;
          slot.members.forEach(function (j) { foundWords[j] = true; });
        } else {
          total += literal;
          literalFound.forEach(function (j) { foundWords[j] = true; });
        }
      });
      foundWords.forEach(function (f) { if (f) found++; });
      if (!found) return;
      var coverage = (1 + found / qwords.length) / 2;
      var score = total * coverage * coverage * (prior[page.kind] || 1);
      var entry = byPage.get(page);
      if (!entry) byPage.set(page, entry = { page: page, score: 0, sections: [], found: new Array(qwords.length).fill(false) });
      entry.sections.push({ doc: unit.doc, score: score });
      entry.score = Math.max(entry.score, score);
      foundWords.forEach(function (f, j) { if (f) entry.found[j] = true; });
    });
    var ranked = Array.from(byPage.values()).sort(function (a, b) { return b.score - a.score; });
    var marks = this.markTerms(wordScores, slotScores);  // a function: units → the terms to mark there
    var words = parsed.typed.map(function (text) {
      return { text: text, found: ranked.some(function (r) { return self.typedFound(r, qwords, text); }) };
    });
    return {
      question: parsed.question, words: words, total: ranked.length,
      pages: ranked.slice(0, limit).map(function (r) { return self.result(r, qwords, parsed.typed, marks, perPage); })
    };
  };

  Engine.prototype.typedFound = function (entry, qwords, typed) {
    return qwords.some(function (w, j) { return w.typed === typed && entry.found[j]; });
  };

  // The terms to mark in snippets: every single word that matched somewhere; the words of an expression
  // (a synonym of several words) only where the expression itself was found.
  Engine.prototype.markTerms = function (wordScores, slotScores) {
    var words = new Set(), phrases = [];
    wordScores.concat(slotScores).forEach(function (alts) {
      alts.forEach(function (a) {
        if (!a.scores.size) return;
        if (a.ids.length === 1) words.add(a.ids[0]);
        else phrases.push(a);
      });
    });
    return function (units) {
      var marks = new Set(words);
      phrases.forEach(function (a) {
        if (units.some(function (u) { return a.scores.has(u); })) a.ids.forEach(function (id) { marks.add(id); });
      });
      return marks;
    };
  };

  Engine.prototype.result = function (entry, qwords, typed, markTerms, perPage) {
    var self = this;
    var page = entry.page;
    var matched = new Set();
    var sections = entry.sections.sort(function (a, b) { return b.score - a.score; }).slice(0, perPage);
    var article = page.docs[0];
    var marksOf = function (doc) { return markTerms([doc.unit, page.unit]); };
    var shown = sections.map(function (s) {
      var marks = marksOf(s.doc);
      return {
        location: s.doc.location, title: self.highlight(s.doc.title, marks, matched).html,
        text: self.snippet(s.doc, marks, matched), score: s.score
      };
    });
    var head = sections.find(function (s) { return s.doc === article; });
    // The part to open: the best section, or the page itself when its own part scores as well.
    var best = head && head.score >= sections[0].score ? article : sections[0].doc;
    return {
      location: page.location, title: this.highlight(page.title, marksOf(article), matched).html, kind: page.kind,
      tags: page.tags.slice(), score: entry.score, best: best.location,
      text: head ? shown[sections.indexOf(head)].text : this.snippet(article, marksOf(article), matched),
      matched: Array.from(matched),
      missing: typed.filter(function (t) { return !self.typedFound(entry, qwords, t); }),
      sections: shown.filter(function (s) { return s.location !== article.location; })
    };
  };

  // The words of a text that have a term, with their place: [{text, start, end, id}] (kept per text).
  Engine.prototype.located = function (text) {
    var list = this.placed.get(text);
    if (list !== undefined) return list;
    var self = this;
    list = [];
    words(text).forEach(function (w) {
      if (STOP.has(w.folded)) return;
      var id = self.wordIds.get(w.folded);
      if (id === undefined) id = self.termIds.get(self.term(w.folded));
      if (id !== undefined) list.push({ text: w.text, start: w.start, end: w.end, id: id });
    });
    this.placed.set(text, list);
    return list;
  };

  Engine.prototype.hits = function (text, marks) {
    return this.located(text).reduce(function (n, w) { return n + (marks.has(w.id) ? 1 : 0); }, 0);
  };

  // Plain text → HTML, the words whose term is marked in <mark>; the marked words go to « matched ».
  Engine.prototype.highlight = function (text, marks, matched) {
    var out = "", at = 0, hits = 0;
    this.located(text).forEach(function (w) {
      if (!marks.has(w.id)) return;
      out += escapeHtml(text.slice(at, w.start)) + "<mark>" + escapeHtml(w.text) + "</mark>";
      at = w.end;
      hits++;
      matched.add(w.text.toLowerCase());
    });
    return { html: out + escapeHtml(text.slice(at)), hits: hits };
  };

  // Up to two blocks of the doc holding marked words, in page order, each cut around its first mark.
  Engine.prototype.snippet = function (doc, marks, matched) {
    var self = this;
    var found = [];
    doc.blocks.forEach(function (block, i) {
      var hits = self.hits(block, marks);
      if (hits) found.push({ i: i, hits: hits, block: block });
    });
    found = found.sort(function (a, b) { return b.hits - a.hits || a.i - b.i; }).slice(0, 2).sort(function (a, b) { return a.i - b.i; });
    if (!found.length && doc.blocks.length) found = [{ block: doc.blocks[0] }];
    return found.map(function (f) { return "<p>" + self.highlight(self.cut(f.block, marks), marks, matched).html + "</p>"; }).join("");
  };

  // A long block, cut to about SNIPPET_CHARS characters around its first marked word (at word limits).
  Engine.prototype.cut = function (block, marks) {
    if (block.length <= SNIPPET_CHARS) return block;
    var self = this;
    var first = this.located(block).find(function (w) { return marks.has(w.id); });
    var start = first ? Math.max(0, first.start - 60) : 0;
    var end = Math.min(block.length, start + SNIPPET_CHARS);
    if (start > 0) start = block.indexOf(" ", start) + 1 || start;
    if (end < block.length) end = block.lastIndexOf(" ", end) > start ? block.lastIndexOf(" ", end) : end;
    return (start > 0 ? "… " : "") + block.slice(start, end) + (end < block.length ? " …" : "");
  };

  return {
    VERSION: VERSION,
    STOP: STOP,
    create: function (data) { return new Engine(data || {}); },
    fold: fold,
    stem: stem,
    words: words,
    blocks: blocks
  };
});
