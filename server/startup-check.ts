// Settings are validated when the server starts, so a bad or missing one stops the start with a
// message instead of failing the first request.
import { loadEnv } from "./env";

try {
  loadEnv();
} catch (err) {
  console.error(`\n${(err as Error).message}\n`);
  process.exit(1);
}
