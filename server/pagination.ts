// Keyset (cursor) pagination over (time, id), newest first. The cursor is opaque to clients.
import { and, eq, lt, or, type SQL, type AnyColumn } from "drizzle-orm";
import { z } from "zod";

export const cursorInput = {
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(100).default(25),
};

export function encodeCursor(time: Date, id: string | number): string {
  return Buffer.from(`${time.toISOString()}|${id}`).toString("base64url");
}

export function decodeCursor(cursor: string | null | undefined): { time: Date; id: string } | null {
  if (!cursor) return null;
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const time = new Date(iso ?? "");
  // A tampered cursor is ignored rather than sent to the database as a malformed uuid.
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(time.getTime())) return null;
  return { time, id };
}

export function olderThan(timeCol: AnyColumn, idCol: AnyColumn, cursor: string | null | undefined): SQL | undefined {
  const c = decodeCursor(cursor);
  if (!c) return undefined;
  return or(lt(timeCol, c.time), and(eq(timeCol, c.time), lt(idCol, c.id)));
}

export function page<T>(rows: T[], limit: number, key: (row: T) => [Date, string | number]) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(...key(last)) : null };
}
