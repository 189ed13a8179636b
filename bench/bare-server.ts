// The baseline for `npm run bench`: a bare node:http server that runs the same SQL as the tRPC
// procedure with postgres.js directly (its own pool, the app's default size) and answers JSON.
// Started by bench/run.ts in its own process, so it does not share an event loop with autocannon.
//
//   BARE_PORT      port to listen on (127.0.0.1)
//   DATABASE_URL   the benchmark database
//   BARE_POOL      pool size (default 10, as db/client.ts)
import http from "node:http";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import type { Database } from "../db/client";
import { exploreFields, exploreQuery, toExplorePage, type ExploreInput } from "../server/listings/search";

const port = Number(process.env.BARE_PORT ?? 3201);
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("bare-server: DATABASE_URL is required");
  process.exit(1);
}

// Same driver options as db/client.ts openDatabase().
const sql = postgres(url, { max: Number(process.env.BARE_POOL ?? 10), onnotice: () => {}, prepare: true });

type Handler = (url: URL) => Promise<unknown>;

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

/** One route per benchmarked procedure; the SQL mirrors what Drizzle sends for it. */
const ROUTES: Record<string, Handler> = {
  // server/geography/districts.ts listDistricts()
  "/districts": () => sql`
    select "districts"."id", "districts"."name", "regions"."id" as "regionId", "regions"."name" as "regionName"
    from "districts" inner join "regions" on "regions"."id" = "districts"."region_id"
    order by "regions"."name" asc, "districts"."name" asc`,
  // server/listings/search.ts exploreListings()
  "/explore": async (url) => {
    const statement = exploreStatement(url.searchParams.get("input") ?? "{}");
    const rows = await sql.unsafe(statement.sql, statement.params as never[], { prepare: true }).values();
    const objects = rows.map((r) => Object.fromEntries(exploreKeys.map((k, i) => [k, r[i]])));
    return toExplorePage(objects as never, statement.input).items;
  },
};

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://bare");
  const handler = ROUTES[url.pathname];
  if (!handler || req.method !== "GET") {
    res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
    return;
  }
  handler(url).then(
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
