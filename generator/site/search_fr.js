/* Repères — French search inside mkdocs-material's own search worker (lunr + lunr-languages « fr »).
   generator/site/search.py appends this file to the theme's lunr.fr.min.js in the built site, which the
   worker loads before it builds the index: nothing else changes, nothing leaves the browser.
   The same steps run on the indexed text and on the query, so they always agree:
   - accents, ligatures and case are folded (« médecin », « Medecin » and « medecin » are one word);
   - French stop words are dropped (« de », « la », « d' »…), in the text and in the query;
   - the French stemmer applies, except to acronyms (KEEP: glossary terms, written in by the build),
     so « ARS » stays « ars » instead of becoming « ar »;
   - the theme adds a trailing wildcard to every query word and lunr then skips its pipeline: the
     query parser is wrapped to fold, filter and stem those words itself.
   Tokenising on apostrophes, parentheses and guillemets is the `separator` option in mkdocs.yml. */
(function () {
  "use strict";
  var lunr = self.lunr;
  if (!lunr || !lunr.fr) return;
  var KEEP = {};
  (self.REPERES_SEARCH_KEEP || []).forEach(function (word) { KEEP[fold(word)] = true; });

  var STOP = {};
  ("a ai au aux avec c ce ceci cela celle celles celui ces cet cette ceux chez d dans de des du donc " +
   "elle elles en et eu etc etre ete il ils j je jusqu l la le les leur leurs lui m ma mais me meme mes moi " +
   "mon n ne ni nos notre nous on ont ou par pas peu pour qu quand que quel quelle quelles quels qui quoi s sa sans se " +
   "ses si son sont sur t ta te tes toi ton tu un une vos votre vous y lorsqu puisqu quoiqu est sera etait " +
   "avait aussi comme dont entre leurs")
    .split(" ").forEach(function (word) { STOP[word] = true; });

  function fold(word) {
    return String(word).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/æ/g, "ae");
  }

  // Snowball keeps the « s » of « appuis » (after a vowel): a rarer word, hence a higher weight than
  // « appui » itself. Plurals are reduced first: « appuis » → « appui », « sociaux » → « social ».
  function singular(word) {
    if (word.length > 4 && /aux$/.test(word)) return word.slice(0, -3) + "al";
    if (word.length > 3 && /[^s]s$/.test(word)) return word.slice(0, -1);
    return word;
  }

  var frenchStem = lunr.fr.stemmer;
  function stemWord(word) {
    if (KEEP[word] || word.length < 4 || /\d/.test(word)) return word;
    return frenchStem(new lunr.Token(singular(word))).toString();
  }

  function foldToken(token) { return token.update(fold); }
  function stopToken(token) { return STOP[token.toString()] ? undefined : token; }
  function stemToken(token) { return token.update(stemWord); }
  lunr.Pipeline.registerFunction(foldToken, "reperes-fold");
  lunr.Pipeline.registerFunction(stopToken, "reperes-stop");
  lunr.Pipeline.registerFunction(stemToken, "reperes-stem");

  // Index: trimmer, then fold, stop words, stem. The worker removes lunr.fr.<fn> for the functions
  // left out of `pipeline` in mkdocs.yml, so these names must stay those of lunr.fr.
  lunr.fr.stopWordFilter = function (token) { return stopToken(foldToken(token)); };
  lunr.fr.stemmer = stemToken;
  lunr.Pipeline.registerFunction(lunr.fr.stopWordFilter, "reperes-stop-fr");

  // Query: what the index pipeline did to a word, minus its last letters being typed: the prefix
  // of the word's stem that is also a prefix of the word, so « appuis », « appui » and « appu » all
  // reach the indexed « appui ».
  function queryPrefix(word) {
    var stem = stemWord(word);
    var n = 0;
    while (n < stem.length && n < word.length && stem[n] === word[n]) n++;
    return n >= 2 ? stem.slice(0, n) : stem;
  }

  var parse = lunr.QueryParser.prototype.parse;
  lunr.QueryParser.prototype.parse = function () {
    var query = parse.apply(this, arguments);
    var kept = [];
    query.clauses.forEach(function (clause) {
      var raw = String(clause.term);
      var trailing = /\*$/.test(raw), leading = /^\*/.test(raw);
      var word = fold(raw.replace(/\*/g, ""));
      if (!word || STOP[word]) return;
      clause.term = (leading ? "*" : "") + (trailing ? queryPrefix(word) : stemWord(word)) + (trailing ? "*" : "");
      clause.usePipeline = false;
      kept.push(clause);
    });
    // A query made only of stop words (« de la ») keeps them, folded, rather than matching nothing.
    if (kept.length || !query.clauses.length) query.clauses = kept;
    else query.clauses.forEach(function (clause) { clause.term = fold(clause.term); clause.usePipeline = false; });
    return query;
  };
})();
