// Hardening, in process: scope (what an ADMIN and a moderator see), throttles, password strength,
// the raw-input check, server-side sign-out, and the pieces the HTTP attacks (e2e/hardening.spec.ts)
// rely on (client address from TRUST_PROXY, database failures → 503/400, production secrets).
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSession } from "@/server/auth/device-sessions";
import { createContextInner } from "@/server/context";
import { createCaller } from "@/server/root";
import { passwordProblem } from "@/server/auth/password";
import { clientAddress, rewriteForwarded } from "@/server/http/client-address";
import { classifyDbError } from "@/server/http/db-errors";
import { rawInputProblem } from "@/server/validation";
import { searchText } from "@/server/listings/search";
import { generateSigningJwk } from "@/server/verification/keys";
import {
  AEGEAN,
  NAXOS,
  ROOT,
  SYROS,
  ZAGORI,
  approvedListing,
  auditRows,
  expectError,
  listingIn,
  queueItemOf,
  seededWorld,
  type DemoUser,
  type TestWorld,
} from "./helpers";

let world: TestWorld;
let highlandsAdmin: DemoUser;
beforeAll(async () => {
  world = await seededWorld();
  highlandsAdmin = await world.addUser({
    role: "ADMIN",
    district: ZAGORI,
    kycStatus: "VERIFIED",
    displayName: "Highlands admin",
  });
});
afterAll(async () => world?.close());

describe("scope: content rows (what each principal is shown)", () => {
  it("audit.list, audit.actions: an ADMIN sees events whose actor or target is in their region; SUPER_ADMIN sees all", async () => {
    // One event acted in each region.
    const inHighlands = await (
      await world.as(highlandsAdmin)
    ).invites.create({
      role: "TRAVELER",
      districtId: world.district(ZAGORI),
      maxUses: 1,
      expiresInDays: 1,
      note: "highlands only",
    });
    const inAegean = await (
      await world.as(world.demo.ADMIN)
    ).invites.create({ role: "TRAVELER", districtId: world.district(SYROS), maxUses: 1, expiresInDays: 1 });
    const ids = (items: { targetId: string | null }[]) => items.map((e) => e.targetId);
    const aegean = (await (await world.as(world.demo.ADMIN)).audit.list({ limit: 100, action: "INVITE_CREATED" })).items;
    const highlands = (await (await world.as(highlandsAdmin)).audit.list({ limit: 100, action: "INVITE_CREATED" })).items;
    const all = (await (await world.as(world.demo.SUPER_ADMIN)).audit.list({ limit: 100, action: "INVITE_CREATED" })).items;
    const rows: [string, typeof aegean, boolean, boolean][] = [
      ["Aegean ADMIN", aegean, true, false],
      ["Highlands ADMIN", highlands, false, true],
      ["SUPER_ADMIN", all, true, true],
    ];
    for (const [who, items, seesAegean, seesHighlands] of rows) {
      expect(ids(items).includes(inAegean.id), `${who} sees the Aegean event`).toBe(seesAegean);
      expect(ids(items).includes(inHighlands.id), `${who} sees the Highlands event`).toBe(seesHighlands);
    }
    // Nothing the Aegean admin is shown comes from a Highlands actor (no IPs, user agents of theirs).
    expect(aegean.every((e) => e.actorId !== highlandsAdmin.id)).toBe(true);
    // Anonymous events (failed sign-ins from anywhere) belong to no region: only the super admin sees them.
    const anonymousSeen = (await (await world.as(world.demo.ADMIN)).audit.list({ limit: 100 })).items.filter(
      (e) => e.actorType === "ANONYMOUS" && e.targetId === null,
    );
    expect(anonymousSeen).toEqual([]);
  });

  it("geography.adminDistricts, geography.regions: an ADMIN lists only their region; SUPER_ADMIN all", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const names = (await admin.geography.adminDistricts()).map((d) => d.regionName);
    expect(new Set(names)).toEqual(new Set([AEGEAN]));
    expect((await admin.geography.regions()).map((r) => r.name)).toEqual([AEGEAN]);
    const sa = await world.as(world.demo.SUPER_ADMIN);
    expect(new Set((await sa.geography.adminDistricts()).map((d) => d.regionName)).size).toBeGreaterThan(1);
  });

  it("listings.get: a moderator sees contact details only inside a moderation item they hold, and that view is audited", async () => {
    const CONTACT = "Call Helena on +30 694 000 1111";
    const id = await listingIn(world, world.demo.HOST, "PENDING_REVIEW", {
      contact: CONTACT,
      meetingPoint: "At the old harbour gate",
    });
    const moderator = () => world.as(world.demo.MODERATOR);
    expect((await (await moderator()).listings.get({ listingId: id })).sensitive).toBeNull();
    const item = (await queueItemOf(world, id))!;
    await (await moderator()).moderation.claim({ itemId: item.id });
    const before = (await auditRows(world.db, { action: "LISTING_SENSITIVE_VIEWED", targetId: id })).length;
    const held = await (await moderator()).listings.get({ listingId: id });
    expect(held.sensitive?.contact).toBe(CONTACT);
    const events = (await auditRows(world.db, { action: "LISTING_SENSITIVE_VIEWED", targetId: id })).slice(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: world.demo.MODERATOR.id, targetType: "listing" });
    // Another moderator, not holding it, does not see them.
    const other = await world.addUser({ role: "MODERATOR", district: SYROS, kycStatus: "VERIFIED" });
    expect((await (await world.as(other)).listings.get({ listingId: id })).sensitive).toBeNull();
    // Released: hidden again.
    await (await moderator()).moderation.release({ itemId: item.id });
    expect((await (await moderator()).listings.get({ listingId: id })).sensitive).toBeNull();
  });

  it("listings.get: an admin of another region does not see contact details; the region's admin does", async () => {
    const id = await approvedListing(world, world.demo.HOST, { contact: "Ask at the bakery counter" });
    expect((await (await world.as(highlandsAdmin)).listings.get({ listingId: id })).sensitive).toBeNull();
    expect((await (await world.as(world.demo.ADMIN)).listings.get({ listingId: id })).sensitive?.contact).toBe(
      "Ask at the bakery counter",
    );
  });
});

describe("throttles and passwords", () => {
  it("auth.changePassword: 5 wrong current passwords, then THROTTLED (429) even for the right one", async () => {
    const person = await world.addUser({ role: "TRAVELER", district: NAXOS });
    for (let i = 0; i < 5; i++) {
      await expectError(
        (await world.as(person)).auth.changePassword({
          currentPassword: `wrong-${i}-current`,
          newPassword: "velvet-orbit-canyon-42",
        }),
        "BAD_REQUEST",
        "WRONG_PASSWORD",
      );
    }
    const out = await expectError(
      (await world.as(person)).auth.changePassword({
        currentPassword: "tessera-demo-pass",
        newPassword: "velvet-orbit-canyon-42",
      }),
      "TOO_MANY_REQUESTS",
      "THROTTLED",
    );
    expect(out.message).toMatch(/Too many attempts\. Wait \d+ seconds/);
  });

  it("auth.signup: made-up invite codes from one address are throttled after 10", async () => {
    const anon = () => world.anonymous({ ip: "198.18.0.7" });
    for (let i = 0; i < 10; i++) {
      await expectError(
        (await anon()).auth.signup({
          inviteCode: `FAKE-${i}`,
          email: `f${i}@example.test`,
          password: "velvet-orbit-canyon-42",
          displayName: "Fake",
        }),
        "BAD_REQUEST",
        "INVITE_INVALID",
      );
    }
    await expectError(
      (await anon()).auth.signup({
        inviteCode: "TSRA-TRAV-2345",
        email: "late@example.test",
        password: "velvet-orbit-canyon-42",
        displayName: "Late",
      }),
      "TOO_MANY_REQUESTS",
      "THROTTLED",
    );
    // Another address is not held back.
    const ok = await (
      await world.anonymous({ ip: "198.18.0.8" })
    ).auth.signup({
      inviteCode: "TSRA-TRAV-2345",
      email: "other@example.test",
      password: "velvet-orbit-canyon-42",
      displayName: "Other",
    });
    expect(ok.role).toBe("TRAVELER");
  });

  it.each([
    ["12 spaces", " ".repeat(12), /only spaces/],
    ["aaaaaaaaaaaa", "aaaaaaaaaaaa", /too easy to guess.*Repeated characters/],
    ["123456789012", "123456789012", /too easy to guess/],
    ["password1234", "password1234", /too easy to guess.*commonly used password/],
    ["12 NUL bytes", "\u0000".repeat(12), /control characters/],
    ["a tab inside", "velvet\torbit-canyon", /control characters/],
  ])("a weak password is refused with the reason: %s", (_name, password, reason) => {
    expect(passwordProblem(password, ["someone@example.test"])).toMatch(reason);
  });

  it("strong passphrases pass; the email's own parts do not make a password", () => {
    expect(passwordProblem("velvet-orbit-canyon-42", ["someone@example.test"])).toBeNull();
    expect(passwordProblem("correct-horse-battery", [])).toBeNull();
    expect(passwordProblem("helenakostas1990", ["helenakostas1990@example.test"])).toMatch(/too easy to guess/);
  });

  it("signup refuses a weak password with WEAK_PASSWORD and the reason in fieldErrors.password", async () => {
    const out = await expectError(
      (await world.anonymous({ ip: "198.18.0.9" })).auth.signup({
        inviteCode: "TSRA-TRAV-2345",
        email: "weak@example.test",
        password: "password1234",
        displayName: "Weak",
      }),
      "BAD_REQUEST",
      "WEAK_PASSWORD",
    );
    expect(out.fieldErrors?.password?.[0]).toMatch(/too easy to guess/);
  });
});

describe("input boundary", () => {
  it("a NUL or control character anywhere in any input is INVALID_INPUT (400), for every procedure", async () => {
    const admin = await world.as(world.demo.ADMIN);
    await expectError(admin.people.list({ limit: 5, search: "ab\u0000c" }), "BAD_REQUEST", "INVALID_INPUT");
    await expectError((await world.anonymous()).listings.explore({ q: "sea\u0007" }), "BAD_REQUEST", "INVALID_INPUT");
    expect(rawInputProblem({ a: [{ b: "ok\n\t\r" }] })).toBeNull();
    expect(rawInputProblem({ a: [{ b: "x\u0000" }] })).toMatchObject({ path: "a.0.b" });
    expect(rawInputProblem({ n: 2 ** 60 })).toMatchObject({ path: "n" });
    expect(rawInputProblem({ d: new Date("+275760-09-13T00:00:00Z") })).toMatchObject({ path: "d" });
  });

  it("search text that once failed in Postgres is served: dashes, operators, 200 words", async () => {
    const anon = await world.anonymous();
    for (const q of ["-".repeat(40), "!".repeat(60), "(((a|b)&!c", "a -".repeat(60), "word ".repeat(40)]) {
      const res = await anon.listings.explore({ q: q.slice(0, 200), districtId: "all" });
      expect(Array.isArray(res.items)).toBe(true);
    }
    expect(searchText("-".repeat(40))).toBeNull();
  });

  it("tampered cursors are ignored (the first page), never a database error", async () => {
    const anon = await world.anonymous();
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const uuid = "00000000-0000-0000-0000-000000000000";
    for (const cursor of [
      b64({ s: "newest", k: ["not a date", uuid] }),
      b64({ s: "price", k: ["99999999999999999999", uuid] }),
      b64({ s: "rating", k: ["1e999999", "1", uuid] }),
      "!!!",
    ]) {
      for (const sort of ["newest", "price", "rating", "relevance"] as const) {
        await anon.listings.explore({ sort, cursor, districtId: "all" });
      }
    }
    const admin = await world.as(world.demo.ADMIN);
    await admin.people.list({ limit: 5, cursor: Buffer.from(`+275760-09-13T00:00:00.000Z|${uuid}`).toString("base64url") });
    await admin.invites.list({ limit: 5, cursor: Buffer.from(`2026-01-01T00:00:00.000Z|not-a-uuid`).toString("base64url") });
  });

  it("a version beyond a 32-bit column is refused by the schema", async () => {
    await expectError(
      (await world.as(world.demo.MODERATOR)).moderation.decide({
        itemId: "00000000-0000-0000-0000-000000000000",
        version: 2 ** 31,
        decision: "APPROVE",
        reason: "fine",
      }),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
  });
});

describe("sessions", () => {
  it("sign-out ends the session on the server: the same token (claims) is refused afterwards", async () => {
    const person = await world.addUser({ role: "TRAVELER", district: NAXOS });
    const sessionId = await openSession(world.db, { userId: person.id, ip: "127.0.0.1", userAgent: "vitest" });
    const claims = { userId: person.id, sessionVersion: person.sessionVersion, sessionId };
    const caller = async () =>
      createCaller(
        await createContextInner({
          db: world.db,
          session: claims,
          request: { ip: "127.0.0.1", userAgent: "vitest", requestId: randomUUID() },
        }),
      );
    expect((await (await caller()).auth.me()).id).toBe(person.id);
    await (await caller()).account.signOut();
    await expectError((await caller()).auth.me(), "UNAUTHORIZED", "SESSION_REVOKED");
    expect((await auditRows(world.db, { action: "SIGNED_OUT", targetId: sessionId })).length).toBe(1);
  });

  it("a production start refuses a secret written in the source, and one left unset", async () => {
    const run = (env: Record<string, string>) =>
      spawnSync("npx", ["tsx", "-e", "import('./server/env.ts').then(() => console.log('STARTED'))"], {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: "production", NEXT_PHASE: "", TESSERA_DEMO: "", ...env },
        encoding: "utf8",
      });
    const good = {
      AUTH_SECRET: "x".repeat(40),
      NID_HMAC_KEY: "y".repeat(40),
      ALIAS_HMAC_KEY: "z".repeat(40),
      CREDENTIAL_SIGNING_KEYS: JSON.stringify({ keys: [await generateSigningJwk("prod-test")] }),
      AUDIT_SIGNING_KEYS: JSON.stringify({ keys: [await generateSigningJwk("prod-audit")] }),
      SMTP_URL: "smtp://127.0.0.1:2525",
    };
    expect(run(good).stdout).toContain("STARTED");
    const noMail = run({ ...good, SMTP_URL: "" });
    expect(noMail.stdout).not.toContain("STARTED");
    expect(noMail.stderr).toMatch(/cannot start in production without these settings: SMTP_URL/);
    const leaked = run({ ...good, AUTH_SECRET: "dev-only-auth-secret-change-me-0123456789abcdef" });
    expect(leaked.stdout).not.toContain("STARTED");
    expect(leaked.stderr).toMatch(/refuses to start in production with a secret that is written in its source code: AUTH_SECRET/);
    const unset = run({ ...good, AUTH_SECRET: "" });
    expect(unset.stderr).toMatch(/cannot start in production without these settings: AUTH_SECRET/);
  });
});

describe("client address (TRUST_PROXY) and database failures", () => {
  it("TRUST_PROXY=0: the socket address, whatever X-Forwarded-For says; n: n hops back", () => {
    expect(clientAddress("10.0.0.5", "6.6.6.6", 0)).toBe("10.0.0.5");
    expect(clientAddress("10.0.0.5", "6.6.6.6, 203.0.113.9", 1)).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.5", "6.6.6.6, 203.0.113.9, 10.0.0.4", 2)).toBe("203.0.113.9");
    expect(clientAddress("::ffff:127.0.0.1", undefined, 0)).toBe("127.0.0.1");
    expect(clientAddress("10.0.0.5", "not an address", 1)).toBeNull();
    const headers: Record<string, string | undefined> = {
      "x-forwarded-for": "6.6.6.6",
      "x-forwarded-host": "evil.example",
      "x-forwarded-proto": "gopher://",
      "x-real-ip": "7.7.7.7",
    };
    rewriteForwarded(headers, "127.0.0.1", 0);
    expect(headers["x-forwarded-for"]).toBe("127.0.0.1");
    expect(headers["x-forwarded-host"]).toBeUndefined();
    expect(headers["x-forwarded-proto"]).toBeUndefined();
    expect(headers["x-real-ip"]).toBeUndefined();
  });

  it("database errors: unreachable → unavailable (503), values refused → bad-input (400), others stay faults", () => {
    expect(classifyDbError(Object.assign(new Error("connect"), { code: "ECONNREFUSED" }))).toBe("unavailable");
    expect(classifyDbError({ message: "Failed query", cause: { code: "57P01" } })).toBe("unavailable");
    expect(classifyDbError({ cause: { code: "CONNECTION_CLOSED" } })).toBe("unavailable");
    expect(classifyDbError({ cause: { code: "22021" } })).toBe("bad-input");
    expect(classifyDbError({ cause: { code: "22003" } })).toBe("bad-input");
    expect(classifyDbError({ cause: { code: "54001" } })).toBe("bad-input");
    expect(classifyDbError({ cause: { code: "23505" } })).toBeNull();
    expect(classifyDbError(new Error("plain"))).toBeNull();
  });
});
