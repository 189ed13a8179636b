// The production server (`npm start`, `npm run demo`): Next's pages and tRPC's Node adapter on one
// port (server/http/node-server.ts), in WEB_CONCURRENCY worker processes (default: one per core;
// always one on the embedded database). `npm run dev` is still `next dev`.
//
//   npm start -- --port 3000 --hostname 127.0.0.1      (or PORT / HOST)
import cluster from "node:cluster";
import { register } from "node:module";

register("./server/http/server-only-hook.mjs", import.meta.url);
// Next serves the production build; like `next start`, this server is production.
if (!process.env.NODE_ENV) Object.assign(process.env, { NODE_ENV: "production" });

const { listenOptions, workerCount } = await import("./server/http/workers");

function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

let workers: number;
let listen: ReturnType<typeof listenOptions>;
try {
  workers = workerCount();
  listen = listenOptions();
} catch (err) {
  fail((err as Error).message);
}

async function serve() {
  const { default: next } = await import("next");
  const { createAppServer, closeServer } = await import("./server/http/node-server");
  const app = next({ dev: false, dir: process.cwd(), hostname: listen.host ?? "localhost", port: listen.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createAppServer({ ...listen, next: (req, res) => handle(req, res) });
  server.listen(listen.port, listen.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : listen.port;
    const who = cluster.isWorker ? `worker ${cluster.worker?.id}` : "server";
    console.log(`Tessera ${who} (pid ${process.pid}) ready on http://${listen.host ?? "localhost"}:${port}`);
  });
  // Background work: the notification outbox's mail and the kiosk watch (every server runs one;
  // rows are claimed with SKIP LOCKED, so two never send the same mail).
  const { startNotifications } = await import("./server/notifications/start");
  const notifications = await startNotifications();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await closeServer(server);
    await notifications.stop().catch(() => {});
    const { closeDatabase } = await import("./db/client");
    await closeDatabase().catch(() => {});
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (workers > 1 && cluster.isPrimary) {
  // Settings are checked (and the demo's secrets written) once, before any worker starts.
  await import("./server/startup-check");
  console.log(`Tessera starting ${workers} workers`);
  let stopping = false;
  const recentCrashes: number[] = [];
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`Worker ${worker.id} stopped (${signal ?? `exit ${code}`}); starting another.`);
    const now = Date.now();
    recentCrashes.push(now);
    while (recentCrashes.length > 0 && recentCrashes[0]! < now - 60_000) recentCrashes.shift();
    // A worker that cannot start (a bad setting, the port taken) would fail again at once.
    if (recentCrashes.length > workers * 3) fail("Workers keep stopping; giving up.");
    cluster.fork();
  });
  const stopAll = () => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on("SIGTERM", stopAll);
  process.on("SIGINT", stopAll);
} else {
  await serve();
}
