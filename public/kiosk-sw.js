// The kiosk's service worker (scope /kiosk): a kiosk that reloads while the network or the server is
// down still starts, and then shows its last good content (kept in localStorage by the page).
// It never touches /api/trpc (the page decides what a failed call means) and caches nothing private:
// the kiosk page, the build's static files, and listing photos (public only for approved listings).
const CACHE = "tessera-kiosk-v1";
const PAGE = "/kiosk";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("tessera-kiosk-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// The page lists the static files it loaded before this worker took control.
self.addEventListener("message", (event) => {
  const urls = event.data && event.data.type === "cache" && Array.isArray(event.data.urls) ? event.data.urls : [];
  const own = urls.filter(
    (u) =>
      typeof u === "string" &&
      new URL(u, self.location.origin).origin === self.location.origin &&
      new URL(u, self.location.origin).pathname.startsWith("/_next/static/"),
  );
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => Promise.all(own.map((u) => cache.add(new Request(u, { credentials: "omit" })).catch(() => undefined)))),
  );
});

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/trpc")) return;
  if (request.mode === "navigate" && url.pathname === PAGE) {
    event.respondWith(networkFirst(request, PAGE));
  } else if (url.pathname.startsWith("/_next/static/")) {
    event.respondWith(cacheFirst(request));
  } else if (url.pathname.startsWith("/api/uploads/")) {
    event.respondWith(networkFirst(request, request));
  }
});
