// How many worker processes the production server runs (server.ts).
import os from "node:os";

export const MAX_WORKERS = 64;

/**
 * WEB_CONCURRENCY, else one per core. Always one on the embedded database: PGlite lives inside one
 * process. Nothing that must be shared is kept in a worker's memory (sessions, throttles, flags and
 * live messages are all in PostgreSQL), so any number of workers serve the same users.
 */
export function workerCount(source: Record<string, string | undefined> = process.env): number {
  if (!source.DATABASE_URL) return 1;
  const raw = source.WEB_CONCURRENCY?.trim();
  if (!raw) return Math.max(1, Math.min(MAX_WORKERS, os.availableParallelism()));
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) {
    throw new Error(`WEB_CONCURRENCY must be a whole number from 1 to ${MAX_WORKERS} (it is "${raw}").`);
  }
  return n;
}

/** Port and host from `--port/-p` and `--hostname/-H`, else PORT and HOST, else 3000 on every interface. */
export function listenOptions(
  argv: string[] = process.argv.slice(2),
  source: Record<string, string | undefined> = process.env,
): { port: number; host: string | undefined } {
  const flag = (...names: string[]) => {
    const i = argv.findIndex((a) => names.includes(a));
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const rawPort = flag("--port", "-p") ?? source.PORT ?? "3000";
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`The port must be 0-65535 (it is "${rawPort}").`);
  return { port, host: flag("--hostname", "-H") ?? source.HOST ?? undefined };
}
