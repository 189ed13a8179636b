// Shared input pieces for procedure schemas.
import { z } from "zod";

// Control characters (NUL above all, which Postgres text refuses) have no place in what people type.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * The one check every input passes before its schema (in the tRPC middleware): no string, and no
 * object key, holds a control character other than tab, line feed and carriage return (Postgres
 * refuses NUL in text; none belongs in what people type), and no number is NaN, infinite or past
 * the range where integers are exact, and no date is invalid or outside the years 1900–9999. Returns the first problem found, with its path.
 */
export function rawInputProblem(input: unknown): { path: string; message: string } | null {
  const stack: [unknown, string, number][] = [[input, "", 0]];
  let seen = 0;
  while (stack.length > 0) {
    const [value, path, depth] = stack.pop()!;
    if (++seen > 100_000 || depth > 64) return { path, message: "The request is nested too deeply or holds too many values." };
    if (typeof value === "string") {
      if (CONTROL.test(value)) return { path, message: "Remove the control characters from this text." };
    } else if (typeof value === "number") {
      if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) {
        return { path, message: "This number is out of range." };
      }
    } else if (value instanceof Date) {
      // Postgres timestamps end at year 294276 and JS dates run to 275760: keep to years people use.
      const year = value.getUTCFullYear();
      if (Number.isNaN(value.getTime()) || year < 1900 || year > 9999) return { path, message: "This date is out of range." };
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push([v, path ? `${path}.${i}` : String(i), depth + 1]));
    } else if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
      for (const [k, v] of Object.entries(value)) {
        if (CONTROL.test(k)) return { path, message: "Remove the control characters from this field name." };
        stack.push([v, path ? `${path}.${k}` : k, depth + 1]);
      }
    }
  }
  return null;
}

/** An integer that fits a Postgres `integer` column. */
export function int32(message = "This number is out of range.") {
  return z.number().int().min(-2147483648, message).max(2147483647, message);
}

/** Trimmed free text of bounded length, without control characters. */
export function text(max: number, min = 0, minMessage?: string) {
  let schema = z.string().trim().max(max, `At most ${max} characters.`);
  if (min > 0) schema = schema.min(min, minMessage ?? `At least ${min} characters.`);
  return schema.refine((v) => !CONTROL.test(v), "Remove the control characters from this text.");
}

// Location abstraction: nothing finer than a district. Text that looks like coordinates is refused.
// Decimal degrees, bare or with degree signs and hemisphere letters: "37.1036, 25.3766",
// "37.1036° N, 25.3766° E" (as map apps show them), "37.1036N 25.3766E", "N 37.1036, E 25.3766".
const DECIMAL_PAIR = /-?\d{1,3}\.\d{3,}\s*°?\s*[NSEW]?\s*[,;/ ]\s*[NSEW]?\s*-?\d{1,3}\.\d{3,}/i;
const DEGREES = /\d{1,3}\s*°\s*\d{1,2}\s*['′]/;
const GEO_URI = /\bgeo:\s*-?\d|[?&@](ll|q)=\s*-?\d{1,3}\.\d+|@-?\d{1,3}\.\d+,-?\d{1,3}\.\d+/i;

export function looksLikeCoordinates(value: string): boolean {
  return DECIMAL_PAIR.test(value) || DEGREES.test(value) || GEO_URI.test(value);
}

export const NO_COORDINATES_MESSAGE =
  "Tessera never stores coordinates. Describe the place in words (a street, a landmark) instead.";

/** Free text that also refuses anything like coordinates. */
export function placeText(max: number, min = 0, minMessage?: string) {
  return text(max, min, minMessage).refine((v) => !looksLikeCoordinates(v), NO_COORDINATES_MESSAGE);
}

const COORDINATE_KEYS = /^(lat|lng|lon|long|latitude|longitude|coords?|coordinates|geo|location|position|gps)$/i;

/**
 * An input object that refuses keys it does not name — so `{ latitude: … }` riding along with a
 * listing is refused, and said to be refused, instead of silently dropped.
 */
export function strictInput<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== "unrecognized_keys") return undefined;
      const keys = (issue as unknown as { keys: string[] }).keys;
      return keys.some((k) => COORDINATE_KEYS.test(k))
        ? `${NO_COORDINATES_MESSAGE} (refused: ${keys.join(", ")})`
        : `Unexpected field(s): ${keys.join(", ")}.`;
    },
  });
}

// ---------------------------------------------------------------- output pieces

/** What a mutation that returns nothing else sends back. */
export const okOutput = z.object({ ok: z.literal(true) });
