// Kiosk isolation: EVERY procedure of appRouter, walked with kiosk credentials of every kind (valid,
// revoked, rotated-out key, another district's kiosk, another kiosk's key, wrong key, missing key,
// missing id, and a valid kiosk whose request also carries an admin's session). Only procedures
// of the `kiosk` policy kind answer, only for a valid kiosk, and only with public fields of that
// kiosk's own district (parsed here with strict schemas written independently of the server's).
// The walk reads each procedure's declared policy, so it stays right as procedures are added.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { and, desc, eq, gt, ne } from "drizzle-orm";
import { auditEvents, kioskDevices, listingMedia, listings, uploadAssets } from "@/db/schema";
import { appRouter, createCaller } from "@/server/root";
import { createContextInner } from "@/server/context";
import type { KioskCredentials } from "@/server/kiosk/identity";
import { generateKioskKey } from "@/server/kiosk/keys";
import type { Meta } from "@/server/trpc";
import {
  NAXOS,
  ZAGORI,
  approvedListing,
  deepStrings,
  listingIn,
  outcome,
  seededWorld,
  setFlag,
  type Caller,
  type SessionLike,
  type TestWorld,
} from "./helpers";

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string; meta?: Meta } }>;
const ALL_PATHS = Object.keys(procedures).sort();
const KIOSK_PATHS = ALL_PATHS.filter((p) => procedures[p]!._def.meta?.policy?.kind === "kiosk");

// What a kiosk may be told, written here and not imported: a field the server adds to its views
// without this file agreeing fails the walk.
const publicListing = z.strictObject({
  id: z.string().uuid(),
  kind: z.enum(["HOTSPOT", "SERVICE"]),
  title: z.string(),
  category: z.string(),
  description: z.string(),
  coverUrl: z.string().nullable(),
  priceMinor: z.number().int().nullable(),
  currency: z.string().nullable(),
  pageUrl: z.string().url(),
});
const PUBLIC_OUTPUTS: Record<string, z.ZodType> = {
  "kiosk.home": z.strictObject({
    district: z.strictObject({ name: z.string(), regionName: z.string() }),
    emergency: z.boolean(),
    listings: z.array(publicListing),
    generatedAt: z.string(),
  }),
  "kiosk.heartbeat": z.strictObject({ ok: z.literal(true), serverTime: z.string() }),
};

function callPath(caller: Caller, path: string, input: unknown): Promise<unknown> {
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  return (fn as (i: unknown) => Promise<unknown>)(input);
}

interface Scenario {
  name: string;
  credentials: () => KioskCredentials;
  /** Which district's data a valid kiosk must see; null: the kiosk must be refused everywhere. */
  district: string | null;
  /** Also present a signed-in admin's session on the same request. */
  session?: () => SessionLike;
}

describe("kiosk isolation: every procedure × every kind of kiosk credential", () => {
  let world: TestWorld;
  const kiosks: Record<string, { id: string; key: string }> = {};
  let oldKey = "";
  const expectedIds: Record<string, string[]> = {};
  const secrets: string[] = [];
  let seqBefore = 0;

  beforeAll(async () => {
    world = await seededWorld();
    const admin = await world.as(world.demo.ADMIN);
    const superAdmin = await world.as(world.demo.SUPER_ADMIN);

    // Listings: approved ones in Naxos (one with a cover photo) and Zagori; others that must never show.
    const zagoriHost = await world.addUser({
      role: "HOST",
      district: ZAGORI,
      kycStatus: "VERIFIED",
      displayName: "Zoe of Zagori Hikes",
    });
    const naxosA = await approvedListing(world, world.demo.HOST, { kind: "HOTSPOT", title: "Naxos castle walls" });
    const naxosB = await approvedListing(world, world.demo.HOST, { title: "Naxos kitchen class" });
    const zagori = await approvedListing(world, zagoriHost, { title: "Vikos gorge hike" });
    await listingIn(world, world.demo.HOST, "PENDING_REVIEW", { title: "Naxos pending boat trip" });
    await listingIn(world, world.demo.HOST, "DRAFT", { title: "Naxos draft cooking" });
    await listingIn(world, world.demo.HOST, "REJECTED", { title: "Naxos rejected tour" });
    const [asset] = await world.db
      .insert(uploadAssets)
      .values({
        ownerId: world.demo.HOST.id,
        provider: "LOCAL",
        publicId: `kiosk-test-${randomUUID()}`,
        url: "/api/uploads/cover-test",
        format: "png",
        bytes: 100,
        width: 400,
        height: 300,
        purpose: "LISTING_MEDIA",
      })
      .returning();
    await world.db.insert(listingMedia).values({ listingId: naxosA, assetId: asset!.id, position: 0 });
    await world.db.update(listings).set({ coverAssetId: asset!.id }).where(eq(listings.id, naxosA));
    expectedIds[NAXOS] = [naxosA, naxosB].sort();
    expectedIds[ZAGORI] = [zagori].sort();
    for (const row of await world.db.select().from(listings)) {
      if (row.contact) secrets.push(row.contact);
      if (row.meetingPoint) secrets.push(row.meetingPoint);
    }
    secrets.push(world.demo.HOST.email, "Helena's Naxos Walks", zagoriHost.email, "Zoe of Zagori Hikes");

    const register = async (caller: Caller, district: string, name: string) => {
      const { device, key } = await caller.kiosk.register({ districtId: world.district(district), name });
      return { id: device.id, key };
    };
    kiosks.naxos = await register(admin, NAXOS, "Harbour square");
    kiosks.zagori = await register(superAdmin, ZAGORI, "Village square");
    kiosks.revoked = await register(admin, NAXOS, "Old ferry office");
    await admin.kiosk.revoke({ kioskId: kiosks.revoked.id });
    const rotated = await register(admin, NAXOS, "Castle gate");
    oldKey = rotated.key;
    const { key: newKey } = await admin.kiosk.rotateKey({ kioskId: rotated.id });
    kiosks.rotated = { id: rotated.id, key: newKey };
    secrets.push(...Object.values(kiosks).map((k) => k.key), oldKey);

    // Emergency mode on in Naxos only: the Naxos kiosk must say so, the Zagori one must not.
    await setFlag(world, "EMERGENCY_MODE", { districtIds: [world.district(NAXOS)] });

    const [last] = await world.db.select({ seq: auditEvents.seq }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
    seqBefore = last?.seq ?? 0;
  });
  afterAll(async () => {
    await world?.close();
  });

  const scenarios: Scenario[] = [
    { name: "valid kiosk (Naxos Old Town)", credentials: () => kiosks.naxos!, district: NAXOS },
    { name: "valid kiosk of another district (Zagori)", credentials: () => kiosks.zagori!, district: ZAGORI },
    { name: "kiosk with its rotated (current) key", credentials: () => kiosks.rotated!, district: NAXOS },
    { name: "revoked kiosk with its key", credentials: () => kiosks.revoked!, district: null },
    { name: "rotated-out key", credentials: () => ({ id: kiosks.rotated!.id, key: oldKey }), district: null },
    { name: "another kiosk's key", credentials: () => ({ id: kiosks.naxos!.id, key: kiosks.zagori!.key }), district: null },
    { name: "wrong key", credentials: () => ({ id: kiosks.naxos!.id, key: generateKioskKey() }), district: null },
    { name: "missing key", credentials: () => ({ id: kiosks.naxos!.id, key: null }), district: null },
    { name: "missing id", credentials: () => ({ id: null, key: kiosks.naxos!.key }), district: null },
    { name: "unknown device id", credentials: () => ({ id: randomUUID(), key: kiosks.naxos!.key }), district: null },
    { name: "malformed device id", credentials: () => ({ id: "1 OR 1=1", key: kiosks.naxos!.key }), district: null },
    {
      name: "valid kiosk that also carries a super admin's session",
      credentials: () => kiosks.naxos!,
      district: NAXOS,
      session: () => world.demo.SUPER_ADMIN,
    },
  ];

  it("walks something: the router has many procedures, and exactly the two kiosk ones are of the kiosk kind", () => {
    expect(ALL_PATHS.length).toBeGreaterThanOrEqual(50);
    expect(KIOSK_PATHS).toEqual(["kiosk.heartbeat", "kiosk.home"]);
    expect(Object.keys(PUBLIC_OUTPUTS).sort()).toEqual(KIOSK_PATHS);
  });

  it.each(scenarios.map((s) => [s.name, s] as const))("%s", async (_name, scenario) => {
    const problems: string[] = [];
    for (const path of ALL_PATHS) {
      const session = scenario.session?.();
      const caller = createCaller(
        await createContextInner({
          db: world.db,
          session: session ? { userId: session.id, sessionVersion: session.sessionVersion } : null,
          request: { ip: "127.0.0.1", userAgent: "vitest-kiosk", requestId: randomUUID() },
          kiosk: scenario.credentials(),
        }),
      );
      const out = await outcome(callPath(caller, path, undefined));
      const isKioskPath = KIOSK_PATHS.includes(path);
      if (isKioskPath && scenario.district) {
        if (!out.ok) {
          problems.push(`${path}: valid kiosk refused (${out.code}/${out.appCode})`);
          continue;
        }
        const parsed = PUBLIC_OUTPUTS[path]!.safeParse(out.data);
        if (!parsed.success) problems.push(`${path}: output is not the public shape: ${parsed.error.message}`);
        const text = deepStrings(out.data);
        for (const secret of secrets)
          if (text.includes(secret)) problems.push(`${path}: output contains ${JSON.stringify(secret)}`);
        if (path === "kiosk.home") {
          const home = out.data as {
            district: { name: string };
            emergency: boolean;
            listings: { id: string; coverUrl: string | null }[];
          };
          if (home.district.name !== scenario.district)
            problems.push(`kiosk.home: district ${home.district.name}, expected ${scenario.district}`);
          const ids = home.listings.map((l) => l.id).sort();
          if (JSON.stringify(ids) !== JSON.stringify(expectedIds[scenario.district])) {
            problems.push(`kiosk.home: listings ${ids.join(",")} are not exactly the approved listings of ${scenario.district}`);
          }
          if (home.emergency !== (scenario.district === NAXOS))
            problems.push(`kiosk.home: emergency ${home.emergency} in ${scenario.district}`);
        }
      } else if (out.ok) {
        problems.push(`${path}: answered a kiosk request (${scenario.name}): ${deepStrings(out.data).slice(0, 120)}`);
      } else {
        const want = isKioskPath ? "UNAUTHORIZED/KIOSK_UNAUTHENTICATED" : "FORBIDDEN/KIOSK_REFUSED";
        if (`${out.code}/${out.appCode}` !== want)
          problems.push(`${path}: refused with ${out.code}/${out.appCode}, expected ${want}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("the walk changed nothing but lastSeenAt of valid kiosks, and recorded each refusal as a security event", async () => {
    const fresh = await world.db.select().from(auditEvents).where(gt(auditEvents.seq, seqBefore));
    expect(fresh.filter((e) => e.action !== "ACCESS_DENIED").map((e) => e.action)).toEqual([]);
    const refusals = fresh.filter((e) => (e.changes as { code?: string } | null)?.code === "KIOSK_REFUSED");
    // Every non-kiosk procedure, once per scenario.
    expect(refusals.length).toBe((ALL_PATHS.length - KIOSK_PATHS.length) * scenarios.length);
    // A valid kiosk is named as the actor of its refusals; a failed one is not (it proved nothing).
    const byValid = fresh.filter((e) => e.actorType === "KIOSK");
    expect(new Set(byValid.map((e) => e.actorId))).toEqual(new Set([kiosks.naxos!.id, kiosks.zagori!.id, kiosks.rotated!.id]));
    expect(fresh.filter((e) => e.actorType === "USER")).toEqual([]);
    const reasons = (id: string) =>
      new Set(
        fresh
          .filter((e) => e.targetId === "kiosk.home" && (e.changes as { claimedKioskId?: string }).claimedKioskId === id)
          .map((e) => (e.changes as { reason?: string }).reason),
      );
    expect(reasons(kiosks.naxos!.id)).toEqual(new Set(["WRONG_KEY", "MISSING_KEY"]));
    expect(reasons(kiosks.revoked!.id)).toEqual(new Set(["REVOKED"]));
    expect(reasons(kiosks.rotated!.id)).toEqual(new Set(["WRONG_KEY"]));
    // No key ever reaches the audit log.
    const logged = deepStrings(fresh);
    for (const k of [...Object.values(kiosks).map((x) => x.key), oldKey]) expect(logged).not.toContain(k);
    // Nor whatever a caller put in the device id header, unless it is an id.
    expect(logged).not.toContain("1 OR 1=1");

    const devices = await world.db.select().from(kioskDevices).where(ne(kioskDevices.id, "5e7a4b10-0000-4000-8000-00000000a001"));
    const seen = Object.fromEntries(devices.map((d) => [d.id, d.lastSeenAt !== null]));
    expect(seen).toEqual({
      [kiosks.naxos!.id]: true,
      [kiosks.zagori!.id]: true,
      [kiosks.rotated!.id]: true,
      [kiosks.revoked!.id]: false,
    });
    const [revoked] = await world.db
      .select()
      .from(kioskDevices)
      .where(and(eq(kioskDevices.id, kiosks.revoked!.id), eq(kioskDevices.active, false)));
    expect(revoked).toBeDefined();
  });
});
