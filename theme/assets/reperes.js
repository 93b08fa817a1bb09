/* Repères — progressive enhancement of reference tables: sorting and filtering.
   Without JavaScript every table is complete and readable. Works with
   mkdocs-material instant navigation (document$) and with plain page loads. */
(function () {
  "use strict";

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  function compare(a, b) {
    var na = parseFloat(a.replace(",", ".")), nb = parseFloat(b.replace(",", "."));
    if (!isNaN(na) && !isNaN(nb) && /^\d/.test(a) && /^\d/.test(b)) return na - nb;
    return a.localeCompare(b, "fr", { sensitivity: "base", numeric: true });
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "reperes-sort";
      button.textContent = th.textContent;
      button.setAttribute("aria-label", "Trier par « " + th.textContent.trim() + " »");
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var result = compare(cellText(r1, index), cellText(r2, index));
          return ascending ? result : -result;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function makeFilterable(wrapper, table, columns) {
    var headers = table.tHead.rows[0].cells;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var bar = document.createElement("div");
    bar.className = "reperes-filters";
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    status.className = "reperes-filter-status";
    var selects = [];
    columns.forEach(function (index) {
      var values = {};
      rows.forEach(function (row) {
        cellText(row, index).split(",").forEach(function (v) { v = v.trim(); if (v) values[v] = true; });
      });
      var label = document.createElement("label");
      label.textContent = headers[index].textContent.trim();
      var select = document.createElement("select");
      var all = document.createElement("option");
      all.value = ""; all.textContent = "Tous";
      select.appendChild(all);
      Object.keys(values).sort(compare).forEach(function (v) {
        var option = document.createElement("option");
        option.value = v; option.textContent = v;
        select.appendChild(option);
      });
      select.addEventListener("change", apply);
      label.appendChild(select);
      bar.appendChild(label);
      selects.push({ index: index, select: select });
    });
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var ok = selects.every(function (s) {
          if (!s.select.value) return true;
          return cellText(row, s.index).split(",").map(function (v) { return v.trim(); }).indexOf(s.select.value) >= 0;
        });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      status.textContent = shown + " ligne(s) affichée(s) sur " + rows.length;
    }
    wrapper.insertBefore(bar, wrapper.firstChild);
    wrapper.insertBefore(status, bar.nextSibling);
    apply();
  }

  function enhance() {
    document.querySelectorAll(".reperes-table").forEach(function (wrapper) {
      if (wrapper.dataset.enhanced) return;
      wrapper.dataset.enhanced = "1";
      var table = wrapper.querySelector("table");
      if (!table || !table.tHead) return;
      if (wrapper.hasAttribute("data-sortable")) makeSortable(table);
      var filter = wrapper.getAttribute("data-filter");
      if (filter) makeFilterable(wrapper, table, filter.split(",").map(Number));
    });
  }

  // WCAG 2.1.1: a table wider than the page scrolls inside mkdocs-material's wrapper, which keyboard
  // users can scroll (arrow keys) only if it takes the focus: a named, focusable region, as long as
  // it does scroll (re-checked when the window is resized).
  function scrollRegions() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Tableau à faire défiler horizontalement");
        wrap.setAttribute("data-reperes-scroll", "");
      } else if (!scrolls && wrap.hasAttribute("data-reperes-scroll")) {
        ["tabindex", "role", "aria-label", "data-reperes-scroll"].forEach(function (a) { wrap.removeAttribute(a); });
      }
    });
  }

  var resizing = null;
  window.addEventListener("resize", function () {
    if (resizing) cancelAnimationFrame(resizing);
    resizing = requestAnimationFrame(scrollRegions);
  });

  // Opened from a file (a zip unpacked on a share): say how to serve the folder, and make the links
  // to folders (« outils/ ») open their index.html instead of a directory listing.
  function fromFile() {
    if (window.location.protocol !== "file:") return;
    document.querySelectorAll("[data-file-notice]").forEach(function (notice) { notice.hidden = false; });
    document.querySelectorAll("a[href]").forEach(function (link) {
      var href = link.getAttribute("href");
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.charAt(0) === "#") return;
      link.setAttribute("href", href.replace(/(^|\/)(#|\?|$)/, "$1index.html$2"));
    });
  }

  function init() {
    fromFile();
    enhance();
    scrollRegions();
    requestAnimationFrame(scrollRegions); // after mkdocs-material has wrapped this page's tables
  }

  // Search: mkdocs-material reads its search box on « keyup » only, so text pasted with the mouse,
  // dictated or filled in by the browser never started a search. Every « input » event now does.
  // A synthetic keyup carries no key: the theme's keyboard shortcuts (on keydown) are not triggered.
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (box && box.classList && box.classList.contains("md-search__input")) {
      box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    }
  }, true);

  // Offline use: the service worker at the site root caches the site after a first visit. An embed page (in a
  // trainer's iframe, data-offline="embed"), where no worker of the site is registered yet, registers it as
  // « sw.js?embed »: it then keeps the embed pages and what they load, not the whole site (generator/site/sw.js).
  var script = document.currentScript;
  if ("serviceWorker" in navigator && script && window.isSecureContext) {
    var root = new URL("../", script.src);
    var register = function (query) {
      navigator.serviceWorker.register(new URL("sw.js" + query, root).href, { scope: root.pathname }).catch(function () {});
    };
    if (document.body && document.body.getAttribute("data-offline") === "embed") {
      navigator.serviceWorker.getRegistration(root.href).then(function (existing) {
        if (!existing || existing.scope !== root.href) register("?embed");  // the site's own worker covers embeds too
      }).catch(function () {});
    } else {
      register("");
    }
  }

  // From a file, the theme's document$ never fires: initialise on the page load itself.
  if (window.document$ && typeof window.document$.subscribe === "function" && window.location.protocol !== "file:") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
