// Two production servers (server.ts) on one PostgreSQL database, signed-in callers for them
// (session cookies minted with the servers' own secret), and a reader of tRPC's SSE streams.
// Used by the two-server live test (tests/orders-live-servers.test.ts) and `npm run bench:messages`.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import superjson from "superjson";
import { encode } from "next-auth/jwt";
import { openDatabase, type Database, type DatabaseHandle } from "../db/client";
import { openSession } from "../server/auth/device-sessions";
import { seedDemo } from "../db/demo";
import { randomBytes } from "node:crypto";

export const ROOT = path.resolve(new URL("..", import.meta.url).pathname);
const COOKIE = "authjs.session-token";

/** A fresh database `name` on the server of `url`, migrated and seeded with the demo data. */
export async function freshSeededDatabase(
  url: string,
  name: string,
): Promise<{ url: string; handle: DatabaseHandle; drop: () => Promise<void> }> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const handle = await openDatabase({ url: u.toString(), migrate: true, max: 20 });
  await seedDemo(handle.db);
  return {
    url: u.toString(),
    handle,
    drop: async () => {
      await handle.close().catch(() => {});
      const again = postgres(url, { max: 1, onnotice: () => {} });
      await again.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await again.end();
    },
  };
}

/** Builds the production app unless a build is already there. */
export function ensureBuild(env: NodeJS.ProcessEnv) {
  if (fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return;
  const build = spawnSync("npx", ["next", "build"], { cwd: ROOT, env, stdio: "inherit" });
  if (build.status !== 0) throw new Error("next build failed");
}

export interface Server {
  port: number;
  base: string;
  child: ChildProcess;
  output: string[];
  stop: () => Promise<void>;
}

/** This run's secrets, random and shared by both servers (and the cookies minted below). */
export const RUN_SECRETS = {
  AUTH_SECRET: randomBytes(36).toString("base64url"),
  NID_HMAC_KEY: randomBytes(36).toString("base64url"),
  ALIAS_HMAC_KEY: randomBytes(36).toString("base64url"),
};

export function serverEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...RUN_SECRETS,
    NODE_ENV: "production",
    TESSERA_DEMO: "1",
    DATABASE_URL: databaseUrl,
    WEB_CONCURRENCY: "1",
    // A production start requires a mail server; these runs measure live delivery, not mail, so
    // mail goes to a closed port and waits in the outbox (retried with backoff) unless one is given.
    SMTP_URL: process.env.SMTP_URL ?? "smtp://127.0.0.1:9",
  };
  // The test runner's react-server condition is for loading server modules in tests; Next's server
  // chooses its own conditions per bundle.
  delete env.NODE_OPTIONS;
  return env;
}

/** The production server (server.ts) on a port, resolved once it answers; `workers` worker processes. */
export async function startServer(port: number, databaseUrl: string, workers = 1): Promise<Server> {
  const env = { ...serverEnv(databaseUrl), APP_URL: `http://127.0.0.1:${port}`, WEB_CONCURRENCY: String(workers) };
  const child = spawn("npx", ["tsx", "server.ts", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const keep = (b: Buffer) => {
    output.push(...b.toString().split("\n").filter(Boolean));
    if (output.length > 80) output.splice(0, output.length - 80);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const gone = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server on ${port} exited:\n${output.join("\n")}`);
    try {
      const res = await fetch(`${base}/login`);
      if (res.ok) return { port, base, child, output, stop };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  await stop();
  throw new Error(`server on ${port} did not start:\n${output.join("\n")}`);
}

/**
 * A session cookie for a user, signed as next-auth signs them (the servers' AUTH_SECRET), naming a
 * device session opened for it as sign-in opens one.
 */
export async function sessionCookie(db: Database, user: { id: string; sessionVersion: number }): Promise<string> {
  const secret = RUN_SECRETS.AUTH_SECRET;
  const sid = await openSession(db, { userId: user.id, ip: "127.0.0.1", userAgent: "bench" });
  const token = await encode({
    token: { uid: user.id, sv: user.sessionVersion, sid, sub: user.id },
    secret,
    salt: COOKIE,
    maxAge: 3600,
  });
  return `${COOKIE}=${token}`;
}

/** Calls a mutation (or query, with method GET) over HTTP as the app's client does. */
export async function callProcedure<T = unknown>(
  base: string,
  cookie: string,
  pathName: string,
  input: unknown,
  method: "POST" | "GET" = "POST",
): Promise<T> {
  const payload = JSON.stringify(superjson.serialize(input));
  const res =
    method === "POST"
      ? await fetch(`${base}/api/trpc/${pathName}`, {
          method,
          headers: { cookie, "content-type": "application/json" },
          body: payload,
        })
      : await fetch(`${base}/api/trpc/${pathName}?input=${encodeURIComponent(payload)}`, { headers: { cookie } });
  const body = (await res.json()) as { result?: { data: unknown }; error?: { json: { message: string } } };
  if (!res.ok || !body.result) throw new Error(`${pathName} failed (${res.status}): ${JSON.stringify(body.error ?? body)}`);
  return superjson.deserialize(body.result.data as never) as T;
}

export interface SseEvent {
  id: string | null;
  data: unknown;
}

/** Opens a tRPC subscription over SSE and hands each data event to `onEvent`. */
export async function openStream(
  base: string,
  cookie: string,
  pathName: string,
  input: unknown,
  onEvent: (event: SseEvent) => void,
): Promise<{ close: () => void; ready: Promise<void> }> {
  const controller = new AbortController();
  const url = `${base}/api/trpc/${pathName}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  const res = await fetch(url, { headers: { cookie, accept: "text/event-stream" }, signal: controller.signal });
  if (!res.ok || !res.body) throw new Error(`stream ${pathName} refused: ${res.status} ${await res.text()}`);
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => (markReady = r));
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let event = "message";
          let id: string | null = null;
          const data: string[] = [];
          for (const line of block.split("\n")) {
            if (line.startsWith("event:")) event = line.slice(6).trim();
            else if (line.startsWith("id:")) id = line.slice(3).trim();
            else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
          }
          if (event === "connected") markReady();
          if (event !== "message" || data.length === 0) continue;
          onEvent({ id, data: superjson.deserialize(JSON.parse(data.join("\n")) as never) });
        }
      }
    } catch {
      // closed
    }
  })();
  return { close: () => controller.abort(), ready };
}
