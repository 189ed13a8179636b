// The baseline for `npm run bench`: a bare node:http server that runs the same SQL as the tRPC
// procedure with postgres.js directly (its own pool, the app's default size) and answers JSON.
// Started by bench/run.ts in its own process, so it does not share an event loop with autocannon.
//
//   BARE_PORT      port to listen on (127.0.0.1)
//   DATABASE_URL   the benchmark database
//   BARE_POOL      pool size (default 10, as db/client.ts)
//   BARE_VERIFY_JWK, BARE_ALIAS_KEY   the audited-write benchmark's token key (public JWK) and
//                  alias key, for the POST /w/verify route (bench/bare-writes.ts)
import http from "node:http";
import { createHash, timingSafeEqual } from "node:crypto";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import type { Database } from "../db/client";
import { PgDialect } from "drizzle-orm/pg-core";
import type { SQL } from "drizzle-orm";
import {
  expansionSql,
  exploreFields,
  exploreQuery,
  filledPage,
  forgivingPlan,
  nearQuery,
  readExpansion,
  searchText,
  toExplorePage,
  wantsNear,
  type ExploreInput,
  type ExploreRow,
} from "../server/listings/search";
import { suggestSql, toSuggestions } from "../server/listings/suggest";
import { bareWrites } from "./bare-writes";

const port = Number(process.env.BARE_PORT ?? 3201);
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("bare-server: DATABASE_URL is required");
  process.exit(1);
}

// Same driver options as db/client.ts openDatabase().
const sql = postgres(url, { max: Number(process.env.BARE_POOL ?? 10), onnotice: () => {}, prepare: true });

type Handler = (url: URL, req: http.IncomingMessage) => Promise<unknown>;

// The explore search: the exact SQL Drizzle sends for the procedure, built once, run on the bare
// driver; rows are mapped to cards by the same function the procedure uses.
const db = drizzle(sql) as unknown as Database;
const builtAt = new Date();
const exploreKeys = [...Object.keys(exploreFields(builtAt)), "sortKey"];
const exploreStatements = new Map<string, { sql: string; params: unknown[]; input: ExploreInput }>();
function exploreStatement(raw: string) {
  let statement = exploreStatements.get(raw);
  if (!statement) {
    const parsed = JSON.parse(raw) as ExploreInput & { districtId?: string };
    const input: ExploreInput = { ...parsed, districtId: parsed.districtId === "all" ? undefined : parsed.districtId };
    const built = exploreQuery(db, input, builtAt).toSQL();
    statement = { sql: built.sql, params: built.params, input };
    exploreStatements.set(raw, statement);
  }
  return statement;
}

const dialect = new PgDialect();
const statementOf = (query: SQL) => dialect.sqlToQuery(query);
const asObjects = (rows: unknown[][]) =>
  rows.map((r) => Object.fromEntries(exploreKeys.map((k, i) => [k, r[i]]))) as ExploreRow[];

/** server/listings/search.ts exploreListings(): the exact page, and when it is not full the
 * same two further statements (the words' near spellings, then the near matches). */
async function forgivingExplore(raw: string) {
  const statement = exploreStatement(raw);
  const exact = asObjects(await sql.unsafe(statement.sql, statement.params as never[], { prepare: true }).values());
  const page = toExplorePage(exact, statement.input);
  if (!wantsNear(statement.input, page)) return page.items;
  const expansion = statementOf(expansionSql(searchText(statement.input.q)!));
  const plan = forgivingPlan(readExpansion(await sql.unsafe(expansion.sql, expansion.params as never[], { prepare: true })));
  if (!plan) return page.items;
  const near = nearQuery(
    db,
    statement.input,
    plan,
    page.items.map((i) => i.id),
    statement.input.limit - page.items.length,
    builtAt,
  ).toSQL();
  const nearRows = asObjects(await sql.unsafe(near.sql, near.params as never[], { prepare: true }).values());
  return filledPage(exact, nearRows, statement.input, plan).items;
}

/** One route per benchmarked procedure; the SQL mirrors what Drizzle sends for it. */
const ROUTES: Record<string, Handler> = {
  // server/geography/districts.ts listDistricts()
  "/districts": () => sql`
    select "districts"."id", "districts"."name", "regions"."id" as "regionId", "regions"."name" as "regionName"
    from "districts" inner join "regions" on "regions"."id" = "districts"."region_id"
    order by "regions"."name" asc, "districts"."name" asc`,
  // server/listings/search.ts exploreListings()
  "/explore": (url) => forgivingExplore(url.searchParams.get("input") ?? "{}"),
  // server/listings/suggest.ts suggestSearch()
  "/suggest": async (url) => {
    const { q } = JSON.parse(url.searchParams.get("input") ?? "{}") as { q: string };
    const statement = statementOf(suggestSql(q.trim()));
    return toSuggestions(await sql.unsafe(statement.sql, statement.params as never[], { prepare: true }));
  },
  // The same browse for a signed-in caller: the session's user row first (server/context.ts
  // loadSubject), then the explore query. The bare side takes the user id in the clear (no cookie
  // to decrypt): the floor a signed-in read could reach.
  "/explore-as": async (url) => {
    const [user] = await sql`
      select "users"."id", "users"."role", "users"."display_name", "users"."district_id", "districts"."region_id",
        "users"."kyc_status", "users"."status", "users"."session_version"
      from "users" left join "districts" on "districts"."id" = "users"."district_id"
      where "users"."id" = ${url.searchParams.get("uid") ?? ""} limit 1`;
    if (!user) throw new Error("no such user");
    return ROUTES["/explore"]!(url, undefined as never);
  },
  // kiosk.heartbeat: the device by id, its key hash compared, last_seen_at updated.
  "/heartbeat": async (_url, req) => {
    const id = String(req.headers["x-kiosk-id"] ?? "");
    const key = String(req.headers["x-kiosk-key"] ?? "");
    const [device] = await sql`
      select "kiosk_devices"."id", "kiosk_devices"."key_hash", "kiosk_devices"."active", "districts"."region_id"
      from "kiosk_devices" inner join "districts" on "districts"."id" = "kiosk_devices"."district_id"
      where "kiosk_devices"."id" = ${id} limit 1`;
    const presented = createHash("sha256").update(key).digest();
    if (!device || !timingSafeEqual(presented, Buffer.from(String(device.key_hash), "hex")) || !device.active) {
      throw new Error("not this kiosk");
    }
    const now = new Date();
    await sql`update "kiosk_devices" set "last_seen_at" = ${now.toISOString()} where "id" = ${id} and "active" = true`;
    return [{ ok: true, serverTime: now.toISOString() }];
  },
};

// The audited-write benchmark's routes: POST with a small JSON body.
const WRITES = await bareWrites(db, { verifyJwk: process.env.BARE_VERIFY_JWK, aliasKey: process.env.BARE_ALIAS_KEY });

function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > 64 * 1024) req.destroy(new Error("body too large"));
      else chunks.push(c);
    });
    req.on("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>);
      } catch (err) {
        reject(err as Error);
      }
    });
    req.on("error", reject);
  });
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://bare");
  const write = WRITES[url.pathname];
  if (write && req.method === "POST") {
    readJson(req)
      .then(write)
      .then(
        (result) => {
          const body = JSON.stringify(result);
          res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
        },
        (err: unknown) => {
          console.error("bare-server write failed:", (err as Error).message);
          res.writeHead(500, { "content-type": "application/json" }).end('{"error":"write failed"}');
        },
      );
    return;
  }
  const handler = ROUTES[url.pathname];
  const method = url.pathname === "/heartbeat" ? "POST" : "GET";
  if (!handler || req.method !== method) {
    res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
    return;
  }
  // A POST's body (none is needed) is read and dropped, as a server must.
  req.resume();
  handler(url, req).then(
    (rows) => {
      const body = JSON.stringify(rows);
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
    },
    (err: unknown) => {
      console.error("bare-server query failed:", err);
      res.writeHead(500, { "content-type": "application/json" }).end('{"error":"query failed"}');
    },
  );
});
server.keepAliveTimeout = 65_000;

server.listen(port, "127.0.0.1", () => console.log(`bare-server listening on http://127.0.0.1:${port}`));

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  server.close();
  server.closeAllConnections();
  await sql.end({ timeout: 2 }).catch(() => {});
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
