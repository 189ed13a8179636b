// Database errors people can meet, handled once: a unique violation becomes a clear AppError.
// Recognises Postgres unique violations through both drivers (postgres.js, PGlite) and Drizzle's wrapper.
import { AppError } from "./errors";

export function uniqueViolation(err: unknown): { constraint: string } | null {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: string; constraint_name?: string; constraint?: string; detail?: string; cause?: unknown };
    if (e.code === "23505") return { constraint: e.constraint_name ?? e.constraint ?? e.detail ?? "" };
    current = e.cause;
  }
  return null;
}

/**
 * Runs `work`; a unique violation becomes the error `refusal` gives for the violated constraint
 * (rethrown as it is when `refusal` returns null). Any other failure passes through.
 */
export async function refuseDuplicates<T>(work: () => Promise<T>, refusal: (constraint: string) => AppError | null): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const violation = uniqueViolation(err);
    const refused = violation ? refusal(violation.constraint) : null;
    throw refused ?? err;
  }
}

/** The usual refusal: CONFLICT with one message, shown beside `field`. */
export function duplicateOf(field: string, message: string): () => AppError {
  return () => new AppError("CONFLICT", message, { fieldErrors: { [field]: [message] } });
}
