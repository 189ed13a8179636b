// The audit log: append-only in the database itself, hash-chained, tamper-evident, written in the same
// transaction as the change it records, safe under concurrency, and checkable from the command line.
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
import { auditEvents, districts } from "@/db/schema";
import { appendAuditEvents, GENESIS_HASH, hashEvent, verifyAuditChain, type AuditActor } from "@/server/audit";
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

/** As the table owner, with the append-only triggers switched off: what an intruder with DB access could do. */
async function asOwnerWithoutTriggers(db: Database, statement: ReturnType<typeof sql>) {
  await db.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER USER`);
  try {
    await db.execute(statement);
  } finally {
    await db.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER USER`);
  }
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

  it("plain INSERT still works (append-only, not read-only)", async () => {
    await appendAuditEvents(db, SYSTEM, [{ action: "STILL_APPENDABLE" }]);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 4 });
  });
});

describe("the hash chain", () => {
  it("verifies after many events and after concurrent appends: one unbroken chain, each linked to the one before", async () => {
    const handle = await freshDatabase();
    try {
      const db = handle.db;
      expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 0 });
      await writeEvents(db, 12);
      await appendAuditEvents(db, SYSTEM, [
        { action: "BATCH_A" },
        { action: "BATCH_B", changes: { nested: { z: 1, a: [1, { y: 2, b: 3 }] } } },
      ]);
      expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 14 });

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
      expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: expected });
      // With a small page size the walk crosses batch boundaries and still agrees.
      expect(await verifyAuditChain(db, 5)).toEqual({ ok: true, checked: expected });

      const rows = await db.select().from(auditEvents).orderBy(auditEvents.seq);
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
      expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
      expect(new Set(rows.map((r) => r.hash)).size).toBe(expected);
      expect(new Set(rows.filter((r) => r.action === "PARALLEL").map((r) => r.targetId)).size).toBe(20);
      // A multi-event append is contiguous: nobody slipped in between its events.
      for (const extra of rows.filter((r) => r.action === "PARALLEL_EXTRA")) {
        const main = rows.find((r) => r.action === "PARALLEL" && r.targetId === extra.targetId)!;
        expect(extra.seq).toBe(main.seq + 1);
      }
    } finally {
      await handle.close();
    }
  });

  // One database, tampered step by step; each step breaks the chain earlier than the last, so the
  // verifier must name the new first broken link each time.
  describe("tampering by the database owner (triggers disabled) is caught", () => {
    let handle: DatabaseHandle;
    let db: Database;
    beforeAll(async () => {
      handle = await freshDatabase();
      db = handle.db;
      await writeEvents(db, 8);
    });
    afterAll(async () => {
      await handle?.close();
    });

    it("an edited row breaks the chain at that row", async () => {
      expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 8 });
      await asOwnerWithoutTriggers(
        db,
        sql`UPDATE audit_events SET changes = '{"n":{"before":0,"after":999}}'::jsonb WHERE seq = 6`,
      );
      const [row] = await db.select().from(auditEvents).where(eq(auditEvents.seq, 6));
      expect(row!.changes).toEqual({ n: { before: 0, after: 999 } }); // the tampering did happen
      // The triggers are back on afterwards.
      await expect(db.execute(sql`UPDATE audit_events SET action = 'X' WHERE seq = 1`)).rejects.toThrow();
      expect(await verifyAuditChain(db)).toEqual({
        ok: false,
        checked: 5,
        brokenAt: { seq: 6, id: row!.id, reason: "event contents do not match its hash" },
      });
    });

    it("an edited row whose own hash is recomputed breaks the link to the next event", async () => {
      const [row] = await db.select().from(auditEvents).where(eq(auditEvents.seq, 3));
      const { hash: _h, prevHash, ...fields } = { ...row!, action: "FORGED" };
      await asOwnerWithoutTriggers(
        db,
        sql`UPDATE audit_events SET action = 'FORGED', hash = ${hashEvent(prevHash, fields)} WHERE seq = 3`,
      );
      expect(await verifyAuditChain(db)).toMatchObject({
        ok: false,
        checked: 3,
        brokenAt: { seq: 4, reason: "previous-hash link does not match the event before it" },
      });
    });

    it("a deleted row leaves a gap", async () => {
      await asOwnerWithoutTriggers(db, sql`DELETE FROM audit_events WHERE seq = 2`);
      expect(await verifyAuditChain(db)).toMatchObject({
        ok: false,
        checked: 1,
        brokenAt: { seq: 3, reason: "sequence gap: expected 2, found 3" },
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
    expect(await verifyAuditChain(world.db)).toMatchObject({ ok: true });
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
      expect(await verifyAuditChain(world.db)).toMatchObject({ ok: true });
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

  function runVerify(pgliteDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DIR: pgliteDir };
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

  it("prints the number of events checked and exits 0 on an intact log, names the break and exits non-zero on a tampered one", async () => {
    const handle = await openDatabase({ pgliteDir: goodDir, migrate: true });
    await seedDemo(handle.db);
    await writeEvents(handle.db, 5);
    const total = (await verifyAuditChain(handle.db)) as { ok: true; checked: number };
    expect(total.ok).toBe(true);
    await handle.close();

    // A copy of the same log, then tampered with as the owner.
    fs.cpSync(goodDir, badDir, { recursive: true });
    const bad = await openDatabase({ pgliteDir: badDir, migrate: true });
    await asOwnerWithoutTriggers(bad.db, sql`UPDATE audit_events SET target_id = 'rewritten' WHERE seq = 4`);
    const [row] = await bad.db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.seq, 4));
    await bad.close();

    const [goodRun, badRun] = await Promise.all([runVerify(goodDir), runVerify(badDir)]);
    expect(goodRun.code, goodRun.stderr).toBe(0);
    expect(goodRun.stdout).toContain(`Audit chain OK: ${total.checked} events checked.`);

    expect(badRun.code).not.toBe(0);
    expect(badRun.stderr).toContain(`Audit chain BROKEN at event #4 (id ${row!.id})`);
    expect(badRun.stderr).toContain("3 events before it are intact");
    expect(badRun.stdout).not.toContain("Audit chain OK");
  });
});
