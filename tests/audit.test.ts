// The audit log: append-only in the database itself, written in the same transaction as the change
// it records with no shared lock, sequenced afterwards into a signed Merkle tree that `npm run
// audit:verify` checks, and tamper-evident: an edit, a deletion or an insertion is named.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { eq, sql } from "drizzle-orm";
import { openDatabase, rowsOf, type Database, type DatabaseHandle } from "@/db/client";
import { seedDemo } from "@/db/demo";
import { auditEvents, auditLogLeaves, districts } from "@/db/schema";
import { appendAuditEvents, sequenceAll, verifyAuditLog, type AuditActor } from "@/server/audit";
import { auditKeyringFrom } from "@/server/audit/keys";
import { generateSigningJwk } from "@/server/verification/keys";
import { auditedHasRole, createCallerFactory, router } from "@/server/trpc";
import { createContextInner } from "@/server/context";
import { freshDatabase } from "./db";
import { auditRows, expectError, NAXOS, seededWorld, type TestWorld } from "./helpers";

const REPO = path.resolve(__dirname, "..");

const SYSTEM: AuditActor = {
  actorType: "SYSTEM",
  actorId: null,
  actorRole: null,
  ip: null,
  userAgent: "vitest",
  requestId: null,
};

async function writeEvents(db: Database, count: number, prefix = "TEST_EVENT") {
  for (let i = 0; i < count; i++) {
    await appendAuditEvents(db, SYSTEM, [
      {
        action: `${prefix}_${i}`,
        targetType: "test",
        targetId: String(i),
        changes: { n: { before: i, after: i + 1 }, note: `événement ${i}` },
      },
    ]);
  }
}

/**
 * What an intruder with the owner's access could do: the statement runs with every trigger off
 * (session_replication_role = replica, for this transaction only).
 */
async function withoutTriggers(db: Database, statement: ReturnType<typeof sql>) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    await tx.execute(statement);
  });
}

describe("the database refuses to change audit events", () => {
  let handle: DatabaseHandle;
  let db: Database;
  beforeAll(async () => {
    handle = await freshDatabase();
    db = handle.db;
    await writeEvents(db, 3);
  });
  afterAll(async () => {
    await handle?.close();
  });

  const snapshot = async () => (await db.select().from(auditEvents).orderBy(auditEvents.seq)).map((r) => JSON.stringify(r));

  it.each([
    ["UPDATE", sql`UPDATE audit_events SET action = 'FORGED' WHERE seq = 2`],
    ["UPDATE (every row)", sql`UPDATE audit_events SET changes = '{}'::jsonb`],
    ["DELETE", sql`DELETE FROM audit_events WHERE seq = 3`],
    ["DELETE (every row)", sql`DELETE FROM audit_events`],
    ["TRUNCATE", sql`TRUNCATE audit_events`],
    ["TRUNCATE … CASCADE", sql`TRUNCATE audit_events CASCADE`],
    [
      "TRUNCATE of this month's partition",
      sql.raw(`TRUNCATE audit_events_y${new Date().toISOString().slice(0, 4)}m${new Date().toISOString().slice(5, 7)}`),
    ],
  ])("%s is refused", async (_name, statement) => {
    const before = await snapshot();
    expect(before).toHaveLength(3);
    const err = await db.execute(statement).then(
      () => null,
      (e: unknown) => e as Error & { cause?: Error },
    );
    expect(err, "the statement must fail").not.toBeNull();
    const message = `${err!.message} ${err!.cause?.message ?? ""}`;
    expect(message).toMatch(/audit_events is append-only: (UPDATE|DELETE|TRUNCATE) refused/);
    expect(await snapshot()).toEqual(before);
  });

  it("the sequencer's own tables refuse UPDATE, DELETE and TRUNCATE too", async () => {
    await sequenceAll(db);
    for (const [table, statement] of [
      ["audit_log_leaves", sql`UPDATE audit_log_leaves SET leaf_hash = 'x'`],
      ["audit_log_nodes", sql`DELETE FROM audit_log_nodes`],
      ["audit_checkpoints", sql`TRUNCATE audit_checkpoints`],
    ] as const) {
      const err = await db.execute(statement).then(
        () => null,
        (e: unknown) => e as Error & { cause?: Error },
      );
      expect(`${err?.message} ${err?.cause?.message ?? ""}`).toContain(`${table} is append-only`);
    }
  });

  it("refuses inside a transaction too, and the transaction's other work is lost with it", async () => {
    const before = await snapshot();
    await expect(
      db.transaction(async (tx) => {
        await appendAuditEvents(tx as unknown as Database, SYSTEM, [{ action: "WILL_ROLL_BACK" }], { inTransaction: true });
        await tx.execute(sql`DELETE FROM audit_events WHERE seq = 1`);
      }),
    ).rejects.toThrow();
    expect(await snapshot()).toEqual(before);
  });

  it("plain INSERT still works (append-only, not read-only), stamped with the writing transaction's id", async () => {
    await appendAuditEvents(db, SYSTEM, [{ action: "STILL_APPENDABLE" }]);
    const [row] = await db.select().from(auditEvents).where(eq(auditEvents.action, "STILL_APPENDABLE"));
    expect(row!.xid).toMatch(/^\d+$/);
    await sequenceAll(db);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, checked: 4 });
  });
});

describe("the sequenced log", () => {
  it("sequences every event once, a multi-event write contiguously, and verifies across page sizes", async () => {
    const handle = await freshDatabase();
    try {
      const db = handle.db;
      expect(await verifyAuditLog(db)).toEqual({ ok: true, checked: 0, checkpoints: 0 });
      await writeEvents(db, 12);
      await appendAuditEvents(db, SYSTEM, [
        { action: "BATCH_A" },
        { action: "BATCH_B", changes: { nested: { z: 1, a: [1, { y: 2, b: 3 }] } } },
      ]);
      expect(await sequenceAll(db)).toBe(14);
      expect(await verifyAuditLog(db)).toMatchObject({ ok: true, checked: 14 });

      // 20 writers at once, some appending two events each.
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          appendAuditEvents(db, { ...SYSTEM, requestId: `parallel-${i}` }, [
            { action: "PARALLEL", targetId: String(i) },
            ...(i % 3 === 0 ? [{ action: "PARALLEL_EXTRA", targetId: String(i) }] : []),
          ]),
        ),
      );
      const expected = 14 + 20 + 7;
      expect(await sequenceAll(db)).toBe(expected);
      expect(await verifyAuditLog(db)).toMatchObject({ ok: true, checked: expected });
      expect(await verifyAuditLog(db, { batchSize: 5 })).toMatchObject({ ok: true, checked: expected });

      const leaves = await db
        .select({ logIndex: auditLogLeaves.logIndex, event: auditEvents })
        .from(auditLogLeaves)
        .innerJoin(auditEvents, eq(auditEvents.id, auditLogLeaves.eventId))
        .orderBy(auditLogLeaves.logIndex);
      expect(leaves.map((l) => l.logIndex)).toEqual(Array.from({ length: expected }, (_, i) => i));
      expect(new Set(leaves.map((l) => l.event.id)).size).toBe(expected);
      // A multi-event write is one transaction: its events sit side by side in the log.
      for (const extra of leaves.filter((l) => l.event.action === "PARALLEL_EXTRA")) {
        const main = leaves.find((l) => l.event.action === "PARALLEL" && l.event.targetId === extra.event.targetId)!;
        expect(extra.logIndex).toBe(main.logIndex + 1);
      }
    } finally {
      await handle.close();
    }
  });

  // One database, tampered step by step, each step earlier in the log than the last, so the
  // verifier must name the new first broken place each time.
  describe("tampering by the database owner (triggers disabled) is caught and named", () => {
    let handle: DatabaseHandle;
    let db: Database;
    const leafAt = async (logIndex: number) =>
      (await db.select().from(auditLogLeaves).where(eq(auditLogLeaves.logIndex, logIndex)))[0]!;
    beforeAll(async () => {
      handle = await freshDatabase();
      db = handle.db;
      await writeEvents(db, 8);
      await sequenceAll(db);
    });
    afterAll(async () => {
      await handle?.close();
    });

    it("an event inserted at the end of the log, with a correct leaf, is covered by no signed checkpoint", async () => {
      expect(await verifyAuditLog(db)).toMatchObject({ ok: true, checked: 8 });
      const { leafData } = await import("@/server/audit/canonical");
      const { leafHash } = await import("@/server/audit/merkle");
      const forged = {
        id: randomUUID(),
        createdAt: new Date(),
        actorType: "SYSTEM" as const,
        actorId: null,
        actorRole: null,
        action: "FORGED",
        targetType: null,
        targetId: null,
        changes: null,
        ip: null,
        userAgent: null,
        requestId: null,
      };
      const hash = leafHash(leafData(forged)).toString("hex");
      await withoutTriggers(
        db,
        sql`with e as (insert into audit_events (id, created_at, actor_type, action) values (${forged.id}, ${forged.createdAt.toISOString()}, 'SYSTEM', 'FORGED') returning id, created_at, xid, seq)
            insert into audit_log_leaves (log_index, event_id, event_created_at, event_xid, event_seq, leaf_hash)
            select 8, id, created_at, xid, seq, ${hash} from e`,
      );
      expect(await verifyAuditLog(db)).toMatchObject({
        ok: false,
        checked: 9,
        brokenAt: { kind: "event", logIndex: 8, reason: "in the log but covered by no signed checkpoint" },
      });
    });

    it("an edited event is named by its place and id", async () => {
      const leaf = await leafAt(5);
      await withoutTriggers(
        db,
        sql`UPDATE audit_events SET changes = '{"n":{"before":0,"after":999}}'::jsonb WHERE id = ${leaf.eventId}`,
      );
      const [row] = await db.select().from(auditEvents).where(eq(auditEvents.id, leaf.eventId));
      expect(row!.changes).toEqual({ n: { before: 0, after: 999 } }); // the tampering did happen
      await expect(db.execute(sql`UPDATE audit_events SET action = 'X' WHERE seq = 1`)).rejects.toThrow();
      expect(await verifyAuditLog(db)).toEqual({
        ok: false,
        checked: 5,
        checkpoints: 0,
        brokenAt: { kind: "event", logIndex: 5, id: leaf.eventId, reason: "the event's contents do not match its leaf hash" },
      });
    });

    it("a deleted event is named", async () => {
      const leaf = await leafAt(1);
      await withoutTriggers(db, sql`DELETE FROM audit_events WHERE id = ${leaf.eventId}`);
      expect(await verifyAuditLog(db)).toMatchObject({
        ok: false,
        checked: 1,
        brokenAt: { kind: "event", logIndex: 1, id: leaf.eventId, reason: "the event was deleted" },
      });
    });

    it("a deleted leaf leaves a gap that is named", async () => {
      await withoutTriggers(db, sql`DELETE FROM audit_log_leaves WHERE log_index = 0`);
      expect(await verifyAuditLog(db)).toMatchObject({
        ok: false,
        checked: 0,
        brokenAt: { kind: "event", logIndex: 0, id: null },
      });
    });
  });
});

describe("an audited call keeps its change and its record together", () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await seededWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  const densityOf = async (districtId: string) =>
    (await world.db.select({ d: districts.crowdDensity }).from(districts).where(eq(districts.id, districtId)))[0]!.d;

  it("people.suspend with a NUL in the reason is refused at the boundary: account untouched, no event", async () => {
    const traveler = world.demo.TRAVELER;
    const before = await world.reload(traveler.id);
    const eventsBefore = (await auditRows(world.db)).length;
    const admin = await world.as(world.demo.ADMIN);
    const out = await expectError(
      admin.people.suspend({ userId: traveler.id, reason: "bad\u0000reason" }),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
    expect(out.fieldErrors).toEqual({ reason: ["Remove the control characters from this text."] });
    const after = await world.reload(traveler.id);
    expect(after.status).toBe("ACTIVE");
    expect(after.sessionVersion).toBe(before.sessionVersion);
    expect((await auditRows(world.db)).length).toBe(eventsBefore);
    expect(await verifyAuditLog(world.db)).toMatchObject({ ok: true });
    // The traveler's existing session still works: nothing was half-done.
    expect((await (await world.as(traveler)).auth.me()).id).toBe(traveler.id);
  });

  it("signup whose user insert fails after the invite was redeemed keeps neither the redemption nor an event", async () => {
    const usesBefore = await inviteUses("TSRA-TRAV-2345");
    const eventsBefore = (await auditRows(world.db)).length;
    const anon = await world.anonymous();
    await expectError(
      anon.auth.signup({
        inviteCode: "TSRA-TRAV-2345",
        email: world.demo.HOST.email,
        password: "a-perfectly-long-password",
        displayName: "Copycat",
      }),
      "CONFLICT",
      "EMAIL_TAKEN",
    );
    expect(await inviteUses("TSRA-TRAV-2345")).toBe(usesBefore);
    expect((await auditRows(world.db)).length).toBe(eventsBefore);
  });

  async function inviteUses(code: string) {
    const { hashInviteCode } = await import("@/server/accounts/invite-codes");
    const rows = rowsOf<{ uses: number }>(
      await world.db.execute(sql`select uses from invites where code_hash = ${hashInviteCode(code)}`),
    );
    return Number(rows[0]!.uses);
  }

  describe("the audited builder itself", () => {
    const naxos = () => world.district(NAXOS);
    const probe = router({
      writeThenThrow: auditedHasRole(["ADMIN"])
        .input(z.object({ districtId: z.string().uuid() }))
        .mutation(async ({ ctx, input }) => {
          await ctx.db.update(districts).set({ crowdDensity: 77 }).where(eq(districts.id, input.districtId));
          ctx.audit({ action: "PROBE_CHANGED", targetType: "district", targetId: input.districtId });
          throw new Error("boom after writing");
        }),
      writeWithoutRecord: auditedHasRole(["ADMIN"])
        .input(z.object({ districtId: z.string().uuid() }))
        .mutation(async ({ ctx, input }) => {
          await ctx.db.update(districts).set({ crowdDensity: 66 }).where(eq(districts.id, input.districtId));
          return "done";
        }),
      writeAndRecord: auditedHasRole(["ADMIN"])
        .input(z.object({ districtId: z.string().uuid() }))
        .mutation(async ({ ctx, input }) => {
          await ctx.db.update(districts).set({ crowdDensity: 55 }).where(eq(districts.id, input.districtId));
          ctx.audit({
            action: "PROBE_CHANGED",
            targetType: "district",
            targetId: input.districtId,
            changes: { crowdDensity: { after: 55 } },
          });
          return "done";
        }),
    });
    const probeCaller = async () =>
      createCallerFactory(probe)(
        await createContextInner({
          db: world.db,
          session: { userId: world.demo.ADMIN.id, sessionVersion: world.demo.ADMIN.sessionVersion },
          request: { ip: "10.0.0.9", userAgent: "vitest", requestId: randomUUID() },
        }),
      );

    it("a procedure that throws after writing keeps neither the change nor its recorded event", async () => {
      const before = await densityOf(naxos());
      await expectError((await probeCaller()).writeThenThrow({ districtId: naxos() }), "INTERNAL_SERVER_ERROR");
      expect(await densityOf(naxos())).toBe(before);
      expect(await auditRows(world.db, { action: "PROBE_CHANGED" })).toEqual([]);
    });

    it("a procedure that changes something without recording it is refused and its change rolled back", async () => {
      const before = await densityOf(naxos());
      await expectError((await probeCaller()).writeWithoutRecord({ districtId: naxos() }), "INTERNAL_SERVER_ERROR");
      expect(await densityOf(naxos())).toBe(before);
    });

    it("a successful one keeps both, the event carrying the request's actor, address and request id", async () => {
      expect(await (await probeCaller()).writeAndRecord({ districtId: naxos() })).toBe("done");
      expect(await densityOf(naxos())).toBe(55);
      const [event] = await auditRows(world.db, { action: "PROBE_CHANGED" });
      expect(event).toMatchObject({
        actorType: "USER",
        actorId: world.demo.ADMIN.id,
        actorRole: "ADMIN",
        ip: "10.0.0.9",
        userAgent: "vitest",
        targetId: naxos(),
      });
      expect(event!.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await verifyAuditLog(world.db)).toMatchObject({ ok: true });
    });
  });

  describe("audit.list (the admin audit page)", () => {
    it("filters by action, actor and target, and pages with a cursor without gaps or repeats", async () => {
      const admin = await world.as(world.demo.ADMIN);
      const sa = await world.as(world.demo.SUPER_ADMIN);
      // Some known events: three district updates by the admin.
      const naxosId = world.district(NAXOS);
      const start = await densityOf(naxosId);
      for (const density of [11, 12, 13]) await admin.geography.updateDistrict({ districtId: naxosId, crowdDensity: density });

      const byAction = await sa.audit.list({ action: "DISTRICT_UPDATED", limit: 50 });
      expect(byAction.items.map((e) => e.changes)).toEqual([
        { crowdDensity: { before: 12, after: 13 } },
        { crowdDensity: { before: 11, after: 12 } },
        { crowdDensity: { before: start, after: 11 } },
      ]);
      expect(byAction.items.every((e) => e.actorName === "Andreas (Aegean admin)")).toBe(true);

      const byActor = await sa.audit.list({ actorId: world.demo.ADMIN.id, limit: 100 });
      expect(byActor.items.length).toBeGreaterThanOrEqual(3);
      expect(byActor.items.every((e) => e.actorId === world.demo.ADMIN.id)).toBe(true);

      const byTarget = await sa.audit.list({ targetType: "district", targetId: naxosId, limit: 100 });
      expect(byTarget.items.every((e) => e.targetId === naxosId)).toBe(true);
      expect(byTarget.items.filter((e) => e.action === "DISTRICT_UPDATED")).toHaveLength(3);

      const future = await sa.audit.list({ from: new Date(Date.now() + 3_600_000), limit: 10 });
      expect(future.items).toEqual([]);

      const all = (await sa.audit.list({ limit: 100 })).items.map((e) => e.seq);
      const paged: number[] = [];
      let cursor: number | null = null;
      for (let guard = 0; guard < 50; guard++) {
        const page: { items: { seq: number }[]; nextCursor: number | null } = await sa.audit.list({ limit: 2, cursor });
        paged.push(...page.items.map((e) => e.seq));
        cursor = page.nextCursor;
        if (cursor === null) break;
      }
      expect(paged).toEqual(all);
      expect(new Set(paged).size).toBe(paged.length);
    });
  });
});

describe("npm run audit:verify", () => {
  const dir = path.join(os.tmpdir(), `tessera-audit-cli-${randomUUID()}`);
  const goodDir = path.join(dir, "good");
  const badDir = path.join(dir, "tampered");

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function runVerify(pgliteDir: string, keys: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DIR: pgliteDir, AUDIT_SIGNING_KEYS: keys };
    delete env.DATABASE_URL;
    return new Promise((resolve, reject) => {
      const child = spawn("npm", ["run", "--silent", "audit:verify"], { cwd: REPO, env });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  it("prints what it checked and exits 0 on an intact log, names the break and exits non-zero on a tampered one", async () => {
    const jwk = await generateSigningJwk("cli-audit");
    const keyring = auditKeyringFrom([jwk]);
    const keys = JSON.stringify({ keys: [jwk] });
    const handle = await openDatabase({ pgliteDir: goodDir, migrate: true });
    await seedDemo(handle.db);
    await writeEvents(handle.db, 5);
    const size = await sequenceAll(handle.db, keyring);
    await appendAuditEvents(handle.db, SYSTEM, [{ action: "NOT_SEQUENCED_YET" }]);
    expect(await verifyAuditLog(handle.db, { keyring })).toMatchObject({ ok: true, checked: size });
    await handle.close();

    // A copy of the same log, then tampered with as the owner.
    fs.cpSync(goodDir, badDir, { recursive: true });
    const bad = await openDatabase({ pgliteDir: badDir, migrate: true });
    const [leaf] = await bad.db.select().from(auditLogLeaves).where(eq(auditLogLeaves.logIndex, 4));
    await withoutTriggers(bad.db, sql`UPDATE audit_events SET target_id = 'rewritten' WHERE id = ${leaf!.eventId}`);
    await bad.close();

    const [goodRun, badRun, wrongKey] = await Promise.all([
      runVerify(goodDir, keys),
      runVerify(badDir, keys),
      runVerify(goodDir, JSON.stringify({ keys: [{ ...(await generateSigningJwk("cli-audit")) }] })),
    ]);
    expect(goodRun.code, goodRun.stderr).toBe(0);
    expect(goodRun.stdout).toContain(`Audit log OK: ${size} events and`);
    expect(goodRun.stdout).toContain("1 not sequenced yet");

    expect(badRun.code).not.toBe(0);
    expect(badRun.stderr).toContain(`Audit log BROKEN at event #4 (id ${leaf!.eventId})`);
    expect(badRun.stderr).toContain("4 events before it are intact");
    expect(badRun.stdout).not.toContain("Audit log OK");

    // Checkpoints signed by another key than the one given are refused.
    expect(wrongKey.code).not.toBe(0);
    expect(wrongKey.stderr).toContain("Audit log BROKEN at the checkpoint of size");
    expect(wrongKey.stderr).toContain("no signature by this key");
  }, 180_000);
});
