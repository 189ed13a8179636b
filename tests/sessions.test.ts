// Sessions per device: sign-in opens one, every request checks it, sign-out ends only this device,
// "sign out everywhere", and what ends every session (password change, ban, suspension). Each
// scenario signs in through authenticate() and calls the procedures as that device would.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { DEMO_PASSWORD } from "@/db/demo";
import { sessions } from "@/db/schema/sessions";
import { users } from "@/db/schema/accounts";
import { notifications } from "@/db/schema/notifications";
import { describeUserAgent } from "@/server/accounts/user-agent";
import { authenticate } from "@/server/auth/login";
import { sessionFromHeaders } from "@/server/auth/session";
import { createContextInner } from "@/server/context";
import { env } from "@/server/env";
import type { SessionClaims } from "@/server/request-types";
import { createCaller } from "@/server/root";
import { auditRows, deepStrings, expectError, NAXOS, seededWorld, type TestWorld } from "./helpers";

const FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0";
const SAFARI_MAC =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";

let world: TestWorld;
beforeAll(async () => {
  world = await seededWorld();
});
afterAll(async () => {
  await world?.close();
});

interface Device {
  claims: SessionClaims;
  ip: string;
  userAgent: string;
}

let ipCounter = 0;

/** Signs `email` in from a new address, as the sign-in form does: a device session is opened. */
async function signIn(email: string, userAgent = FIREFOX_ANDROID): Promise<Device> {
  const ip = `198.51.100.${++ipCounter}`;
  const user = await authenticate(world.db, {
    identifier: email,
    password: DEMO_PASSWORD,
    ip,
    userAgent,
    requestId: randomUUID(),
  });
  return { claims: { userId: user.id, sessionVersion: user.sessionVersion, sessionId: user.sessionId }, ip, userAgent };
}

/** The next request of a device: a fresh context from its claims, as every HTTP request builds one. */
async function on(device: Device) {
  return createCaller(
    await createContextInner({
      db: world.db,
      session: device.claims,
      request: { ip: device.ip, userAgent: device.userAgent, requestId: randomUUID() },
    }),
  );
}

async function sessionRow(id: string) {
  const [row] = await world.db.select().from(sessions).where(eq(sessions.id, id));
  return row!;
}

const newTraveler = () => world.addUser({ role: "TRAVELER", district: NAXOS, kycStatus: "VERIFIED" });

describe("sessions per device", () => {
  it("sign-in opens a session with its address and user agent; the list shows it, marked as this device", async () => {
    const person = await newTraveler();
    const phone = await signIn(person.email, FIREFOX_ANDROID);
    const laptop = await signIn(person.email, SAFARI_MAC);
    const list = await (await on(laptop)).account.sessions();
    expect(list.map((s) => s.id).sort()).toEqual([phone.claims.sessionId, laptop.claims.sessionId].sort());
    const here = list[0]!; // this device comes first
    expect(here.id).toBe(laptop.claims.sessionId);
    expect(here).toMatchObject({ current: true, ip: laptop.ip, userAgent: SAFARI_MAC, device: "Safari 17 on macOS" });
    expect(list.find((s) => !s.current)).toMatchObject({ ip: phone.ip, device: "Firefox 128 on Android" });
  });

  it("signing out on one device leaves the other signed in", async () => {
    const person = await newTraveler();
    const phone = await signIn(person.email);
    const laptop = await signIn(person.email, SAFARI_MAC);
    expect(await (await on(phone)).account.signOut()).toEqual({ ok: true, endedCurrent: true });
    await expectError((await on(phone)).auth.me(), "UNAUTHORIZED", "SESSION_REVOKED");
    expect((await (await on(laptop)).auth.me()).id).toBe(person.id);
    expect((await (await on(laptop)).account.sessions()).map((s) => s.id)).toEqual([laptop.claims.sessionId]);
    const [event] = await auditRows(world.db, { action: "SIGNED_OUT", targetId: phone.claims.sessionId! });
    expect(event).toMatchObject({ actorId: person.id, changes: { userId: person.id, current: true } });
  });

  it('"sign out this device" from the list ends that other device only', async () => {
    const person = await newTraveler();
    const phone = await signIn(person.email);
    const laptop = await signIn(person.email, SAFARI_MAC);
    const out = await (await on(laptop)).account.endSession({ sessionId: phone.claims.sessionId! });
    expect(out).toEqual({ ok: true, endedCurrent: false });
    await expectError((await on(phone)).auth.me(), "UNAUTHORIZED", "SESSION_REVOKED");
    expect((await (await on(laptop)).auth.me()).id).toBe(person.id);
    // Ending it again: it has ended.
    await expectError((await on(laptop)).account.endSession({ sessionId: phone.claims.sessionId! }), "NOT_FOUND", "NOT_FOUND");
  });

  it('"sign out everywhere" ends every session, this one included', async () => {
    const person = await newTraveler();
    const phone = await signIn(person.email);
    const laptop = await signIn(person.email, SAFARI_MAC);
    expect(await (await on(laptop)).account.endAllSessions()).toEqual({ ok: true, sessionsEnded: 2 });
    await expectError((await on(phone)).auth.me(), "UNAUTHORIZED", "SESSION_REVOKED");
    await expectError((await on(laptop)).auth.me(), "UNAUTHORIZED", "SESSION_REVOKED");
    expect((await sessionRow(phone.claims.sessionId!)).revokedAt).not.toBeNull();
    const [event] = await auditRows(world.db, { action: "SIGNED_OUT_EVERYWHERE", targetId: person.id });
    expect(event!.changes).toMatchObject({ sessionsEnded: 2 });
    // Signing in again works, and only the new session is listed.
    const again = await signIn(person.email);
    expect((await (await on(again)).account.sessions()).map((s) => s.id)).toEqual([again.claims.sessionId]);
  });

  it("a password change ends every session", async () => {
    const person = await newTraveler();
    const phone = await signIn(person.email);
    const laptop = await signIn(person.email, SAFARI_MAC);
    await (
      await on(laptop)
    ).auth.changePassword({ currentPassword: DEMO_PASSWORD, newPassword: "quiet harbour lanterns at dusk" });
    await expectError((await on(phone)).auth.me(), "UNAUTHORIZED", "SESSION_REVOKED");
    await expectError((await on(laptop)).auth.me(), "UNAUTHORIZED", "SESSION_REVOKED");
    expect((await sessionRow(phone.claims.sessionId!)).revokedAt).not.toBeNull();
    expect((await sessionRow(laptop.claims.sessionId!)).revokedAt).not.toBeNull();
  });

  it("a ban ends every session, and reinstating does not bring them back", async () => {
    const person = await newTraveler();
    const phone = await signIn(person.email);
    const laptop = await signIn(person.email, SAFARI_MAC);
    const admin = await world.as(world.demo.ADMIN);
    await admin.people.ban({ userId: person.id, reason: "sessions test" });
    await expectError((await on(phone)).auth.me(), "UNAUTHORIZED", "ACCOUNT_BANNED");
    await expectError((await on(laptop)).auth.me(), "UNAUTHORIZED", "ACCOUNT_BANNED");
    expect((await sessionRow(phone.claims.sessionId!)).revokedAt).not.toBeNull();
    const [event] = await auditRows(world.db, { action: "USER_BANNED", targetId: person.id });
    expect(event!.changes).toMatchObject({ sessionsEnded: 2 });
    await (await world.as(world.demo.ADMIN)).people.reinstate({ userId: person.id, reason: "sessions test" });
    await expectError((await on(laptop)).auth.me(), "UNAUTHORIZED", "SESSION_REVOKED");
  });

  it("a suspension ends every session", async () => {
    const person = await newTraveler();
    const phone = await signIn(person.email);
    await (await world.as(world.demo.ADMIN)).people.suspend({ userId: person.id, reason: "sessions test" });
    await expectError((await on(phone)).auth.me(), "UNAUTHORIZED", "ACCOUNT_SUSPENDED");
    expect((await sessionRow(phone.claims.sessionId!)).revokedAt).not.toBeNull();
  });

  it("the list shows only one's own sessions; someone else's reads as missing and is not ended", async () => {
    const me = await newTraveler();
    const other = await newTraveler();
    const mine = await signIn(me.email);
    const theirs = await signIn(other.email);
    const list = await (await on(mine)).account.sessions();
    expect(list.map((s) => s.id)).toEqual([mine.claims.sessionId]);
    expect(deepStrings(list)).not.toContain(theirs.claims.sessionId);
    const refused = await expectError(
      (await on(mine)).account.endSession({ sessionId: theirs.claims.sessionId! }),
      "NOT_FOUND",
      "NOT_FOUND",
    );
    expect(refused.message).toBe("That session does not exist or has already ended.");
    await expectError((await on(mine)).account.endSession({ sessionId: randomUUID() }), "NOT_FOUND", "NOT_FOUND");
    expect((await (await on(theirs)).auth.me()).id).toBe(other.id);
    const [denial] = await auditRows(world.db, { action: "ACCESS_DENIED", targetId: theirs.claims.sessionId! });
    expect(denial).toMatchObject({ actorId: me.id, changes: { reason: "NOT_YOUR_SESSION" } });
  });

  it("a session claimed with another person's session id is refused", async () => {
    const me = await newTraveler();
    const other = await newTraveler();
    const theirs = await signIn(other.email);
    const forged: Device = {
      ...theirs,
      claims: { userId: me.id, sessionVersion: me.sessionVersion, sessionId: theirs.claims.sessionId },
    };
    await expectError((await on(forged)).auth.me(), "UNAUTHORIZED", "SESSION_REVOKED");
  });

  it("a revoked session's cookie is refused on the next request; a cookie naming no session is not a session", async () => {
    const person = await newTraveler();
    const device = await signIn(person.email);
    const cookieOf = async (token: Record<string, unknown>) =>
      `authjs.session-token=${await encode({ token, secret: env.AUTH_SECRET, salt: "authjs.session-token", maxAge: 3600 })}`;
    const cookie = await cookieOf({ uid: person.id, sv: person.sessionVersion, sid: device.claims.sessionId, sub: person.id });
    const request = async () => {
      const claims = await sessionFromHeaders(new Headers({ cookie }));
      return createCaller(
        await createContextInner({
          db: world.db,
          session: claims,
          request: { ip: device.ip, userAgent: "vitest", requestId: randomUUID() },
        }),
      );
    };
    expect((await (await request()).auth.me()).id).toBe(person.id);
    await (await on(device)).account.signOut();
    // The decoded cookie is cached, but the database decides on every request.
    await expectError((await request()).auth.me(), "UNAUTHORIZED", "SESSION_REVOKED");

    const withoutSession = await cookieOf({ uid: person.id, sv: person.sessionVersion, sub: person.id });
    expect(await sessionFromHeaders(new Headers({ cookie: withoutSession }))).toBeNull();
    const badSession = await cookieOf({ uid: person.id, sv: person.sessionVersion, sid: "not-a-uuid", sub: person.id });
    expect(await sessionFromHeaders(new Headers({ cookie: badSession }))).toBeNull();
  });

  it("last seen moves on at most every few minutes", async () => {
    const person = await newTraveler();
    const device = await signIn(person.email);
    const id = device.claims.sessionId!;
    const first = (await sessionRow(id)).lastSeenAt;
    await (await on(device)).auth.me();
    expect((await sessionRow(id)).lastSeenAt).toEqual(first);
    await world.db
      .update(sessions)
      .set({ lastSeenAt: sql`now() - interval '10 minutes'`, ip: "192.0.2.1" })
      .where(eq(sessions.id, id));
    const stale = (await sessionRow(id)).lastSeenAt;
    await (await on(device)).auth.me();
    const touched = await sessionRow(id);
    expect(touched.lastSeenAt.getTime()).toBeGreaterThan(stale.getTime() + 9 * 60_000);
    expect(touched.ip).toBe(device.ip);
    await (await on(device)).auth.me();
    expect((await sessionRow(id)).lastSeenAt).toEqual(touched.lastSeenAt);
  });
});

describe("new sign-in notices", () => {
  const notices = async (userId: string) =>
    world.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userId), eq(notifications.kind, "NEW_SIGN_IN")));

  it("a sign-in from a browser the account has not used lately tells the person, in the app and by mail; a known browser does not", async () => {
    const known = await signIn("moderator@tessera.test", SAFARI_MAC);
    const before = (await notices(known.claims.userId)).length;
    await signIn("moderator@tessera.test", SAFARI_MAC);
    expect(await notices(known.claims.userId)).toHaveLength(before);

    const stranger = "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0";
    const device = await signIn("moderator@tessera.test", stranger);
    const after = await notices(known.claims.userId);
    expect(after).toHaveLength(before + 1);
    const notice = after.find((n) => n.subjectId === device.claims.sessionId)!;
    expect(notice.link).toBe("/moderation/account");
    expect(notice.data).toMatchObject({ userAgent: "Firefox 131 on Linux" });
    // A security notice: mailed whatever the person chose for other kinds.
    expect(notice.emailStatus).not.toBe("SKIPPED");
    // The same browser again is known now.
    await signIn("moderator@tessera.test", stranger);
    expect(await notices(known.claims.userId)).toHaveLength(before + 1);
  });

  it("the very first sign-in of an account is not a new-device notice", async () => {
    const [template] = await world.db.select().from(users).where(eq(users.email, "traveler@tessera.test"));
    const [fresh] = await world.db
      .insert(users)
      .values({
        email: `first.sign-in.${randomUUID()}@example.test`,
        passwordHash: template!.passwordHash,
        displayName: "First Sign-in",
        role: "TRAVELER",
        districtId: template!.districtId,
      })
      .returning();
    await signIn(fresh!.email!, FIREFOX_ANDROID);
    expect(await notices(fresh!.id)).toHaveLength(0);
  });
});

describe("user agents in words", () => {
  it.each([
    [FIREFOX_ANDROID, "Firefox 128 on Android"],
    [SAFARI_MAC, "Safari 17 on macOS"],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87",
      "Edge 126 on Windows",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1",
      "Chrome 126 on iOS",
    ],
    [
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
      "Chrome 120 on Linux",
    ],
    [
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
      "Chrome 156 on Linux",
    ],
    ["curl/8.5.0", "Unknown browser"],
    [null, "Unknown browser"],
  ])("%s → %s", (ua, words) => {
    expect(describeUserAgent(ua)).toBe(words);
  });
});
