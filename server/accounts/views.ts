// What the accounts domain sends out: the output contracts of auth, invites and people procedures.
// Each schema names every field that leaves the server; zod drops any other key.
import { z } from "zod";
import { KYC_STATUSES, ROLES, USER_STATUSES } from "@/db/schema/values";

const role = z.enum(ROLES);

export const signupResultView = z.object({ userId: z.string().uuid(), role: z.string(), home: z.string() });

/** The signed-in user as they see themselves. */
export const meView = z.object({
  id: z.string().uuid(),
  displayName: z.string(),
  role,
  districtId: z.string().uuid().nullable(),
  kycStatus: z.enum(KYC_STATUSES),
});

/** A new invite: the code is shown this once. */
export const inviteCreatedView = z.object({
  id: z.string().uuid(),
  code: z.string(),
  signupUrl: z.string(),
  expiresAt: z.date(),
});

export const INVITE_STATES = ["REVOKED", "EXPIRED", "USED_UP", "ACTIVE"] as const;

/** An invite in a list: never its code, only a hint. */
export const inviteRowView = z.object({
  id: z.string().uuid(),
  codeHint: z.string(),
  role,
  districtId: z.string().uuid().nullable(),
  districtName: z.string().nullable(),
  regionName: z.string().nullable(),
  maxUses: z.number().int(),
  uses: z.number().int(),
  usesLeft: z.number().int(),
  state: z.enum(INVITE_STATES),
  expiresAt: z.date(),
  isActive: z.boolean(),
  note: z.string().nullable(),
  createdAt: z.date(),
  createdByName: z.string().nullable(),
});

export const invitePageView = z.object({ items: z.array(inviteRowView), nextCursor: z.string().nullable() });

export const peopleStatsView = z.object({
  byRole: z.array(z.object({ role, count: z.number().int() })),
  byStatus: z.array(z.object({ status: z.enum(USER_STATUSES), count: z.number().int() })),
  byKyc: z.array(z.object({ kycStatus: z.enum(KYC_STATUSES), count: z.number().int() })),
});

/** A person as admins see them on the users page. */
export const personRowView = z.object({
  id: z.string().uuid(),
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role,
  status: z.enum(USER_STATUSES),
  kycStatus: z.enum(KYC_STATUSES),
  districtId: z.string().uuid().nullable(),
  districtName: z.string().nullable(),
  createdAt: z.date(),
  /** Whether the viewer may issue this person a password-reset link (rule password.assistReset). */
  canIssueReset: z.boolean(),
  /** Otherwise the rule's reason and words, for the page to show. */
  resetRefusal: z.object({ reason: z.string(), message: z.string() }).nullable(),
});

export const peoplePageView = z.object({ items: z.array(personRowView), nextCursor: z.string().nullable() });

/** One signed-in device as its owner sees it. */
export const sessionRowView = z.object({
  id: z.string().uuid(),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The user agent in words: "Firefox 128 on Android". */
  device: z.string(),
  /** The session of the request that asked. */
  current: z.boolean(),
});

export const sessionListView = z.array(sessionRowView);

export const signedOutView = z.object({ ok: z.literal(true), endedCurrent: z.boolean() });

/** A one-time reset link: shown to the issuing admin this once, never stored. */
export const passwordResetIssuedView = z.object({ url: z.string(), expiresAt: z.date() });
