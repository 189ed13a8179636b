// Verification requests: an organization asks for scopes with a nonce; the traveler (addressed by
// the pairwise alias the organization knows them by, or who types the request's code) approves,
// which issues a token carrying the nonce, or declines.
import { notifyTraveler } from "./notify-traveler";
import { randomBytes, randomInt } from "node:crypto";
import { and, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { users } from "@/db/schema/accounts";
import { aliases, organizations, verificationRequests } from "@/db/schema/verification";
import type { ConsentScope, VerificationRequestStatus } from "@/db/schema/values";
import { INVITE_ALPHABET } from "@/server/accounts/invite-codes";
import type { Deps } from "@/server/context";
import { AppError } from "@/server/errors";
import { enforce } from "@/server/policy/authorize";
import { resolvePairwiseAlias } from "./aliases";
import { grantConsent, liveConsent } from "./consents";
import { issueToken } from "./issue";
import type { Keyring } from "./keys";
import { canonicalScopes, requireMembership } from "./organizations";

export const REQUEST_TTL_MINUTES = 15;

function requestCode(): string {
  let code = "";
  for (let i = 0; i < 8; i++) code += INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export function normalizeRequestCode(code: string): string {
  const clean = code.toUpperCase().replace(/[\s-]/g, "");
  return `${clean.slice(0, 4)}-${clean.slice(4)}`;
}

export async function createRequest(
  deps: Deps,
  input: { scopes: ConsentScope[]; subject?: string; note?: string },
  now = new Date(),
) {
  const org = await requireMembership(deps);
  if (org.status !== "ACTIVE")
    throw new AppError("INVALID_STATE", "Your organization is suspended, so it cannot ask travelers for anything.");
  const scopes = canonicalScopes(input.scopes);
  const outside = scopes.filter((s) => !org.scopePolicy.includes(s));
  if (outside.length > 0) {
    throw new AppError("INVALID_STATE", `Your organization may not receive: ${outside.join(", ")}.`, {
      fieldErrors: { scopes: ["Outside your organization's policy."] },
    });
  }
  let travelerId: string | null = null;
  if (input.subject) {
    travelerId = await resolvePairwiseAlias(deps.db, input.subject.trim().toUpperCase(), org.organizationId);
    if (!travelerId) {
      throw new AppError("NOT_FOUND", "No traveler with this reference has been verified by your organization.", {
        fieldErrors: { subject: ["Unknown reference for your organization."] },
      });
    }
  }
  const [row] = await deps.db
    .insert(verificationRequests)
    .values({
      organizationId: org.organizationId,
      requestedBy: deps.user.id,
      travelerId,
      scopes,
      nonce: randomBytes(16).toString("base64url"),
      code: requestCode(),
      note: input.note || null,
      expiresAt: new Date(now.getTime() + REQUEST_TTL_MINUTES * 60_000),
    })
    .returning();
  deps.audit({
    action: "VERIFICATION_REQUESTED",
    targetType: "verification_request",
    targetId: row!.id,
    changes: { organizationId: org.organizationId, scopes, addressed: Boolean(travelerId) },
  });
  // A request addressed to a known traveler is announced to them; an open one travels by its code.
  if (travelerId) {
    await notifyTraveler(deps.db, travelerId, {
      kind: "VERIFICATION_REQUESTED",
      subjectType: "verification_request",
      subjectId: row!.id,
      organizationName: org.name,
      at: now,
    });
  }
  return { id: row!.id, code: row!.code, expiresAt: row!.expiresAt };
}

/** The scheduler stores EXPIRED within a tick of the expiry; until then a read says so itself, exactly at the boundary. */
function effectiveStatus(r: { status: VerificationRequestStatus; expiresAt: Date }, now: Date): VerificationRequestStatus {
  return r.status === "PENDING" && r.expiresAt <= now ? "EXPIRED" : r.status;
}

/** The organization's requests, newest first. The traveler appears only as the org's own alias. */
export async function organizationRequests(deps: Pick<Deps, "db" | "user" | "securityEvents">, now = new Date()) {
  const org = await requireMembership(deps);
  const rows = await deps.db
    .select({
      id: verificationRequests.id,
      scopes: verificationRequests.scopes,
      code: verificationRequests.code,
      note: verificationRequests.note,
      status: verificationRequests.status,
      expiresAt: verificationRequests.expiresAt,
      createdAt: verificationRequests.createdAt,
      respondedAt: verificationRequests.respondedAt,
      requestedByName: users.displayName,
      subject: aliases.alias,
    })
    .from(verificationRequests)
    .innerJoin(users, eq(users.id, verificationRequests.requestedBy))
    .leftJoin(
      aliases,
      and(eq(aliases.userId, verificationRequests.travelerId), eq(aliases.organizationId, verificationRequests.organizationId)),
    )
    .where(eq(verificationRequests.organizationId, org.organizationId))
    .orderBy(desc(verificationRequests.createdAt))
    .limit(50);
  return rows.map((r) => ({ ...r, status: effectiveStatus(r, now) }));
}

/** Requests addressed to the traveler: pending ones first, then the last answered. */
export async function myRequests(deps: Pick<Deps, "db" | "user">, now = new Date()) {
  const rows = await deps.db
    .select({
      id: verificationRequests.id,
      organizationId: organizations.id,
      organizationName: organizations.name,
      scopes: verificationRequests.scopes,
      note: verificationRequests.note,
      status: verificationRequests.status,
      expiresAt: verificationRequests.expiresAt,
      createdAt: verificationRequests.createdAt,
    })
    .from(verificationRequests)
    .innerJoin(organizations, eq(organizations.id, verificationRequests.organizationId))
    .where(eq(verificationRequests.travelerId, deps.user.id))
    .orderBy(
      sql`case when ${verificationRequests.status} = 'PENDING' and ${verificationRequests.expiresAt} > ${now.toISOString()}::timestamptz then 0 else 1 end`,
      desc(verificationRequests.createdAt),
    )
    .limit(30);
  return rows.map((r) => ({ ...r, status: effectiveStatus(r, now) }));
}

/** A traveler types a request's code: the pending request becomes theirs to answer. */
export async function claimRequest(deps: Deps, input: { code: string }, now = new Date()) {
  const code = normalizeRequestCode(input.code);
  const [row] = await deps.db
    .update(verificationRequests)
    .set({ travelerId: deps.user.id })
    .where(
      and(
        eq(verificationRequests.code, code),
        eq(verificationRequests.status, "PENDING"),
        gt(verificationRequests.expiresAt, now),
        or(isNull(verificationRequests.travelerId), eq(verificationRequests.travelerId, deps.user.id)),
      ),
    )
    .returning({ id: verificationRequests.id });
  if (!row) {
    throw new AppError("NOT_FOUND", "No open request has this code. Check it, or ask the organization for a new one.", {
      fieldErrors: { code: ["No open request has this code."] },
    });
  }
  deps.audit({
    action: "VERIFICATION_REQUEST_CLAIMED",
    targetType: "verification_request",
    targetId: row.id,
    changes: { travelerId: deps.user.id },
  });
  return { id: row.id };
}

/** Approve (consent to the requested scopes, and get a token with the request's nonce) or decline. */
export async function respondToRequest(
  deps: Deps,
  input: { requestId: string; approve: boolean; days?: number },
  opts: { keyring?: Keyring; now?: Date } = {},
) {
  const now = opts.now ?? new Date();
  const [request] = await deps.db.select().from(verificationRequests).where(eq(verificationRequests.id, input.requestId));
  if (!request) throw new AppError("NOT_FOUND", "That request does not exist.");
  enforce(deps.securityEvents, "verification.own", deps.user, { travelerId: request.travelerId });
  if (request.status !== "PENDING") throw new AppError("INVALID_STATE", "This request has already been answered.");
  if (request.expiresAt <= now)
    throw new AppError("INVALID_STATE", "This request has expired. Ask the organization for a new one.");
  const status = input.approve ? ("APPROVED" as const) : ("DECLINED" as const);
  const [moved] = await deps.db
    .update(verificationRequests)
    .set({ status, respondedAt: now })
    .where(and(eq(verificationRequests.id, request.id), eq(verificationRequests.status, "PENDING")))
    .returning({ id: verificationRequests.id });
  if (!moved) throw new AppError("INVALID_STATE", "This request has already been answered.");
  deps.audit({
    action: input.approve ? "VERIFICATION_REQUEST_APPROVED" : "VERIFICATION_REQUEST_DECLINED",
    targetType: "verification_request",
    targetId: request.id,
    changes: { status: { before: "PENDING", after: status } },
  });
  if (!input.approve) return { status, token: null, expiresAt: null };
  // Approval is consent: to what was asked, added to what the traveler already shares.
  const existing = await liveConsent(deps.db, deps.user.id, request.organizationId, now);
  const scopes = [...new Set([...(existing?.scopes ?? []), ...request.scopes])] as ConsentScope[];
  const days =
    input.days ?? (existing ? Math.max(1, Math.ceil((existing.expiresAt.getTime() - now.getTime()) / 86_400_000)) : 30);
  await grantConsent(deps, { organizationId: request.organizationId, scopes, days }, now);
  const issued = await issueToken(
    deps,
    { organizationId: request.organizationId, nonce: request.nonce, scopes: request.scopes },
    { keyring: opts.keyring, now },
  );
  return { status, token: issued.token, expiresAt: issued.expiresAt };
}
