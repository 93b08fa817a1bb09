// Repères — service worker: the site keeps working offline after a first visit.
// Pages, search index and theme assets are cached at install; the Pyodide runtime is cached the
// first time a calculator loads it (reading pages never download it). Pages are served network
// first (so updates show when online), everything else cache first. Nothing a user types is cached:
// answers never leave the page.
const VERSION = __VERSION__;
const PRECACHE = __PRECACHE__;
const RUNTIME = __RUNTIME_CACHE__;
const CACHE = `reperes-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE && k !== RUNTIME).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// A calculator page whose engine has started asks us to keep the runtime for offline use.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "keep-runtime" && Array.isArray(data.urls)) {
    const urls = data.urls.filter((u) => new URL(u).origin === self.location.origin);
    event.waitUntil(caches.open(RUNTIME).then(async (cache) => {
      for (const url of urls) {
        if (!(await caches.match(url))) await cache.add(url).catch(() => {}); // only what is missing
      }
    }));
  }
});

function runtimeCacheable(url) {
  return url.pathname.includes("/assets/pyodide/");
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).catch(() => caches.match(request, { ignoreSearch: true })
        .then((hit) => hit || caches.match(new URL("./", self.registration.scope).href))),
    );
    return;
  }
  event.respondWith(
    caches.match(request, { ignoreSearch: true }).then((hit) => {
      if (hit) return hit;
      return fetch(request).then((response) => {
        if (response.ok && runtimeCacheable(url)) {
          const copy = response.clone();
          caches.open(RUNTIME).then((cache) => cache.put(request, copy));
        }
        return response;
      });
    }),
  );
});
