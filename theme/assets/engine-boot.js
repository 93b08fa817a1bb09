/* Repères — loaded in <head> of calculator pages only: starts the engine's Web Worker (Pyodide)
   while the rest of the page is still being parsed. calculator.js adopts this worker; messages
   it sends before calculator.js listens are kept, not lost. */
(function () {
  "use strict";
  try {
    var worker = new Worker(new URL("engine/engine-worker.mjs", document.currentScript.src).href, { type: "module" });
    var early = [];
    var boot = { worker: worker, early: early, failed: false };
    worker.onmessage = function (event) { early.push(event); };
    worker.onerror = function () { boot.failed = true; };  // reported by calculator.js, not lost
    window.__reperesBoot = boot;
  } catch (error) {
    window.__reperesBoot = null; // calculator.js will try again and report the failure
  }
})();
