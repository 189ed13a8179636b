// Starts the production build for the browser tests on a fresh database: a new Postgres database
// when DATABASE_URL is set, else a new PGlite folder. Migrates, seeds the demo data, builds, starts.
import { spawn, spawnSync } from "node:child_process";
import http from "node:http";
import fs from "node:fs";
import postgres from "postgres";
import { openDatabase } from "../db/client";
import { seedDemo } from "../db/demo";
import { startSmtpCatcher } from "../tests/support/smtp-catcher";

const port = process.argv[2] ?? "3100";
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  TESSERA_DEMO: "1",
  APP_URL: `http://127.0.0.1:${port}`,
};
// The test runner resolves `server-only` with the react-server condition (package.json, test:e2e);
// Next's build and server choose their own conditions per bundle, so it must not reach them.
delete env.NODE_OPTIONS;

if (process.env.DATABASE_URL) {
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  // TEST_DB_SUFFIX lets several checkouts run their browser tests on one PostgreSQL server at once.
  const name = `tessera_e2e${process.env.TEST_DB_SUFFIX ?? ""}`;
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
} else {
  env.PGLITE_DIR = ".data/e2e-pglite";
  fs.rmSync(env.PGLITE_DIR, { recursive: true, force: true });
}

const handle = await openDatabase({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, migrate: true, max: 1 });
await seedDemo(handle.db);
await handle.close();

if (!process.env.E2E_SKIP_BUILD) {
  const build = spawnSync("npx", ["next", "build"], { env, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// A real SMTP server catches the app's mail (a production start refuses without SMTP_URL).
const catcher = await startSmtpCatcher(Number(process.env.E2E_SMTP_PORT ?? 0));
env.SMTP_URL = catcher.url;
console.log(`E2E mail catcher: ${catcher.url}`);
// The browser tests read what it caught over HTTP (GET /mails), as a person reads a web inbox.
const inbox = http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/mails") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(catcher.mails));
  } else res.writeHead(404).end();
});
inbox.listen(Number(port) + 5, "127.0.0.1");

// The production server (server.ts): Next's pages and tRPC's Node adapter on one port, as `npm start` runs it.
const server = spawn("npx", ["tsx", "server.ts", "--port", port, "--hostname", "127.0.0.1"], { env, stdio: "inherit" });
const stop = () => server.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
server.on("exit", (code) => process.exit(code ?? 0));
