// The app's service worker (scope /): when a page cannot be loaded because there is no network, it
// answers with the offline page, which says what still works. It stores nothing private: only the
// offline page itself is cached, and only navigations are ever answered (the kiosk has its own
// worker with the narrower /kiosk scope, which takes precedence there).
const CACHE = "tessera-app-v1";
const OFFLINE = "/offline";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.add(new Request(OFFLINE, { credentials: "omit" })))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("tessera-app-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.mode !== "navigate" || request.method !== "GET") return;
  event.respondWith(
    fetch(request).catch(async () => {
      const cached = await caches.match(OFFLINE);
      return cached ?? Response.error();
    }),
  );
});
