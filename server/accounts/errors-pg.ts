// Recognising Postgres unique violations through both drivers (postgres.js, PGlite) and Drizzle's wrapper.
export function uniqueViolation(err: unknown): { constraint: string } | null {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: string; constraint_name?: string; constraint?: string; detail?: string; cause?: unknown };
    if (e.code === "23505") return { constraint: e.constraint_name ?? e.constraint ?? e.detail ?? "" };
    current = e.cause;
  }
  return null;
}
