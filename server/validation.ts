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
