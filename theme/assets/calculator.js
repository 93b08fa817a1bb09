/* Repères — calculators.
   The form is static HTML (usable and printable without JavaScript). This script starts ONE Web
   Worker per visit, which boots Pyodide and runs the Python engine (generator/engine) unchanged;
   every answer is evaluated there and the result panel updated, without any button. Nothing is
   stored or sent: answers live in the form only. Works with mkdocs-material instant navigation
   (document$) and in the chrome-less embed pages (embed/<id>/). Reading pages start nothing. */
(function () {
  "use strict";

  var BOOT_TIMEOUT_MS = 30000; // loadPyodide() never settles if WebAssembly is blocked
  var engine = null; // the one worker of the visit

  function startEngine(assets) {
    if (engine) return engine;
    engine = { ready: false, failed: null, seq: 0, callbacks: {}, listeners: [] };
    var done = function (failed) {
      clearTimeout(engine.timer);
      engine.failed = failed;
      engine.listeners.forEach(function (fn) { fn(); });
    };
    var boot = window.__reperesBoot;  // started early by engine-boot.js in <head>
    window.__reperesBoot = null;
    try {
      engine.worker = boot ? boot.worker :
        new Worker(new URL(assets + "engine/engine-worker.mjs", document.baseURI).href, { type: "module" });
    } catch (error) {
      done("ce navigateur ne permet pas de lancer le moteur de calcul");
      return engine;
    }
    engine.worker.onmessage = function (event) {
      var message = event.data || {};
      if (message.type === "ready") {
        engine.ready = true;
        engine.runtimeFiles = message.files;  // the build's hashed names (wheel, lock, snapshot)
        done(null);
        keepForOffline(assets);
      } else if (message.type === "boot-error") {
        done(message.message || "erreur au démarrage");
      } else if (message.type === "result" && engine.callbacks[message.seq]) {
        var callback = engine.callbacks[message.seq];
        delete engine.callbacks[message.seq];
        callback(message);
      }
    };
    engine.worker.onerror = function () { done("le moteur de calcul n'a pas pu être chargé"); };
    if (boot) boot.early.forEach(function (event) { engine.worker.onmessage(event); });
    if (boot && boot.failed) done("le moteur de calcul n'a pas pu être chargé");
    engine.timer = setTimeout(function () {
      if (!engine.ready && !engine.failed) done("le moteur de calcul ne répond pas (réseau coupé ou navigateur trop restrictif ?)");
    }, BOOT_TIMEOUT_MS);
    return engine;
  }

  // Once the engine runs, ask the service worker to keep its files: the next visit works offline.
  // Only calculator pages do this, so reading pages never download the Python runtime.
  function keepForOffline(assets) {
    if (!("serviceWorker" in navigator)) return;
    var files = ["pyodide/pyodide.mjs", "pyodide/pyodide.asm.mjs", "pyodide/pyodide.asm.wasm",
      "pyodide/python_stdlib.zip", "engine/engine-worker.mjs"].concat(engine.runtimeFiles || []);
    navigator.serviceWorker.ready.then(function (registration) {
      if (!registration.active) return;
      registration.active.postMessage({ type: "keep-runtime", urls: files.map(function (f) {
        return new URL(assets + f, document.baseURI).href;
      }) });
    }).catch(function () {});
  }

  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function readAnswers(form, spec) {
    var answers = {};
    spec.items.forEach(function (item) {
      var fields = form.elements[item.id];
      if (!fields) return;
      if (item.answers === "entier") {
        var raw = String(fields.value || "").trim();
        if (raw === "") return;
        answers[item.id] = /^-?\d+$/.test(raw) ? parseInt(raw, 10) : raw;
      } else {
        var checked = form.querySelector('input[name="' + item.id + '"]:checked');
        if (checked) answers[item.id] = checked.value;
      }
    });
    return answers;
  }

  function setAnswer(form, item, value) {
    value = String(value).trim();
    if (item.answers === "entier") {
      var field = form.elements[item.id];
      field.value = value;
      return field.value === value; // a number field silently empties what is not a number (« beaucoup »)
    }
    // Answer values are lower-case slugs: « Oui », « OUI » and « oui » are the same answer.
    var input = form.querySelector('input[name="' + item.id + '"][value="' + CSS.escape(value.toLowerCase()) + '"]');
    if (input) input.checked = true;
    return Boolean(input);
  }

  // Address parameters that are not answers: where the embedding page lives (see embedOrigin).
  var RESERVED = { origine: true };

  function prefill(form, spec, notice) {
    var params = new URLSearchParams(window.location.search);
    var byId = {};
    spec.items.forEach(function (item) { byId[item.id] = item; });
    var ignored = [], repeated = [];
    var seen = {};
    params.forEach(function (value, key) { seen[key] = (seen[key] || 0) + 1; });
    params.forEach(function (value, key) {
      if (RESERVED[key]) return;
      if (seen[key] > 1) {  // « ?q1=oui&q1=non »: no answer is chosen silently
        if (repeated.indexOf(key) < 0) repeated.push(key);
        return;
      }
      if (!byId[key] || !setAnswer(form, byId[key], value)) ignored.push(key + "=" + value);
    });
    var problems = [];
    if (ignored.length) problems.push("Paramètres de l'adresse ignorés (question ou réponse inconnue) : " + ignored.join(", ") + ".");
    if (repeated.length) problems.push("Paramètres donnés plusieurs fois, ignorés : " + repeated.join(", ") + ".");
    notice.textContent = french(problems.join(" "));
    notice.hidden = !problems.length;
  }

  // « Copier le lien pré-rempli » (this page) and the embed code and link: an address with the current answers,
  // by question id.
  function withAnswers(address, form, spec) {
    var answers = readAnswers(form, spec);
    var params = new URLSearchParams();
    Object.keys(answers).forEach(function (id) { params.append(id, String(answers[id])); });
    var url = new URL(address, window.location.href);
    url.search = params.toString();
    url.hash = "";
    return url.href;
  }

  // The site's French spacing (generator/french.py) for the texts written here: a no-break space before « ? ! : ; »
  // and inside guillemets, so that no line starts with a lone « ? » or « ».
  function french(text) {
    return String(text).replace(/ ([?!;:»])/g, "\u00a0$1").replace(/« /g, "«\u00a0");
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = french(text);
    return node;
  }

  // The engine writes the score, the estimate and « Pourquoi ce résultat ? » in plain French (trace).
  function formatScore(result) {
    var step = result.trace.filter(function (s) { return s.rule === "score" && s.value === true; })[0];
    return step ? step.text : null;
  }

  function showErrors(container, result) {
    container.querySelectorAll("[data-error-for]").forEach(function (p) {
      p.hidden = true;
      p.textContent = "";
      var fieldset = p.closest("fieldset");
      fieldset.querySelectorAll("input").forEach(function (input) { input.removeAttribute("aria-invalid"); });
    });
    var general = [];
    (result.errors || []).forEach(function (error) {
      var target = error.item && container.querySelector('[data-error-for="' + error.item + '"]');
      if (target) {
        target.textContent = error.message;
        target.hidden = false;
        target.closest("fieldset").querySelectorAll("input").forEach(function (input) { input.setAttribute("aria-invalid", "true"); });
      } else {
        general.push(error.message);
      }
    });
    return general;
  }

  function render(calc, message) {
    var result = message.result;
    var body = calc.body;
    var general = showErrors(calc.container, result);
    body.textContent = "";
    if (!result.ok) {
      calc.panel.removeAttribute("data-outcome");
      calc.panel.setAttribute("data-error", result.error ? result.error.code : "erreur");
      body.appendChild(element("p", "reperes-result-error", "Les réponses ne peuvent pas être évaluées : " +
        (general.length ? general.join(" ") : "voir les messages sous les questions concernées.")));
      calc.tools.hidden = true;
      verdictChanged(calc, result);
      return;
    }
    calc.panel.removeAttribute("data-error");
    // Gated questions appear only when the engine says they are asked.
    calc.container.querySelectorAll("fieldset[data-gated]").forEach(function (fieldset) {
      fieldset.hidden = result.asked.indexOf(fieldset.getAttribute("data-item")) < 0;
    });
    // A group of follow-up questions (« Si vous avez répondu OUI… ») shows only when one of them is asked.
    calc.container.querySelectorAll("fieldset[data-gated-group]").forEach(function (group) {
      group.hidden = !group.querySelector("fieldset.reperes-calc-q:not([hidden])");
    });
    var template = calc.container.querySelector('template[data-outcome="' + result.outcome + '"]');
    if (template) {
      body.appendChild(template.content.cloneNode(true));
    } else {
      body.appendChild(element("p", "reperes-result-label", result.label));
      body.appendChild(element("p", null, result.interpretation));
    }
    renderGaps(calc, result, body);
    var score = formatScore(result);
    if (score) body.appendChild(element("p", "reperes-result-score", score));
    if (result.missing.length && result.outcome === "incomplet") {
      body.appendChild(element("p", "reperes-result-missing", result.missing.length === 1
        ? "Il reste une question à remplir." : "Il reste " + result.missing.length + " questions à remplir."));
    }
    var reasons = result.trace.filter(function (step) { return step.rule !== "score"; });
    if (reasons.length) {
      // Rebuilt after every answer, it stays open (or closed) as the reader left it.
      var why = element("details", "reperes-result-why");
      why.appendChild(element("summary", null, "Pourquoi ce résultat ?"));
      why.appendChild(reasonList(reasons));
      why.open = calc.whyOpen;
      why.addEventListener("toggle", function () { calc.whyOpen = why.open; });
      body.appendChild(why);
      // The printed sheet gives the reasons too, open (a closed <details> prints its summary only).
      var printed = element("div", "reperes-print-why");
      printed.appendChild(element("p", null, "Pourquoi ce résultat ?"));
      printed.appendChild(reasonList(reasons));
      body.appendChild(printed);
    }
    body.appendChild(element("p", "reperes-result-source", "Source : " + calc.spec.source_text + "."));
    calc.summary = message.summary;
    calc.fhir = message.fhir;
    calc.tools.hidden = false;
    calc.panel.setAttribute("data-engine-mode", message.mode || "normal");
    calc.panel.setAttribute("data-outcome", result.outcome);
    calc.panel.setAttribute("data-positive", String(result.positive));
    calc.panel.setAttribute("data-complete", String(result.complete));
    showRecordState(calc, result);
    verdictChanged(calc, result);
  }

  function reasonList(reasons) {
    var list = element("ul");
    reasons.forEach(function (step) { list.appendChild(element("li", null, step.text)); });
    return list;
  }

  // -- the verdict where the eye is -----------------------------------------------------------------

  function oneSentence(text) {
    return String(text || "").replace(/[*_]/g, "").replace(/\s+/g, " ").trim().replace(/[\s.;:!?…]+$/, "") + ".";
  }

  // One short sentence in the live region, only when the verdict changes: screen readers no longer
  // re-read the whole panel (interpretation, next steps, source) after every click.
  function verdictSentence(result) {
    if (!result.ok) return "Les réponses ne peuvent pas être évaluées : voir les messages sous les questions.";
    if (result.outcome === "incomplet") return "Résultat incomplet.";
    return oneSentence("Résultat : " + result.label);
  }

  function verdictChanged(calc, result) {
    var key = result.ok ? result.outcome : "erreur";
    var changed = key !== calc.verdict && !(calc.verdict === undefined && key === "incomplet");
    calc.verdict = key;
    if (changed) calc.announce.textContent = french(verdictSentence(result));
    if (changed && key !== "incomplet") bringIntoView(calc);
  }

  // On a phone the source's warnings and the panel sit below the questions, out of sight: when a verdict arrives,
  // scroll up the warnings and the verdict together (the warnings are read first), or, when both do not fit, as
  // much of the warnings as fits above the verdict. At once for people who asked their system for reduced motion;
  // the focus stays where it is. Where the panel is beside the questions (a wide screen), it is already in view.
  var SMALL_SCREEN = "(max-width: 44.984375em)";

  function bringIntoView(calc) {
    if (!window.matchMedia || !window.matchMedia(SMALL_SCREEN).matches) return;
    var panel = calc.panel;
    var first = calc.container.querySelector(".reperes-warnings") || panel;
    var label = panel.querySelector(".reperes-result-label") || panel;
    var top = first.getBoundingClientRect().top, bottom = label.getBoundingClientRect().bottom;
    var header = parseFloat(getComputedStyle(panel).scrollMarginTop) || 0;  // clear of the site's sticky header
    if (top >= header && bottom <= window.innerHeight) return;  // already in view
    var atTop = top - header, verdictIn = bottom - window.innerHeight + 16;
    var by = verdictIn <= atTop ? atTop : verdictIn;  // the warnings at the top, unless the verdict would then be cut
    var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    window.scrollBy({ top: by, behavior: still ? "auto" : "smooth" });
  }

  // -- the panel beside the questions ---------------------------------------------------------------

  // On a wide screen the source's warnings and the result sit beside the questions, held below the site's header
  // while the reader scrolls (calculator.css: position sticky). Near the end of the questions, rather than slide up
  // with them (the verdict, at its top, would leave the screen), the panel gets shorter, its content scrolling
  // inside: the verdict stays in view while the last question is answered. (Its height never depends on its
  // own content here, so it cannot feed back into the layout.)
  var fitting = 0;

  function fitSides() {
    fitting = 0;
    document.querySelectorAll(".reperes-calc-side").forEach(function (side) {
      var style = getComputedStyle(side);
      if (style.position !== "sticky") {
        side.style.maxHeight = "";
        side.classList.remove("reperes-calc-side--short");
        return;
      }
      var top = parseFloat(style.top) || 0;
      var form = side.parentNode.querySelector("form.reperes-calc");
      var full = window.innerHeight - top - 12, room = form.getBoundingClientRect().bottom - top;
      side.style.maxHeight = Math.max(Math.min(room, full), 160) + "px";
      side.classList.toggle("reperes-calc-side--short", room < full);
      // Warnings that scroll inside must be reachable by keyboard too (a focusable region, named by its title).
      var warnings = side.querySelector(".reperes-warnings");
      if (warnings && warnings.scrollHeight > warnings.clientHeight + 1) warnings.setAttribute("tabindex", "0");
      else if (warnings) warnings.removeAttribute("tabindex");
    });
  }

  function scheduleFit() {
    if (!fitting) fitting = requestAnimationFrame(fitSides);
  }

  window.addEventListener("scroll", scheduleFit, { passive: true });
  window.addEventListener("resize", scheduleFit);
  // A new verdict, « Pourquoi » unfolded: the panel's content changes, so may what scrolls inside the warnings.
  var watchPanel = window.ResizeObserver ? function (panel) { new ResizeObserver(scheduleFit).observe(panel); } : function () {};

  // -- the record: copy and print --------------------------------------------------------------------

  // Copy and print say whether the result is complete; an incomplete one is marked as such.
  function showRecordState(calc, result) {
    // The engine gives a verdict only once no answer can change it: that verdict is the record.
    var complete = Boolean(result.ok && result.outcome !== "incomplet");
    var copyButton = calc.tools.querySelector("[data-copy]");
    copyButton.textContent = complete ? "Copier le résultat" : "Copier le résultat (incomplet)";
    calc.printButton.textContent = complete ? "Imprimer la fiche" : "Imprimer la fiche (incomplète)";
    calc.incomplete = complete ? "" : "RÉSULTAT INCOMPLET : " + (result.missing && result.missing.length
      ? (result.missing.length === 1 ? "une question reste sans réponse." : result.missing.length + " questions restent sans réponse.")
      : "le résultat peut encore changer.");
    calc.printMark.textContent = calc.incomplete;
    calc.printMark.hidden = complete;
  }

  function frenchDate(iso) {
    var parts = iso.split("-");
    return parts[2] + "/" + parts[1] + "/" + parts[0];
  }

  // Printed on top of the filled grid: the date, the tool, its version and source, the site (edition).
  function printHeader(calc) {
    var header = element("div", "reperes-print-header");
    var site = document.querySelector(".md-header__topic .md-ellipsis");
    var siteName = site ? site.textContent.trim() : "Repères";
    calc.printDate = element("p", "reperes-print-date", "Fiche remplie le " + frenchDate(today()) + ".");
    header.appendChild(calc.printDate);
    header.appendChild(element("p", null, "Outil en version " + calc.spec.version + " — " + siteName + " — " + calc.address));
    header.appendChild(element("p", null, "Source : " + calc.spec.source_text + "."));
    // Blank lines, filled by hand on paper: nothing typed on the page is printed or kept. Whom they name is the
    // page's (data-people, generator/render/calculator.py): a patient's tool, or a structure's.
    var people = element("div", "reperes-print-people");
    (calc.container.getAttribute("data-people") || "Patient|Professionnel").split("|").forEach(function (who) {
      who = who + " : ";
      var line = element("p", null, who);
      line.appendChild(element("span"));
      people.appendChild(line);
    });
    header.appendChild(people);
    calc.printMark = element("p", "reperes-print-incomplete");
    calc.printMark.hidden = true;
    header.appendChild(calc.printMark);
    calc.container.insertBefore(header, calc.container.firstChild);
  }

  // The date printed is the day of printing (a page left open overnight).
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".reperes-print-date").forEach(function (line) {
      line.textContent = "Fiche remplie le " + frenchDate(today()) + ".";
    });
  });

  // « Effacer les réponses »: every status goes, not only the answers.
  function resetStatuses(calc) {
    calc.tools.querySelector("[data-copy-status]").textContent = "";
    calc.notice.textContent = "";
    calc.notice.hidden = true;
    calc.announce.textContent = "";
    calc.verdict = undefined;
    if (window.location.search && window.history && window.history.replaceState) {
      // The answers given by the address are gone too: a reload must not bring them back.
      var url = new URL(window.location.href);
      url.search = "";
      window.history.replaceState(window.history.state, "", url.href);
    }
  }

  function renderGaps(calc, result, body) {
    if (calc.spec.report !== "ecarts") return;
    var titles = {};
    (calc.spec.groups || []).forEach(function (group) { titles[group.id] = group.title; });
    Object.keys(result.counts).forEach(function (group) {
      var c = result.counts[group];
      body.appendChild(element("p", "reperes-result-count", (titles[group] || group) + " : " + c["atteint"] + " atteint(s), " +
        c["partiel"] + " partiellement atteint(s), " + c["non-atteint"] + " non atteint(s), " + c["sans-reponse"] + " sans réponse."));
    });
    if (!result.gaps.length) {
      body.appendChild(element("p", null, "Aucun écart relevé pour l'instant."));
      return;
    }
    body.appendChild(element("p", "reperes-result-label", "Écarts et recommandations qui y répondent (" + result.gaps.length + ") :"));
    var list = element("ul", "reperes-gaps");
    result.gaps.forEach(function (gap) {
      var template = calc.container.querySelector('template[data-gap="' + gap.item + '"]');
      if (!template) return;
      var entry = template.content.cloneNode(true);
      entry.querySelector("[data-gap-level]").textContent = gap.label;  // the engine's scale label
      list.appendChild(entry);
    });
    body.appendChild(list);
  }

  // The FHIR QuestionnaireResponse is built in the worker; saving it is a local download, nothing is sent.
  function download(name, text) {
    var url = URL.createObjectURL(new Blob([text], { type: "application/fhir+json" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function copy(text, status, copied) {
    copied = copied || "Résultat copié dans le presse-papiers.";
    copied = french(copied);
    var done = function () { status.textContent = copied; };
    var fallback = function () {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
      document.body.removeChild(area);
      status.textContent = ok ? copied : "Copie impossible : sélectionnez le texte à la main.";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  function setStatus(calc) {
    if (engine.failed) {
      calc.status.textContent = french("Le calcul automatique n'a pas pu démarrer : " + engine.failed +
        ". Appliquez la règle de décision écrite plus bas.");
      calc.status.classList.add("reperes-calc-status--error");
    } else if (engine.ready) {
      calc.status.textContent = french("Calcul automatique prêt : le résultat se met à jour à chaque réponse.");
    }
  }

  function initCalculator(container) {
    if (container.getAttribute("data-ready")) return;
    container.setAttribute("data-ready", "1");
    var form = container.querySelector("form.reperes-calc");
    var calc = {
      container: container,
      form: form,
      // In a <template>: mkdocs-material's instant navigation re-runs every <script> of the new page as JavaScript.
      spec: JSON.parse(container.querySelector("template.reperes-spec").content.querySelector("script").textContent),
      panel: container.querySelector("[data-result-for]"),
      body: container.querySelector("[data-result-body]"),
      tools: container.querySelector("[data-result-tools]"),
      status: container.querySelector("[data-status]"),
      latest: 0,
      summary: "",
      whyOpen: false,
      // The tool's full page (from an embed too), for the printed sheet and the copied text.
      address: new URL(container.getAttribute("data-page") || window.location.pathname, window.location.href).href
    };
    addRecordControls(calc);
    watchPanel(calc.panel);
    calc.notice = element("p", "reperes-calc-notice");
    calc.notice.hidden = true;
    form.insertBefore(calc.notice, form.firstChild.nextSibling);
    prefill(form, calc.spec, calc.notice);
    if (window.location.protocol === "file:") {
      // Browsers refuse to start a Web Worker from a file: say so instead of showing a dead tool.
      calc.status.textContent = french("Le calcul automatique ne fonctionne pas quand le site est ouvert depuis un fichier : " +
        "servez le dossier du site (voir l'encadré en haut de la page) ou appliquez la règle de décision écrite plus bas.");
      calc.status.classList.add("reperes-calc-status--error");
      return;
    }
    var eng = startEngine(form.getAttribute("data-assets"));
    calc.status.textContent = "Chargement du moteur de calcul (Python, dans votre navigateur)…";

    var evaluate = function () {
      if (eng.failed) return;
      var seq = ++eng.seq;
      calc.latest = seq;
      eng.callbacks[seq] = function (message) { if (message.seq === calc.latest) render(calc, message); };
      eng.worker.postMessage({ type: "evaluate", seq: seq, spec: calc.spec, answers: readAnswers(form, calc.spec), today: today(),
        address: calc.address });
    };
    eng.listeners.push(function () { setStatus(calc); });
    if (eng.ready || eng.failed) setStatus(calc);
    form.addEventListener("change", evaluate);
    form.addEventListener("input", evaluate);
    form.addEventListener("reset", function () { resetStatuses(calc); setTimeout(evaluate, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    evaluate();
  }

  // The live region, the print header and the buttons under the result (copy, print, prefilled link, FHIR).
  function addRecordControls(calc) {
    // The panel itself is no longer live (it was re-read whole after every click): one sentence is.
    calc.body.removeAttribute("aria-live");
    calc.body.removeAttribute("aria-atomic");
    calc.announce = element("p", "reperes-sr-only");
    calc.announce.setAttribute("role", "status");
    calc.announce.setAttribute("aria-live", "polite");
    calc.announce.setAttribute("aria-atomic", "true");
    calc.announce.setAttribute("data-announce", "");
    calc.panel.appendChild(calc.announce);
    printHeader(calc);
    var status = calc.tools.querySelector("[data-copy-status]");
    var row = status.parentNode;  // the main buttons; the FHIR download has its own line below them
    calc.printButton = element("button", "md-button", "Imprimer la fiche");
    calc.printButton.type = "button";
    calc.printButton.setAttribute("data-print", "");
    var linkButton = element("button", "md-button", "Copier le lien pré-rempli");
    linkButton.type = "button";
    linkButton.setAttribute("data-prefill-link", "");
    row.insertBefore(calc.printButton, status);
    row.insertBefore(linkButton, status);
    row.insertBefore(document.createTextNode(" "), status);
    calc.tools.querySelector("[data-copy]").addEventListener("click", function () {
      copy(calc.incomplete ? calc.incomplete + "\n\n" + calc.summary : calc.summary, status);
    });
    calc.printButton.addEventListener("click", function () { window.print(); });
    linkButton.addEventListener("click", function () {
      var link = withAnswers(window.location.href, calc.form, calc.spec);
      copy(link, status, "Lien pré-rempli copié : " + link);
    });
    calc.tools.querySelector("[data-fhir]").addEventListener("click", function () {
      download(calc.spec.id + "-reponse.fhir.json", JSON.stringify(calc.fhir, null, 2));
      status.textContent = "Réponse FHIR enregistrée sur cet appareil (rien n'a été envoyé).";
    });
  }

  function attribute(text) {
    return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }

  // The code a trainer pastes: the iframe (its address with the answers given in the grid above, a prefilled
  // case; its height, for platforms that strip scripts, computed by the build from the tool: render/embed.py),
  // a link that works where scripts are stripped (Moodle often does), and a listener that resizes THIS iframe
  // only — messages are matched by their source window, so two tools on one page keep their own heights — and
  // only from this site's origin.
  function snippetCode(src, pageUrl, title, frameId, height) {
    var origin = new URL(src).origin;
    return '<iframe id="' + frameId + '" src="' + attribute(src) + '" title="' + attribute(title) +
      '" style="width:100%;border:0" height="' + height + '" loading="lazy"></iframe>\n' +
      '<p><a href="' + attribute(pageUrl) + '" target="_blank" rel="noopener">Ouvrir l\'outil « ' + attribute(title) +
      ' » dans un nouvel onglet</a></p>\n' +
      "<script>\n" +
      "(function () {\n" +
      '  var frame = document.getElementById("' + frameId + '");\n' +
      '  addEventListener("message", function (e) {\n' +
      '    if (e.origin !== "' + origin + '" || e.source !== frame.contentWindow || !e.data || e.data.type !== "reperes:resize") return;\n' +
      '    frame.style.height = e.data.height + "px";\n' +
      "  });\n" +
      "})();\n" +
      "</" + "script>";
  }

  function button(text) {
    var node = element("button", "md-button", text);
    node.type = "button";
    return node;
  }

  function initSnippets() {
    document.querySelectorAll(".reperes-embed-snippet").forEach(function (box) {
      if (box.getAttribute("data-ready")) return;
      box.setAttribute("data-ready", "1");
      var cid = box.getAttribute("data-criterion");
      var embed = new URL(box.getAttribute("data-embed-path"), window.location.href).href;
      var pageUrl = new URL(window.location.pathname, window.location.href).href;
      // A new identifier for each page view: two copies of the code never share one.
      var frameId = "reperes-" + cid + "-" + Math.random().toString(36).slice(2, 8);
      var code = box.querySelector("[data-snippet]");
      var container = document.querySelector('.reperes-calculator[data-criterion="' + cid + '"]');
      var form = container && container.querySelector("form.reperes-calc");
      var spec = form && JSON.parse(container.querySelector("template.reperes-spec").content.querySelector("script").textContent);
      var link = embed;
      var update = function () {  // the code and the link follow the answers given in the grid
        link = form ? withAnswers(embed, form, spec) : embed;
        code.textContent = snippetCode(link, pageUrl, box.getAttribute("data-title"), frameId, box.getAttribute("data-height"));
      };
      update();
      if (form) {
        form.addEventListener("change", update);
        form.addEventListener("input", update);
        form.addEventListener("reset", function () { setTimeout(update, 0); });
      }
      var status = element("span", null);
      status.setAttribute("role", "status");
      var copyCode = button("Copier le code d'intégration");
      copyCode.setAttribute("data-copy-embed", "");
      copyCode.addEventListener("click", function () {
        copy(code.textContent, status, "Code d'intégration copié dans le presse-papiers.");
      });
      var copyLink = button("Copier le lien de la page intégrable");
      copyLink.setAttribute("data-copy-embed-link", "");
      copyLink.addEventListener("click", function () {
        copy(link, status, "Lien de la page intégrable copié : " + link);
      });
      var row = element("p", "reperes-embed-actions");
      row.appendChild(copyCode);
      row.appendChild(document.createTextNode(" "));
      row.appendChild(copyLink);
      row.appendChild(document.createTextNode(" "));
      row.appendChild(status);
      box.appendChild(row);
    });
  }

  // Where the page that embeds us lives, if we can know it: an « ?origine= » parameter set by the
  // trainer, else what the browser tells (ancestorOrigins, referrer). Unknown: we send nothing.
  function embedOrigin() {
    var given = new URLSearchParams(window.location.search).get("origine");
    var candidates = [given,
      window.location.ancestorOrigins && window.location.ancestorOrigins.length ? window.location.ancestorOrigins[0] : null,
      document.referrer];
    for (var i = 0; i < candidates.length; i++) {
      if (!candidates[i]) continue;
      try {
        var origin = new URL(candidates[i]).origin;
        if (origin && origin !== "null") return origin;
      } catch (error) { /* not an address: try the next one */ }
    }
    return null;
  }

  function reportHeight() {
    // Inside a trainer's iframe: tell the host page our height so it can fit us exactly. The height
    // follows the content, so it differs with the verdict: the page that embeds the tool can infer
    // something of the result from it (README, « Intégrer »). It goes to that page's origin only.
    if (window.parent === window || !document.body.classList.contains("reperes-embed")) return;
    var origin = embedOrigin();
    if (!origin) return;  // the iframe keeps its fixed height and scrolls inside
    var container = document.querySelector(".reperes-calculator");
    var last = null, timer = null;
    var send = function () {
      // The content's own height: scrollHeight never drops below the iframe's current height, so it never shrank.
      var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      window.parent.postMessage({ type: "reperes:resize", criterion: container && container.getAttribute("data-criterion"),
        frame: window.name || null, height: height }, origin);
    };
    if (window.ResizeObserver) new ResizeObserver(send).observe(document.body);
    // Chromium does not render an off-screen cross-origin iframe (a second tool lower on the course
    // page), so its ResizeObserver stays silent: changes to the content are watched as well.
    if (window.MutationObserver) {
      new MutationObserver(function () {
        clearTimeout(timer);
        timer = setTimeout(send, 30);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    }
    send();
  }

  function init() {
    // Printing a tool page prints its record only; with instant navigation the next page may be a
    // reading page, printed whole.
    document.documentElement.classList.toggle("reperes-record", Boolean(document.querySelector(".reperes-calculator")));
    document.querySelectorAll(".reperes-calculator").forEach(initCalculator);
    initSnippets();
    scheduleFit();
  }

  if (window.document$ && typeof window.document$.subscribe === "function" && window.location.protocol !== "file:") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(); reportHeight(); });
  } else {
    init();
    reportHeight();
  }
})();
