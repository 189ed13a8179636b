// Verification: tokens (every reason code, skew, audience, replay, concurrency, key rotation),
// unlinkability between organizations, disclosure ⊆ consent ∩ policy, requests, disputes, staff.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { and, eq } from "drizzle-orm";
import { decodeJwt, decodeProtectedHeader } from "jose";
import {
  aliases,
  aliasSubjects,
  citizenProfiles,
  consentGrants,
  moderationItems,
  organizationMembers,
  organizations,
  users,
  verificationEvents,
  verificationRequests,
} from "@/db/schema";
import { CONSENT_SCOPE_LABELS, CONSENT_SCOPES, VERIFICATION_REASONS, type ConsentScope } from "@/db/schema/values";
import type { AuditEntry } from "@/server/audit";
import { loadSubject, type Deps } from "@/server/context";
import { env } from "@/server/env";
import { deriveAlias, globalAlias, pairwiseAlias } from "@/server/verification/aliases";
import { attributesFor, ageOn, disclosedScopes } from "@/server/verification/disclosure";
import { issueToken } from "@/server/verification/issue";
import { generateSigningJwk, getKeyring, keyringFrom } from "@/server/verification/keys";
import { REASON_WORDS } from "@/shared/verification-reasons";
import { checkToken, signToken, TOKEN_TTL_SECONDS, TOKEN_TYP } from "@/server/verification/tokens";
import { verifyPresentedToken } from "@/server/verification/verify";
import { deepStrings, expectError, NAXOS, seededWorld, type DemoUser, type TestWorld } from "./helpers";
import { loadFlagSnapshot } from "@/server/flags/evaluate";

let world: TestWorld;
let ferries: string; // Harbour Ferries
let museum: string; // Naxos Museum
let ferriesStaff: DemoUser; // STAFF of Harbour Ferries
let museumAdmin: DemoUser; // ORG_ADMIN of Naxos Museum

async function userByEmail(email: string): Promise<DemoUser> {
  const [row] = await world.db.select().from(users).where(eq(users.email, email));
  return { id: row!.id, email, role: row!.role, sessionVersion: row!.sessionVersion, districtId: row!.districtId };
}

/** Deps for calling a domain function directly (audit entries collected, not written). */
async function depsOf(user: DemoUser): Promise<Deps & { entries: AuditEntry[] }> {
  const { user: subject } = await loadSubject(world.db, { userId: user.id, sessionVersion: user.sessionVersion });
  const entries: AuditEntry[] = [];
  return {
    db: world.db,
    user: subject!,
    audit: (e) => void entries.push(e),
    securityEvents: [],
    flagSnapshot: (db) => loadFlagSnapshot(db),
    entries,
  };
}

async function walletToken(traveler: DemoUser = world.demo.TRAVELER, organizationId = ferries) {
  return (await world.as(traveler)).verification.walletToken({ organizationId });
}

async function verifyAs(staff: DemoUser, token: string) {
  return (await world.as(staff)).verification.verify({ token });
}

/** A VERIFIED traveler with a citizen profile, as enrollment would leave them. */
async function verifiedTraveler(name: string, dateOfBirth = "1995-06-01"): Promise<DemoUser> {
  const user = await world.addUser({ role: "TRAVELER", district: NAXOS, kycStatus: "VERIFIED", displayName: name });
  await world.db.insert(citizenProfiles).values({
    userId: user.id,
    legalName: name,
    dateOfBirth,
    districtId: world.district(NAXOS),
    nidHash: randomUUID(),
    nidKeyVersion: 1,
    nidLast4: "9999",
  });
  return user;
}

beforeAll(async () => {
  world = await seededWorld();
  const orgs = await world.db.select().from(organizations);
  ferries = orgs.find((o) => o.name === "Harbour Ferries")!.id;
  museum = orgs.find((o) => o.name === "Naxos Museum")!.id;
  ferriesStaff = await userByEmail("ferries.staff@tessera.test");
  museumAdmin = await userByEmail("museum@tessera.test");
});
afterAll(async () => {
  await world?.close();
});

describe("a wallet token verified by staff", () => {
  it("discloses exactly the consented scopes the organization may see, once", async () => {
    const traveler = await verifiedTraveler("Eleni Marinou", "2001-02-03");
    await (
      await world.as(traveler)
    ).verification.grantConsent({
      organizationId: ferries,
      scopes: ["identity.name", "identity.ageOver18"],
      days: 30,
    });
    const { token, expiresAt } = await walletToken(traveler);
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(TOKEN_TTL_SECONDS * 1000);

    // The token: typ, kid, 128-bit jti, near exp in the clear; aud, pairwise sub and scopes sealed
    // (ctx), so a reader of the code learns neither the organization nor the alias; no personal data.
    const header = decodeProtectedHeader(token);
    expect(header).toMatchObject({ alg: "EdDSA", typ: TOKEN_TYP });
    expect(typeof header.kid).toBe("string");
    const claims = decodeJwt(token);
    expect(Object.keys(claims).sort()).toEqual(["ctx", "exp", "iat", "iss", "jti"]);
    expect(token).not.toContain(ferries);
    expect(Buffer.from(String(claims.ctx), "base64url").toString("latin1")).not.toContain(ferries);
    expect(claims.iss).toBe(env.APP_URL);
    expect(Buffer.from(claims.jti!, "base64url")).toHaveLength(16);
    expect(claims.exp! - claims.iat!).toBe(TOKEN_TTL_SECONDS);
    expect(token).not.toContain(traveler.id);
    expect(JSON.stringify(claims)).not.toMatch(/Eleni|Marinou|2001/);

    const result = await verifyAs(world.demo.ORG_USER, token);
    expect(result.outcome).toBe("VERIFIED");
    if (result.outcome !== "VERIFIED") return;
    expect(result.attributes).toEqual([
      { scope: "identity.name", label: "name", value: "Eleni Marinou" },
      { scope: "identity.ageOver18", label: "over 18", value: true },
    ]);
    expect(result.subject).toMatch(/^[A-Z2-7]{52}$/);
    expect(token).not.toContain(result.subject);

    const again = await verifyAs(ferriesStaff, token);
    expect(again).toMatchObject({ outcome: "REFUSED", reason: "REPLAYED", title: "Already used" });

    // Both checks are recorded; the traveler sees the verification, the organization its history.
    const history = await (await world.as(traveler)).verification.myHistory();
    expect(history.map((h) => [h.organizationName, h.outcome, h.reasonCode, h.disclosedScopes])).toEqual([
      ["Harbour Ferries", "REFUSED", "REPLAYED", []],
      ["Harbour Ferries", "VERIFIED", null, ["identity.name", "identity.ageOver18"]],
    ]);
    const orgHistory = await (await world.as(ferriesStaff)).verification.history();
    expect(orgHistory.find((e) => e.id === result.eventId)).toMatchObject({ outcome: "VERIFIED", subject: result.subject });
  });

  it("a consent that the organization's policy narrows later discloses only what the policy allows", async () => {
    const traveler = await verifiedTraveler("Petros Kalogerou");
    await (
      await world.as(traveler)
    ).verification.grantConsent({ organizationId: ferries, scopes: ["identity.name", "identity.verified"], days: 5 });
    const admin = await world.as(world.demo.ADMIN);
    await admin.verification.setOrganizationPolicy({
      organizationId: ferries,
      scopePolicy: ["identity.verified", "identity.ageOver18"],
    });
    try {
      const { token } = await walletToken(traveler);
      const result = await verifyAs(world.demo.ORG_USER, token);
      expect(result.outcome === "VERIFIED" && result.attributes.map((a) => a.scope)).toEqual(["identity.verified"]);
      expect(deepStrings(result)).not.toContain("Petros");
    } finally {
      await admin.verification.setOrganizationPolicy({
        organizationId: ferries,
        scopePolicy: ["identity.verified", "identity.name", "identity.ageOver18"],
      });
    }
  });
});

describe("every reason code", () => {
  it("has words for people", () => {
    for (const reason of VERIFICATION_REASONS) expect(REASON_WORDS[reason].title.length).toBeGreaterThan(3);
  });

  it("wrong audience: a token for Harbour Ferries shown to Naxos Museum", async () => {
    const { token } = await walletToken();
    const result = await verifyAs(museumAdmin, token);
    expect(result).toMatchObject({ outcome: "REFUSED", reason: "WRONG_AUDIENCE", title: "Wrong audience" });
    // Museum learns nothing of who it was: no alias in its event or its history.
    const [event] = await world.db.select().from(verificationEvents).where(eq(verificationEvents.id, result.eventId));
    expect(event).toMatchObject({ organizationId: museum, subject: null, reasonCode: "WRONG_AUDIENCE" });
    const museumHistory = await (await world.as(museumAdmin)).verification.history();
    expect(museumHistory.find((e) => e.id === result.eventId)).toMatchObject({ subject: null, outcome: "REFUSED" });
    expect(deepStrings(museumHistory)).not.toContain(world.demo.TRAVELER.id);
    // The traveler sees that their token was shown at the museum, and can say it wasn't them.
    const t = await world.as(world.demo.TRAVELER);
    const mine = (await t.verification.myHistory()).find((e) => e.id === result.eventId);
    expect(mine).toMatchObject({
      organizationName: expect.stringContaining("Museum"),
      outcome: "REFUSED",
      reasonCode: "WRONG_AUDIENCE",
    });
    await t.verification.dispute({ eventId: result.eventId });
    // And the token is still good at the right counter (the wrong one did not use it up).
    expect((await verifyAs(world.demo.ORG_USER, token)).outcome).toBe("VERIFIED");
  });

  it("bad signature: an altered token, a token from a key Tessera does not hold", async () => {
    const { token } = await walletToken();
    const [h, p, s] = token.split(".");
    const claims = JSON.parse(Buffer.from(p!, "base64url").toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, scopes: [...CONSENT_SCOPES] })).toString("base64url")}.${s}`;
    expect(await verifyAs(world.demo.ORG_USER, forged)).toMatchObject({ outcome: "REFUSED", reason: "BAD_SIGNATURE" });
    // Change the signature's first character: all six of its bits are signature bits (the last
    // character of a 64-byte signature carries four padding bits a decoder ignores).
    const flipped = `${h}.${p}.${s!.startsWith("A") ? "B" : "A"}${s!.slice(1)}`;
    expect(await verifyAs(world.demo.ORG_USER, flipped)).toMatchObject({ outcome: "REFUSED", reason: "BAD_SIGNATURE" });

    const stranger = await keyringFrom([{ ...(await generateSigningJwk()), kid: (await getKeyring()).signer.kid }]);
    const { token: foreign } = await signToken(stranger, {
      iss: env.APP_URL,
      aud: ferries,
      sub: "A".repeat(52),
      scopes: ["identity.verified"],
    });
    expect(await verifyAs(world.demo.ORG_USER, foreign)).toMatchObject({
      outcome: "REFUSED",
      reason: "BAD_SIGNATURE",
      title: "Bad signature",
    });
  });

  it("malformed: something that is not a Tessera token", async () => {
    for (const token of ["hello", "a.b.c", "eyJhbGciOiJub25lIn0.e30."]) {
      expect(await verifyAs(world.demo.ORG_USER, token)).toMatchObject({ outcome: "REFUSED", reason: "MALFORMED" });
    }
  });

  it("expired, with a small clock skew tolerated either way", async () => {
    const { token } = await walletToken();
    const { exp, iat } = decodeJwt(token) as { exp: number; iat: number };
    const staff = await depsOf(world.demo.ORG_USER);
    const at = (seconds: number) => new Date(seconds * 1000);
    expect(await verifyPresentedToken(staff, { token }, { now: at(exp + 31) })).toMatchObject({
      reason: "EXPIRED",
      title: "Expired",
    });
    expect(await verifyPresentedToken(staff, { token }, { now: at(iat - 31) })).toMatchObject({ reason: "NOT_YET_VALID" });
    // 25 seconds past exp on a clock running fast: still accepted (and now used).
    expect(await verifyPresentedToken(staff, { token }, { now: at(exp + 25) })).toMatchObject({ outcome: "VERIFIED" });
    const { token: early } = await walletToken();
    const { iat: iat2 } = decodeJwt(early) as { iat: number };
    expect(await verifyPresentedToken(staff, { token: early }, { now: at(iat2 - 25) })).toMatchObject({ outcome: "VERIFIED" });
  });

  it("consent revoked between showing the code and the check", async () => {
    const traveler = await verifiedTraveler("Nikos Revokes");
    const caller = await world.as(traveler);
    await caller.verification.grantConsent({ organizationId: ferries, scopes: ["identity.verified"], days: 10 });
    const { token } = await walletToken(traveler);
    await caller.verification.revokeConsent({ organizationId: ferries });
    expect(await verifyAs(world.demo.ORG_USER, token)).toMatchObject({
      outcome: "REFUSED",
      reason: "CONSENT_REVOKED",
      title: "Consent revoked",
    });
    // With no consent, the wallet refuses to make a token at all.
    await expectError(caller.verification.walletToken({ organizationId: ferries }), "BAD_REQUEST", "INVALID_STATE");
  });

  it("organization suspended: its staff verify nothing until reinstated", async () => {
    const { token } = await walletToken();
    const admin = await world.as(world.demo.ADMIN);
    await admin.verification.setOrganizationStatus({ organizationId: ferries, status: "SUSPENDED" });
    try {
      expect(await verifyAs(world.demo.ORG_USER, token)).toMatchObject({ outcome: "REFUSED", reason: "ORGANIZATION_SUSPENDED" });
      // Travelers cannot get tokens for it either.
      await expectError(walletToken(), "FORBIDDEN", "RULE_DENIED", "ORGANIZATION_SUSPENDED");
    } finally {
      await admin.verification.setOrganizationStatus({ organizationId: ferries, status: "ACTIVE" });
    }
    // The refusal did not use the token up.
    expect((await verifyAs(world.demo.ORG_USER, token)).outcome).toBe("VERIFIED");
  });

  it("not verified: a traveler whose KYC status or standing changed after the token was made", async () => {
    for (const change of [{ kycStatus: "PENDING" as const }, { status: "SUSPENDED" as const }]) {
      const traveler = await verifiedTraveler(`Changed ${JSON.stringify(change)}`);
      await (
        await world.as(traveler)
      ).verification.grantConsent({ organizationId: ferries, scopes: ["identity.verified"], days: 10 });
      const { token } = await walletToken(traveler);
      await world.db.update(users).set(change).where(eq(users.id, traveler.id));
      expect(await verifyAs(world.demo.ORG_USER, token)).toMatchObject({
        outcome: "REFUSED",
        reason: "NOT_VERIFIED",
        title: "Not verified",
      });
    }
  });

  it("replayed: two concurrent checks of one token give exactly one success", async () => {
    const { token } = await walletToken();
    const [a, b] = [await world.as(world.demo.ORG_USER), await world.as(ferriesStaff)];
    const results = await Promise.all([a.verification.verify({ token }), b.verification.verify({ token })]);
    expect(results.map((r) => r.outcome).sort()).toEqual(["REFUSED", "VERIFIED"]);
    expect(results.find((r) => r.outcome === "REFUSED")).toMatchObject({ reason: "REPLAYED" });
    for (let i = 0; i < 3; i++) {
      const { token: t } = await walletToken();
      const many = await Promise.all([a, b, a, b].map((c) => c.verification.verify({ token: t })));
      expect(many.filter((r) => r.outcome === "VERIFIED")).toHaveLength(1);
    }
  });

  it("an ORG_USER who belongs to no organization is told so", async () => {
    const loner = await world.addUser({ role: "ORG_USER", district: NAXOS });
    const { token } = await walletToken();
    await expectError(verifyAs(loner, token), "FORBIDDEN", "RULE_DENIED", "NOT_ORG_MEMBER");
  });
});

describe("key rotation", () => {
  it("old tokens verify until the old key is removed; the newest key signs", async () => {
    const oldKey = await generateSigningJwk("k-old");
    const newKey = await generateSigningJwk("k-new");
    const before = await keyringFrom([oldKey]);
    const during = await keyringFrom([newKey, oldKey]);
    const after = await keyringFrom([newKey]);
    const traveler = await depsOf(world.demo.TRAVELER);
    const staff = await depsOf(world.demo.ORG_USER);
    const t1 = (await issueToken(traveler, { organizationId: ferries }, { keyring: before })).token;
    const t2 = (await issueToken(traveler, { organizationId: ferries }, { keyring: during })).token;
    expect(decodeProtectedHeader(t1).kid).toBe("k-old");
    expect(decodeProtectedHeader(t2).kid).toBe("k-new");
    const expected = { issuer: env.APP_URL, audience: ferries };
    expect((await checkToken(during, t1, expected)).ok).toBe(true);
    expect(await checkToken(after, t1, expected)).toEqual({ ok: false, reason: "BAD_SIGNATURE" });
    expect((await checkToken(after, t2, expected)).ok).toBe(true);
    // Through the whole check as well.
    expect(await verifyPresentedToken(staff, { token: t1 }, { keyring: during })).toMatchObject({ outcome: "VERIFIED" });
    expect(await verifyPresentedToken(staff, { token: t2 }, { keyring: after })).toMatchObject({ outcome: "VERIFIED" });
    // The JWKS carries public halves only.
    expect(JSON.stringify(during.jwks)).not.toContain(oldKey.d);
    expect(during.jwks.keys.map((k) => k.kid)).toEqual(["k-new", "k-old"]);
  });
});

describe("aliases", () => {
  it("are pairwise: different per organization, stable, and unrelated to the user id", async () => {
    const traveler = world.demo.TRAVELER.id;
    const a = await pairwiseAlias(world.db, traveler, ferries);
    const b = await pairwiseAlias(world.db, traveler, museum);
    const g = await globalAlias(world.db, traveler);
    expect(new Set([a, b, g]).size).toBe(3);
    expect(await pairwiseAlias(world.db, traveler, ferries)).toBe(a);
    expect(a).toMatch(/^[A-Z2-7]{52}$/);
    const [subject] = await world.db.select().from(aliasSubjects).where(eq(aliasSubjects.userId, traveler));
    expect(a).toBe(deriveAlias(env.ALIAS_HMAC_KEY, ferries, subject!.internalId));
    expect(subject!.internalId).not.toContain(traveler);
    // Derived from the random internal id: the same user id under another internal id gives another alias.
    expect(deriveAlias(env.ALIAS_HMAC_KEY, ferries, "another-internal-id")).not.toBe(a);
  });

  it("identify but never authenticate: an alias alone verifies nothing", async () => {
    const alias = await pairwiseAlias(world.db, world.demo.TRAVELER.id, ferries);
    expect(await verifyAs(world.demo.ORG_USER, alias)).toMatchObject({ outcome: "REFUSED", reason: "MALFORMED" });
  });
});

describe("unlinkability", () => {
  it("nothing either organization receives shares a value with the other's, except consented attributes", async () => {
    const traveler = await verifiedTraveler("Sofia Unlinkable");
    const t = await world.as(traveler);
    await t.verification.grantConsent({
      organizationId: ferries,
      scopes: ["identity.verified", "identity.name", "identity.ageOver18"],
      days: 30,
    });
    await t.verification.grantConsent({
      organizationId: museum,
      scopes: ["identity.verified", "identity.ageOver18", "identity.district"],
      days: 30,
    });

    const received = { ferries: [] as unknown[], museum: [] as unknown[] };
    const take = async (org: "ferries" | "museum") => {
      const orgId = org === "ferries" ? ferries : museum;
      const other = org === "ferries" ? museum : ferries;
      const staff = org === "ferries" ? world.demo.ORG_USER : museumAdmin;
      // A successful check, a replay, and the other organization's token (wrong audience).
      const { token } = await t.verification.walletToken({ organizationId: orgId });
      const { token: foreign } = await t.verification.walletToken({ organizationId: other });
      received[org].push(token, decodeProtectedHeader(token), decodeJwt(token));
      received[org].push(await verifyAs(staff, token));
      received[org].push(await verifyAs(staff, token));
      // The other organization's code, shown here by mistake: all of it, and the refusal.
      received[org].push(foreign, decodeProtectedHeader(foreign), decodeJwt(foreign), await verifyAs(staff, foreign));
      // A request addressed by alias, answered by the traveler, and the token that answers it.
      const s = await world.as(staff);
      const first = received[org][3] as { outcome: string; subject?: string };
      expect(first.outcome).toBe("VERIFIED");
      const subject = first.subject!;
      const request = await s.verification.createRequest({ scopes: ["identity.verified"], subject });
      received[org].push(request);
      const answer = await t.verification.respondToRequest({ requestId: request.id, approve: true });
      received[org].push(answer.token, decodeJwt(answer.token!), await verifyAs(staff, answer.token!));
      // What its pages show afterwards.
      received[org].push(await s.verification.history(), await s.verification.requests());
      // An error message about the traveler: an unknown reference.
      received[org].push(
        (await expectError(s.verification.createRequest({ scopes: ["identity.verified"], subject: "A".repeat(52) }), "NOT_FOUND"))
          .message,
      );
    };
    await take("ferries");
    await new Promise((r) => setTimeout(r, 1100)); // different iat seconds, so times cannot coincide
    await take("museum");

    // Everything each organization received, as atoms: every string and number, and every token segment.
    const atoms = (values: unknown[]) => {
      const out = new Set<string>();
      const walk = (v: unknown) => {
        if (v instanceof Date) return; // times are compared below through iat/exp numbers
        if (typeof v === "string") {
          out.add(v);
          if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(v)) for (const part of v.split(".")) out.add(part);
        } else if (typeof v === "number") out.add(String(v));
        else if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === "object") Object.values(v).forEach(walk);
      };
      values.forEach(walk);
      return out;
    };
    // Values the same for every traveler (issuer, key id, token type, vocabulary), and what the
    // traveler consented both to see.
    const keyring = await getKeyring();
    const shared = new Set<string>([
      env.APP_URL,
      TOKEN_TYP,
      "EdDSA",
      keyring.signer.kid,
      // The protected header is the same for every token signed by one key.
      Buffer.from(JSON.stringify({ alg: "EdDSA", typ: TOKEN_TYP, kid: keyring.signer.kid })).toString("base64url"),
      "No traveler with this reference has been verified by your organization.",
      ...CONSENT_SCOPES,
      ...Object.values(CONSENT_SCOPE_LABELS),
      ...VERIFICATION_REASONS,
      ...Object.values(REASON_WORDS).flatMap((w) => [w.title, w.explain]),
      "VERIFIED",
      "REFUSED",
      "APPROVED",
      "COMPLETED",
      "PENDING",
      String(TOKEN_TTL_SECONDS),
      "identity", // the first dotted part of a scope name
      "verified",
      "ageOver18",
    ]);
    const a = atoms(received.ferries);
    const b = atoms(received.museum);
    const common = [...a].filter((x) => b.has(x) && !shared.has(x));
    expect(common).toEqual([]);

    // And neither holds the user id, the internal id, the global alias or the national ID hash.
    const [subject] = await world.db.select().from(aliasSubjects).where(eq(aliasSubjects.userId, traveler.id));
    const [profile] = await world.db.select().from(citizenProfiles).where(eq(citizenProfiles.userId, traveler.id));
    const global = await globalAlias(world.db, traveler.id);
    for (const org of [received.ferries, received.museum]) {
      const all = deepStrings(org) + [...atoms(org)].map((x) => Buffer.from(x, "base64url").toString("latin1")).join(" ");
      for (const secret of [traveler.id, subject!.internalId, global, profile!.nidHash, profile!.dateOfBirth])
        expect(all).not.toContain(secret);
    }
    // Consented attributes do reach each organization (so the test compares real disclosures).
    expect(deepStrings(received.ferries)).toContain("Sofia Unlinkable");
    expect(deepStrings(received.museum)).not.toContain("Sofia Unlinkable");
    expect(deepStrings(received.museum)).toContain(NAXOS);
  });
});

describe("a code shown to the wrong organization", () => {
  it("yields it no value that appears in anything the right organization then receives", async () => {
    const traveler = await verifiedTraveler("Nikos Mistaken");
    const t = await world.as(traveler);
    await t.verification.grantConsent({ organizationId: ferries, scopes: ["identity.verified", "identity.name"], days: 30 });
    const staff = await world.as(world.demo.ORG_USER);
    // Ferries asks by nonce; the traveler approves and, by mistake, shows the code at the museum first.
    const request = await staff.verification.createRequest({ scopes: ["identity.verified"] });
    await t.verification.claimRequest({ code: request.code });
    const answer = await t.verification.respondToRequest({ requestId: request.id, approve: true });
    const code = answer.token!;

    // Everything the museum can take from the code: every segment, the header, every claim, and
    // every claim's bytes read as base64url (the sealed part too), plus what Tessera tells it.
    const refused = await verifyAs(museumAdmin, code);
    expect(refused).toMatchObject({ outcome: "REFUSED", reason: "WRONG_AUDIENCE" });
    const museumHolds = new Set<string>();
    const take = (v: unknown) => {
      if (typeof v === "string") {
        museumHolds.add(v);
        museumHolds.add(Buffer.from(v, "base64url").toString("latin1"));
      } else if (typeof v === "number") museumHolds.add(String(v));
      else if (v && typeof v === "object") Object.values(v).forEach(take);
    };
    take(code.split("."));
    take(decodeProtectedHeader(code));
    take(decodeJwt(code));
    take(refused);
    take(await (await world.as(museumAdmin)).verification.history());
    const museumText = [...museumHolds].join("\n");

    // What Ferries receives from Tessera for the same code, and afterwards.
    const verified = await verifyAs(world.demo.ORG_USER, code);
    expect(verified.outcome).toBe("VERIFIED");
    const ferriesReceives = [verified, await staff.verification.history(), await staff.verification.requests()];
    const ferriesValues = new Set<string>();
    const walk = (v: unknown) => {
      if (typeof v === "string" && v.length >= 8) ferriesValues.add(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object" && !(v instanceof Date)) Object.values(v).forEach(walk);
    };
    ferriesReceives.forEach(walk);
    const everyone = new Set<string>([
      env.APP_URL,
      ...CONSENT_SCOPES,
      ...Object.values(CONSENT_SCOPE_LABELS),
      ...VERIFICATION_REASONS,
      ...Object.values(REASON_WORDS).flatMap((w) => [w.title, w.explain]),
      "VERIFIED",
      "REFUSED",
      "COMPLETED",
    ]);
    const linking = [...ferriesValues].filter((v) => !everyone.has(v) && museumText.includes(v));
    expect(linking).toEqual([]);
    // In particular: not Ferries' id, not the traveler's alias at Ferries, not Ferries' nonce.
    const alias = verified.outcome === "VERIFIED" ? verified.subject : "";
    const [req] = await world.db.select().from(verificationRequests).where(eq(verificationRequests.id, request.id));
    for (const secret of [ferries, alias, req!.nonce, traveler.id]) expect(museumText).not.toContain(secret);
    expect(req!.status).toBe("COMPLETED");
  });
});

describe("the offline check (npm run verify:token)", () => {
  it("checks signature and expiry from the JWKS alone, and shows no organization or alias", async () => {
    const keyring = await getKeyring();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-jwks-"));
    const jwksFile = path.join(dir, "jwks.json");
    fs.writeFileSync(jwksFile, JSON.stringify(keyring.jwks));
    const run = (token: string) =>
      spawnSync(
        path.resolve(__dirname, "../node_modules/.bin/tsx"),
        ["--conditions=react-server", "server/verification/verify-token-cli.ts", token, jwksFile],
        { cwd: path.resolve(__dirname, ".."), encoding: "utf8", timeout: 30_000 },
      );
    try {
      const { token } = await signToken(keyring, {
        iss: env.APP_URL,
        aud: ferries,
        sub: "B".repeat(52),
        scopes: ["identity.verified"],
      });
      const good = run(token);
      expect(good.stdout).toContain("✓ signature good");
      expect(good.status).toBe(0);
      expect(good.stdout).not.toContain(ferries);
      expect(good.stdout).not.toContain("B".repeat(52));
      const [h, p, sig] = token.split(".");
      const bad = run(`${h}.${p}.${sig!.startsWith("A") ? "B" : "A"}${sig!.slice(1)}`);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain("bad signature");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("disclosure ⊆ consent ∩ policy", () => {
  const scopeSet = fc.subarray([...CONSENT_SCOPES]);
  it("as a property of the pure function, with values for exactly those scopes", () => {
    fc.assert(
      fc.property(
        scopeSet,
        scopeSet,
        scopeSet,
        fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01") }),
        (requested, consented, policy, now) => {
          const out = disclosedScopes(requested, consented, policy);
          for (const s of out) {
            expect(consented).toContain(s);
            expect(policy).toContain(s);
            expect(requested).toContain(s);
          }
          expect(out.length).toBe(
            CONSENT_SCOPES.filter((s) => requested.includes(s) && consented.includes(s) && policy.includes(s)).length,
          );
          const attributes = attributesFor(out, { legalName: "N", dateOfBirth: "1990-01-01", districtName: "D" }, now);
          expect(attributes.map((x) => x.scope)).toEqual(out);
        },
      ),
    );
  });

  it("as a property of the whole check: whatever consent and policy, staff see only their intersection", async () => {
    const traveler = await verifiedTraveler("Property Person");
    const admin = await world.as(world.demo.ADMIN);
    const t = await world.as(traveler);
    const nonEmpty = fc.subarray([...CONSENT_SCOPES], { minLength: 1 });
    try {
      await fc.assert(
        fc.asyncProperty(nonEmpty, nonEmpty, async (policy, consented) => {
          // Consent is granted while the policy allows it; the policy then changes under it.
          await admin.verification.setOrganizationPolicy({ organizationId: museum, scopePolicy: [...CONSENT_SCOPES] });
          await t.verification.grantConsent({ organizationId: museum, scopes: consented as ConsentScope[], days: 1 });
          await admin.verification.setOrganizationPolicy({ organizationId: museum, scopePolicy: policy as ConsentScope[] });
          const expected = CONSENT_SCOPES.filter((s) => consented.includes(s) && policy.includes(s));
          if (expected.length === 0) {
            await expectError(t.verification.walletToken({ organizationId: museum }), "BAD_REQUEST", "INVALID_STATE");
            return;
          }
          const { token } = await t.verification.walletToken({ organizationId: museum });
          const result = await verifyAs(museumAdmin, token);
          expect(result.outcome === "VERIFIED" && result.attributes.map((a) => a.scope)).toEqual(expected);
          if (!expected.includes("identity.name")) expect(deepStrings(result)).not.toContain("Property Person");
        }),
        { numRuns: 12 },
      );
    } finally {
      await admin.verification.setOrganizationPolicy({
        organizationId: museum,
        scopePolicy: ["identity.verified", "identity.ageOver18", "identity.district"],
      });
    }
  });

  it("age over 18 is computed on the day", () => {
    expect(ageOn("2008-06-15", new Date("2026-06-14T23:00:00Z"))).toBe(17);
    expect(ageOn("2008-06-15", new Date("2026-06-15T00:00:00Z"))).toBe(18);
  });
});

describe("consent", () => {
  it("is refused for an unverified traveler, for scopes outside the policy, and for a suspended organization", async () => {
    const unverified = await world.addUser({ role: "TRAVELER", district: NAXOS });
    await expectError(
      (await world.as(unverified)).verification.grantConsent({ organizationId: ferries, scopes: ["identity.verified"], days: 5 }),
      "FORBIDDEN",
      "RULE_DENIED",
      "IDENTITY_NOT_VERIFIED",
    );
    const t = await world.as(world.demo.TRAVELER);
    await expectError(
      t.verification.grantConsent({ organizationId: museum, scopes: ["identity.name"], days: 5 }),
      "FORBIDDEN",
      "RULE_DENIED",
      "SCOPE_NOT_ALLOWED",
    );
    const list = await t.verification.consents();
    expect(list.map((c) => c.organizationName)).toEqual(["Harbour Ferries", "Naxos Museum"]);
  });
});

describe("requests", () => {
  it("by code: staff ask, the traveler claims and approves, the token carries the nonce and completes the request", async () => {
    const traveler = await verifiedTraveler("Request Person");
    const staff = await world.as(museumAdmin);
    const { id, code } = await staff.verification.createRequest({ scopes: ["identity.ageOver18"], note: "Student ticket" });
    const t = await world.as(traveler);
    await t.verification.claimRequest({ code: code.toLowerCase().replace("-", "") });
    expect((await t.verification.myRequests()).map((r) => [r.organizationName, r.status, r.note])).toEqual([
      ["Naxos Museum", "PENDING", "Student ticket"],
    ]);
    const answer = await t.verification.respondToRequest({ requestId: id, approve: true });
    const [request] = await world.db.select().from(verificationRequests).where(eq(verificationRequests.id, id));
    // The nonce rides sealed: Tessera reads it, a reader of the code does not.
    expect(answer.token).not.toContain(request!.nonce);
    expect(decodeJwt(answer.token!).nonce).toBeUndefined();
    const opened = await checkToken(await getKeyring(), answer.token!, { issuer: env.APP_URL, audience: museum });
    expect(opened.ok && opened.claims.nonce).toBe(request!.nonce);
    const result = await verifyAs(museumAdmin, answer.token!);
    expect(result.outcome === "VERIFIED" && result.attributes).toEqual([
      { scope: "identity.ageOver18", label: "over 18", value: true },
    ]);
    expect((await staff.verification.requests()).find((r) => r.id === id)?.status).toBe("COMPLETED");
    // Approval was consent.
    expect((await t.verification.consents()).find((c) => c.organizationId === museum)?.scopes).toEqual(["identity.ageOver18"]);
    // Answered once only; nobody else answers it.
    await expectError(t.verification.respondToRequest({ requestId: id, approve: false }), "BAD_REQUEST", "INVALID_STATE");
  });

  it("someone else's request cannot be answered or claimed; declining issues nothing", async () => {
    const staff = await world.as(world.demo.ORG_USER);
    const { id, code } = await staff.verification.createRequest({ scopes: ["identity.name"] });
    const owner = await world.as(await verifiedTraveler("Owner Person"));
    await owner.verification.claimRequest({ code });
    const other = await world.as(await verifiedTraveler("Other Person"));
    await expectError(
      other.verification.respondToRequest({ requestId: id, approve: true }),
      "FORBIDDEN",
      "RULE_DENIED",
      "NOT_YOUR_VERIFICATION",
    );
    await expectError(other.verification.claimRequest({ code }), "NOT_FOUND", "NOT_FOUND");
    expect(await owner.verification.respondToRequest({ requestId: id, approve: false })).toEqual({
      status: "DECLINED",
      token: null,
      expiresAt: null,
    });
  });

  it("staff may only ask for what their organization's policy allows", async () => {
    await expectError(
      (await world.as(museumAdmin)).verification.createRequest({ scopes: ["identity.name"] }),
      "BAD_REQUEST",
      "INVALID_STATE",
    );
  });

  it("the demo traveler has the seeded pending request from Naxos Museum", async () => {
    const mine = await (await world.as(world.demo.TRAVELER)).verification.myRequests();
    expect(mine.some((r) => r.organizationName === "Naxos Museum" && r.status === "PENDING")).toBe(true);
  });
});

describe("this wasn't me", () => {
  it("revokes that consent and queues the event for moderators, once, for its own traveler only", async () => {
    const traveler = await verifiedTraveler("Disputing Person");
    const t = await world.as(traveler);
    await t.verification.grantConsent({ organizationId: ferries, scopes: ["identity.name"], days: 10 });
    const { token } = await t.verification.walletToken({ organizationId: ferries });
    const result = await verifyAs(world.demo.ORG_USER, token);
    const stranger = await world.as(await verifiedTraveler("Stranger Person"));
    await expectError(
      stranger.verification.dispute({ eventId: result.eventId }),
      "FORBIDDEN",
      "RULE_DENIED",
      "NOT_YOUR_VERIFICATION",
    );

    expect(await t.verification.dispute({ eventId: result.eventId })).toEqual({ consentRevoked: true });
    const [consent] = await world.db
      .select()
      .from(consentGrants)
      .where(and(eq(consentGrants.userId, traveler.id), eq(consentGrants.organizationId, ferries)));
    expect(consent!.revokedAt).not.toBeNull();
    await expectError(t.verification.dispute({ eventId: result.eventId }), "BAD_REQUEST", "INVALID_STATE");

    const [item] = await world.db.select().from(moderationItems).where(eq(moderationItems.targetId, result.eventId));
    expect(item).toMatchObject({ targetType: "VERIFICATION_EVENT", status: "OPEN", reasons: [{ kind: "DISPUTED" }] });
    const moderator = await world.as(world.demo.MODERATOR);
    const queue = await moderator.moderation.queue({ targetType: "VERIFICATION_EVENT" });
    expect(JSON.stringify(queue)).toContain("Disputed verification by Harbour Ferries");
    const claimed = await moderator.moderation.claim({ itemId: item!.id });
    await moderator.moderation.decide({
      itemId: item!.id,
      version: claimed.version,
      decision: "WARN",
      reason: "Staff checked the wrong person",
    });
    expect((await t.verification.myHistory()).find((h) => h.id === result.eventId)?.disputedAt).toBeInstanceOf(Date);
  });
});

describe("organizations and staff", () => {
  it("admins create organizations; names are unique", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const { id } = await admin.verification.createOrganization({
      name: "Island Bus Company",
      scopePolicy: ["identity.verified"],
    });
    expect((await admin.verification.organizations()).find((o) => o.id === id)).toMatchObject({
      status: "ACTIVE",
      memberCount: 0,
    });
    await expectError(
      admin.verification.createOrganization({ name: "Island Bus Company", scopePolicy: [] }),
      "CONFLICT",
      "CONFLICT",
    );
    await expectError(
      admin.verification.setOrganizationStatus({ organizationId: id, status: "ACTIVE" }),
      "BAD_REQUEST",
      "INVALID_STATE",
    );
  });

  it("an organization belongs to a region: only its admins (or a super admin) govern it; only a super admin moves it or lets it serve more", async () => {
    const aegean = world.region("Aegean Islands");
    const highlands = world.region("Northern Highlands");
    const admin = await world.as(world.demo.ADMIN); // Aegean Islands
    const highlander = await world.addUser({ role: "ADMIN", district: "Zagori Villages", kycStatus: "VERIFIED" });
    const other = await world.as(highlander);
    const superAdmin = await world.as(world.demo.SUPER_ADMIN);

    // An admin's new organization is of their own region; another region's is refused.
    const { id: bus } = await admin.verification.createOrganization({
      name: "Cyclades Bus Line",
      scopePolicy: ["identity.verified"],
    });
    expect((await admin.verification.organizations()).find((o) => o.id === bus)).toMatchObject({
      regionId: aegean,
      regionName: "Aegean Islands",
      servedRegions: [],
      regionsEditable: false,
    });
    await expectError(
      admin.verification.createOrganization({ name: "Zagori Guides", scopePolicy: [], regionId: highlands }),
      "FORBIDDEN",
      "RULE_DENIED",
      "ORGANIZATION_OUT_OF_REGION",
    );
    // A super admin names the region (there is no own region to default to).
    await expectError(
      superAdmin.verification.createOrganization({ name: "Nowhere Co", scopePolicy: [] }),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
    const { id: guides } = await superAdmin.verification.createOrganization({
      name: "Zagori Mountain Guides",
      scopePolicy: ["identity.verified"],
      regionId: highlands,
    });

    // The Highlands admin sees only the Highlands' organizations and cannot touch the Aegean's.
    expect((await other.verification.organizations()).map((o) => o.name)).toEqual(["Zagori Mountain Guides"]);
    expect((await admin.verification.organizations()).map((o) => o.name)).not.toContain("Zagori Mountain Guides");
    await other.verification.setOrganizationPolicy({
      organizationId: guides,
      scopePolicy: ["identity.verified", "identity.ageOver18"],
    });
    await expectError(
      admin.verification.setOrganizationStatus({ organizationId: guides, status: "SUSPENDED" }),
      "FORBIDDEN",
      "RULE_DENIED",
      "ORGANIZATION_OUT_OF_REGION",
    );
    const before = await world.db.select().from(organizations).where(eq(organizations.id, museum));
    // One call at a time: a second promise made up front would reject unobserved while the first is awaited.
    for (const call of [
      () => other.verification.setOrganizationStatus({ organizationId: museum, status: "SUSPENDED" }),
      () => other.verification.setOrganizationPolicy({ organizationId: museum, scopePolicy: [] }),
    ])
      await expectError(call(), "FORBIDDEN", "RULE_DENIED", "ORGANIZATION_OUT_OF_REGION");
    expect(await world.db.select().from(organizations).where(eq(organizations.id, museum))).toEqual(before);
    // Nor can the Aegean admin let their organization serve the Highlands, or move it there.
    await expectError(
      admin.verification.setOrganizationRegions({ organizationId: bus, regionId: aegean, servedRegionIds: [highlands] }),
      "FORBIDDEN",
      "RULE_DENIED",
      "ORGANIZATION_REGIONS_SUPER_ADMIN_ONLY",
    );

    // A super admin lets the bus line serve the Highlands: now their admin sees and governs it too.
    expect((await superAdmin.verification.organizations()).every((o) => o.regionsEditable)).toBe(true);
    await superAdmin.verification.setOrganizationRegions({
      organizationId: bus,
      regionId: aegean,
      servedRegionIds: [highlands, aegean],
    });
    expect((await other.verification.organizations()).find((o) => o.id === bus)).toMatchObject({
      regionName: "Aegean Islands",
      servedRegions: [{ id: highlands, name: "Northern Highlands" }],
    });
    await other.verification.setOrganizationStatus({ organizationId: bus, status: "SUSPENDED" });
    await other.verification.setOrganizationStatus({ organizationId: bus, status: "ACTIVE" });
    await expectError(
      superAdmin.verification.setOrganizationRegions({ organizationId: bus, regionId: randomUUID(), servedRegionIds: [] }),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );

    // The audit log follows: the Highlands admin reads the bus line's events, not the museum's.
    const events = await other.audit.list({ targetType: "organization", limit: 100 });
    const targets = new Set(events.items.map((e) => e.targetId));
    expect(targets.has(bus)).toBe(true);
    expect(targets.has(museum)).toBe(false);
    expect(events.items.find((e) => e.action === "ORGANIZATION_REGIONS_SET")?.changes).toMatchObject({
      servedRegionIds: { before: [], after: [highlands] },
    });
  });

  it("an org admin's staff invite makes the new ORG_USER a member of that organization; staff cannot invite", async () => {
    const org = await world.as(world.demo.ORG_USER);
    const invite = await org.verification.inviteStaff({ orgRole: "STAFF", maxUses: 1, expiresInDays: 3 });
    const email = `new-staff-${randomUUID().slice(0, 6)}@tessera.test`;
    const { userId, role } = await (
      await world.anonymous()
    ).auth.signup({
      inviteCode: invite.code,
      email,
      password: "a-long-enough-passphrase",
      displayName: "New Staff",
    });
    expect(role).toBe("ORG_USER");
    const [member] = await world.db.select().from(organizationMembers).where(eq(organizationMembers.userId, userId));
    expect(member).toMatchObject({ organizationId: ferries, orgRole: "STAFF" });
    expect((await org.verification.members()).map((m) => m.displayName)).toContain("New Staff");
    expect((await org.verification.staffInvites()).find((i) => i.id === invite.id)?.state).toBe("USED_UP");

    const staff = await world.as(ferriesStaff);
    await expectError(
      staff.verification.inviteStaff({ orgRole: "STAFF", maxUses: 1, expiresInDays: 3 }),
      "FORBIDDEN",
      "RULE_DENIED",
      "NOT_ORG_ADMIN",
    );
    await expectError(staff.verification.members(), "FORBIDDEN", "RULE_DENIED", "NOT_ORG_ADMIN");
    // An org admin manages only their own organization's people.
    await expectError(org.verification.setMemberRole({ userId: museumAdmin.id, orgRole: "STAFF" }), "NOT_FOUND", "NOT_FOUND");
    await org.verification.setMemberRole({ userId, orgRole: "ORG_ADMIN" });
    // Nobody changes their own role, in the policy's words.
    await expectError(
      org.verification.setMemberRole({ userId: world.demo.ORG_USER.id, orgRole: "STAFF" }),
      "FORBIDDEN",
      "RULE_DENIED",
      "OWN_ORG_ROLE",
    );
  });

  it("admins invite an organization's first admin through invites.create", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const invite = await admin.invites.create({
      role: "ORG_USER",
      districtId: world.district(NAXOS),
      maxUses: 1,
      expiresInDays: 3,
      organizationId: museum,
      orgRole: "ORG_ADMIN",
    });
    const { userId } = await (
      await world.anonymous()
    ).auth.signup({
      inviteCode: invite.code,
      email: `museum-admin-${randomUUID().slice(0, 6)}@tessera.test`,
      password: "a-long-enough-passphrase",
      displayName: "Museum Admin Two",
    });
    const [member] = await world.db.select().from(organizationMembers).where(eq(organizationMembers.userId, userId));
    expect(member).toMatchObject({ organizationId: museum, orgRole: "ORG_ADMIN" });
    // An organization is only for verifier staff.
    await expectError(
      admin.invites.create({
        role: "TRAVELER",
        districtId: world.district(NAXOS),
        maxUses: 1,
        expiresInDays: 3,
        organizationId: museum,
      }),
      "FORBIDDEN",
      "RULE_DENIED",
      "INVITE_ROLE_NOT_ALLOWED",
    );
  });

  it("organizations never receive another organization's aliases", async () => {
    const rows = await world.db.select().from(aliases).where(eq(aliases.userId, world.demo.TRAVELER.id));
    expect(
      rows
        .filter((r) => r.kind === "PAIRWISE")
        .map((r) => r.organizationId)
        .sort(),
    ).toEqual([ferries, museum].sort());
  });
});

describe("CREDENTIAL_SIGNING_KEYS", () => {
  it("is a JWK set of Ed25519 private keys with distinct kids; anything else stops the start", async () => {
    const { loadEnv } = await import("@/server/env");
    const key = await generateSigningJwk("k1");
    expect(loadEnv({ CREDENTIAL_SIGNING_KEYS: JSON.stringify({ keys: [key] }) }).CREDENTIAL_SIGNING_KEYS).toEqual([key]);
    expect(() => loadEnv({ CREDENTIAL_SIGNING_KEYS: "k1:c2VjcmV0" })).toThrow(/JSON JWK set/);
    expect(() => loadEnv({ CREDENTIAL_SIGNING_KEYS: JSON.stringify({ keys: [key, key] }) })).toThrow(/own kid/);
    expect(() => loadEnv({ CREDENTIAL_SIGNING_KEYS: JSON.stringify({ keys: [{ ...key, crv: "P-256" }] }) })).toThrow(/Ed25519/);
    expect(loadEnv({}).CREDENTIAL_SIGNING_KEYS).toBeUndefined();
  });
});
