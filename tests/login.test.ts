// Sign-in (authenticate): success, the same refusal whether or not the account exists, throttling per
// account and per address with growing delays, the pilot gate, and account standing.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "@/db/demo";
import { authenticate, LOGIN_ERRORS, LoginRefused, type LoginInput } from "@/server/auth/login";
import { auditRows, expectError, NAXOS, PAROS, seededWorld, type TestWorld } from "./helpers";

const T0 = new Date("2031-03-01T09:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe("authenticate", () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await seededWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  let ipCounter = 0;
  /** A fresh client address, so each scenario's per-address throttle starts clean. */
  const newIp = () => `203.0.113.${++ipCounter}`;

  const login = (input: Partial<LoginInput> & { identifier: string; password: string }) =>
    authenticate(world.db, { ip: "198.51.100.1", userAgent: "vitest", requestId: randomUUID(), ...input });

  /** The refusal a person would see: code, message, retry-after. */
  async function refusal(input: Parameters<typeof login>[0]) {
    const err = await login(input).then(
      (user) => {
        throw new Error(`expected a refusal, signed in as ${user.role}`);
      },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LoginRefused);
    const r = err as LoginRefused;
    return { code: r.code, message: r.message, retryAfterSeconds: r.retryAfterSeconds };
  }

  it("the right password signs in, returns the session facts (no hash) and is audited", async () => {
    const ip = newIp();
    const user = await login({ identifier: "  Traveler@Tessera.TEST ", password: DEMO_PASSWORD, ip });
    expect(user).toEqual({
      id: world.demo.TRAVELER.id,
      role: "TRAVELER",
      districtId: world.district(NAXOS),
      kycStatus: "VERIFIED",
      sessionVersion: world.demo.TRAVELER.sessionVersion,
      displayName: "Theo Traveler",
      sessionId: expect.any(String),
    });
    const [event] = (await auditRows(world.db, { action: "LOGIN_SUCCEEDED" })).slice(-1);
    expect(event).toMatchObject({
      actorType: "USER",
      actorId: user.id,
      actorRole: "TRAVELER",
      targetId: user.id,
      ip,
      userAgent: "vitest",
      changes: { sessionId: user.sessionId },
    });
  });

  it("a wrong password and an unknown account get the same code and message, and both are audited as LOGIN_FAILED", async () => {
    const failedBefore = (await auditRows(world.db, { action: "LOGIN_FAILED" })).length;
    const wrong = await refusal({ identifier: "host@tessera.test", password: "not-the-password!", ip: newIp() });
    const unknown = await refusal({ identifier: "nobody-here@tessera.test", password: "not-the-password!", ip: newIp() });
    const garbage = await refusal({ identifier: "neither an email nor a phone", password: DEMO_PASSWORD, ip: newIp() });
    expect(wrong).toEqual({
      code: "INVALID_CREDENTIALS",
      message: LOGIN_ERRORS.INVALID_CREDENTIALS,
      retryAfterSeconds: undefined,
    });
    expect(unknown).toEqual(wrong);
    expect(garbage).toEqual(wrong);
    const failed = (await auditRows(world.db, { action: "LOGIN_FAILED" })).slice(failedBefore);
    expect(failed).toHaveLength(3);
    expect(failed.map((e) => e.actorType)).toEqual(["ANONYMOUS", "ANONYMOUS", "ANONYMOUS"]);
    // The record (for admins) tells them apart; the person at the keyboard could not.
    expect(failed[0]).toMatchObject({ targetId: world.demo.HOST.id, changes: { reason: "wrong_password" } });
    expect(failed[1]).toMatchObject({ targetId: null, changes: { reason: "unknown_account" } });
  });

  describe("throttling", () => {
    it("a burst of parallel guesses gets no more tries than sequential ones: the attempt is counted before the password is checked", async () => {
      const account = await world.addUser({ role: "TRAVELER", district: NAXOS });
      const ip = newIp();
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          refusal({ identifier: account.email, password: `parallel-guess-${i}`, ip, now: at(0) }),
        ),
      );
      const codes = outcomes.map((o) => o.code);
      expect(codes.filter((c) => c === "INVALID_CREDENTIALS")).toHaveLength(5);
      expect(codes.filter((c) => c === "THROTTLED")).toHaveLength(7);
      // Even the right password waits now.
      expect((await refusal({ identifier: account.email, password: DEMO_PASSWORD, ip, now: at(1) })).code).toBe("THROTTLED");
    });

    it("after 5 failures this address is locked out of the account, even for the right password; the lock grows and expires", async () => {
      const account = await world.addUser({ role: "TRAVELER", district: NAXOS });
      const ip = newIp();
      for (let i = 0; i < 5; i++) {
        expect(await refusal({ identifier: account.email, password: `wrong-${i}-password`, ip, now: at(i) })).toMatchObject({
          code: "INVALID_CREDENTIALS",
        });
      }
      // 5th failure at T0+4s locks this address out of this account for 5 s.
      const locked = await refusal({ identifier: account.email, password: DEMO_PASSWORD, ip, now: at(5) });
      expect(locked).toEqual({ code: "THROTTLED", message: LOGIN_ERRORS.THROTTLED, retryAfterSeconds: 4 });
      const [throttled] = (await auditRows(world.db, { action: "LOGIN_THROTTLED" })).slice(-1);
      expect(throttled).toMatchObject({ actorType: "ANONYMOUS", changes: { retryAfterSeconds: 4 } });

      // Lock over: one more failure locks for twice as long (growing delay).
      expect(await refusal({ identifier: account.email, password: "still-wrong-pass", ip, now: at(9) })).toMatchObject({
        code: "INVALID_CREDENTIALS",
      });
      expect(await refusal({ identifier: account.email, password: DEMO_PASSWORD, ip, now: at(10) })).toMatchObject({
        code: "THROTTLED",
        retryAfterSeconds: 9,
      });
      expect(await refusal({ identifier: account.email, password: DEMO_PASSWORD, ip, now: at(18) })).toMatchObject({
        code: "THROTTLED",
        retryAfterSeconds: 1,
      });

      // Expired: the right password works again, and clears the count.
      expect((await login({ identifier: account.email, password: DEMO_PASSWORD, ip, now: at(19) })).id).toBe(account.id);
      expect(await refusal({ identifier: account.email, password: "wrong-again-pass", ip, now: at(20) })).toMatchObject({
        code: "INVALID_CREDENTIALS",
      });
      expect((await login({ identifier: account.email, password: DEMO_PASSWORD, ip, now: at(21) })).id).toBe(account.id);
    });

    it("a stranger's guesses do not lock the owner out: the owner signs in from their own address meanwhile", async () => {
      const account = await world.addUser({ role: "TRAVELER", district: NAXOS });
      const owner = newIp();
      const stranger = newIp();
      for (let i = 0; i < 8; i++)
        await refusal({ identifier: account.email, password: `stranger-${i}-guess`, ip: stranger, now: at(i) });
      expect((await refusal({ identifier: account.email, password: DEMO_PASSWORD, ip: stranger, now: at(8) })).code).toBe(
        "THROTTLED",
      );
      expect((await login({ identifier: account.email, password: DEMO_PASSWORD, ip: owner, now: at(8) })).id).toBe(account.id);
    });

    it("spraying one account from many addresses is bounded by the account-wide ceiling, which does not hold the owner's known address", async () => {
      const account = await world.addUser({ role: "TRAVELER", district: NAXOS });
      const home = newIp();
      expect((await login({ identifier: account.email, password: DEMO_PASSWORD, ip: home, now: at(0) })).id).toBe(account.id);
      // 30 addresses, one guess each: every guess is checked, then the account-wide lock holds new addresses.
      for (let i = 0; i < 30; i++) {
        expect((await refusal({ identifier: account.email, password: `spray-guess-${i}`, ip: newIp(), now: at(1) })).code).toBe(
          "INVALID_CREDENTIALS",
        );
      }
      const next = await refusal({ identifier: account.email, password: DEMO_PASSWORD, ip: newIp(), now: at(2) });
      expect(next).toMatchObject({ code: "THROTTLED" });
      // The owner, from the address they signed in from before, still gets in.
      expect((await login({ identifier: account.email, password: DEMO_PASSWORD, ip: home, now: at(2) })).id).toBe(account.id);
    });

    it("an account that does not exist is throttled the same way (no hint that it is unknown)", async () => {
      const ghost = `ghost-${randomUUID().slice(0, 8)}@tessera.test`;
      const ip = newIp();
      const seen = [];
      for (let i = 0; i < 5; i++)
        seen.push(await refusal({ identifier: ghost, password: `guess-${i}-password`, ip, now: at(i) }));
      expect(seen.every((r) => r.code === "INVALID_CREDENTIALS")).toBe(true);
      expect(await refusal({ identifier: ghost, password: "guess-6-password", ip, now: at(5) })).toEqual({
        code: "THROTTLED",
        message: LOGIN_ERRORS.THROTTLED,
        retryAfterSeconds: 4,
      });
      // Identifiers are normalised: the same ghost in upper case is the same key.
      expect(await refusal({ identifier: ghost.toUpperCase(), password: "guess-7-password", ip, now: at(6) })).toMatchObject({
        code: "THROTTLED",
      });
    });

    it("one address failing across many accounts is throttled for every account, but only that address", async () => {
      const ip = newIp();
      for (let i = 0; i < 20; i++) {
        const r = await refusal({
          identifier: `spray-${i}-${randomUUID().slice(0, 6)}@tessera.test`,
          password: "Summer2031!!",
          ip,
          now: at(i),
        });
        expect(r.code).toBe("INVALID_CREDENTIALS");
      }
      // The 20th failure locked the address: the real host, right password, from that address, is held back.
      expect(await refusal({ identifier: "host@tessera.test", password: DEMO_PASSWORD, ip, now: at(20) })).toMatchObject({
        code: "THROTTLED",
        retryAfterSeconds: 4,
      });
      // From another address the host signs in.
      expect((await login({ identifier: "host@tessera.test", password: DEMO_PASSWORD, ip: newIp(), now: at(20) })).role).toBe(
        "HOST",
      );
      // And the address lock expires too.
      expect((await login({ identifier: "host@tessera.test", password: DEMO_PASSWORD, ip, now: at(25) })).role).toBe("HOST");
    });

    it("a quiet hour forgets earlier failures", async () => {
      const account = await world.addUser({ role: "TRAVELER", district: NAXOS });
      const ip = newIp();
      for (let i = 0; i < 4; i++) await refusal({ identifier: account.email, password: `wrong-${i}-password`, ip, now: at(i) });
      // Over an hour later, four more failures do not reach the lock (the count restarted).
      for (let i = 0; i < 4; i++) {
        expect(
          await refusal({ identifier: account.email, password: `later-${i}-password`, ip, now: at(3700 + i) }),
        ).toMatchObject({ code: "INVALID_CREDENTIALS" });
      }
      expect((await login({ identifier: account.email, password: DEMO_PASSWORD, ip, now: at(3705) })).id).toBe(account.id);
    });
  });

  describe("the pilot gate", () => {
    it("with PILOT_ACTIVE off, a traveler or host is refused PILOT_INACTIVE; admins and super admins get in", async () => {
      const sa = await world.as(world.demo.SUPER_ADMIN);
      await sa.flags.update({ key: "PILOT_ACTIVE", isGlobalEnabled: false });
      try {
        expect(await refusal({ identifier: "traveler@tessera.test", password: DEMO_PASSWORD, ip: newIp() })).toEqual({
          code: "PILOT_INACTIVE",
          message: LOGIN_ERRORS.PILOT_INACTIVE,
          retryAfterSeconds: undefined,
        });
        expect((await refusal({ identifier: "host@tessera.test", password: DEMO_PASSWORD, ip: newIp() })).code).toBe(
          "PILOT_INACTIVE",
        );
        expect((await refusal({ identifier: "moderator@tessera.test", password: DEMO_PASSWORD, ip: newIp() })).code).toBe(
          "PILOT_INACTIVE",
        );
        expect((await login({ identifier: "admin@tessera.test", password: DEMO_PASSWORD, ip: newIp() })).role).toBe("ADMIN");
        expect((await login({ identifier: "superadmin@tessera.test", password: DEMO_PASSWORD, ip: newIp() })).role).toBe(
          "SUPER_ADMIN",
        );
        const [event] = (await auditRows(world.db, { action: "LOGIN_REFUSED", targetId: world.demo.TRAVELER.id })).slice(-1);
        expect(event).toMatchObject({ actorId: world.demo.TRAVELER.id, changes: { reason: "PILOT_INACTIVE" } });
        // A wrong password still reads as wrong credentials, not as "pilot closed".
        expect((await refusal({ identifier: "traveler@tessera.test", password: "wrong-password-x", ip: newIp() })).code).toBe(
          "INVALID_CREDENTIALS",
        );

        // Opened for one district only: travelers there get in, others do not.
        const admin = await world.as(world.demo.ADMIN);
        await admin.flags.update({ key: "PILOT_ACTIVE", districtIds: [world.district(NAXOS)] });
        expect((await login({ identifier: "traveler@tessera.test", password: DEMO_PASSWORD, ip: newIp() })).role).toBe(
          "TRAVELER",
        );
        const parosTraveler = await world.addUser({ role: "TRAVELER", district: PAROS });
        expect((await refusal({ identifier: parosTraveler.email, password: DEMO_PASSWORD, ip: newIp() })).code).toBe(
          "PILOT_INACTIVE",
        );
        await admin.flags.update({ key: "PILOT_ACTIVE", districtIds: [] });
      } finally {
        await sa.flags.update({ key: "PILOT_ACTIVE", isGlobalEnabled: true });
      }
      expect((await login({ identifier: "traveler@tessera.test", password: DEMO_PASSWORD, ip: newIp() })).role).toBe("TRAVELER");
    });

    it("before the pilot start time a traveler is refused PILOT_NOT_STARTED; an admin gets in; after it, everyone", async () => {
      const now = new Date();
      const pilotStartAt = new Date(now.getTime() + 7 * 86_400_000);
      const r = await refusal({ identifier: "traveler@tessera.test", password: DEMO_PASSWORD, ip: newIp(), pilotStartAt, now });
      expect(r.code).toBe("PILOT_NOT_STARTED");
      expect(r.message).toBe(LOGIN_ERRORS.PILOT_NOT_STARTED);
      expect(
        (await login({ identifier: "admin@tessera.test", password: DEMO_PASSWORD, ip: newIp(), pilotStartAt, now })).role,
      ).toBe("ADMIN");
      expect(
        (await login({ identifier: "superadmin@tessera.test", password: DEMO_PASSWORD, ip: newIp(), pilotStartAt, now })).role,
      ).toBe("SUPER_ADMIN");
      const later = new Date(pilotStartAt.getTime() + 1000);
      expect(
        (await login({ identifier: "traveler@tessera.test", password: DEMO_PASSWORD, ip: newIp(), pilotStartAt, now: later }))
          .role,
      ).toBe("TRAVELER");
    });
  });

  describe("account standing", () => {
    it("a suspended or banned person is refused with the right password, and hears only 'wrong credentials' with a wrong one", async () => {
      const suspended = await world.addUser({ role: "TRAVELER", district: NAXOS, status: "SUSPENDED" });
      const banned = await world.addUser({ role: "HOST", district: NAXOS, status: "BANNED" });
      expect(await refusal({ identifier: suspended.email, password: DEMO_PASSWORD, ip: newIp() })).toEqual({
        code: "ACCOUNT_SUSPENDED",
        message: LOGIN_ERRORS.ACCOUNT_SUSPENDED,
        retryAfterSeconds: undefined,
      });
      expect((await refusal({ identifier: banned.email, password: DEMO_PASSWORD, ip: newIp() })).code).toBe("ACCOUNT_BANNED");
      expect((await refusal({ identifier: banned.email, password: "wrong-password-y", ip: newIp() })).code).toBe(
        "INVALID_CREDENTIALS",
      );
      const refusedEvents = await auditRows(world.db, { action: "LOGIN_REFUSED", targetId: banned.id });
      expect(refusedEvents.map((e) => e.changes)).toEqual([{ reason: "BANNED" }]);
      // No success was recorded for either.
      expect(await auditRows(world.db, { action: "LOGIN_SUCCEEDED", targetId: suspended.id })).toEqual([]);
      expect(await auditRows(world.db, { action: "LOGIN_SUCCEEDED", targetId: banned.id })).toEqual([]);
    });

    it("a banned admin is refused too (the pilot exemption does not cover standing)", async () => {
      const admin = await world.addUser({ role: "ADMIN", district: NAXOS, status: "BANNED" });
      expect((await refusal({ identifier: admin.email, password: DEMO_PASSWORD, ip: newIp() })).code).toBe("ACCOUNT_BANNED");
    });
  });

  describe("changing the password", () => {
    it("ends every existing session, the new password signs in and the old one no longer does", async () => {
      const person = await world.addUser({ role: "TRAVELER", district: NAXOS });
      const session = await world.as(person);
      const wrong = await expectError(
        session.auth.changePassword({ currentPassword: "not-my-password", newPassword: "a-fresh-new-password" }),
        "BAD_REQUEST",
        "WRONG_PASSWORD",
      );
      expect(wrong.fieldErrors).toEqual({ currentPassword: ["Your current password is not right."] });
      const weak = await expectError(
        session.auth.changePassword({ currentPassword: DEMO_PASSWORD, newPassword: "short" }),
        "BAD_REQUEST",
        "WEAK_PASSWORD",
      );
      expect(weak.fieldErrors).toEqual({ newPassword: ["Use at least 12 characters."] });
      const same = await expectError(
        session.auth.changePassword({ currentPassword: DEMO_PASSWORD, newPassword: person.email }),
        "BAD_REQUEST",
        "WEAK_PASSWORD",
      );
      expect(same.fieldErrors?.newPassword?.[0]).toMatch(/email address or phone/);
      expect((await world.reload(person.id)).sessionVersion).toBe(person.sessionVersion);

      expect(await session.auth.changePassword({ currentPassword: DEMO_PASSWORD, newPassword: "a-fresh-new-password" })).toEqual({
        ok: true,
      });
      await expectError((await world.as(person)).auth.me(), "UNAUTHORIZED", "SESSION_REVOKED");
      expect((await refusal({ identifier: person.email, password: DEMO_PASSWORD, ip: newIp() })).code).toBe(
        "INVALID_CREDENTIALS",
      );
      const fresh = await login({ identifier: person.email, password: "a-fresh-new-password", ip: newIp() });
      expect(fresh.sessionVersion).toBe(person.sessionVersion + 1);
      expect((await (await world.as(fresh)).auth.me()).id).toBe(person.id);
      const events = await auditRows(world.db, { action: "PASSWORD_CHANGED", targetId: person.id });
      expect(events).toHaveLength(1);
      expect(JSON.stringify(events[0])).not.toContain("a-fresh-new-password");
    });
  });
});
