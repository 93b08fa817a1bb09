// Repères — service worker: the site keeps working offline after a first visit.
// The build writes the manifest below: every file of the site with its revision (the hash of its bytes).
// Pages, search index and theme files are stored at install; the Python runtime (assets/pyodide/,
// assets/engine/) only once a calculator of this site has run (reading pages never download it).
// An update downloads only the files whose revision changed, past the HTTP cache, and checks each one
// against its revision; the rest is copied from the previous version. Every page request (a navigation,
// or the theme's instant navigation fetching a page) goes to the network first, so an update shows at
// once when online. The worker reads and deletes only its own caches (named after its scope), and deletes
// those of Repères' first worker (see LEGACY): another application on the same origin keeps its own. Nothing a user types is stored: addresses carrying
// answers (a query string) are never written to the cache.
const MANIFEST = __MANIFEST__;
const SCOPE = self.registration.scope;
const PREFIX = `reperes-${scopeKey(SCOPE)}-`;
const CACHE = PREFIX + MANIFEST.version;
const REVISION = "X-Reperes-Revision";
const absolute = (files) => new Map(Object.entries(files).map(([path, revision]) => [new URL(path, SCOPE).href, revision]));
const PRECACHE = absolute(MANIFEST.precache);
const RUNTIME = absolute(MANIFEST.runtime);
const RUNTIME_FOLDERS = MANIFEST.runtime_folders.map((folder) => new URL(folder, SCOPE).href);
const storing = new Map(); // runtime url → the promise storing it (a page may ask to keep it meanwhile)

function scopeKey(scope) {
  let hash = 0x811c9dc5; // FNV-1a: a fixed-length key, so no scope's prefix is the start of another's
  for (const char of scope) hash = Math.imul(hash ^ char.codePointAt(0), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, "0");
}

async function ownCaches() {
  return (await caches.keys()).filter((name) => name.startsWith(PREFIX));
}

async function hex(buffer) {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// The response as stored: refused unless its bytes are the ones the build listed under that revision.
async function verified(response, revision) {
  if (!response.ok) throw new Error(`${response.url}: ${response.status}`);
  const body = await response.arrayBuffer();
  if (!(await hex(body)).startsWith(revision)) throw new Error(`${response.url}: not revision ${revision}`);
  const headers = new Headers(response.headers);
  headers.set(REVISION, revision);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

async function download(url, revision) {
  return verified(await fetch(url, { cache: "reload", credentials: "same-origin" }), revision);
}

async function keptRuntime(previous) {
  for (const old of previous) {
    if ((await old.keys()).some((request) => RUNTIME_FOLDERS.some((folder) => request.url.startsWith(folder)))) return true;
  }
  return false;
}

async function eachLimited(items, limit, task) {
  let next = 0;
  const worker = async () => { while (next < items.length) await task(items[next++]); };
  await Promise.all(Array.from({ length: limit }, worker));
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const previous = await Promise.all((await ownCaches()).filter((name) => name !== CACHE).map((name) => caches.open(name)));
    const find = async (url) => {
      for (const old of previous) {
        const hit = await old.match(url);
        if (hit) return hit;
      }
      return null;
    };
    // A visitor whose calculator ran keeps the runtime: this version's runtime files, new or changed ones included.
    const kept = (await keptRuntime(previous)) ? [...RUNTIME] : [];
    await eachLimited([...PRECACHE, ...kept], 6, async ([url, revision]) => {
      const current = await cache.match(url); // an interrupted install, resumed
      if (current && current.headers.get(REVISION) === revision) return;
      const old = await find(url);
      await cache.put(url, old && old.headers.get(REVISION) === revision ? old : await download(url, revision));
    });
    await self.skipWaiting();
  })());
});

// Caches of the first offline version of Repères (before the worker named them after its scope): pages
// « reperes-<16 hex> », runtime « reperes-pyodide-<version> ». No other worker writes these names, and a
// site publishes all its scopes at once, so the first new worker anywhere on the origin deletes them.
const LEGACY = /^reperes-(?:[0-9a-f]{16}|pyodide-[0-9A-Za-z.+-]+)$/;

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const stale = (await caches.keys()).filter((name) => (name.startsWith(PREFIX) && name !== CACHE) || LEGACY.test(name));
    await Promise.all(stale.map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

// A calculator page of this site whose engine has started asks to keep the runtime for offline use.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "keep-runtime" || !Array.isArray(data.urls)) return;
  const source = event.source;
  if (!source || typeof source.url !== "string" || !source.url.startsWith(SCOPE)) return; // only our own pages
  const urls = data.urls.filter((url) => typeof url === "string" && RUNTIME.has(url)); // exactly our files
  event.waitUntil(keep(urls));
});

async function keep(urls) {
  const cache = await caches.open(CACHE);
  for (const url of urls) {
    await (storing.get(url) || Promise.resolve()).catch(() => {});
    if (await cache.match(url)) continue; // only what is missing
    await download(url, RUNTIME.get(url)).then((response) => cache.put(url, response)).catch(() => {});
  }
}

function isPage(request, url) {
  return request.mode === "navigate" || url.pathname.endsWith("/") || url.pathname.endsWith(".html");
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || !url.href.startsWith(SCOPE)) return; // not ours: the browser handles it
  event.respondWith(isPage(request, url) ? page(request, url) : asset(event, request, url));
});

async function page(request, url) {
  try {
    return await fetch(request, { cache: "no-cache" }); // revalidated: never a stale page from the HTTP cache
  } catch (offline) {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(url.origin + url.pathname); // the page without the answers of its address
    if (hit) return hit;
    if (request.mode === "navigate") return (await cache.match(SCOPE)) || Response.error();
    return Response.error();
  }
}

async function asset(event, request, url) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const response = await fetch(request);
  const revision = url.search === "" ? RUNTIME.get(url.href) : undefined;
  if (revision && response.ok && !storing.has(url.href)) {
    // The runtime fetched by a calculator: stored as it passes (checked), so keeping it costs no second download.
    const store = verified(response.clone(), revision).then((copy) => cache.put(url.href, copy))
      .catch(() => {}).finally(() => storing.delete(url.href));
    storing.set(url.href, store);
    event.waitUntil(store);
  }
  return response;
}
