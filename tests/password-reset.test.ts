// Admin-assisted password reset: who may issue a link for whom (rule password.assistReset), the link
// shown once and stored hashed, single use, expiry, the new password working and the old one not,
// every session ended, and the audit trail without the token.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { DEMO_PASSWORD } from "@/db/demo";
import { passwordResets } from "@/db/schema/sessions";
import { hashResetToken } from "@/server/accounts/password-reset";
import { authenticate, LoginRefused } from "@/server/auth/login";
import { createContextInner } from "@/server/context";
import { createCaller } from "@/server/root";
import {
  auditRows,
  deepStrings,
  expectError,
  NAXOS,
  outcome,
  seededWorld,
  withAudit,
  ZAGORI,
  type DemoUser,
  type TestWorld,
} from "./helpers";

const NEW_PASSWORD = "copper kettles sing at noon";

let world: TestWorld;
beforeAll(async () => {
  world = await seededWorld();
});
afterAll(async () => {
  await world?.close();
});

let ipCounter = 0;
const signIn = (email: string, password: string) =>
  authenticate(world.db, {
    identifier: email,
    password,
    ip: `198.51.100.${++ipCounter}`,
    userAgent: "vitest",
    requestId: randomUUID(),
  });

/** The token of a link, as the person would read it from the address bar. */
const tokenOf = (url: string) => new URL(url).searchParams.get("token")!;

const anonymous = (ip = `203.0.113.${++ipCounter}`) => world.anonymous({ ip });

async function issue(by: DemoUser, userId: string) {
  return (await world.as(by)).people.issuePasswordReset({ userId });
}

describe("who may issue a reset link", () => {
  it("an admin of the person's region may; the link is shown once and only its hash is stored", async () => {
    const person = await world.addUser({ role: "TRAVELER", district: NAXOS, emailConfirmed: false });
    const { result, events } = await withAudit(world, () => issue(world.demo.ADMIN, person.id));
    expect(result.url).toMatch(/\/reset-password\?token=[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(result.url);
    const hours = (result.expiresAt.getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    const rows = await world.db.select().from(passwordResets).where(eq(passwordResets.userId, person.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      purpose: "ASSISTED",
      issuedBy: world.demo.ADMIN.id,
      tokenHash: hashResetToken(token),
      usedAt: null,
    });
    expect(deepStrings(rows)).not.toContain(token);
    expect(events.map((e) => e.action)).toEqual(["PASSWORD_RESET_ISSUED"]);
    expect(events[0]).toMatchObject({ actorId: world.demo.ADMIN.id, targetType: "user", targetId: person.id });
    expect(deepStrings(events)).not.toContain(token);
    expect(deepStrings(events)).not.toContain(hashResetToken(token));
  });

  it("an admin of another region is refused, and nothing is written", async () => {
    const person = await world.addUser({ role: "HOST", district: NAXOS, emailConfirmed: false });
    const elsewhere = await world.addUser({ role: "ADMIN", district: ZAGORI });
    await expectError(issue(elsewhere, person.id), "FORBIDDEN", "RULE_DENIED", "OUT_OF_REGION");
    expect(await world.db.select().from(passwordResets).where(eq(passwordResets.userId, person.id))).toEqual([]);
    expect(await auditRows(world.db, { action: "PASSWORD_RESET_ISSUED", targetId: person.id })).toEqual([]);
    const [denial] = await auditRows(world.db, { action: "ACCESS_DENIED", targetId: "password.assistReset" }).then((r) =>
      r.filter((e) => e.actorId === elsewhere.id),
    );
    expect(denial!.changes).toMatchObject({ reason: "OUT_OF_REGION" });
  });

  it("an admin cannot reset an admin or a super admin; a super admin can reset an admin", async () => {
    const otherAdmin = await world.addUser({ role: "ADMIN", district: NAXOS, emailConfirmed: false });
    await expectError(issue(world.demo.ADMIN, otherAdmin.id), "FORBIDDEN", "RULE_DENIED", "RESET_SUPER_ADMIN_ONLY");
    await expectError(issue(world.demo.ADMIN, world.demo.SUPER_ADMIN.id), "FORBIDDEN", "RULE_DENIED", "RESET_SUPER_ADMIN_ONLY");
    const out = await issue(world.demo.SUPER_ADMIN, otherAdmin.id);
    expect(out.url).toContain("/reset-password?token=");
  });

  it("someone with a confirmed e-mail address resets by mail: no admin's link can take their account over", async () => {
    // The demo moderator: a confirmed address, in the Aegean admin's region.
    const moderator = world.demo.MODERATOR;
    const host = await world.addUser({ role: "HOST", district: NAXOS });
    for (const target of [moderator.id, host.id]) {
      const out = await expectError(issue(world.demo.ADMIN, target), "FORBIDDEN", "RULE_DENIED", "USE_FORGOT_PASSWORD");
      expect(out.message).toMatch(/Forgot password/);
      expect(await world.db.select().from(passwordResets).where(eq(passwordResets.userId, target))).toEqual([]);
      expect(await auditRows(world.db, { action: "PASSWORD_RESET_ISSUED", targetId: target })).toEqual([]);
    }
    // Not even a super admin, for an admin with a confirmed address.
    const admin = await world.addUser({ role: "ADMIN", district: NAXOS });
    await expectError(issue(world.demo.SUPER_ADMIN, admin.id), "FORBIDDEN", "RULE_DENIED", "USE_FORGOT_PASSWORD");
    const denials = (await auditRows(world.db, { action: "ACCESS_DENIED", targetId: "password.assistReset" })).filter(
      (e) => (e.changes as { reason?: string }).reason === "USE_FORGOT_PASSWORD",
    );
    expect(denials.map((e) => e.actorId)).toEqual([world.demo.ADMIN.id, world.demo.ADMIN.id, world.demo.SUPER_ADMIN.id]);
    // An admin of another region learns nothing of the address: out of region first.
    const elsewhere = await world.addUser({ role: "ADMIN", district: ZAGORI });
    await expectError(issue(elsewhere, host.id), "FORBIDDEN", "RULE_DENIED", "OUT_OF_REGION");

    // The users page offers no link, and says why in the rule's own words.
    const rows = (await (await world.as(world.demo.ADMIN)).people.list({ limit: 100 })).items;
    expect(rows.find((r) => r.id === moderator.id)).toMatchObject({
      canIssueReset: false,
      resetRefusal: { reason: "USE_FORGOT_PASSWORD", message: expect.stringMatching(/Forgot password/) },
    });
  });

  it("nobody resets themselves", async () => {
    await expectError(issue(world.demo.ADMIN, world.demo.ADMIN.id), "FORBIDDEN", "RULE_DENIED", "SELF_ACTION");
    await expectError(issue(world.demo.SUPER_ADMIN, world.demo.SUPER_ADMIN.id), "FORBIDDEN", "RULE_DENIED", "SELF_ACTION");
  });

  it("the users page offers a link exactly where the rule allows it", async () => {
    const person = await world.addUser({
      role: "TRAVELER",
      district: NAXOS,
      displayName: "Listed Resettable",
      emailConfirmed: false,
    });
    const peer = await world.addUser({ role: "ADMIN", district: NAXOS, displayName: "Listed Peer Admin", emailConfirmed: false });
    const rows = (await (await world.as(world.demo.ADMIN)).people.list({ limit: 100 })).items;
    const can = (id: string) => rows.find((r) => r.id === id)?.canIssueReset;
    expect(can(person.id)).toBe(true);
    expect(can(peer.id)).toBe(false);
    expect(rows.find((r) => r.id === person.id)?.resetRefusal).toBeNull();
    expect(rows.find((r) => r.id === peer.id)?.resetRefusal).toMatchObject({ reason: "RESET_SUPER_ADMIN_ONLY" });
    expect(can(world.demo.ADMIN.id)).toBe(false);
    const asSuper = (await (await world.as(world.demo.SUPER_ADMIN)).people.list({ limit: 100 })).items;
    expect(asSuper.find((r) => r.id === peer.id)?.canIssueReset).toBe(true);
    expect(asSuper.find((r) => r.id === world.demo.SUPER_ADMIN.id)?.canIssueReset).toBe(false);
  });

  it("a moderator (not an admin) cannot issue links at all", async () => {
    const person = await world.addUser({ role: "TRAVELER", district: NAXOS, emailConfirmed: false });
    await expectError(issue(world.demo.MODERATOR, person.id), "FORBIDDEN", "ROLE_REQUIRED");
  });
});

describe("redeeming a link", () => {
  it("sets the new password (the old one stops working), ends every session, and is single use", async () => {
    const person = await world.addUser({ role: "TRAVELER", district: NAXOS, kycStatus: "VERIFIED", emailConfirmed: false });
    const before = await signIn(person.email, DEMO_PASSWORD);
    const device = () =>
      createContextInner({
        db: world.db,
        session: { userId: person.id, sessionVersion: before.sessionVersion, sessionId: before.sessionId },
        request: { ip: "127.0.0.1", userAgent: "vitest", requestId: randomUUID() },
      }).then(createCaller);
    expect((await (await device()).auth.me()).id).toBe(person.id);
    const token = tokenOf((await issue(world.demo.ADMIN, person.id)).url);

    // A weak password is refused with the reason, and the link still works afterwards.
    const weak = await expectError(
      (await anonymous()).auth.resetPassword({ token, newPassword: "password1234" }),
      "BAD_REQUEST",
      "WEAK_PASSWORD",
    );
    expect(weak.fieldErrors?.newPassword?.[0]).toBeTruthy();

    const { result, events } = await withAudit(world, async () =>
      (await anonymous()).auth.resetPassword({ token, newPassword: NEW_PASSWORD }),
    );
    expect(result).toEqual({ ok: true });
    expect(events.map((e) => e.action)).toEqual(["PASSWORD_RESET"]);
    expect(events[0]).toMatchObject({ actorType: "USER", actorId: person.id, targetId: person.id });
    expect(events[0]!.changes).toMatchObject({ purpose: "ASSISTED", sessionsEnded: 1 });
    expect(deepStrings(events)).not.toContain(token);

    await expectError((await device()).auth.me(), "UNAUTHORIZED", "SESSION_REVOKED");

    expect((await signIn(person.email, NEW_PASSWORD)).id).toBe(person.id);
    await expect(signIn(person.email, DEMO_PASSWORD)).rejects.toBeInstanceOf(LoginRefused);

    const again = await expectError(
      (await anonymous()).auth.resetPassword({ token, newPassword: "another fine long passphrase" }),
      "BAD_REQUEST",
      "RESET_LINK_INVALID",
      "USED",
    );
    expect(again.message).toMatch(/already been used/);
    expect((await signIn(person.email, NEW_PASSWORD)).id).toBe(person.id);
  });

  it("an expired link is refused and changes nothing", async () => {
    const person = await world.addUser({ role: "HOST", district: NAXOS, emailConfirmed: false });
    const token = tokenOf((await issue(world.demo.ADMIN, person.id)).url);
    await world.db
      .update(passwordResets)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(passwordResets.tokenHash, hashResetToken(token)));
    await expectError(
      (await anonymous()).auth.resetPassword({ token, newPassword: NEW_PASSWORD }),
      "BAD_REQUEST",
      "RESET_LINK_INVALID",
      "EXPIRED",
    );
    expect((await signIn(person.email, DEMO_PASSWORD)).id).toBe(person.id);
    expect(await auditRows(world.db, { action: "PASSWORD_RESET", targetId: person.id })).toEqual([]);
  });

  it("a newer link voids the older one; an unknown token is refused", async () => {
    const person = await world.addUser({ role: "TRAVELER", district: NAXOS, emailConfirmed: false });
    const first = tokenOf((await issue(world.demo.ADMIN, person.id)).url);
    const second = tokenOf((await issue(world.demo.SUPER_ADMIN, person.id)).url);
    await expectError(
      (await anonymous()).auth.resetPassword({ token: first, newPassword: NEW_PASSWORD }),
      "BAD_REQUEST",
      "RESET_LINK_INVALID",
      "USED",
    );
    await expectError(
      (await anonymous()).auth.resetPassword({ token: "x".repeat(43), newPassword: NEW_PASSWORD }),
      "BAD_REQUEST",
      "RESET_LINK_INVALID",
      "UNKNOWN",
    );
    expect(await (await anonymous()).auth.resetPassword({ token: second, newPassword: NEW_PASSWORD })).toEqual({ ok: true });
  });

  it("of two concurrent redemptions of one link, exactly one succeeds", async () => {
    const person = await world.addUser({ role: "TRAVELER", district: NAXOS, emailConfirmed: false });
    const token = tokenOf((await issue(world.demo.ADMIN, person.id)).url);
    const results = await Promise.all(
      ["first long passphrase here", "second long passphrase there"].map(async (newPassword) =>
        outcome((await anonymous()).auth.resetPassword({ token, newPassword })),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.appCode === "RESET_LINK_INVALID")).toHaveLength(1);
    expect(await auditRows(world.db, { action: "PASSWORD_RESET", targetId: person.id })).toHaveLength(1);
  });

  it("guessing links from one address is throttled", async () => {
    const ip = "203.0.113.250";
    let last;
    // Reset and confirmation links share one budget per address (the throttle kind "resetLink": 20 free).
    for (let i = 0; i < 22; i++) {
      last = await outcome(
        (await world.anonymous({ ip })).auth.resetPassword({ token: randomUUID(), newPassword: NEW_PASSWORD }),
      );
    }
    expect(last).toMatchObject({ ok: false, appCode: "THROTTLED" });
  });
});
