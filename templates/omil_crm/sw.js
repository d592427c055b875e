/* OMIL CRM service worker (served at /sw.js by omil_crm/base/offline.py).
 *
 * - Static files: cache first (their names change with their content in production).
 * - Pages: always the network first. Without signal, a page kept on purpose for offline use
 *   (static/js/offline.js keeps them in the "omil-pages" cache) or else the «Sin conexión»
 *   page.
 * - Only GET is ever answered from or put in a cache: a form sent (POST) always goes to the
 *   server, and offline.js keeps it on the phone when it cannot.
 */
const CONFIG = {{ config|safe }};
const STATIC_CACHE = "omil-static-v" + CONFIG.version;
const PAGES_CACHE = "omil-pages";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(STATIC_CACHE)
      .then((cache) => cache.addAll([CONFIG.offlineUrl, ...CONFIG.shell]))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("omil-static-") && name !== STATIC_CACHE)
            .map((name) => caches.delete(name))
        )
      )
      .then(() => self.clients.claim())
  );
});

async function cacheFirst(request) {
  const kept = await caches.match(request, { ignoreVary: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    const cache = await caches.open(STATIC_CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

async function networkFirst(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const pages = await caches.open(PAGES_CACHE);
    const kept = await pages.match(request, { ignoreVary: true });
    if (kept) return kept;
    const fallback = await caches.match(CONFIG.offlineUrl, { ignoreVary: true });
    return fallback || Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(CONFIG.staticPrefix)) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(networkFirst(request));
  }
});
