// Shared input pieces for procedure schemas.
import { z } from "zod";

// Control characters (NUL above all, which Postgres text refuses) have no place in what people type.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Trimmed free text of bounded length, without control characters. */
export function text(max: number, min = 0, minMessage?: string) {
  let schema = z.string().trim().max(max, `At most ${max} characters.`);
  if (min > 0) schema = schema.min(min, minMessage ?? `At least ${min} characters.`);
  return schema.refine((v) => !CONTROL.test(v), "Remove the control characters from this text.");
}
