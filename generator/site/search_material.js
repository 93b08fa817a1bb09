/* Repères — mkdocs-material's search worker, answered by the French search module (search_engine.js).
   The build writes this file after search_engine.js, in one worker file (generator/site/search.py): no
   importScripts, no eval, nothing fetched. It speaks the theme's worker protocol (mkdocs-material 9,
   src/templates/assets/javascripts/integrations/search/worker/message):
     SETUP (0) {config, docs, options} → READY (1): the engine is built from the docs of
       search/search_index.json, its vocabulary from config.reperes (written there by the post-pass);
     QUERY (2) the text of the search box → RESULT (3) {items}: every page found (the theme shows their number
       and renders them as the reader scrolls), one list per page, the page first (its title,
       its snippet, its tags), then its best sections; each item's « terms » maps the page's own words that
       matched to true (the theme highlights them on the page it opens) and the reader's words that did not
       to false (shown struck through under « Non trouvé ») — never an internal form of a word. */
(function () {
  "use strict";
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var engine = null;

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function items(page) {
    var terms = {};
    page.missing.forEach(function (word) { terms[word] = false; });
    page.matched.forEach(function (word) { terms[word] = true; });
    var group = [{
      location: page.location, title: page.title, text: page.text, score: page.score, terms: terms,
      tags: page.tags.length ? page.tags.map(escapeHtml) : undefined
    }];
    page.sections.forEach(function (section) {
      group.push({ location: section.location, title: section.title, text: section.text, score: section.score, terms: terms });
    });
    return group;
  }

  self.addEventListener("message", function (event) {
    var message = event.data;
    if (message.type === SETUP) {
      engine = self.ReperesSearch.create({ docs: message.data.docs, vocabulary: message.data.config.reperes });
      self.postMessage({ type: READY });
    } else if (message.type === QUERY) {
      var found = engine ? engine.search(message.data, { limit: Infinity, sections: 3 }) : { pages: [] };
      self.postMessage({ type: RESULT, data: { items: found.pages.map(items) } });
    }
  });
})();
