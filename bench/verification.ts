// `npm run bench:verification` (also run by `npm run bench`): verification throughput through the
// running production app (tRPC verification.verify, valid tokens, each used once, a staff session)
// beside the same checks in a bare loop: jose verify of the token + the single-use insert on
// postgres.js. Prints both rates, their ratio, and the audit sequencer's lag (commit → sequenced)
// for the app's events. A script that reports, not a test.
//
// Settings: DATABASE_URL (admin connection, default postgres://postgres@127.0.0.1:5432/postgres),
// BENCH_SKIP_BUILD=1 (reuse .next), BENCH_VERIFY_TOKENS (per side, default 3000),
// BENCH_VERIFY_CONCURRENCY (default 16), BENCH_VERIFY_PORT (default 3210).
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compactVerify } from "jose";
import { encode } from "next-auth/jwt";
import postgres from "postgres";
import { and, eq } from "drizzle-orm";
import { openDatabase } from "../db/client";
import { seedDemo } from "../db/demo";
import { aliases, organizations, users } from "../db/schema";
import { openSession } from "../server/auth/device-sessions";
import { generateSigningJwk, keyringFrom, type Keyring } from "../server/verification/keys";
import { signToken, tokenSealKey, unseal } from "../server/verification/tokens";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const adminUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const TOKENS = Number(process.env.BENCH_VERIFY_TOKENS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_VERIFY_CONCURRENCY ?? 16);
const PORT = Number(process.env.BENCH_VERIFY_PORT ?? 3210);
const APP_URL = `http://127.0.0.1:${PORT}`;
const AUTH_SECRET = "bench-only-auth-secret-0123456789abcdef-0123";
// Tokens seal their audience and subject with a key derived from ALIAS_HMAC_KEY: the bench signs
// with the same one it gives the server (the demo would otherwise make its own).
const ALIAS_HMAC_KEY = "bench-only-alias-hmac-key-0123456789abcdef";
const sealKey = tokenSealKey(ALIAS_HMAC_KEY);
const DB_NAME = "tessera_bench_verify";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
await admin.unsafe(`CREATE DATABASE ${DB_NAME}`);
await admin.end();
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${DB_NAME}`;

const handle = await openDatabase({ url: dbUrl.toString(), migrate: true, max: 2 });
await seedDemo(handle.db, { listings: false });
const [verifier] = await handle.db.select().from(users).where(eq(users.email, "verifier@tessera.test"));
const [org] = await handle.db.select().from(organizations).where(eq(organizations.name, "Harbour Ferries"));
const [traveler] = await handle.db.select().from(users).where(eq(users.email, "traveler@tessera.test"));
const [alias] = await handle.db
  .select()
  .from(aliases)
  .where(and(eq(aliases.userId, traveler!.id), eq(aliases.organizationId, org!.id)));
// A device session for the verifier's cookie, as sign-in opens one.
const verifierSessionId = await openSession(handle.db, { userId: verifier!.id, ip: "127.0.0.1", userAgent: "bench" });
await handle.close();

const signingKey = await generateSigningJwk("bench-key");
const keyring: Keyring = await keyringFrom([signingKey]);
const makeTokens = async (n: number) =>
  Promise.all(
    Array.from({ length: n }, () =>
      signToken(
        keyring,
        { iss: APP_URL, aud: org!.id, sub: alias!.alias, scopes: ["identity.name", "identity.ageOver18"] },
        new Date(),
        3600,
        sealKey,
      ).then((t) => t.token),
    ),
  );

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  TESSERA_DEMO: "1",
  // A production start requires a mail server; mail waits in the outbox unless one is given.
  SMTP_URL: process.env.SMTP_URL ?? "smtp://127.0.0.1:9",
  DATABASE_URL: dbUrl.toString(),
  APP_URL,
  AUTH_SECRET,
  ALIAS_HMAC_KEY,
  CREDENTIAL_SIGNING_KEYS: JSON.stringify({ keys: [signingKey] }),
  NEXT_TELEMETRY_DISABLED: "1",
};
delete env.NODE_OPTIONS;
if (process.env.BENCH_SKIP_BUILD !== "1") {
  console.log("next build…");
  const code = await new Promise<number | null>((resolve) =>
    spawn("npx", ["next", "build"], { cwd: ROOT, env, stdio: "ignore" }).on("exit", resolve),
  );
  if (code !== 0) throw new Error("next build failed");
}
const server = spawn("npx", ["tsx", "server.ts", "--port", String(PORT), "--hostname", "127.0.0.1"], {
  cwd: ROOT,
  env,
  detached: true,
  stdio: "ignore",
});
const stop = () => {
  try {
    process.kill(-server.pid!, "SIGTERM");
  } catch {
    // gone
  }
};
process.on("exit", stop);
process.on("SIGINT", () => process.exit(130));

for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${APP_URL}/login`)).ok) break;
  } catch {
    // not yet
  }
  if (i > 120) throw new Error("the app did not start");
  await sleep(500);
}

const session = await encode({
  token: { uid: verifier!.id, sv: verifier!.sessionVersion, sid: verifierSessionId, sub: verifier!.id },
  secret: AUTH_SECRET,
  salt: "authjs.session-token",
});
const cookie = `authjs.session-token=${session}`;

/** Runs `work` over every token with CONCURRENCY workers; returns tokens per second. */
async function measure(tokens: string[], work: (token: string) => Promise<boolean>) {
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < tokens.length) {
        const token = tokens[next++]!;
        if (!(await work(token))) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (failures > 0) throw new Error(`${failures} of ${tokens.length} verifications did not succeed`);
  return tokens.length / seconds;
}

const throughApp = async (token: string) => {
  const res = await fetch(`${APP_URL}/api/trpc/verification.verify`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ json: { token } }),
  });
  const body = (await res.json()) as { result?: { data?: { json?: { outcome?: string } } } };
  return body.result?.data?.json?.outcome === "VERIFIED";
};

const sqlPool = postgres(dbUrl.toString(), { max: 10, onnotice: () => {}, prepare: true });
const verifyKey = keyring.verifiers.get("bench-key")!;
const bare = async (token: string) => {
  const { payload } = await compactVerify(token, verifyKey, { algorithms: ["EdDSA"] });
  const claims = JSON.parse(new TextDecoder().decode(payload)) as { ctx: string; exp: number; jti: string };
  // The same unsealing the app does (AES-256-GCM, the jti as associated data) to read the audience.
  const inner = unseal(sealKey, claims.jti, claims.ctx);
  if (!inner || inner.aud !== org!.id || claims.exp < Date.now() / 1000) return false;
  const rows =
    await sqlPool`insert into token_redemptions (jti, organization_id, expires_at) values (${claims.jti}, ${org!.id}, ${new Date(claims.exp * 1000)}) on conflict do nothing returning jti`;
  return rows.length === 1;
};

console.log(`warming up…`);
await measure(await makeTokens(200), throughApp);
await measure(await makeTokens(200), bare);
const appStarted = new Date();
const appRate = await measure(await makeTokens(TOKENS), throughApp);
// The audit sequencer orders the app's events after their commits: wait for it to catch up, then
// read how long each event waited (commit → sequenced) and how fast the log grew.
let pending = Infinity;
for (let i = 0; i < 300 && pending > 0; i++) {
  const [row] =
    await sqlPool`select count(*)::int as n from audit_events e where not exists (select 1 from audit_log_leaves l where l.event_id = e.id)`;
  pending = Number(row!.n);
  if (pending > 0) await sleep(100);
}
const [lag] = await sqlPool`
  select percentile_cont(0.5) within group (order by extract(epoch from (sequenced_at - event_created_at))) * 1000 as p50,
         percentile_cont(0.99) within group (order by extract(epoch from (sequenced_at - event_created_at))) * 1000 as p99,
         count(*)::int as events,
         extract(epoch from (max(sequenced_at) - min(sequenced_at))) as span
  from audit_log_leaves where event_created_at >= ${appStarted}`;
const [checkpoints] = await sqlPool`select count(*)::int as n from audit_checkpoints where created_at >= ${appStarted}`;
const bareRate = await measure(await makeTokens(TOKENS), bare);
await sqlPool.end();
stop();

console.log(`\nVerification throughput (${TOKENS} valid tokens per side, each used once, ${CONCURRENCY} concurrent):`);
console.log(`  through the app (tRPC verification.verify, audited)   ${appRate.toFixed(0).padStart(6)} /s`);
console.log(`  bare loop (jose verify + single-use insert)            ${bareRate.toFixed(0).padStart(6)} /s`);
console.log(`  ratio app / bare                                       ${(appRate / bareRate).toFixed(2)}×  (target ≥ 0.5×)`);
console.log(
  `  audit sequencer lag (commit → sequenced)              p50 ${Number(lag!.p50 ?? 0).toFixed(0)} ms, p99 ${Number(lag!.p99 ?? 0).toFixed(0)} ms  (target p99 < 1 s)`,
);
console.log(
  `  audit events sequenced                                ${lag!.events} in ${checkpoints!.n} signed checkpoints${pending > 0 ? ` (${pending} still pending)` : ""}`,
);
process.exit(0);
