// `npm run audit:sequencer`: a sequencer candidate in a process of its own (every app server already
// runs one; this is for running it apart, and for the fault tests that kill it). Needs DATABASE_URL.
import { openDatabase } from "@/db/client";
import { startSequencer, stopSequencer } from "@/server/audit/sequencer";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("audit:sequencer needs DATABASE_URL (on PGlite the app's own process sequences).");
  process.exit(1);
}
const handle = await openDatabase({ url, max: 1 });
startSequencer(handle.db);
// The sequencer's timers do not hold a process open (a server's HTTP listener does); this one must.
const keepAlive = setInterval(() => {}, 60_000);
console.log(`audit sequencer candidate started (pid ${process.pid})`);
const stop = async () => {
  clearInterval(keepAlive);
  await stopSequencer(handle.db);
  await handle.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
