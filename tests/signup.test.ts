// Signup with an invite: what a new person gets, every refusal with its reason (and nothing created),
// field-by-field validation, and exactly k users from k uses left under concurrency.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { auditEvents, invites, users } from "@/db/schema";
import { hashInviteCode, inviteCodeHint } from "@/server/accounts/invite-codes";
import { verifyPassword } from "@/server/auth/password";
import { verifyAuditChain } from "@/server/audit";
import { auditRows, expectError, NAXOS, outcome, PAROS, seededWorld, SYROS, type TestWorld } from "./helpers";
import { onPostgres } from "./db";

const TRAVELER_CODE = "TSRA-TRAV-2345";
const GOOD_PASSWORD = "correct-horse-battery";

describe("auth.signup", () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await seededWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  const usersCount = async () => (await world.db.select({ n: count() }).from(users))[0]!.n;
  const signupEvents = async () => (await auditRows(world.db, { action: "USER_SIGNED_UP" })).length;
  const inviteByCode = async (code: string) =>
    (
      await world.db
        .select()
        .from(invites)
        .where(eq(invites.codeHash, hashInviteCode(code)))
    )[0]!;

  /** Inserts an invite directly, for states the API cannot produce on demand (expired, used up). */
  async function plantInvite(code: string, over: Partial<typeof invites.$inferInsert> = {}) {
    await world.db.insert(invites).values({
      codeHash: hashInviteCode(code),
      codeHint: inviteCodeHint(code),
      role: "TRAVELER",
      districtId: world.district(NAXOS),
      maxUses: 5,
      uses: 0,
      expiresAt: new Date(Date.now() + 86_400_000),
      createdBy: world.demo.ADMIN.id,
      ...over,
    });
  }

  /** Runs a refused signup and checks that it created nothing and consumed nothing. */
  async function refused(
    input: Parameters<Awaited<ReturnType<TestWorld["anonymous"]>>["auth"]["signup"]>[0],
    code: string,
    appCode: string,
    ip?: string,
  ) {
    const before = { users: await usersCount(), events: await signupEvents() };
    const invite = (
      await world.db
        .select()
        .from(invites)
        .where(eq(invites.codeHash, hashInviteCode(input.inviteCode)))
    )[0];
    const out = await expectError((await world.anonymous({ ip })).auth.signup(input), code, appCode);
    expect(await usersCount()).toBe(before.users);
    expect(await signupEvents()).toBe(before.events);
    if (invite) expect((await inviteByCode(input.inviteCode)).uses).toBe(invite.uses);
    return out;
  }

  it("the demo traveler invite creates a TRAVELER in the invite's district, invited by its creator", async () => {
    const invite = await inviteByCode(TRAVELER_CODE);
    const anon = await world.anonymous();
    const result = await anon.auth.signup({
      inviteCode: TRAVELER_CODE,
      email: "  New.Person@Example.COM ",
      password: GOOD_PASSWORD,
      displayName: "New Person",
    });
    expect(result).toMatchObject({ role: "TRAVELER", home: "/explore" });

    const [user] = await world.db.select().from(users).where(eq(users.id, result.userId));
    expect(user).toMatchObject({
      email: "new.person@example.com",
      role: "TRAVELER",
      districtId: invite.districtId,
      invitedBy: invite.createdBy,
      inviteId: invite.id,
      status: "ACTIVE",
      kycStatus: "UNVERIFIED",
    });
    expect(invite.districtId).toBe(world.district(NAXOS));
    expect(invite.createdBy).toBe(world.demo.SUPER_ADMIN.id);
    // The password is stored as an argon2id hash, never in the clear.
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user!.passwordHash).not.toContain(GOOD_PASSWORD);
    expect(await verifyPassword(user!.passwordHash, GOOD_PASSWORD)).toBe(true);
    expect((await inviteByCode(TRAVELER_CODE)).uses).toBe(invite.uses + 1);

    const [event] = await auditRows(world.db, { action: "USER_SIGNED_UP", targetId: result.userId });
    expect(event).toMatchObject({
      actorType: "USER",
      actorId: result.userId,
      actorRole: "TRAVELER",
      targetType: "user",
      ip: "127.0.0.1",
      changes: {
        role: "TRAVELER",
        districtId: invite.districtId,
        inviteId: invite.id,
        invitedBy: invite.createdBy,
        inviteUses: { before: invite.uses, after: invite.uses + 1 },
      },
    });
    expect(JSON.stringify(event)).not.toContain(GOOD_PASSWORD);

    // The new account is usable right away.
    const me = await (await world.as({ id: result.userId, sessionVersion: user!.sessionVersion })).auth.me();
    expect(me).toMatchObject({ role: "TRAVELER", districtId: invite.districtId });
  });

  it("accepts the code as people type it (lower case, spaces instead of dashes)", async () => {
    const result = await (
      await world.anonymous()
    ).auth.signup({
      inviteCode: " tsra trav 2345 ",
      phone: "+30 691 234 5678",
      password: GOOD_PASSWORD,
      displayName: "Phone Person",
    });
    const [user] = await world.db.select().from(users).where(eq(users.id, result.userId));
    expect(user).toMatchObject({ phone: "+306912345678", email: null, role: "TRAVELER" });
  });

  it("keeps who invited whom: a host's invite records the host", async () => {
    const host = await world.as(world.demo.HOST);
    const { code } = await host.invites.create({
      role: "TRAVELER",
      districtId: world.district(NAXOS),
      maxUses: 1,
      expiresInDays: 3,
    });
    const result = await (
      await world.anonymous()
    ).auth.signup({ inviteCode: code, email: "hosted@example.com", password: GOOD_PASSWORD, displayName: "Hosted Guest" });
    const [user] = await world.db.select().from(users).where(eq(users.id, result.userId));
    expect(user!.invitedBy).toBe(world.demo.HOST.id);
  });

  describe("unusable codes: each says why, and nothing is created", () => {
    it("an unknown code → INVITE_INVALID", async () => {
      const out = await refused(
        { inviteCode: "ZZZZ-ZZZZ-ZZZZ", email: "a1@example.com", password: GOOD_PASSWORD, displayName: "Someone" },
        "BAD_REQUEST",
        "INVITE_INVALID",
      );
      expect(out.fieldErrors?.inviteCode?.[0]).toMatch(/not valid/);
    });

    it("an expired code → INVITE_EXPIRED", async () => {
      await plantInvite("EXPD-EXPD-2345", { expiresAt: new Date(Date.now() - 60_000) });
      const out = await refused(
        { inviteCode: "EXPD-EXPD-2345", email: "a2@example.com", password: GOOD_PASSWORD, displayName: "Someone" },
        "BAD_REQUEST",
        "INVITE_EXPIRED",
      );
      expect(out.fieldErrors?.inviteCode?.[0]).toMatch(/expired/);
    });

    it("a revoked code → INVITE_REVOKED", async () => {
      const admin = await world.as(world.demo.ADMIN);
      const created = await admin.invites.create({
        role: "TRAVELER",
        districtId: world.district(PAROS),
        maxUses: 3,
        expiresInDays: 7,
      });
      await admin.invites.revoke({ inviteId: created.id });
      const out = await refused(
        { inviteCode: created.code, email: "a3@example.com", password: GOOD_PASSWORD, displayName: "Someone" },
        "BAD_REQUEST",
        "INVITE_REVOKED",
      );
      expect(out.fieldErrors?.inviteCode?.[0]).toMatch(/revoked/);
    });

    it("a used-up code → INVITE_EXHAUSTED", async () => {
      await plantInvite("USED-UPUP-2345", { maxUses: 2, uses: 2 });
      const out = await refused(
        { inviteCode: "USED-UPUP-2345", email: "a4@example.com", password: GOOD_PASSWORD, displayName: "Someone" },
        "BAD_REQUEST",
        "INVITE_EXHAUSTED",
      );
      expect(out.fieldErrors?.inviteCode?.[0]).toMatch(/used/);
      expect((await inviteByCode("USED-UPUP-2345")).uses).toBe(2);
    });
  });

  describe("an invite is only as good as its creator's standing", () => {
    // Each refusal here is told exactly what a made-up code is told: nothing about the creator.
    const asUnknownCode = async (inviteCode: string, n: number) => {
      const input = { inviteCode, email: `standing-${n}@example.com`, password: GOOD_PASSWORD, displayName: "Someone" };
      const out = await refused(input, "BAD_REQUEST", "INVITE_INVALID", `192.0.2.${n}`);
      const made = await refused(
        { ...input, inviteCode: "QQQQ-QQQQ-QQQQ" },
        "BAD_REQUEST",
        "INVITE_INVALID",
        `192.0.2.${n + 100}`,
      );
      const seen = ({ code, appCode, reason, message, fieldErrors }: typeof out) => ({
        code,
        appCode,
        reason,
        message,
        fieldErrors,
      });
      expect(seen(out)).toEqual(seen(made));
    };
    const signUp = async (inviteCode: string, n: number) =>
      (await world.anonymous({ ip: `192.0.2.${n}` })).auth.signup({
        inviteCode,
        email: `standing-ok-${n}@example.com`,
        password: GOOD_PASSWORD,
        displayName: "Someone",
      });

    it("a suspended or banned creator's invite lets nobody in; reinstated, it works again", async () => {
      const admin = await world.as(world.demo.ADMIN);
      const host = await world.addUser({ role: "HOST", district: NAXOS });
      const { code } = await (
        await world.as(host)
      ).invites.create({
        role: "TRAVELER",
        districtId: world.district(NAXOS),
        maxUses: 5,
        expiresInDays: 3,
      });
      await admin.people.suspend({ userId: host.id, reason: "Selling invites" });
      await asUnknownCode(code, 1);
      await admin.people.reinstate({ userId: host.id, reason: "Cleared" });
      expect(await signUp(code, 2)).toMatchObject({ role: "TRAVELER" });
      await admin.people.ban({ userId: host.id, reason: "Selling invites again" });
      await asUnknownCode(code, 3);
      expect((await inviteByCode(code)).uses).toBe(1);
    });

    it("a creator who may no longer invite that role (their own role changed) lets nobody in", async () => {
      const host = await world.addUser({ role: "HOST", district: PAROS });
      const { code } = await (
        await world.as(host)
      ).invites.create({
        role: "TRAVELER",
        districtId: world.district(PAROS),
        maxUses: 5,
        expiresInDays: 3,
      });
      await (await world.as(world.demo.ADMIN)).people.changeRole({ userId: host.id, role: "TRAVELER", reason: "Closed shop" });
      await asUnknownCode(code, 4);

      // An admin's invite for a role above what they may give (planted: the API refuses to make it).
      await plantInvite("ADMN-BYAD-2345", { role: "ADMIN", createdBy: world.demo.ADMIN.id });
      await asUnknownCode("ADMN-BYAD-2345", 5);
      // An invite nobody vouches for.
      await plantInvite("NOBO-DYSN-2345", { createdBy: null });
      await asUnknownCode("NOBO-DYSN-2345", 6);
    });
  });

  describe("passwords", () => {
    it("under 12 characters → WEAK_PASSWORD beside the password field", async () => {
      const out = await refused(
        { inviteCode: TRAVELER_CODE, email: "short@example.com", password: "elevenchars", displayName: "Shorty" },
        "BAD_REQUEST",
        "WEAK_PASSWORD",
      );
      expect(out.fieldErrors).toEqual({ password: ["Use at least 12 characters."] });
      // Exactly 12 is enough.
      await (
        await world.anonymous()
      ).auth.signup({ inviteCode: TRAVELER_CODE, email: "twelve@example.com", password: "twelve-chars", displayName: "Twelve" });
    });

    it("equal to the email (any case) → WEAK_PASSWORD", async () => {
      const out = await refused(
        {
          inviteCode: TRAVELER_CODE,
          email: "mirror.mirror@example.com",
          password: "Mirror.Mirror@Example.com",
          displayName: "Mirror",
        },
        "BAD_REQUEST",
        "WEAK_PASSWORD",
      );
      expect(out.fieldErrors?.password?.[0]).toMatch(/email address or phone/);
    });

    it("equal to the phone number → WEAK_PASSWORD", async () => {
      const out = await refused(
        { inviteCode: TRAVELER_CODE, phone: "+306900000001", password: "+306900000001", displayName: "Phoney" },
        "BAD_REQUEST",
        "WEAK_PASSWORD",
      );
      expect(out.fieldErrors?.password?.[0]).toMatch(/email address or phone/);
    });
  });

  describe("taken identifiers", () => {
    it("an email already in use (in any case) → EMAIL_TAKEN, and the invite use is not consumed", async () => {
      const out = await refused(
        { inviteCode: TRAVELER_CODE, email: "Traveler@Tessera.TEST", password: GOOD_PASSWORD, displayName: "Copy" },
        "CONFLICT",
        "EMAIL_TAKEN",
      );
      expect(out.fieldErrors?.email).toBeDefined();
    });

    it("a phone already in use → PHONE_TAKEN", async () => {
      const out = await refused(
        { inviteCode: TRAVELER_CODE, phone: "0030 691 234 5678", password: GOOD_PASSWORD, displayName: "Copy" },
        "CONFLICT",
        "PHONE_TAKEN",
      );
      expect(out.fieldErrors?.phone).toBeDefined();
    });
  });

  describe("validation comes back field by field", () => {
    it("several bad fields at once, each named", async () => {
      const out = await refused(
        { inviteCode: "", email: "not-an-email", password: GOOD_PASSWORD, displayName: "x" },
        "BAD_REQUEST",
        "INVALID_INPUT",
      );
      expect(out.message).toBe("Some fields need attention.");
      expect(out.fieldErrors).toEqual({
        inviteCode: ["Enter your invite code."],
        email: ["Enter a valid email address."],
        displayName: ["Enter the name others will see (2 characters or more)."],
      });
    });

    it("neither email nor phone", async () => {
      const out = await refused(
        { inviteCode: TRAVELER_CODE, password: GOOD_PASSWORD, displayName: "Nobody" },
        "BAD_REQUEST",
        "INVALID_INPUT",
      );
      expect(out.fieldErrors).toEqual({ email: ["Enter an email address or a phone number."] });
    });

    it("a phone number without a country code", async () => {
      const out = await refused(
        { inviteCode: TRAVELER_CODE, phone: "6912", password: GOOD_PASSWORD, displayName: "Local" },
        "BAD_REQUEST",
        "INVALID_INPUT",
      );
      expect(out.fieldErrors).toEqual({ phone: ["Enter the phone number with its country code, e.g. +30 21 0123 4567."] });
    });

    it("an unexpected database failure shows a generic message: no query, no password hash", async () => {
      const before = await usersCount();
      const out = await outcome(
        (await world.anonymous()).auth.signup({
          inviteCode: TRAVELER_CODE,
          email: "nul@example.com",
          password: GOOD_PASSWORD,
          displayName: "Nul\u0000Byte",
        }),
      );
      // Postgres refuses a NUL byte in text; the client must not see the failed INSERT and its parameters.
      expect(out.ok).toBe(false);
      if (out.ok) return;
      expect(out.message).not.toMatch(/argon2|insert|nul@example\.com/i);
      if (out.code === "INTERNAL_SERVER_ERROR") expect(out.message).toBe("Something went wrong on our side. Please try again.");
      else expect(out.code).toBe("BAD_REQUEST");
      expect(await usersCount()).toBe(before);
    });
  });

  it(`${onPostgres ? "on PostgreSQL" : "on PGlite"}: 30 concurrent signups on a code with 5 uses left create exactly 5 users`, async () => {
    const code = "RACE-RACE-2345";
    await plantInvite(code, { maxUses: 12, uses: 7, districtId: world.district(SYROS) });
    const invite = await inviteByCode(code);
    const before = { users: await usersCount(), events: await signupEvents() };

    // From 30 addresses: one address is throttled after 10 refused signups (server/auth/throttle.ts).
    const anons = await Promise.all(Array.from({ length: 30 }, (_, i) => world.anonymous({ ip: `198.51.100.${i + 1}` })));
    const outcomes = await Promise.all(
      anons.map((anon, i) =>
        outcome(
          anon.auth.signup({
            inviteCode: code,
            email: `racer-${i}@example.com`,
            password: GOOD_PASSWORD,
            displayName: `Racer ${i}`,
          }),
        ),
      ),
    );
    const ok = outcomes.filter((o) => o.ok);
    const refusedOnes = outcomes.filter((o) => !o.ok);
    expect(ok).toHaveLength(5);
    expect(refusedOnes.map((o) => (o.ok ? null : o.appCode))).toEqual(Array(25).fill("INVITE_EXHAUSTED"));

    expect(await usersCount()).toBe(before.users + 5);
    const redeemed = await world.db.select().from(users).where(eq(users.inviteId, invite.id));
    expect(redeemed).toHaveLength(5);
    expect(redeemed.every((u) => u.districtId === world.district(SYROS) && u.role === "TRAVELER")).toBe(true);
    const after = await inviteByCode(code);
    expect(after.uses).toBe(after.maxUses);
    expect(await signupEvents()).toBe(before.events + 5);
    const uses = (await auditRows(world.db, { action: "USER_SIGNED_UP" }))
      .filter((e) => (e.changes as { inviteId?: string }).inviteId === invite.id)
      .map((e) => (e.changes as { inviteUses: { after: number } }).inviteUses.after)
      .sort((a, b) => a - b);
    expect(uses).toEqual([8, 9, 10, 11, 12]);

    // The admin's invite list says so too.
    const list = await (await world.as(world.demo.ADMIN)).invites.list({ limit: 100 });
    expect(list.items.find((i) => i.id === invite.id)).toMatchObject({ usesLeft: 0, state: "USED_UP", uses: 12, maxUses: 12 });
    expect(await verifyAuditChain(world.db)).toMatchObject({ ok: true });
    expect((await world.db.select({ n: count() }).from(auditEvents))[0]!.n).toBeGreaterThan(5);
  });
});
