// The outbox write: one row in the caller's transaction, so a rolled-back change notifies nobody and
// a committed one is never forgotten. The delivery worker (deliver.ts) mails it later.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { notifications } from "@/db/schema/notifications";
import { env } from "@/server/env";
import { MAIL_ONLY_KINDS, type NotificationData, type NotificationKind } from "./kinds";
import { channelFor } from "./preferences";
import { sealSecretLink } from "./secret-link";

export type { NotificationKind } from "./kinds";

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  subjectType: string;
  subjectId: string;
  /** A path in the app ("/orders/…"). */
  link: string;
  data?: NotificationData;
}

/**
 * Tells a person of something, in the caller's transaction. Their choice for the kind decides:
 * off writes nothing, in-app writes the row but no mail, e-mail (the default) both. New messages are
 * mailed only if still unread after MESSAGE_MAIL_DELAY_SECONDS, one digest per conversation.
 */
export async function notify(db: Database, n: NewNotification): Promise<void> {
  if (MAIL_ONLY_KINDS.includes(n.kind)) throw new Error(`${n.kind} carries a secret link: use queueSecretMail.`);
  if (!n.link.startsWith("/") || n.link.startsWith("//")) throw new Error("A notification links to a path in the app.");
  const channel = await channelFor(db, n.userId, n.kind);
  if (channel === "OFF") return;
  const isMessage = n.kind === "MESSAGE_RECEIVED";
  await db.insert(notifications).values({
    userId: n.userId,
    kind: n.kind,
    subjectType: n.subjectType,
    subjectId: n.subjectId,
    link: n.link,
    data: n.data ?? {},
    digestKey: isMessage ? `${n.subjectType}:${n.subjectId}` : null,
    emailStatus: channel === "EMAIL" ? "PENDING" : "SKIPPED",
    emailNote: channel === "EMAIL" ? null : "in the app only (their choice)",
    emailDueAt: isMessage ? sql`now() + make_interval(secs => ${env.MESSAGE_MAIL_DELAY_SECONDS})` : sql`now()`,
  });
}

/**
 * A mail whose link carries a secret (a password reset, an address confirmation, an invite). The
 * link is kept only until the mail is sent or given up; the row never shows in the bell.
 */
export async function queueSecretMail(
  db: Database,
  m: {
    kind: "PASSWORD_RESET" | "EMAIL_CONFIRMATION" | "INVITE_RECEIVED" | "EMAIL_CHANGED";
    userId?: string | null;
    /** The address to write to when it is not (yet) the account's confirmed one. */
    toEmail?: string | null;
    subjectType: string;
    subjectId: string;
    secretLink: string;
    data?: NotificationData;
  },
): Promise<void> {
  await db.insert(notifications).values({
    userId: m.userId ?? null,
    toEmail: m.toEmail ?? null,
    kind: m.kind,
    subjectType: m.subjectType,
    subjectId: m.subjectId,
    link: "/",
    data: m.data ?? {},
    secretLink: sealSecretLink(m.secretLink),
    readAt: sql`now()`,
  });
}

/** Marks a conversation's message notifications read (the person opened it). */
export async function markThreadNotificationsRead(db: Database, userId: string, orderId: string): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), eq(notifications.digestKey, `order:${orderId}`), isNull(notifications.readAt)));
}

/** Whether a person may receive mail other than the confirmation: an address, and confirmed. */
export async function mailableAddress(db: Database, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ email: users.email, verifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row?.email && row.verifiedAt ? row.email : null;
}
