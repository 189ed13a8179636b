// Runs once when the server starts. The Node-only modules are imported under the runtime test so
// the Edge build leaves them out.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("./server/startup-check");
    // Before any request reaches the app: the client address from the socket and TRUST_PROXY.
    const { installClientAddress } = await import("./server/http/client-address");
    installClientAddress();
    // Every server process is an audit sequencer candidate; one at a time leads (server/audit/sequencer.ts).
    if (process.env.NEXT_PHASE !== "phase-production-build") {
      const [{ getDatabase }, { startSequencer }, { startScheduler }] = await Promise.all([
        import("./db/client"),
        import("./server/audit/sequencer"),
        import("./server/scheduler"),
      ]);
      const { db } = await getDatabase();
      startSequencer(db);
      // Every server also runs the timed transitions; their row locks keep them from colliding.
      startScheduler(db);
    }
  }
}
