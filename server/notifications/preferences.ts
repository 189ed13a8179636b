// Each person's choice per kind: in the app, by e-mail too (the default), or off. Security kinds
// are always sent and mailed whatever is stored.
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { notificationPreferences } from "@/db/schema/notifications";
import { AppError } from "@/server/errors";
import type { Role } from "@/db/schema/values";
import {
  CHOOSABLE_KINDS,
  KIND_LABELS,
  KIND_RECIPIENTS,
  isSecurityKind,
  type NotificationChannel,
  type NotificationKind,
} from "./kinds";

export const DEFAULT_CHANNEL: NotificationChannel = "EMAIL";

/** The channel a kind goes to for a person (security kinds: always e-mail). */
export async function channelFor(db: Database, userId: string, kind: NotificationKind): Promise<NotificationChannel> {
  if (isSecurityKind(kind)) return "EMAIL";
  const [row] = await db
    .select({ channel: notificationPreferences.channel })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.userId, userId), eq(notificationPreferences.kind, kind)))
    .limit(1);
  return (row?.channel as NotificationChannel | undefined) ?? DEFAULT_CHANNEL;
}

export interface PreferenceView {
  kind: NotificationKind;
  label: string;
  channel: NotificationChannel;
}

/** Every kind a person may choose for that can concern their role, with their choice (or the default). */
export async function preferencesOf(db: Database, user: { id: string; role: Role }): Promise<PreferenceView[]> {
  const userId = user.id;
  const rows = await db
    .select({ kind: notificationPreferences.kind, channel: notificationPreferences.channel })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
  const chosen = new Map(rows.map((r) => [r.kind, r.channel as NotificationChannel]));
  return CHOOSABLE_KINDS.filter((kind) => KIND_RECIPIENTS[kind]?.includes(user.role)).map((kind) => ({
    kind,
    label: KIND_LABELS[kind],
    channel: chosen.get(kind) ?? DEFAULT_CHANNEL,
  }));
}

/** Stores a choice. Security kinds cannot be chosen: they are how a person learns of a takeover. */
export async function setPreference(
  db: Database,
  userId: string,
  kind: NotificationKind,
  channel: NotificationChannel,
): Promise<NotificationChannel | null> {
  if (!CHOOSABLE_KINDS.includes(kind)) {
    throw new AppError("INVALID_INPUT", "Security notices are always sent and cannot be turned off.", {
      reason: "SECURITY_KIND",
      fieldErrors: { kind: ["Security notices are always sent and cannot be turned off."] },
    });
  }
  const before = await channelFor(db, userId, kind);
  await db
    .insert(notificationPreferences)
    .values({ userId, kind, channel, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.kind],
      set: { channel, updatedAt: new Date() },
    });
  return before;
}

/** Whether the person has an e-mail address, and whether it is confirmed (mail waits until it is). */
export async function addressState(db: Database, userId: string): Promise<{ hasEmail: boolean; emailConfirmed: boolean }> {
  const [row] = await db
    .select({ email: users.email, verifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return { hasEmail: Boolean(row?.email), emailConfirmed: Boolean(row?.email && row.verifiedAt) };
}
