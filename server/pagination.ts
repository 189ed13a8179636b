// Keyset (cursor) pagination over (time, id), newest first. The cursor is opaque to clients.
import { and, eq, lt, or, type SQL, type AnyColumn } from "drizzle-orm";
import { z } from "zod";
import { isUuid } from "@/shared/uuid";

/** tRPC's useInfiniteQuery adds the paging direction to the input: strict inputs must name it. */
export const pagingDirection = z.enum(["forward", "backward"]).optional();

export const cursorInput = {
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(100).default(25),
  direction: pagingDirection,
};

export function encodeCursor(time: Date, id: string | number): string {
  return Buffer.from(`${time.toISOString()}|${id}`).toString("base64url");
}

export function decodeCursor(cursor: string | null | undefined): { time: Date; id: string } | null {
  if (!cursor) return null;
  const [iso, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  // A tampered cursor is ignored rather than sent to the database: the time must be one
  // encodeCursor wrote (ISO, years 2000–9999), the id a uuid.
  if (rest.length > 0 || !iso || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(iso)) return null;
  const time = new Date(iso);
  if (Number.isNaN(time.getTime()) || time.getUTCFullYear() < 2000) return null;
  if (!id || !isUuid(id)) return null;
  return { time, id };
}

export function olderThan(timeCol: AnyColumn, idCol: AnyColumn, cursor: string | null | undefined): SQL | undefined {
  const c = decodeCursor(cursor);
  if (!c) return undefined;
  return or(lt(timeCol, c.time), and(eq(timeCol, c.time), lt(idCol, c.id)));
}

/**
 * The one way a page is cut: queries fetch `limit + 1` rows; the extra row only says whether there
 * is a next page, whose cursor `cursorOf` makes from the page's last row (keyset, sequence or offset).
 */
export function takePage<T, C>(rows: T[], limit: number, cursorOf: (last: T) => C): { items: T[]; nextCursor: C | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

/** A keyset page over (time, id), newest first, with the opaque cursor of `olderThan`. */
export function page<T>(rows: T[], limit: number, key: (row: T) => [Date, string | number]) {
  return takePage(rows, limit, (last) => encodeCursor(...key(last)));
}
