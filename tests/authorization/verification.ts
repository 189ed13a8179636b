// Authorisation rows of the verification domain: admins govern organizations, verifier staff
// verify and manage their organization, citizens (travelers and hosts) consent and hold tokens.
import { randomUUID } from "node:crypto";
import { BAN, OK, REVOKED, ROLE, SUSP, UNAUTH, type Row } from "./cells";

// prettier-ignore
export const VERIFICATION_ROWS: Record<string, Row> = {
  //                                          anonymous TRAVELER HOST  ORG_USER MODERATOR ADMIN SUPER  suspended banned stale
  // ---------------------------------------------------------------- admins: organizations
  "verification.organizations": {
    expect:                                   [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "verification.createOrganization": {
    expect:                                   [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    // The demo admin's own region (a super admin must name one; an admin may).
    input: (w, n) => ({ name: `Table organization ${n}`, scopePolicy: ["identity.verified"], regionId: w.region("Aegean Islands") }),
    reached: "ok",
  },
  "verification.setOrganizationStatus": {
    expect:                                   [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => ({ organizationId: randomUUID(), status: "SUSPENDED" }),
    reached: "NOT_FOUND",
  },
  "verification.setOrganizationPolicy": {
    expect:                                   [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => ({ organizationId: randomUUID(), scopePolicy: ["identity.verified"] }),
    reached: "NOT_FOUND",
  },
  "verification.setOrganizationRegions": {
    expect:                                   [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: (w) => ({ organizationId: randomUUID(), regionId: w.region("Aegean Islands"), servedRegionIds: [] }),
    reached: "NOT_FOUND", // for an admin, a real organization reaches RULE_DENIED (super admins only)
  },
  // ---------------------------------------------------------------- verifier staff (the demo verifier is Harbour Ferries' org admin)
  "verification.myOrganization": {
    expect:                                   [UNAUTH,  ROLE,    ROLE, OK,      ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "verification.verify": {
    expect:                                   [UNAUTH,  ROLE,    ROLE, OK,      ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ token: "not.a.token" }),
    reached: "ok", // answered with outcome REFUSED (MALFORMED), recorded as an event
  },
  "verification.history": {
    expect:                                   [UNAUTH,  ROLE,    ROLE, OK,      ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "verification.createRequest": {
    expect:                                   [UNAUTH,  ROLE,    ROLE, OK,      ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ scopes: ["identity.verified"] }),
    reached: "ok",
  },
  "verification.requests": {
    expect:                                   [UNAUTH,  ROLE,    ROLE, OK,      ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "verification.members": {
    expect:                                   [UNAUTH,  ROLE,    ROLE, OK,      ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "verification.setMemberRole": {
    expect:                                   [UNAUTH,  ROLE,    ROLE, OK,      ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ userId: randomUUID(), orgRole: "STAFF" }),
    reached: "NOT_FOUND",
  },
  "verification.inviteStaff": {
    expect:                                   [UNAUTH,  ROLE,    ROLE, OK,      ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ orgRole: "STAFF", maxUses: 1, expiresInDays: 1 }),
    reached: "ok",
  },
  "verification.staffInvites": {
    expect:                                   [UNAUTH,  ROLE,    ROLE, OK,      ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "verification.revokeStaffInvite": {
    expect:                                   [UNAUTH,  ROLE,    ROLE, OK,      ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ inviteId: randomUUID() }),
    reached: "NOT_FOUND",
  },
  // ---------------------------------------------------------------- citizens (travelers and hosts)
  "verification.consentableOrganizations": {
    expect:                                   [UNAUTH,  OK,      OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "verification.consents": {
    expect:                                   [UNAUTH,  OK,      OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "verification.grantConsent": {
    expect:                                   [UNAUTH,  OK,      OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ organizationId: randomUUID(), scopes: ["identity.verified"], days: 1 }),
    reached: "NOT_FOUND",
  },
  "verification.revokeConsent": {
    expect:                                   [UNAUTH,  OK,      OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ organizationId: randomUUID() }),
    reached: "INVALID_STATE",
  },
  "verification.walletToken": {
    expect:                                   [UNAUTH,  OK,      OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ organizationId: randomUUID() }),
    reached: "NOT_FOUND",
  },
  "verification.myRequests": {
    expect:                                   [UNAUTH,  OK,      OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "verification.claimRequest": {
    expect:                                   [UNAUTH,  OK,      OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ code: "ZZZZ-ZZZZ" }),
    reached: "NOT_FOUND",
  },
  "verification.respondToRequest": {
    expect:                                   [UNAUTH,  OK,      OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ requestId: randomUUID(), approve: true }),
    reached: "NOT_FOUND",
  },
  "verification.myHistory": {
    expect:                                   [UNAUTH,  OK,      OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "verification.dispute": {
    expect:                                   [UNAUTH,  OK,      OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ eventId: randomUUID() }),
    reached: "NOT_FOUND",
  },
};
