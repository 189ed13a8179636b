// Issuing a verification token for an organization the traveler consented to (from the wallet, or
// on approving the organization's request, with its nonce).
import type { ConsentScope } from "@/db/schema/values";
import type { Deps } from "@/server/context";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { enforce } from "@/server/policy/authorize";
import { pairwiseAlias } from "./aliases";
import { liveConsent, organizationForConsent } from "./consents";
import { disclosedScopes } from "./disclosure";
import { getKeyring, type Keyring } from "./keys";
import { signToken, TOKEN_TTL_SECONDS } from "./tokens";

export async function issueToken(
  deps: Deps,
  input: { organizationId: string; nonce?: string; scopes?: readonly ConsentScope[] },
  opts: { keyring?: Keyring; now?: Date; issuer?: string } = {},
) {
  const now = opts.now ?? new Date();
  const org = await organizationForConsent(deps.db, input.organizationId);
  const consent = await liveConsent(deps.db, deps.user.id, org.id, now);
  if (!consent) {
    throw new AppError("INVALID_STATE", `You have no active consent for ${org.name}. Grant it on your consents page first.`);
  }
  enforce(deps.securityEvents, "consent.grant", deps.user, {
    organizationStatus: org.status,
    scopes: [],
    policy: org.scopePolicy,
  });
  const scopes = disclosedScopes(input.scopes ?? consent.scopes, consent.scopes, org.scopePolicy);
  if (scopes.length === 0)
    throw new AppError("INVALID_STATE", `Nothing you consented to can be shared with ${org.name} under its policy.`);
  const sub = await pairwiseAlias(deps.db, deps.user.id, org.id);
  const keyring = opts.keyring ?? (await getKeyring());
  const { token, expiresAt } = await signToken(
    keyring,
    { iss: opts.issuer ?? env.APP_URL, aud: org.id, sub, scopes, nonce: input.nonce },
    now,
  );
  deps.audit({
    action: "VERIFICATION_TOKEN_ISSUED",
    targetType: "organization",
    targetId: org.id,
    changes: { scopes, expiresAt: expiresAt.toISOString(), withNonce: Boolean(input.nonce) },
  });
  return { token, expiresAt, ttlSeconds: TOKEN_TTL_SECONDS, organizationName: org.name, scopes };
}
