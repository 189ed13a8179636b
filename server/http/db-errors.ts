// What a database failure means for the person who sent the request: the database is unreachable
// (503, "try again"), or the values sent could not be stored (400), or a real fault (500).

const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
]);

function codesOf(err: unknown): string[] {
  const out: string[] = [];
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 6; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string") out.push(code);
    const errors = (cur as { errors?: unknown }).errors; // AggregateError (several addresses refused)
    if (Array.isArray(errors)) for (const e of errors) out.push(...codesOf(e));
    cur = (cur as { cause?: unknown }).cause;
  }
  return out;
}

export type DbFailure = "unavailable" | "bad-input" | null;

export function classifyDbError(err: unknown): DbFailure {
  const codes = codesOf(err);
  if (codes.some((c) => UNAVAILABLE_CODES.has(c) || c.startsWith("08"))) return "unavailable";
  // Class 22, data exception (NUL in text, numeric out of range, malformed timestamp or uuid…),
  // and 54001 (statement too complex: a search text Postgres cannot plan): the input's fault.
  if (codes.some((c) => /^22[0-9A-Z]{3}$/.test(c) || c === "54001")) return "bad-input";
  return null;
}
