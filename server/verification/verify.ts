// Verifying a presented token, for the staff member's own organization. Stateless checks first
// (tokens.ts: shape, typ, signature by kid, issuer, audience, times), then the database's: the
// organization active, single use of the jti (a unique insert: of two concurrent checks exactly one
// wins), the traveler's live consent, their standing. Discloses token scopes ∩ consent ∩ policy and
// nothing else. Every check, refused or not, is recorded as a verification event.
import { and, eq } from "drizzle-orm";
import { users } from "@/db/schema/accounts";
import { districts } from "@/db/schema/geography";
import { citizenProfiles } from "@/db/schema/identity";
import { tokenRedemptions, verificationEvents, verificationRequests } from "@/db/schema/verification";
import type { ConsentScope, VerificationReason } from "@/db/schema/values";
import type { Deps } from "@/server/context";
import { env } from "@/server/env";
import { resolvePairwiseAlias } from "./aliases";
import { liveConsent } from "./consents";
import { attributesFor, disclosedScopes, type DisclosedAttribute } from "./disclosure";
import { getKeyring, type Keyring } from "./keys";
import { requireMembership } from "./organizations";
import { REASON_WORDS } from "@/shared/verification-reasons";
import { checkToken, CLOCK_SKEW_SECONDS } from "./tokens";
import { notifyTraveler } from "./notify-traveler";

export type VerificationResult =
  | { outcome: "VERIFIED"; eventId: string; checkedAt: Date; subject: string; attributes: DisclosedAttribute[] }
  | { outcome: "REFUSED"; eventId: string; checkedAt: Date; reason: VerificationReason; title: string; message: string };

export async function verifyPresentedToken(
  deps: Deps,
  input: { token: string },
  opts: { keyring?: Keyring; now?: Date; issuer?: string } = {},
): Promise<VerificationResult> {
  const org = await requireMembership(deps);
  const now = opts.now ?? new Date();
  const db = deps.db;

  const record = async (fields: {
    outcome: "VERIFIED" | "REFUSED";
    reason?: VerificationReason;
    travelerId?: string | null;
    subject?: string | null;
    scopes?: ConsentScope[];
    requestId?: string | null;
  }) => {
    const [event] = await db
      .insert(verificationEvents)
      .values({
        organizationId: org.organizationId,
        staffId: deps.user.id,
        travelerId: fields.travelerId ?? null,
        subject: fields.subject ?? null,
        outcome: fields.outcome,
        reasonCode: fields.reason ?? null,
        disclosedScopes: fields.scopes ?? [],
        requestId: fields.requestId ?? null,
        createdAt: now,
      })
      .returning({ id: verificationEvents.id });
    deps.audit({
      action: fields.outcome === "VERIFIED" ? "VERIFICATION_SUCCEEDED" : "VERIFICATION_REFUSED",
      targetType: "verification_event",
      targetId: event!.id,
      changes: {
        organizationId: org.organizationId,
        outcome: fields.outcome,
        reason: fields.reason ?? null,
        disclosedScopes: fields.scopes ?? [],
      },
    });
    if (fields.outcome === "VERIFIED" && fields.travelerId) {
      await notifyTraveler(db, fields.travelerId, {
        kind: "VERIFIED_BY_ORGANIZATION",
        subjectType: "verification_event",
        subjectId: event!.id,
        organizationName: org.name,
        at: now,
      });
    }
    return event!.id;
  };
  const refuse = async (
    reason: VerificationReason,
    extra: { travelerId?: string | null; subject?: string | null } = {},
  ): Promise<VerificationResult> => {
    const eventId = await record({ outcome: "REFUSED", reason, ...extra });
    return {
      outcome: "REFUSED",
      eventId,
      checkedAt: now,
      reason,
      title: REASON_WORDS[reason].title,
      message: REASON_WORDS[reason].explain,
    };
  };

  if (org.status !== "ACTIVE") return refuse("ORGANIZATION_SUSPENDED");

  const checked = await checkToken(opts.keyring ?? (await getKeyring()), input.token, {
    issuer: opts.issuer ?? env.APP_URL,
    audience: org.organizationId,
    now,
    skewSeconds: CLOCK_SKEW_SECONDS,
  });
  if (!checked.ok) {
    // A genuine token refused (shown at the wrong counter, too late or too early) is still recorded
    // for its traveler, so that it appears in their history with "this wasn't me". The presenting
    // organization is told nothing more, and keeps no alias that is not its own.
    const travelerId = checked.claims ? await resolvePairwiseAlias(db, checked.claims.sub, checked.claims.aud) : null;
    const ownAlias = checked.claims && checked.claims.aud === org.organizationId ? checked.claims.sub : null;
    return refuse(checked.reason, { travelerId, subject: ownAlias });
  }
  const claims = checked.claims;

  // Single use: the first insert of this jti wins; any later (or concurrent) one conflicts.
  const redeemed = await db
    .insert(tokenRedemptions)
    .values({
      jti: claims.jti,
      organizationId: org.organizationId,
      expiresAt: new Date((claims.exp + CLOCK_SKEW_SECONDS) * 1000),
      redeemedAt: now,
    })
    .onConflictDoNothing()
    .returning({ jti: tokenRedemptions.jti });
  // A replay is recorded against the traveler too: they see that someone presented their token again.
  const travelerId = await resolvePairwiseAlias(db, claims.sub, org.organizationId);
  if (redeemed.length === 0) return refuse("REPLAYED", { travelerId, subject: claims.sub });

  if (!travelerId) return refuse("NOT_VERIFIED", { subject: claims.sub });

  const consent = await liveConsent(db, travelerId, org.organizationId, now);
  if (!consent) return refuse("CONSENT_REVOKED", { travelerId, subject: claims.sub });

  const [person] = await db
    .select({
      kycStatus: users.kycStatus,
      status: users.status,
      legalName: citizenProfiles.legalName,
      dateOfBirth: citizenProfiles.dateOfBirth,
      districtName: districts.name,
    })
    .from(users)
    .leftJoin(citizenProfiles, eq(citizenProfiles.userId, users.id))
    .leftJoin(districts, eq(districts.id, citizenProfiles.districtId))
    .where(eq(users.id, travelerId));
  if (!person || person.kycStatus !== "VERIFIED" || person.status !== "ACTIVE" || !person.legalName || !person.dateOfBirth) {
    return refuse("NOT_VERIFIED", { travelerId, subject: claims.sub });
  }

  const scopes = disclosedScopes(claims.scopes, consent.scopes, org.scopePolicy);
  if (scopes.length === 0) return refuse("CONSENT_REVOKED", { travelerId, subject: claims.sub });

  let requestId: string | null = null;
  if (claims.nonce) {
    const [request] = await db
      .update(verificationRequests)
      .set({ status: "COMPLETED" })
      // Only the caller's own organization's request: a nonce never completes another's.
      .where(and(eq(verificationRequests.nonce, claims.nonce), eq(verificationRequests.organizationId, org.organizationId)))
      .returning({ id: verificationRequests.id });
    if (request) requestId = request.id;
  }

  const attributes = attributesFor(
    scopes,
    { legalName: person.legalName, dateOfBirth: person.dateOfBirth, districtName: person.districtName ?? "" },
    now,
  );
  const eventId = await record({ outcome: "VERIFIED", travelerId, subject: claims.sub, scopes, requestId });
  return { outcome: "VERIFIED", eventId, checkedAt: now, subject: claims.sub, attributes };
}
