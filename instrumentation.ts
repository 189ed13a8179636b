// Runs once when the server starts. The Node-only check lives in its own module, imported under the
// runtime test so the Edge build leaves it out.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("./server/startup-check");
  }
}
