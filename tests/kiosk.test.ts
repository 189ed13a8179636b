// Kiosks: keys (random, prefixed, hashed, compared in constant time), admins registering, rotating
// and revoking within their region (admin.scope) with audit events, the heartbeat, the demo kiosk.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { kioskDevices } from "@/db/schema";
import { DEMO_KIOSK } from "@/db/seed-kiosk";
import { createCaller } from "@/server/root";
import { createContextInner } from "@/server/context";
import { kioskCredentialsFrom, type KioskCredentials } from "@/server/kiosk/identity";
import { base32, generateKioskKey, hashKioskKey, kioskKeyMatches, kioskKeyPrefix, looksLikeKioskKey } from "@/server/kiosk/keys";
import {
  METSOVO,
  NAXOS,
  PAROS,
  ZAGORI,
  auditRows,
  deepStrings,
  expectError,
  seededWorld,
  withAudit,
  type DemoUser,
  type TestWorld,
} from "./helpers";

describe("kiosk keys", () => {
  it("are 256 random bits in RFC 4648 base32 behind a recognisable prefix, never the same twice", () => {
    expect(base32(Buffer.from("foobar"))).toBe("MZXW6YTBOI"); // RFC 4648 test vector
    const keys = new Set(Array.from({ length: 200 }, generateKioskKey));
    expect(keys.size).toBe(200);
    for (const key of keys) {
      expect(key).toMatch(/^tsk_live_[A-Z2-7]{52}$/);
      expect(looksLikeKioskKey(key)).toBe(true);
    }
    expect(looksLikeKioskKey(DEMO_KIOSK.key)).toBe(true);
    expect(looksLikeKioskKey("tsk_live_short")).toBe(false);
    expect(looksLikeKioskKey("sk_live_" + "A".repeat(52))).toBe(false);
  });

  it("are stored as SHA-256 and compared against it; the prefix shows only the first characters", () => {
    const key = generateKioskKey();
    expect(hashKioskKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(kioskKeyMatches(key, hashKioskKey(key))).toBe(true);
    expect(kioskKeyMatches(generateKioskKey(), hashKioskKey(key))).toBe(false);
    expect(kioskKeyMatches(key, "not-a-hash")).toBe(false);
    expect(kioskKeyPrefix(key)).toBe(key.slice(0, 13));
    expect(kioskKeyPrefix(DEMO_KIOSK.key)).toBe("tsk_demo_4EBV");
  });
});

describe("kiosk headers", () => {
  it("either header makes a kiosk request (refused everywhere but kiosk procedures), even empty; none makes an ordinary one", () => {
    expect(kioskCredentialsFrom(new Headers())).toBeNull();
    expect(kioskCredentialsFrom(new Headers({ cookie: "authjs.session-token=x" }))).toBeNull();
    expect(kioskCredentialsFrom(new Headers({ "X-Kiosk-Key": "" }))).toEqual({ id: null, key: null });
    expect(kioskCredentialsFrom(new Headers({ "x-kiosk-id": " abc ", "X-KIOSK-KEY": "tsk_live_x" }))).toEqual({
      id: "abc",
      key: "tsk_live_x",
    });
  });
});

describe("kiosk devices: admins of the district's region", () => {
  let world: TestWorld;
  let highlandsAdmin: DemoUser;

  const kioskCaller = async (credentials: KioskCredentials) =>
    createCaller(
      await createContextInner({
        db: world.db,
        session: null,
        request: { ip: "127.0.0.1", userAgent: "vitest-kiosk", requestId: randomUUID() },
        kiosk: credentials,
      }),
    );

  beforeAll(async () => {
    world = await seededWorld();
    highlandsAdmin = await world.addUser({ role: "ADMIN", district: ZAGORI });
  });
  afterAll(async () => {
    await world?.close();
  });

  it("an admin registers a kiosk in their region: the key is shown once, only its hash is stored, the audit names no key", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const { result, events } = await withAudit(world, () =>
      admin.kiosk.register({ districtId: world.district(PAROS), name: "Ferry quay" }),
    );
    expect(result.key).toMatch(/^tsk_live_[A-Z2-7]{52}$/);
    expect(result.device).toMatchObject({
      name: "Ferry quay",
      districtName: PAROS,
      regionName: "Aegean Islands",
      active: true,
      online: false,
      lastSeenAt: null,
      keyPrefix: result.key.slice(0, 13),
    });
    const [row] = await world.db.select().from(kioskDevices).where(eq(kioskDevices.id, result.device.id));
    expect(row!.keyHash).toBe(hashKioskKey(result.key));
    expect(deepStrings(row)).not.toContain(result.key.slice(9)); // no part of the key's body beyond its prefix
    expect(events.map((e) => [e.action, e.actorId, e.targetId])).toEqual([
      ["KIOSK_REGISTERED", world.demo.ADMIN.id, result.device.id],
    ]);
    expect(events[0]!.changes).toEqual({
      name: "Ferry quay",
      districtId: world.district(PAROS),
      keyPrefix: result.key.slice(0, 13),
    });
    // The listing shows it; nothing can read the key again.
    const listed = (await admin.kiosk.devices()).find((d) => d.id === result.device.id)!;
    expect(deepStrings(listed)).not.toContain(result.key);
    // It works at once.
    const home = await (await kioskCaller({ id: result.device.id, key: result.key })).kiosk.home();
    expect(home.district.name).toBe(PAROS);
  });

  it("an admin cannot register a kiosk in another region's district (admin.scope), and the denial is recorded", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const before = (await world.db.select().from(kioskDevices)).length;
    const out = await expectError(
      admin.kiosk.register({ districtId: world.district(ZAGORI), name: "Not mine" }),
      "FORBIDDEN",
      "RULE_DENIED",
      "OUT_OF_REGION",
    );
    expect(out.message).toBe("That district is outside your region.");
    expect((await world.db.select().from(kioskDevices)).length).toBe(before);
    const denial = (await auditRows(world.db, { action: "ACCESS_DENIED" })).at(-1)!;
    expect(denial).toMatchObject({
      actorId: world.demo.ADMIN.id,
      targetType: "rule",
      targetId: "admin.scope",
      changes: { reason: "OUT_OF_REGION" },
    });
    await expectError(admin.kiosk.register({ districtId: randomUUID(), name: "Nowhere" }), "NOT_FOUND", "NOT_FOUND");
    await expectError(admin.kiosk.register({ districtId: world.district(NAXOS), name: "x" }), "BAD_REQUEST", "INVALID_INPUT");
  });

  it("an admin of another region neither sees nor touches the kiosk; a super admin does", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const { device, key } = await admin.kiosk.register({ districtId: world.district(NAXOS), name: "Castle gate" });
    const other = await world.as(highlandsAdmin);
    expect((await other.kiosk.devices()).map((d) => d.id)).not.toContain(device.id);
    await expectError(other.kiosk.rotateKey({ kioskId: device.id }), "FORBIDDEN", "RULE_DENIED", "OUT_OF_REGION");
    await expectError(other.kiosk.revoke({ kioskId: device.id }), "FORBIDDEN", "RULE_DENIED", "OUT_OF_REGION");
    // Untouched: the key still works and the device is active.
    expect((await (await kioskCaller({ id: device.id, key })).kiosk.home()).district.name).toBe(NAXOS);
    // The Highlands admin registers in their own region and sees only that.
    const own = await other.kiosk.register({ districtId: world.district(METSOVO), name: "Metsovo square" });
    expect((await other.kiosk.devices()).map((d) => d.districtName)).toEqual(["Metsovo"]);
    expect((await admin.kiosk.devices()).map((d) => d.id)).not.toContain(own.device.id);
    // A super admin sees both and may act on both.
    const all = (await (await world.as(world.demo.SUPER_ADMIN)).kiosk.devices()).map((d) => d.id);
    expect(all).toEqual(expect.arrayContaining([device.id, own.device.id, DEMO_KIOSK.id]));
  });

  it("rotating a key stops the old one at once and audits the change of prefix", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const { device, key: oldKey } = await admin.kiosk.register({ districtId: world.district(NAXOS), name: "Market hall" });
    const { result, events } = await withAudit(world, () => admin.kiosk.rotateKey({ kioskId: device.id }));
    expect(result.key).not.toBe(oldKey);
    expect(result.device.rotatedAt).toBeInstanceOf(Date);
    expect(events.map((e) => e.action)).toEqual(["KIOSK_KEY_ROTATED"]);
    expect(events[0]!.changes).toEqual({ keyPrefix: { before: oldKey.slice(0, 13), after: result.key.slice(0, 13) } });
    expect(deepStrings(events)).not.toContain(result.key);
    const out = await expectError(
      (await kioskCaller({ id: device.id, key: oldKey })).kiosk.home(),
      "UNAUTHORIZED",
      "KIOSK_UNAUTHENTICATED",
    );
    expect(out.message).toBe("This kiosk needs to be set up again.");
    expect((await (await kioskCaller({ id: device.id, key: result.key })).kiosk.home()).district.name).toBe(NAXOS);
    await expectError(admin.kiosk.rotateKey({ kioskId: randomUUID() }), "NOT_FOUND", "NOT_FOUND");
  });

  it("revoking stops the kiosk; a revoked kiosk cannot be revoked again or given a new key", async () => {
    const superAdmin = await world.as(world.demo.SUPER_ADMIN);
    const { device, key } = await superAdmin.kiosk.register({ districtId: world.district(ZAGORI), name: "Trailhead" });
    const { result, events } = await withAudit(world, () => superAdmin.kiosk.revoke({ kioskId: device.id }));
    expect(result).toMatchObject({ active: false, online: false });
    expect(events.map((e) => [e.action, e.changes])).toEqual([["KIOSK_REVOKED", { active: { before: true, after: false } }]]);
    await expectError((await kioskCaller({ id: device.id, key })).kiosk.home(), "UNAUTHORIZED", "KIOSK_UNAUTHENTICATED");
    await expectError((await kioskCaller({ id: device.id, key })).kiosk.heartbeat(), "UNAUTHORIZED", "KIOSK_UNAUTHENTICATED");
    await expectError(superAdmin.kiosk.revoke({ kioskId: device.id }), "BAD_REQUEST", "INVALID_STATE");
    await expectError(superAdmin.kiosk.rotateKey({ kioskId: device.id }), "BAD_REQUEST", "INVALID_STATE");
  });

  it("the heartbeat updates last seen and nothing else (no audit event); admins see online and offline", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const { device, key } = await admin.kiosk.register({ districtId: world.district(NAXOS), name: "Bus stop" });
    const device$ = await kioskCaller({ id: device.id, key });
    const { result, events } = await withAudit(world, () => device$.kiosk.heartbeat());
    expect(result.ok).toBe(true);
    expect(events).toEqual([]);
    let listed = (await admin.kiosk.devices()).find((d) => d.id === device.id)!;
    expect(listed.online).toBe(true);
    expect(listed.lastSeenAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    await world.db
      .update(kioskDevices)
      .set({ lastSeenAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(kioskDevices.id, device.id));
    listed = (await admin.kiosk.devices()).find((d) => d.id === device.id)!;
    expect(listed.online).toBe(false);
  });

  it("a kiosk's request is never a person's: a session riding along is ignored, and people cannot call kiosk procedures", async () => {
    const sa = world.demo.SUPER_ADMIN;
    const both = createCaller(
      await createContextInner({
        db: world.db,
        session: { userId: sa.id, sessionVersion: sa.sessionVersion },
        request: { ip: "127.0.0.1", userAgent: "vitest", requestId: randomUUID() },
        kiosk: { id: DEMO_KIOSK.id, key: "tsk_live_wrong" },
      }),
    );
    await expectError(both.auth.me(), "FORBIDDEN", "KIOSK_REFUSED");
    await expectError(both.kiosk.devices(), "FORBIDDEN", "KIOSK_REFUSED");
    await expectError(both.kiosk.home(), "UNAUTHORIZED", "KIOSK_UNAUTHENTICATED");
    const out = await expectError((await world.as(sa)).kiosk.home(), "UNAUTHORIZED", "KIOSK_UNAUTHENTICATED");
    expect(out.message).toBe("This is for registered kiosks only.");
  });

  it("the demo kiosk (seeded in Naxos Old Town with its printed key) works", async () => {
    const home = await (await kioskCaller({ id: DEMO_KIOSK.id, key: DEMO_KIOSK.key })).kiosk.home();
    expect(home.district).toEqual({ name: NAXOS, regionName: "Aegean Islands" });
    expect(home.emergency).toBe(false);
  });
});
