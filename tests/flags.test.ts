// Feature flags: Unleash's flexible rollout bit for bit, monotone rollout, no database on import,
// evaluation (global, districts, rollout), and who may change what (each change audited).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { eq } from "drizzle-orm";
import { featureFlagDistricts, featureFlags } from "@/db/schema";
import { inRollout, isFlagOn, loadFlagSnapshot, murmur3_32, rolloutBucket, type FlagState } from "@/server/flags";
import { authedProcedure, createCallerFactory, router } from "@/server/trpc";
import { createContextInner, flagOn } from "@/server/context";
import { auditRows, expectError, METSOVO, NAXOS, PAROS, SYROS, seededWorld, ZAGORI, type TestWorld } from "./helpers";

const REPO = path.resolve(__dirname, "..");
const VECTORS_PATH = path.resolve(__dirname, "fixtures/unleash-flexible-rollout.json");

// ---------------------------------------------------------------- Unleash's flexibleRollout, on rolloutBucket

interface UnleashContext {
  userId?: string;
  sessionId?: string;
  properties?: Record<string, string>;
  [key: string]: unknown;
}
interface Strategy {
  name: string;
  parameters: { rollout?: string; stickiness?: string; groupId?: string };
  constraints?: unknown[];
}
interface Feature {
  name: string;
  enabled: boolean;
  strategies: Strategy[];
}
interface Vectors {
  state: { features: Feature[] };
  tests: { description: string; context: UnleashContext; toggleName: string; expectedResult: boolean }[];
}

/** Unleash's random stickiness: a number 1–10001 as a string (unleash-client-node). */
const randomStickiness = () => String(Math.round(Math.random() * 10_000) + 1);

/**
 * unleash-client-node's FlexibleRolloutStrategy.isEnabled: stickiness "default" is the userId, else
 * the sessionId, else random; "userId"/"sessionId"/"random" use just that; any other name reads the
 * context field or property. No value → off. groupId defaults to the toggle's name.
 */
function flexibleRollout(featureName: string, parameters: Strategy["parameters"], context: UnleashContext): boolean {
  const groupId = parameters.groupId || featureName;
  const percentage = Number(parameters.rollout ?? 0);
  const stickiness = parameters.stickiness || "default";
  let value: string | undefined;
  switch (stickiness) {
    case "default":
      value = context.userId || context.sessionId || randomStickiness();
      break;
    case "random":
      value = randomStickiness();
      break;
    case "userId":
      value = context.userId;
      break;
    case "sessionId":
      value = context.sessionId;
      break;
    default: {
      const field = context[stickiness] ?? context.properties?.[stickiness];
      value = field === undefined || field === null ? undefined : String(field);
    }
  }
  if (!value) return false;
  return percentage > 0 && rolloutBucket(groupId, value) <= percentage;
}

function isEnabled(feature: Feature | undefined, context: UnleashContext): boolean {
  if (!feature || !feature.enabled) return false;
  return feature.strategies.some((s) => {
    if (s.name !== "flexibleRollout") throw new Error(`unexpected strategy ${s.name}`);
    if ((s.constraints ?? []).length) throw new Error("constraints are not part of these vectors");
    return flexibleRollout(feature.name, s.parameters, context);
  });
}

describe("Unleash flexible rollout vectors", () => {
  const vectors = JSON.parse(fs.readFileSync(VECTORS_PATH, "utf8")) as Vectors;

  it("the vector file is there and not empty", () => {
    expect(vectors.tests.length).toBeGreaterThanOrEqual(10);
  });

  it.each(vectors.tests.map((t) => [t.description, t] as const))("%s", (_d, t) => {
    const feature = vectors.state.features.find((f) => f.name === t.toggleName);
    expect(feature, `toggle ${t.toggleName} in the vector state`).toBeDefined();
    // Random stickiness makes some vectors probabilistic in principle; run them repeatedly.
    for (let i = 0; i < 25; i++) expect(isEnabled(feature, t.context)).toBe(t.expectedResult);
  });

  it("the bucket itself matches known values (Feature.flexibleRollout.10 / 174 and 499)", () => {
    // The vectors imply bucket(…, "174") ≤ 10 < bucket(…, "499"); pin the exact values too.
    expect(rolloutBucket("Feature.flexibleRollout.10", "174")).toBeLessThanOrEqual(10);
    expect(rolloutBucket("Feature.flexibleRollout.10", "499")).toBeGreaterThan(10);
    expect(rolloutBucket("Feature.flexibleRollout.10", "174")).toBe(10);
  });
});

describe("murmur3_32 and the bucket", () => {
  it("matches MurmurHash3 x86_32 reference values", () => {
    expect(murmur3_32("", 0)).toBe(0);
    expect(murmur3_32("", 1)).toBe(0x514e28b7);
    expect(murmur3_32("hello", 0)).toBe(0x248bfa47);
    expect(murmur3_32("abc", 0)).toBe(0xb3dd93fa);
    expect(murmur3_32("aaaa", 0x9747b28c)).toBe(0x5a97808a);
    expect(murmur3_32("Hello, world!", 0x9747b28c)).toBe(0x24884cba);
    expect(murmur3_32("The quick brown fox jumps over the lazy dog", 0)).toBe(0x2e4ff723);
  });

  it("is $groupId:$stickiness hashed with seed 0, mod 100, plus 1 — always 1..100", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (groupId, id) => {
        const b = rolloutBucket(groupId, id);
        expect(b).toBe((murmur3_32(`${groupId}:${id}`, 0) % 100) + 1);
        expect(Number.isInteger(b) && b >= 1 && b <= 100).toBe(true);
      }),
    );
  });

  it("spreads users roughly evenly (a 30% rollout reaches about 30% of 5000 users)", () => {
    let inside = 0;
    for (let i = 0; i < 5000; i++) if (inRollout("PROMOTIONS_ENABLED", `user-${i}`, 30)) inside++;
    expect(inside / 5000).toBeGreaterThan(0.27);
    expect(inside / 5000).toBeLessThan(0.33);
  });
});

describe("raising the percentage never turns a flag off", () => {
  it("for the bucket rule (any group, any user, any p ≤ q)", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (key, user, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          if (inRollout(key, user, lo)) expect(inRollout(key, user, hi)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("for isFlagOn with any district targeting", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("PILOT_ACTIVE", "PROMOTIONS_ENABLED", "MESSAGING_ENABLED"),
        fc.uuid(),
        fc.boolean(),
        fc.option(fc.uuid(), { nil: null }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (key, userId, global, district, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const ids = new Set(district ? [district] : []);
          const flag = (pct: number): FlagState => ({ key, isGlobalEnabled: global, rolloutPercentage: pct, districtIds: ids });
          if (isFlagOn(flag(lo), userId, district)) expect(isFlagOn(flag(hi), userId, district)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("importing server/flags/evaluate.ts opens no database connection", () => {
  it("in a fresh process with a database listening, nothing connects and no PGlite folder appears", () => {
    const pgliteDir = path.join(os.tmpdir(), `tessera-flags-${randomUUID()}`, "pglite");
    const script = path.join(os.tmpdir(), `tessera-flags-import-${randomUUID()}.mts`);
    fs.writeFileSync(
      script,
      `
import net from "node:net";
import fs from "node:fs";
let connections = 0;
const server = net.createServer((s) => { connections++; s.destroy(); });
await new Promise((r) => server.listen(0, "127.0.0.1", r));
process.env.DATABASE_URL = "postgres://nobody@127.0.0.1:" + server.address().port + "/nothing";
let outgoing = 0;
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) { outgoing++; return connect.apply(this, args); };
const started = Date.now();
const flags = await import(${JSON.stringify(path.join(REPO, "server/flags/evaluate.ts"))});
const bucket = flags.rolloutBucket("Feature.flexibleRollout.10", "174");
const on = flags.isFlagOn({ key: "X", isGlobalEnabled: true, rolloutPercentage: 100, districtIds: new Set() }, "u", null);
await new Promise((r) => setTimeout(r, 300));
server.close();
console.log(JSON.stringify({ bucket, on, connections, outgoing, importMs: Date.now() - started,
  pgliteDir: fs.existsSync(process.env.PGLITE_DIR), cached: "__tesseraDb" in globalThis }));
`,
    );
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DIR: pgliteDir };
      delete env.DATABASE_URL;
      const started = Date.now();
      const child = spawnSync(path.join(REPO, "node_modules/.bin/tsx"), [script], {
        cwd: REPO,
        env,
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(child.error).toBeUndefined();
      expect(child.stderr).toBe("");
      expect(child.status).toBe(0);
      expect(Date.now() - started).toBeLessThan(20_000); // exits by itself: no pool keeps it alive
      const report = JSON.parse(child.stdout.trim().split("\n").pop()!);
      expect(report).toMatchObject({ bucket: 10, on: true, connections: 0, outgoing: 0, pgliteDir: false, cached: false });
    } finally {
      fs.rmSync(script, { force: true });
    }
  });

  it("its runtime import graph does not reach db/client or a database driver", () => {
    const seen = new Set<string>();
    const bare = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = fs.readFileSync(file, "utf8");
      const re = /^\s*(import|export)\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gms;
      for (const m of source.matchAll(re)) {
        if (m[2]) continue; // `import type` is erased
        const spec = m[3]!;
        let target: string | null = null;
        if (spec.startsWith("@/")) target = path.join(REPO, spec.slice(2));
        else if (spec.startsWith(".")) target = path.resolve(path.dirname(file), spec);
        if (!target) {
          bare.add(spec);
          continue;
        }
        const candidates = [`${target}.ts`, path.join(target, "index.ts"), target];
        const found = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
        if (!found) throw new Error(`cannot resolve ${spec} from ${file}`);
        visit(found);
      }
    };
    visit(path.join(REPO, "server/flags/evaluate.ts"));
    const local = [...seen].map((f) => path.relative(REPO, f));
    expect(local).toContain("server/flags/evaluate.ts");
    expect(local).not.toContain("db/client.ts");
    expect([...bare].filter((b) => /^(postgres|@electric-sql\/pglite|drizzle-orm\/(pglite|postgres-js))/.test(b))).toEqual([]);
  });
});

// ---------------------------------------------------------------- evaluation

describe("isFlagOn", () => {
  const D1 = randomUUID();
  const D2 = randomUUID();
  const flag = (over: Partial<FlagState>): FlagState => ({
    key: "PROMOTIONS_ENABLED",
    isGlobalEnabled: false,
    rolloutPercentage: 100,
    districtIds: new Set(),
    ...over,
  });
  // A user inside a 50% rollout of this key and one outside it.
  const users = Array.from({ length: 200 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
  const inside = users.find((u) => rolloutBucket("PROMOTIONS_ENABLED", u) <= 50)!;
  const outside = users.find((u) => rolloutBucket("PROMOTIONS_ENABLED", u) > 50)!;

  it("an unknown flag is off", () => {
    expect(isFlagOn(undefined, inside, D1)).toBe(false);
  });
  it("globally enabled at 100% is on for everyone, anywhere, signed in or not", () => {
    const f = flag({ isGlobalEnabled: true });
    expect(isFlagOn(f, inside, D1)).toBe(true);
    expect(isFlagOn(f, outside, null)).toBe(true);
    expect(isFlagOn(f, null, null)).toBe(true);
  });
  it("not global and no districts: off", () => {
    expect(isFlagOn(flag({}), inside, D1)).toBe(false);
  });
  it("district enablement: on in the enabled district only", () => {
    const f = flag({ districtIds: new Set([D1]) });
    expect(isFlagOn(f, inside, D1)).toBe(true);
    expect(isFlagOn(f, inside, D2)).toBe(false);
    expect(isFlagOn(f, inside, null)).toBe(false);
  });
  it("rollout 0 is off even when globally enabled", () => {
    expect(isFlagOn(flag({ isGlobalEnabled: true, rolloutPercentage: 0 }), inside, D1)).toBe(false);
    expect(isFlagOn(flag({ districtIds: new Set([D1]), rolloutPercentage: 0 }), inside, D1)).toBe(false);
  });
  it("partial rollout: in when bucket(key, userId) ≤ percentage", () => {
    const f = flag({ isGlobalEnabled: true, rolloutPercentage: 50 });
    expect(isFlagOn(f, inside, D1)).toBe(true);
    expect(isFlagOn(f, outside, D1)).toBe(false);
    // Same rule as Unleash's flexibleRollout with userId stickiness and the flag key as groupId.
    for (const u of users) {
      expect(isFlagOn(f, u, D1)).toBe(
        flexibleRollout(
          "PROMOTIONS_ENABLED",
          { rollout: "50", stickiness: "userId", groupId: "PROMOTIONS_ENABLED" },
          { userId: u },
        ),
      );
    }
  });
  it("partial rollout still requires targeting", () => {
    expect(isFlagOn(flag({ districtIds: new Set([D1]), rolloutPercentage: 50 }), inside, D2)).toBe(false);
  });
  it("without a user only a full rollout counts", () => {
    expect(isFlagOn(flag({ isGlobalEnabled: true, rolloutPercentage: 99 }), null, D1)).toBe(false);
  });
});

// ---------------------------------------------------------------- management through the API

describe("flags.update", () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await seededWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  const flagRow = async (key: string) => {
    const list = await (await world.as(world.demo.SUPER_ADMIN)).flags.list();
    return list.find((f) => f.key === key)!;
  };

  it("an ADMIN enables a flag for a district of their own region; audited with before/after", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const paros = world.district(PAROS);
    const before = await flagRow("HOST_ONBOARDING_ENABLED");
    expect(before.districtIds).toEqual([]);
    await admin.flags.update({ key: "HOST_ONBOARDING_ENABLED", districtIds: [paros] });
    expect((await flagRow("HOST_ONBOARDING_ENABLED")).districtIds).toEqual([paros]);
    const [event] = (await auditRows(world.db, { action: "FLAG_UPDATED", targetId: "HOST_ONBOARDING_ENABLED" })).slice(-1);
    expect(event).toMatchObject({
      actorId: world.demo.ADMIN.id,
      actorRole: "ADMIN",
      targetType: "feature_flag",
      changes: { districtIds: { before: [], after: [paros] } },
    });
  });

  it("an ADMIN cannot touch a district of another region (OUT_OF_REGION), and the denial is recorded", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const flagsBefore = await countFlagEvents();
    await expectError(
      admin.flags.update({ key: "MESSAGING_ENABLED", districtIds: [world.district(ZAGORI)] }),
      "FORBIDDEN",
      "RULE_DENIED",
      "OUT_OF_REGION",
    );
    expect((await flagRow("MESSAGING_ENABLED")).districtIds).toEqual([]);
    expect(await countFlagEvents()).toBe(flagsBefore);
    const [denial] = (await auditRows(world.db, { action: "ACCESS_DENIED" })).slice(-1);
    expect(denial).toMatchObject({ actorId: world.demo.ADMIN.id, targetId: "flag.manage", changes: { reason: "OUT_OF_REGION" } });
  });

  it("an ADMIN cannot remove another region's district either: they see and send only their own region's", async () => {
    const sa = await world.as(world.demo.SUPER_ADMIN);
    await sa.flags.update({ key: "MESSAGING_ENABLED", districtIds: [world.district(METSOVO)] });
    const admin = await world.as(world.demo.ADMIN);
    // The admin's list does not show another region's districts.
    expect((await admin.flags.list()).find((f) => f.key === "MESSAGING_ENABLED")!.districtIds).toEqual([]);
    // Sending their own region's districts leaves the other region's as they were.
    await admin.flags.update({ key: "MESSAGING_ENABLED", districtIds: [world.district(NAXOS)] });
    expect((await flagRow("MESSAGING_ENABLED")).districtIds.sort()).toEqual(
      [world.district(METSOVO), world.district(NAXOS)].sort(),
    );
    expect((await admin.flags.list()).find((f) => f.key === "MESSAGING_ENABLED")!.districtIds).toEqual([world.district(NAXOS)]);
    // Naming another region's district is refused.
    await expectError(
      admin.flags.update({ key: "MESSAGING_ENABLED", districtIds: [world.district(NAXOS), world.district(ZAGORI)] }),
      "FORBIDDEN",
      "RULE_DENIED",
      "OUT_OF_REGION",
    );
  });

  it("an ADMIN cannot switch a flag globally or change its rollout (GLOBAL_FLAG_SUPER_ADMIN_ONLY)", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const flagsBefore = await countFlagEvents();
    await expectError(
      admin.flags.update({ key: "EMERGENCY_MODE", isGlobalEnabled: true }),
      "FORBIDDEN",
      "RULE_DENIED",
      "GLOBAL_FLAG_SUPER_ADMIN_ONLY",
    );
    await expectError(
      admin.flags.update({ key: "PILOT_ACTIVE", isGlobalEnabled: false }),
      "FORBIDDEN",
      "RULE_DENIED",
      "GLOBAL_FLAG_SUPER_ADMIN_ONLY",
    );
    await expectError(
      admin.flags.update({ key: "PROMOTIONS_ENABLED", rolloutPercentage: 10 }),
      "FORBIDDEN",
      "RULE_DENIED",
      "GLOBAL_FLAG_SUPER_ADMIN_ONLY",
    );
    // Smuggling a global change alongside a permitted district change is refused as a whole.
    await expectError(
      admin.flags.update({ key: "EMERGENCY_MODE", isGlobalEnabled: true, districtIds: [world.district(SYROS)] }),
      "FORBIDDEN",
      "RULE_DENIED",
      "GLOBAL_FLAG_SUPER_ADMIN_ONLY",
    );
    const emergency = await flagRow("EMERGENCY_MODE");
    expect(emergency.isGlobalEnabled).toBe(false);
    expect(emergency.districtIds).toEqual([]);
    expect((await flagRow("PILOT_ACTIVE")).isGlobalEnabled).toBe(true);
    expect((await flagRow("PROMOTIONS_ENABLED")).rolloutPercentage).toBe(100);
    expect(await countFlagEvents()).toBe(flagsBefore);
  });

  it("a SUPER_ADMIN toggles globally and sets the rollout; each change audited with before/after", async () => {
    const sa = await world.as(world.demo.SUPER_ADMIN);
    await sa.flags.update({ key: "EMERGENCY_MODE", isGlobalEnabled: true });
    let [event] = (await auditRows(world.db, { action: "FLAG_UPDATED", targetId: "EMERGENCY_MODE" })).slice(-1);
    expect(event).toMatchObject({
      actorId: world.demo.SUPER_ADMIN.id,
      actorRole: "SUPER_ADMIN",
      changes: { isGlobalEnabled: { before: false, after: true } },
    });
    expect((await flagRow("EMERGENCY_MODE")).isGlobalEnabled).toBe(true);

    await sa.flags.update({ key: "PROMOTIONS_ENABLED", rolloutPercentage: 25, districtIds: [world.district(ZAGORI)] });
    [event] = (await auditRows(world.db, { action: "FLAG_UPDATED", targetId: "PROMOTIONS_ENABLED" })).slice(-1);
    expect(event!.changes).toEqual({
      rolloutPercentage: { before: 100, after: 25 },
      districtIds: { before: [], after: [world.district(ZAGORI)] },
    });
    const row = await flagRow("PROMOTIONS_ENABLED");
    expect(row).toMatchObject({ rolloutPercentage: 25, districtIds: [world.district(ZAGORI)] });

    // Off again for the rest of the suite.
    await sa.flags.update({ key: "EMERGENCY_MODE", isGlobalEnabled: false });
    expect((await auditRows(world.db, { action: "FLAG_UPDATED", targetId: "EMERGENCY_MODE" })).map((e) => e.changes)).toEqual([
      { isGlobalEnabled: { before: false, after: true } },
      { isGlobalEnabled: { before: true, after: false } },
    ]);
  });

  it("a change takes effect in evaluation", async () => {
    const sa = await world.as(world.demo.SUPER_ADMIN);
    await sa.flags.update({ key: "MESSAGING_ENABLED", isGlobalEnabled: false, districtIds: [world.district(PAROS)] });
    const snapshot = await loadFlagSnapshot(world.db);
    const traveler = world.demo.TRAVELER; // lives in Naxos
    expect(isFlagOn(snapshot.get("MESSAGING_ENABLED"), traveler.id, traveler.districtId)).toBe(false);
    expect(isFlagOn(snapshot.get("MESSAGING_ENABLED"), traveler.id, world.district(PAROS))).toBe(true);
  });

  it("unknown flags and empty changes are refused without an audit event", async () => {
    const sa = await world.as(world.demo.SUPER_ADMIN);
    const before = await countFlagEvents();
    const bad = await expectError(sa.flags.update({ key: "NOT_A_FLAG" as "PILOT_ACTIVE" }), "BAD_REQUEST", "INVALID_INPUT");
    expect(bad.fieldErrors?.key).toBeDefined();
    await expectError(sa.flags.update({ key: "PILOT_ACTIVE", isGlobalEnabled: true }), "BAD_REQUEST", "INVALID_STATE");
    const range = await expectError(
      sa.flags.update({ key: "PILOT_ACTIVE", rolloutPercentage: 101 }),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
    expect(range.fieldErrors).toEqual({ rolloutPercentage: ["0 to 100."] });
    expect(await countFlagEvents()).toBe(before);
  });

  async function countFlagEvents() {
    return (await auditRows(world.db, { action: "FLAG_UPDATED" })).length;
  }

  describe("a procedure gated on a flag", () => {
    const gated = router({
      chat: authedProcedure.meta({ flag: "MESSAGING_ENABLED" }).query(() => "hello"),
    });
    const callerFor = async (user: { id: string; sessionVersion: number }) =>
      createCallerFactory(gated)(
        await createContextInner({
          db: world.db,
          session: { userId: user.id, sessionVersion: user.sessionVersion },
          request: { ip: "127.0.0.1", userAgent: "vitest", requestId: randomUUID() },
        }),
      );

    it("is refused with FLAG_DISABLED where the flag is off for the caller's district, allowed where on", async () => {
      const sa = await world.as(world.demo.SUPER_ADMIN);
      await world.db
        .update(featureFlags)
        .set({ isGlobalEnabled: false, rolloutPercentage: 100 })
        .where(eq(featureFlags.key, "MESSAGING_ENABLED"));
      await world.db.delete(featureFlagDistricts).where(eq(featureFlagDistricts.flagKey, "MESSAGING_ENABLED"));
      await world.db.insert(featureFlagDistricts).values({ flagKey: "MESSAGING_ENABLED", districtId: world.district(PAROS) });
      const naxosTraveler = world.demo.TRAVELER;
      const out = await expectError((await callerFor(naxosTraveler)).chat(), "FORBIDDEN", "FLAG_DISABLED");
      expect(out.reason).toBe("MESSAGING_ENABLED");
      const parosTraveler = await world.addUser({ role: "TRAVELER", district: PAROS });
      expect(await (await callerFor(parosTraveler)).chat()).toBe("hello");
      await sa.flags.update({ key: "MESSAGING_ENABLED", districtIds: [world.district(PAROS), world.district(NAXOS)] });
      expect(await (await callerFor(naxosTraveler)).chat()).toBe("hello");
    });

    it("flags are read once per request: a change mid-request does not flip the answer", async () => {
      const ctx = await createContextInner({
        db: world.db,
        session: { userId: world.demo.TRAVELER.id, sessionVersion: world.demo.TRAVELER.sessionVersion },
        request: { ip: "127.0.0.1", userAgent: "vitest", requestId: randomUUID() },
      });
      expect(await flagOn(ctx, "PILOT_ACTIVE")).toBe(true);
      await world.db.update(featureFlags).set({ isGlobalEnabled: false }).where(eq(featureFlags.key, "PILOT_ACTIVE"));
      expect(await flagOn(ctx, "PILOT_ACTIVE")).toBe(true);
      const next = await createContextInner({
        db: world.db,
        session: { userId: world.demo.TRAVELER.id, sessionVersion: world.demo.TRAVELER.sessionVersion },
        request: { ip: "127.0.0.1", userAgent: "vitest", requestId: randomUUID() },
      });
      expect(await flagOn(next, "PILOT_ACTIVE")).toBe(false);
      await world.db.update(featureFlags).set({ isGlobalEnabled: true }).where(eq(featureFlags.key, "PILOT_ACTIVE"));
    });
  });
});
