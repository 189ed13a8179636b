// What a person sees of their own notifications: the bell's count, the list, marking read.
import { and, count, desc, eq, inArray, isNull, notInArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { notifications } from "@/db/schema/notifications";
import { olderThan, page } from "@/server/pagination";
import { MAIL_ONLY_KINDS, wordsFor, type NotificationKind } from "./kinds";

const inBell = (userId: string) => and(eq(notifications.userId, userId), notInArray(notifications.kind, [...MAIL_ONLY_KINDS]));

export async function unreadCount(db: Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(inBell(userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string;
  read: boolean;
  createdAt: Date;
}

export async function listNotifications(
  db: Database,
  userId: string,
  input: { cursor?: string | null; limit: number; unreadOnly?: boolean },
) {
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      data: notifications.data,
      link: notifications.link,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
    })
    .from(notifications)
    .where(
      and(
        inBell(userId),
        input.unreadOnly ? isNull(notifications.readAt) : undefined,
        olderThan(notifications.createdAt, notifications.id, input.cursor),
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(input.limit + 1);
  const views: NotificationView[] = rows.map((r) => {
    const kind = r.kind as NotificationKind;
    const words = wordsFor(kind, r.data);
    return {
      id: r.id,
      kind,
      title: words.title,
      body: words.body,
      link: r.link,
      read: r.readAt !== null,
      createdAt: r.createdAt,
    };
  });
  return page(views, input.limit, (v) => [v.createdAt, v.id]);
}

/** Marks some (or all) of a person's notifications read; others' ids match nothing. Returns how many changed. */
export async function markRead(db: Database, userId: string, ids: string[] | "all"): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(inBell(userId), isNull(notifications.readAt), ids === "all" ? undefined : inArray(notifications.id, ids)))
    .returning({ id: notifications.id });
  return rows.length;
}
