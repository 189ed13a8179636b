// Every kind of notification, what it says (in the app and as the mail's subject and body), and who
// may turn it off. Wording reads only the row's `data`, which never holds a national ID, a token or
// another person's contact details (display names, listing titles and organization names only).

import type { Role } from "@/db/schema/values";

export const NOTIFICATION_KINDS = [
  "ORDER_QUESTION",
  "ORDER_REQUESTED",
  "ORDER_ACCEPTED",
  "ORDER_DECLINED",
  "ORDER_CANCELLED",
  "ORDER_STARTED",
  "ORDER_COMPLETED",
  "ORDER_EXPIRED",
  "MESSAGE_RECEIVED",
  "REVIEW_RECEIVED",
  "REVIEW_REPLIED",
  "ENROLLMENT_SUBMITTED",
  "ENROLLMENT_CHANGES_REQUESTED",
  "ENROLLMENT_APPROVED",
  "ENROLLMENT_REJECTED",
  "VERIFICATION_REQUESTED",
  "VERIFICATION_REQUEST_EXPIRED",
  "VERIFIED_BY_ORGANIZATION",
  "CONSENT_EXPIRING",
  "CONTENT_DECISION",
  "ACCOUNT_WARNING",
  "ACCOUNT_SUSPENDED",
  "KIOSK_OFFLINE",
  "INVITE_RECEIVED",
  "PASSWORD_RESET",
  "PASSWORD_CHANGED",
  "NEW_SIGN_IN",
  "EMAIL_CONFIRMATION",
  "EMAIL_CHANGED",
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_CHANNELS = ["IN_APP", "EMAIL", "OFF"] as const;
/** IN_APP: the bell only; EMAIL: the bell and a mail; OFF: neither. */
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Kinds nobody can turn off or keep out of their mailbox: how a person learns of a takeover, or why they were signed out. */
export const SECURITY_KINDS: readonly NotificationKind[] = [
  "PASSWORD_RESET",
  "PASSWORD_CHANGED",
  "NEW_SIGN_IN",
  "EMAIL_CONFIRMATION",
  "EMAIL_CHANGED",
  // Signed out everywhere: the mail is the only way the person learns why.
  "ACCOUNT_SUSPENDED",
];

/** Kinds sent only by mail, to an address (they mean nothing in the app's bell). */
export const MAIL_ONLY_KINDS: readonly NotificationKind[] = [
  "PASSWORD_RESET",
  "EMAIL_CONFIRMATION",
  "INVITE_RECEIVED",
  "EMAIL_CHANGED",
];

/**
 * Kinds mailed to the address on the row rather than the account's current one: a confirmation to
 * the address being confirmed, an invite to someone without an account, and the notice of a changed
 * address to the old one (the person who may have lost the account, with the link that undoes it).
 */
export const TO_ADDRESS_KINDS: readonly NotificationKind[] = MAIL_ONLY_KINDS;

/** Kinds a person may choose for (the rest are security or mail-only and always sent). */
export const CHOOSABLE_KINDS = NOTIFICATION_KINDS.filter((k) => !SECURITY_KINDS.includes(k) && !MAIL_ONLY_KINDS.includes(k));

const CITIZENS = ["TRAVELER", "HOST"] as const;
const PEOPLE = ["TRAVELER", "HOST", "ORG_USER", "MODERATOR", "ADMIN", "SUPER_ADMIN"] as const;

/**
 * Who can receive each kind a person may choose for: the account page offers a person only the
 * choices that can concern them (hosts are travelers too).
 */
export const KIND_RECIPIENTS: Partial<Record<NotificationKind, readonly Role[]>> = {
  ORDER_QUESTION: ["HOST"],
  ORDER_REQUESTED: ["HOST"],
  ORDER_ACCEPTED: CITIZENS,
  ORDER_DECLINED: CITIZENS,
  ORDER_CANCELLED: CITIZENS,
  ORDER_STARTED: CITIZENS,
  ORDER_COMPLETED: CITIZENS,
  ORDER_EXPIRED: CITIZENS,
  MESSAGE_RECEIVED: CITIZENS,
  REVIEW_RECEIVED: ["HOST"],
  REVIEW_REPLIED: CITIZENS,
  ENROLLMENT_SUBMITTED: CITIZENS,
  ENROLLMENT_CHANGES_REQUESTED: CITIZENS,
  ENROLLMENT_APPROVED: CITIZENS,
  ENROLLMENT_REJECTED: CITIZENS,
  VERIFICATION_REQUESTED: CITIZENS,
  VERIFICATION_REQUEST_EXPIRED: ["ORG_USER"],
  VERIFIED_BY_ORGANIZATION: CITIZENS,
  CONSENT_EXPIRING: CITIZENS,
  CONTENT_DECISION: CITIZENS,
  ACCOUNT_WARNING: PEOPLE,
  KIOSK_OFFLINE: ["ADMIN", "SUPER_ADMIN"],
};

export function isSecurityKind(kind: NotificationKind): boolean {
  return SECURITY_KINDS.includes(kind);
}

export type NotificationData = Record<string, string | number | boolean | null>;

/** The words of one notification: a title for the bell and the mail's subject, a sentence or two, and the button. */
export interface NotificationWords {
  title: string;
  body: string;
  action: string;
}

/** What each kind is called on the account page, and who usually receives it. */
export const KIND_LABELS: Record<NotificationKind, string> = {
  ORDER_QUESTION: "A traveler asks about your listing",
  ORDER_REQUESTED: "A traveler requests your listing",
  ORDER_ACCEPTED: "The host accepts your request",
  ORDER_DECLINED: "The host declines your request",
  ORDER_CANCELLED: "An order is cancelled",
  ORDER_STARTED: "An order starts (check-in)",
  ORDER_COMPLETED: "An order is completed",
  ORDER_EXPIRED: "A request expires unanswered",
  MESSAGE_RECEIVED: "New messages (one mail per conversation, only if still unread)",
  REVIEW_RECEIVED: "A traveler reviews your listing",
  REVIEW_REPLIED: "The host replies to your review",
  ENROLLMENT_SUBMITTED: "Your identity enrollment is received",
  ENROLLMENT_CHANGES_REQUESTED: "Your enrollment needs changes",
  ENROLLMENT_APPROVED: "Your enrollment is approved",
  ENROLLMENT_REJECTED: "Your enrollment is not approved",
  VERIFICATION_REQUESTED: "An organization asks to verify you",
  VERIFICATION_REQUEST_EXPIRED: "A verification request you made expires unanswered",
  VERIFIED_BY_ORGANIZATION: "An organization verified you",
  CONSENT_EXPIRING: "A consent is about to lapse",
  CONTENT_DECISION: "A moderator decides about something you wrote",
  ACCOUNT_WARNING: "A moderator warns you",
  ACCOUNT_SUSPENDED: "Your account is suspended or banned",
  KIOSK_OFFLINE: "A kiosk in your region is offline",
  INVITE_RECEIVED: "An invitation to Tessera",
  PASSWORD_RESET: "Password reset link",
  PASSWORD_CHANGED: "Your password was changed",
  NEW_SIGN_IN: "A new sign-in to your account",
  EMAIL_CONFIRMATION: "Confirm your e-mail address",
  EMAIL_CHANGED: "Your e-mail address was changed",
};

const time = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function str(data: NotificationData, key: string, fallback: string): string {
  const v = data[key];
  return typeof v === "string" && v.trim() ? v : typeof v === "number" ? String(v) : fallback;
}

function at(data: NotificationData, key = "at"): string {
  const v = data[key];
  const d = typeof v === "string" ? new Date(v) : null;
  return d && !Number.isNaN(d.getTime()) ? `${time.format(d)} UTC` : "just now";
}

/** The words for a notification (the same in the bell and the mail). */
export function wordsFor(kind: NotificationKind, data: NotificationData = {}): NotificationWords {
  const listing = `“${str(data, "listingTitle", "your listing")}”`;
  const who = str(data, "actorName", "Someone");
  const org = str(data, "organizationName", "An organization");
  switch (kind) {
    case "ORDER_QUESTION":
      return { title: `New question about ${listing}`, body: `${who} asked about ${listing}.`, action: "Open the conversation" };
    case "ORDER_REQUESTED":
      return {
        title: `New request for ${listing}`,
        body: `${who} requested ${listing}. Accept or decline it from the order page.`,
        action: "Answer the request",
      };
    case "ORDER_ACCEPTED":
      return {
        title: `Your request for ${listing} is accepted`,
        body: `${who} accepted your request.`,
        action: "Open the order",
      };
    case "ORDER_DECLINED":
      return {
        title: `Your request for ${listing} is declined`,
        body: `${who} declined your request.`,
        action: "Open the order",
      };
    case "ORDER_CANCELLED":
      if (data.closedIdle === true)
        return {
          title: `Conversation about ${listing} closed`,
          body: `Nobody wrote about ${listing} for ${str(data, "idleDays", "several")} days, so the question was closed. You can ask again from the listing at any time.`,
          action: "Open the conversation",
        };
      return {
        title: `Order for ${listing} cancelled`,
        body: `${who} cancelled the order for ${listing}.`,
        action: "Open the order",
      };
    case "ORDER_STARTED":
      return {
        title: `Checked in: ${listing}`,
        body: `${who} checked you in; the order for ${listing} is in progress.`,
        action: "Open the order",
      };
    case "ORDER_COMPLETED":
      return {
        title: `Order for ${listing} completed`,
        body: `${who} marked the order for ${listing} as completed. You can now write a review.`,
        action: "Open the order",
      };
    case "ORDER_EXPIRED":
      return {
        title: `Request for ${listing} expired`,
        body: `The request for ${listing} was not answered in time and has expired. It was not declined.`,
        action: "Open the order",
      };
    case "MESSAGE_RECEIVED": {
      const count = Number(data.count ?? 1) || 1;
      return {
        title: count > 1 ? `${count} new messages about ${listing}` : `New message about ${listing}`,
        body: `${who} wrote to you about ${listing}. Read and answer in Tessera.`,
        action: "Read the conversation",
      };
    }
    case "REVIEW_RECEIVED":
      return {
        title: `New review of ${listing}`,
        body: `${who} left a ${str(data, "rating", "")}★ review of ${listing}. You can reply once.`,
        action: "Read the review",
      };
    case "REVIEW_REPLIED":
      return {
        title: `The host replied to your review`,
        body: `${who} replied to your review of ${listing}.`,
        action: "Read the reply",
      };
    case "ENROLLMENT_SUBMITTED":
      return {
        title: "Your enrollment is received",
        body: "Your identity enrollment waits for a moderator. We will tell you when it is decided.",
        action: "See your identity page",
      };
    case "ENROLLMENT_CHANGES_REQUESTED":
      return {
        title: "Your enrollment needs changes",
        body: "A moderator asked you to change something in your identity enrollment. The identity page says what.",
        action: "See what to change",
      };
    case "ENROLLMENT_APPROVED":
      return {
        title: "Your enrollment is approved",
        body: "Your identity is verified. You can now use everything your role allows.",
        action: "See your identity page",
      };
    case "ENROLLMENT_REJECTED":
      if (data.lapsed === true)
        return {
          title: "Your enrollment has closed",
          body: "The changes a moderator asked for were not sent in time, so your enrollment closed. You can start a new one from your identity page.",
          action: "See your identity page",
        };
      return {
        title: "Your enrollment is not approved",
        body: "A moderator did not approve your identity enrollment. The identity page says why.",
        action: "See your identity page",
      };
    case "VERIFICATION_REQUESTED":
      return {
        title: `${org} asks to verify you`,
        body: `${org} asked to verify your identity. Nothing is shared until you approve.`,
        action: "Answer the request",
      };
    case "VERIFICATION_REQUEST_EXPIRED":
      return {
        title: "Your verification request expired",
        body: `The traveler did not answer the request you made at ${at(data, "createdAt")} in time, so it expired and nothing was shared. Ask again if they are still with you.`,
        action: "Open requests",
      };
    case "VERIFIED_BY_ORGANIZATION":
      return {
        title: `${org} verified you at ${at(data)}`,
        body: `${org} verified your identity at ${at(data)}. If this wasn't you, say so from your verification history.`,
        action: "This wasn't me? Open your history",
      };
    case "CONSENT_EXPIRING":
      return {
        title: `Your consent to ${org} lapses soon`,
        body: `Your consent to ${org} lapses on ${at(data, "expiresAt")}. Renew it from your consents if you still want it.`,
        action: "See your consents",
      };
    case "CONTENT_DECISION":
      return {
        title: `A moderator ${str(data, "decision", "decided about")} your ${str(data, "contentType", "content")}`,
        body: `A moderator ${str(data, "decision", "decided about")} your ${str(data, "contentType", "content")}.${data.reason ? ` Reason: ${str(data, "reason", "")}` : ""}`,
        action: "Open it",
      };
    case "ACCOUNT_WARNING":
      return {
        title: "A moderator warned you",
        body: `A moderator sent you a warning.${data.reason ? ` Reason: ${str(data, "reason", "")}` : ""}`,
        action: "Open Tessera",
      };
    case "ACCOUNT_SUSPENDED": {
      const reason = data.reason ? ` Reason: ${str(data, "reason", "")}` : "";
      if (data.status === "BANNED")
        return {
          title: "Your account is banned",
          body: `Your Tessera account is banned by an administrator.${reason} You are signed out everywhere and can no longer sign in.`,
          action: "Open Tessera",
        };
      return {
        title: "Your account is suspended",
        body: `Your Tessera account is suspended.${reason} You are signed out everywhere.`,
        action: "Open Tessera",
      };
    }
    case "KIOSK_OFFLINE":
      return {
        title: `Kiosk “${str(data, "kioskName", "kiosk")}” is offline`,
        body: `The kiosk “${str(data, "kioskName", "kiosk")}” in ${str(data, "districtName", "your region")} has not been heard from since ${at(data, "lastSeenAt")}.`,
        action: "See the kiosks",
      };
    case "INVITE_RECEIVED":
      return {
        title: "You are invited to Tessera",
        body: `${who} invited you to the Tessera pilot as ${str(data, "roleWord", "a member")}. The link below signs you up; it works until ${at(data, "expiresAt")}.`,
        action: "Sign up",
      };
    case "PASSWORD_RESET":
      return {
        title: "Reset your Tessera password",
        body: "Someone asked to reset the password of your Tessera account. The link below works once, for 30 minutes. If it wasn't you, ignore this mail: your password stays as it is.",
        action: "Choose a new password",
      };
    case "PASSWORD_CHANGED":
      return {
        title: "Your Tessera password was changed",
        body: `Your password was changed at ${at(data)} and every device was signed out. If it wasn't you, reset your password at once or ask your region's admin for help.`,
        action: "Sign in",
      };
    case "NEW_SIGN_IN":
      return {
        title: "A new sign-in to your Tessera account",
        body: `Your account was signed in at ${at(data)}${data.userAgent ? ` from ${str(data, "userAgent", "")}` : ""}. If it wasn't you, change your password.`,
        action: "See your account",
      };
    case "EMAIL_CHANGED":
      return {
        title: "Your Tessera e-mail address was changed",
        body: `The e-mail address of your Tessera account was changed at ${at(data)}, and this address no longer receives its mail. If it wasn't you, open the link below within 7 days: this address comes back, every device is signed out, and you can choose a new password.`,
        action: "This wasn't me: undo the change",
      };
    case "EMAIL_CONFIRMATION":
      return {
        title: "Confirm your e-mail address",
        body: "Confirm this address to receive Tessera's mail. The link works once, for 24 hours. If you did not ask for this, ignore this mail.",
        action: "Confirm the address",
      };
  }
}
