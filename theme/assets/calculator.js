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
    if (item.answers === "entier") {
      var field = form.elements[item.id];
      field.value = value;
      return field.value === value; // a number field silently empties what is not a number (« beaucoup »)
    }
    var input = form.querySelector('input[name="' + item.id + '"][value="' + CSS.escape(value) + '"]');
    if (input) input.checked = true;
    return Boolean(input);
  }

  function prefill(form, spec, notice) {
    var params = new URLSearchParams(window.location.search);
    var byId = {};
    spec.items.forEach(function (item) { byId[item.id] = item; });
    var ignored = [];
    params.forEach(function (value, key) {
      if (!byId[key] || !setAnswer(form, byId[key], value)) ignored.push(key + "=" + value);
    });
    if (ignored.length) {
      notice.textContent = "Paramètres de l'adresse ignorés (question ou réponse inconnue) : " + ignored.join(", ") + ".";
      notice.hidden = false;
    }
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function formatScore(result, spec) {
    if (result.score === null || result.score === undefined) return null;
    if (spec.score && spec.score.ratio) {
      var unit = function (n) { return n + (n > 1 ? " gestionnaires de cas à temps plein" : " gestionnaire de cas à temps plein"); };
      if (result.score_max !== null && result.score_max !== undefined && result.score_max !== result.score) {
        return "Estimation : de " + result.score + " à " + unit(result.score_max) + ".";
      }
      return "Estimation : " + unit(result.score) + ".";
    }
    return "Nombre de réponses « " + (spec.score.equals || "oui") + " » : " + result.score + ".";
  }

  function traceText(step) {
    var value = step.value === true ? "vrai" : step.value === false ? "faux" : "pas encore déterminé";
    return step.text + " → " + value;
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
      return;
    }
    calc.panel.removeAttribute("data-error");
    // Gated questions appear only when the engine says they are asked.
    calc.container.querySelectorAll("fieldset[data-gated]").forEach(function (fieldset) {
      fieldset.hidden = result.asked.indexOf(fieldset.getAttribute("data-item")) < 0;
    });
    var template = calc.container.querySelector('template[data-outcome="' + result.outcome + '"]');
    if (template) {
      body.appendChild(template.content.cloneNode(true));
    } else {
      body.appendChild(element("p", "reperes-result-label", result.label));
      body.appendChild(element("p", null, result.interpretation));
    }
    renderGaps(calc, result, body);
    var score = formatScore(result, calc.spec);
    if (score) body.appendChild(element("p", "reperes-result-score", score));
    if (result.missing.length && result.outcome === "incomplet") {
      body.appendChild(element("p", "reperes-result-missing", result.missing.length === 1
        ? "Il reste une question à remplir." : "Il reste " + result.missing.length + " questions à remplir."));
    }
    if (result.trace.length) {
      var why = element("details", "reperes-result-why");
      why.appendChild(element("summary", null, "Pourquoi ce résultat ?"));
      var list = element("ul");
      result.trace.forEach(function (step) { list.appendChild(element("li", null, traceText(step))); });
      why.appendChild(list);
      body.appendChild(why);
    }
    body.appendChild(element("p", "reperes-result-source", "Source : " + calc.spec.source_text + "."));
    calc.summary = message.summary;
    calc.fhir = message.fhir;
    calc.tools.hidden = false;
    calc.panel.setAttribute("data-engine-mode", message.mode || "normal");
    calc.panel.setAttribute("data-outcome", result.outcome);
    calc.panel.setAttribute("data-positive", String(result.positive));
    calc.panel.setAttribute("data-complete", String(result.complete));
  }

  var LEVELS = { "partiel": "partiellement atteint", "non-atteint": "non atteint" };

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
      entry.querySelector("[data-gap-level]").textContent = LEVELS[gap.value] || gap.value;
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

  function copy(text, status) {
    var done = function () { status.textContent = "Résultat copié dans le presse-papiers."; };
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
      status.textContent = ok ? "Résultat copié dans le presse-papiers." : "Copie impossible : sélectionnez le résultat à la main.";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  function setStatus(calc) {
    if (engine.failed) {
      calc.status.textContent = "Le calcul automatique n'a pas pu démarrer : " + engine.failed +
        ". Appliquez la règle de décision écrite plus bas.";
      calc.status.classList.add("reperes-calc-status--error");
    } else if (engine.ready) {
      calc.status.textContent = "Calcul automatique prêt : le résultat se met à jour à chaque réponse.";
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
      summary: ""
    };
    var eng = startEngine(form.getAttribute("data-assets"));
    calc.status.textContent = "Chargement du moteur de calcul (Python, dans votre navigateur)…";
    var notice = element("p", "reperes-calc-notice");
    notice.hidden = true;
    form.insertBefore(notice, form.firstChild.nextSibling);
    prefill(form, calc.spec, notice);

    var evaluate = function () {
      if (eng.failed) return;
      var seq = ++eng.seq;
      calc.latest = seq;
      eng.callbacks[seq] = function (message) { if (message.seq === calc.latest) render(calc, message); };
      eng.worker.postMessage({ type: "evaluate", seq: seq, spec: calc.spec, answers: readAnswers(form, calc.spec), today: today() });
    };
    eng.listeners.push(function () { setStatus(calc); });
    if (eng.ready || eng.failed) setStatus(calc);
    form.addEventListener("change", evaluate);
    form.addEventListener("input", evaluate);
    form.addEventListener("reset", function () { setTimeout(evaluate, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    calc.tools.querySelector("[data-copy]").addEventListener("click", function () {
      copy(calc.summary, calc.tools.querySelector("[data-copy-status]"));
    });
    calc.tools.querySelector("[data-fhir]").addEventListener("click", function () {
      download(calc.spec.id + "-reponse.fhir.json", JSON.stringify(calc.fhir, null, 2));
      calc.tools.querySelector("[data-copy-status]").textContent = "Réponse FHIR enregistrée sur cet appareil (rien n'a été envoyé).";
    });
    evaluate();
  }

  function initSnippets() {
    document.querySelectorAll(".reperes-embed-snippet").forEach(function (box) {
      if (box.getAttribute("data-ready")) return;
      box.setAttribute("data-ready", "1");
      var url = new URL(box.getAttribute("data-embed-path"), window.location.href);
      var code = box.querySelector("[data-snippet]");
      code.textContent =
        '<iframe src="' + url.href + '" title="' + box.getAttribute("data-title") + '" style="width:100%;border:0" height="900" loading="lazy"></iframe>\n' +
        "<script>\n" +
        'addEventListener("message", function (e) {\n' +
        '  if (e.origin !== "' + url.origin + '" || !e.data || e.data.type !== "reperes:resize") return;\n' +
        '  document.querySelectorAll(\'iframe[src^="' + url.href + '"]\').forEach(function (f) { f.style.height = e.data.height + "px"; });\n' +
        "});\n" +
        "</" + "script>";
      var button = element("button", "md-button", "Copier le code d'intégration");
      button.type = "button";
      var status = element("span", null);
      status.setAttribute("role", "status");
      button.addEventListener("click", function () { copy(code.textContent, status); });
      box.appendChild(button);
      box.appendChild(status);
    });
  }

  function reportHeight() {
    // Inside a trainer's iframe: tell the host page our height so it can fit us exactly.
    if (window.parent === window || !document.body.classList.contains("reperes-embed")) return;
    var container = document.querySelector(".reperes-calculator");
    var send = function () {
      window.parent.postMessage({ type: "reperes:resize", criterion: container && container.getAttribute("data-criterion"),
        // The content's own height: scrollHeight never drops below the iframe's current height, so it never shrank.
        height: Math.ceil(document.documentElement.getBoundingClientRect().height) }, "*");
    };
    if (window.ResizeObserver) new ResizeObserver(send).observe(document.body);
    send();
  }

  function init() {
    document.querySelectorAll(".reperes-calculator").forEach(initCalculator);
    initSnippets();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(); reportHeight(); });
  } else {
    init();
    reportHeight();
  }
})();
