// The e-mail delivery worker. A row is claimed in a short transaction (`FOR UPDATE SKIP LOCKED`, so
// two workers on two servers never take the same row) and leased: SENDING until emailDueAt. The mail
// is sent outside the transaction (a slow or absent mail server never holds a database connection),
// then the row is marked SENT. A failure puts it back as PENDING with a growing delay; a worker that
// died mid-send leaves a lease that runs out, and the row is tried again.
import "server-only";
import { and, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { messageReads } from "@/db/schema/messages";
import { notifications, type Notification } from "@/db/schema/notifications";
import type { MailSender } from "@/server/mail/transport";
import { appLink } from "@/server/mail/transport";
import { renderNotificationMail } from "@/server/mail/render";
import { MAIL_ONLY_KINDS, TO_ADDRESS_KINDS, isSecurityKind, wordsFor, type NotificationKind } from "./kinds";
import { channelFor } from "./preferences";
import { openSecretLink } from "./secret-link";

export const DELIVERY = {
  /** A claimed row is someone's for this long (longer than the SMTP timeouts together). */
  leaseMs: 120_000,
  /** The first retry waits this long, each further one twice as long, up to maxDelayMs. */
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  maxAttempts: 10,
  /** Mails in flight at once per worker (the SMTP transport pools as many connections). */
  concurrency: 4,
};

export interface DeliveryOptions {
  now?: () => Date;
  baseDelayMs?: number;
  maxAttempts?: number;
}

interface Claimed {
  row: Notification;
  /** Other unread message notifications of the same conversation, mailed in the same digest. */
  digest: string[];
  to: string;
}

const SKIP = (note: string) => ({ emailStatus: "SKIPPED", emailNote: note, secretLink: null }) as const;

/** Claims the next due row, or decides it needs no mail (then returns "skipped"). */
async function claimNext(db: Database, now: Date): Promise<Claimed | "skipped" | null> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    const [row] = await tx
      .select()
      .from(notifications)
      .where(
        and(
          inArray(notifications.emailStatus, ["PENDING", "SENDING"]),
          lte(notifications.emailDueAt, now),
          // Of a conversation's waiting messages only the oldest is claimed: it carries the rest
          // in its digest. A second lane (or server) never takes a younger one meanwhile, which
          // would mail the same conversation twice.
          sql`not exists (
            select 1 from notifications older
            where older.digest_key = "notifications"."digest_key" and older.user_id = "notifications"."user_id"
              and older.email_status in ('PENDING', 'SENDING')
              and (older.created_at, older.id) < ("notifications"."created_at", "notifications"."id"))`,
        ),
      )
      .orderBy(notifications.emailDueAt)
      .limit(1)
      .for("update", { skipLocked: true });
    if (!row) return null;
    const kind = row.kind as NotificationKind;
    const skip = async (note: string) => {
      await tx.update(notifications).set(SKIP(note)).where(eq(notifications.id, row.id));
      return "skipped" as const;
    };
    let to: string | null = null;
    if (row.toEmail && TO_ADDRESS_KINDS.includes(kind)) {
      // A confirmation goes to the address being confirmed, an invite to someone without an account,
      // the notice of a changed address to the old one.
      to = row.toEmail;
    } else if (row.userId) {
      const [user] = await tx
        .select({ email: users.email, verifiedAt: users.emailVerifiedAt })
        .from(users)
        .where(eq(users.id, row.userId))
        .limit(1);
      if (!user?.email) return skip("no e-mail address (in the app only)");
      if (!user.verifiedAt) return skip("the e-mail address is not confirmed");
      if (!isSecurityKind(kind) && !MAIL_ONLY_KINDS.includes(kind) && (await channelFor(tx, row.userId, kind)) !== "EMAIL") {
        return skip("in the app only (their choice)");
      }
      to = user.email;
    }
    if (!to) return skip("no recipient");
    let digest: string[] = [];
    if (kind === "MESSAGE_RECEIVED" && row.userId && row.digestKey) {
      if (row.readAt) return skip("read in the app in time");
      const orderId = row.digestKey.slice("order:".length);
      const [read] = await tx
        .select({ seq: messageReads.lastReadSeq })
        .from(messageReads)
        .where(and(eq(messageReads.orderId, orderId), eq(messageReads.userId, row.userId)))
        .limit(1);
      if (read && typeof row.data.seq === "number" && read.seq >= row.data.seq) return skip("read in the app in time");
      // The rest of the conversation's waiting messages ride in this mail (due or not).
      const others = await tx
        .select({ id: notifications.id })
        .from(notifications)
        .where(
          and(
            eq(notifications.userId, row.userId),
            eq(notifications.digestKey, row.digestKey),
            eq(notifications.emailStatus, "PENDING"),
            isNull(notifications.readAt),
            sql`${notifications.id} <> ${row.id}`,
          ),
        )
        .for("update", { skipLocked: true });
      digest = others.map((o) => o.id);
    }
    const leaseUntil = new Date(now.getTime() + DELIVERY.leaseMs);
    const ids = [row.id, ...digest];
    await tx
      .update(notifications)
      .set({ emailStatus: "SENDING", emailDueAt: leaseUntil, emailAttempts: sql`${notifications.emailAttempts} + 1` })
      .where(inArray(notifications.id, ids));
    return { row: { ...row, emailAttempts: row.emailAttempts + 1 }, digest, to };
  });
}

/** Sends one claimed row; marks it (and its digest) SENT, or puts it back with a delay. */
async function send(db: Database, sender: MailSender, claimed: Claimed, now: () => Date, opts: DeliveryOptions) {
  const { row, digest, to } = claimed;
  const kind = row.kind as NotificationKind;
  const words = wordsFor(kind, { ...row.data, ...(digest.length > 0 ? { count: digest.length + 1 } : {}) });
  const secret = row.secretLink ? openSecretLink(row.secretLink) : null;
  if (row.secretLink && !secret) {
    // Sealed under another AUTH_SECRET (or altered): the link is unusable, so no mail is sent.
    await db
      .update(notifications)
      .set(SKIP("the link could not be opened (AUTH_SECRET changed since it was made)"))
      .where(eq(notifications.id, row.id));
    return;
  }
  const url = appLink(secret ?? row.link);
  const footer = isSecurityKind(kind)
    ? "This is a security notice about your Tessera account; it is always sent."
    : MAIL_ONLY_KINDS.includes(kind)
      ? "You receive this because this address was given to Tessera."
      : "You receive this because of your choices on your Tessera account page, where you can change them.";
  const ids = [row.id, ...digest];
  try {
    const mail = await renderNotificationMail({ ...words, url, footer });
    await sender.send({ to, ...mail });
  } catch (err) {
    const attempts = row.emailAttempts;
    const maxAttempts = opts.maxAttempts ?? DELIVERY.maxAttempts;
    const base = opts.baseDelayMs ?? DELIVERY.baseDelayMs;
    const note = (err as Error).message?.slice(0, 200) ?? "failed";
    const failed = attempts >= maxAttempts;
    const delay = Math.min(base * 2 ** (attempts - 1), DELIVERY.maxDelayMs);
    await db
      .update(notifications)
      .set(
        failed
          ? { emailStatus: "FAILED", emailNote: note, secretLink: null }
          : { emailStatus: "PENDING", emailNote: note, emailDueAt: new Date(now().getTime() + delay) },
      )
      .where(and(inArray(notifications.id, ids), eq(notifications.emailStatus, "SENDING")));
    return false;
  }
  await db
    .update(notifications)
    .set({
      emailStatus: "SENT",
      emailSentAt: now(),
      emailNote: digest.length > 0 ? `digest of ${ids.length}` : null,
      secretLink: null,
    })
    .where(inArray(notifications.id, ids));
  return true;
}

/**
 * Delivers what is due until nothing is due or `limit` rows were handled, with a few sends in flight
 * at once (each lane claims its own row, as separate workers would; the pooled transport gives each a
 * connection). A failing mail server stops the round: the rows wait for their retry time.
 * Returns how many mails were sent.
 */
export async function deliverDueEmails(
  db: Database,
  sender: MailSender,
  opts: DeliveryOptions & { limit?: number; concurrency?: number } = {},
) {
  const now = opts.now ?? (() => new Date());
  const limit = opts.limit ?? 100;
  let handled = 0;
  let sent = 0;
  let failing = false;
  const lane = async () => {
    while (!failing && handled < limit) {
      handled++;
      const claimed = await claimNext(db, now());
      if (claimed === null) return;
      if (claimed === "skipped") continue;
      if (await send(db, sender, claimed, now, opts)) sent++;
      else failing = true;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? DELIVERY.concurrency) }, lane));
  return sent;
}
