// Diagnostic side for `npm run bench`: the app's own tRPC router on tRPC's node:http (standalone)
// adapter, without Next.js and without next-auth (every caller is anonymous). Set against the
// Next route and the bare handler, it shows how much of the gap is tRPC + Drizzle and how much is
// the Next request pipeline and next-auth's auth().
//
//   TRPC_PORT      port to listen on (127.0.0.1); requests go to /api/trpc/<procedure>
//   DATABASE_URL   the benchmark database (pool: db/client.ts default, 10)
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { openDatabase } from "../db/client";
import { appRouter } from "../server/root";
import { requestInfoFrom } from "../server/request-info";
import { createContextInner } from "../server/context";

const port = Number(process.env.TRPC_PORT ?? 3202);
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("trpc-server: DATABASE_URL is required");
  process.exit(1);
}

const handle = await openDatabase({ url });

const server = createHTTPServer({
  basePath: "/api/trpc/",
  router: appRouter,
  createContext: ({ req }) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    return createContextInner({ db: handle.db, session: null, request: requestInfoFrom(headers) });
  },
  onError({ error, path }) {
    if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
  },
});

server.listen(port, "127.0.0.1", () => console.log(`trpc-server listening on http://127.0.0.1:${port}/api/trpc`));

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  server.close();
  server.closeAllConnections();
  await handle.close().catch(() => {});
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
