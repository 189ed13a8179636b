// Runs once when the server starts: settings are validated here, so a bad or missing one stops the
// start with a message instead of failing the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  try {
    const { loadEnv } = await import("./server/env");
    loadEnv();
  } catch (err) {
    console.error(`\n${(err as Error).message}\n`);
    process.exit(1);
  }
}
