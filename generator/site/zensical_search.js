/* Repères — French words for Zensical's search worker (generator/site/backend_zensical.py puts this file
   before the worker's own code and gives it `self.reperesFrench` as its word transform, in place of
   « lower case »). The worker applies the transform to every indexed word and to every query word, so
   both sides always agree; it then matches query words as prefixes of the indexed ones.
   - accents, ligatures and case are folded (« médecin », « Medecin » and « medecin » are one word);
   - elisions are separate words already: the separator (mkdocs.yml) splits on apostrophes;
   - plurals are reduced (« appuis » → « appui », « sociaux » → « social »), then common French
     suffixes (« complexité », « complexes » → « complex »), leaving a stem of 4 letters at least;
   - acronyms (KEEP: the glossary's terms, written in by the build) and words with a digit are only
     folded, so « ARS » stays « ars » instead of losing its « s ».
   Stop words are kept: the worker requires every query word, and « de », « la » are in nearly every page. */
(function () {
  "use strict";
  var KEEP = {};
  __KEEP__.forEach(function (word) { KEEP[fold(word)] = true; });

  function fold(word) {
    return String(word).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/æ/g, "ae");
  }

  function singular(word) {
    if (word.length > 4 && /aux$/.test(word)) return word.slice(0, -3) + "al";
    if (word.length > 3 && /[^s]s$/.test(word)) return word.slice(0, -1);
    if (word.length > 3 && /[aeo]ux$/.test(word)) return word.slice(0, -1);
    return word;
  }

  // Longest first; each leaves at least 4 letters.
  var SUFFIXES = ["issement", "atrice", "ateur", "ation", "ement", "ment", "euse", "ance", "ence", "ique",
    "isme", "iste", "able", "elle", "eur", "ite", "ive", "if", "er", "ee", "e"];

  function stem(word) {
    for (var i = 0; i < SUFFIXES.length; i++) {
      var s = SUFFIXES[i];
      if (word.length - s.length >= 4 && word.slice(-s.length) === s) return word.slice(0, -s.length);
    }
    return word;
  }

  self.reperesFrench = function (word) {
    var folded = fold(word);
    if (KEEP[folded] || folded.length < 4 || /\d/.test(folded)) return folded;
    return stem(singular(folded));
  };
})();
