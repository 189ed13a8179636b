// The audit sequencer and the log it builds: RFC 6962 hashing against published test vectors; audited
// writes that never wait for each other nor for an old open transaction, sequenced only once every
// earlier writer has finished, without gap, duplicate or rolled-back event; one sequencer at a time,
// another taking over; a sequencer killed mid-batch losing nothing; tampered checkpoints refused;
// inclusion proofs an offline script checks with the public key alone.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Database, type DatabaseHandle } from "@/db/client";
import { auditCheckpoints, auditEvents, auditLogLeaves } from "@/db/schema";
import { appendAuditEvents, sequenceAll, verifyAuditLog, type AuditActor } from "@/server/audit";
import { Sequencer, sequenceBatch } from "@/server/audit/sequencer";
import { auditKeyringFrom, getAuditKeyring, type AuditKeyring } from "@/server/audit/keys";
import { generateSigningJwk } from "@/server/verification/keys";
import {
  consistencyProof,
  EMPTY_ROOT,
  Frontier,
  inclusionProof,
  leafHash,
  MemoryTree,
  rootHash,
  verifyConsistency,
  verifyInclusion,
} from "@/server/audit/merkle";
import { auditedHasRole, createCallerFactory, router } from "@/server/trpc";
import { createContextInner } from "@/server/context";
import { GET as checkpointKeyDocument } from "@/app/.well-known/audit-checkpoint-key/route";
import { freshDatabase, onPostgres } from "./db";
import { expectError, seededWorld, type TestWorld } from "./helpers";
import vectors from "./fixtures/rfc6962/vectors.json";

const REPO = path.resolve(__dirname, "..");
const SYSTEM: AuditActor = {
  actorType: "SYSTEM",
  actorId: null,
  actorRole: null,
  ip: null,
  userAgent: "vitest",
  requestId: null,
};
const b64 = (s: string | null | undefined) => Buffer.from(s ?? "", "base64");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("RFC 6962 hashing against transparency-dev/merkle's published vectors", () => {
  const leaves = vectors.leafInputsHex.map((h) => leafHash(Buffer.from(h, "hex")));

  it("the roots of the trees of 0 to 8 leaves, built by appending (the sequencer) and in memory (the verifier)", async () => {
    expect(EMPTY_ROOT.toString("hex")).toBe(vectors.rootHashesHex[0]);
    const frontier = Frontier.empty();
    const tree = new MemoryTree();
    for (let n = 1; n <= leaves.length; n++) {
      frontier.append(leaves[n - 1]!);
      tree.append(leaves[n - 1]!);
      expect(frontier.root().toString("hex"), `size ${n}`).toBe(vectors.rootHashesHex[n]);
      expect((await rootHash(tree.read, n)).toString("hex"), `size ${n}`).toBe(vectors.rootHashesHex[n]);
    }
  });

  it(`every inclusion vector (${vectors.inclusion.length}) is accepted or refused as published`, () => {
    for (const v of vectors.inclusion) {
      const ok = verifyInclusion(v.leafIdx, v.treeSize, b64(v.leafHash), (v.proof ?? []).map(b64), b64(v.root));
      expect(ok, `${v.file}: ${v.desc}`).toBe(!v.wantErr);
    }
  });

  it(`every consistency vector (${vectors.consistency.length}) is accepted or refused as published`, () => {
    for (const v of vectors.consistency) {
      const ok = verifyConsistency(v.size1, v.size2, (v.proof ?? []).map(b64), b64(v.root1), b64(v.root2));
      expect(ok, `${v.file}: ${v.desc}`).toBe(!v.wantErr);
    }
  });

  it("proofs this code generates verify against the published roots, for every leaf and every pair of sizes", async () => {
    const tree = new MemoryTree();
    for (const l of leaves) tree.append(l);
    const root = (n: number) => Buffer.from(vectors.rootHashesHex[n]!, "hex");
    for (let n = 1; n <= 8; n++) {
      for (let m = 0; m < n; m++) {
        const proof = await inclusionProof(tree.read, m, n);
        expect(verifyInclusion(m, n, leaves[m]!, proof, root(n)), `leaf ${m} of ${n}`).toBe(true);
        expect(verifyInclusion(m, n, leaves[(m + 1) % n]!, proof, root(n)) && n > 1).toBe(false);
      }
      for (let m = 1; m <= n; m++) {
        const proof = await consistencyProof(tree.read, m, n);
        expect(verifyConsistency(m, n, proof, root(m), root(n)), `${m} → ${n}`).toBe(true);
        if (m < n) expect(verifyConsistency(m, n, proof, root(n), root(m))).toBe(false);
      }
    }
  });
});

/** A router whose one audited procedure records an event (and, asked to, fails after recording it). */
const probe = router({
  record: auditedHasRole(["SUPER_ADMIN"])
    .input((v) => v as { n: number; fail?: boolean })
    .mutation(({ ctx, input }) => {
      ctx.audit({ action: "PROBE_RECORDED", targetType: "probe", targetId: String(input.n) });
      if (input.fail) throw new Error("rolled back after recording");
      return input.n;
    }),
});

describe("audited writes and the sequencer", () => {
  let world: TestWorld;
  const makeCaller = async () =>
    createCallerFactory(probe)(
      await createContextInner({
        db: world.db,
        session: { userId: world.demo.SUPER_ADMIN.id, sessionVersion: world.demo.SUPER_ADMIN.sessionVersion },
        request: { ip: "10.0.0.1", userAgent: "vitest", requestId: randomUUID() },
      }),
    );
  let caller: Awaited<ReturnType<typeof makeCaller>>;
  beforeAll(async () => {
    world = await seededWorld();
    caller = await makeCaller();
    await sequenceAll(world.db);
  });
  afterAll(async () => {
    await world?.close();
  });

  const probeEvents = async (ns: number[]) =>
    world.db
      .select({ id: auditEvents.id, targetId: auditEvents.targetId, logIndex: auditLogLeaves.logIndex })
      .from(auditEvents)
      .leftJoin(auditLogLeaves, eq(auditLogLeaves.eventId, auditEvents.id))
      .where(and2(ns));
  const and2 = (ns: number[]) =>
    sql`${auditEvents.action} = 'PROBE_RECORDED' and ${inArray(auditEvents.targetId, ns.map(String))}`;

  it("50 concurrent audited calls complete while an older transaction is open; they are sequenced only after it ends, once each, without gap; a rolled-back one never", async () => {
    const ns = Array.from({ length: 50 }, (_, i) => 1000 + i);
    let holder: postgres.ReservedSql | null = null;
    let holderClient: postgres.Sql | null = null;
    if (onPostgres) {
      // A transaction that took its xid before every one of the calls, and stays open.
      const url = (await import("@/db/client")).databaseOrigin(world.db)!.url!;
      holderClient = postgres(url, { max: 1, onnotice: () => {} });
      holder = await holderClient.reserve();
      await holder`begin`;
      await holder`select pg_current_xact_id()`;
    }
    const started = performance.now();
    const results = await Promise.all(ns.map((n) => caller.record({ n })));
    const elapsed = performance.now() - started;
    expect(results).toEqual(ns);
    expect(elapsed, "the calls did not wait for the open transaction").toBeLessThan(20_000);
    await expectError(caller.record({ n: 999, fail: true }), "INTERNAL_SERVER_ERROR");

    const before = await world.db.select({ n: sql<number>`count(*)::int` }).from(auditLogLeaves);
    if (onPostgres) {
      await sequenceAll(world.db);
      // Nothing after the open transaction's xid is taken: an event of it could still appear before them.
      expect((await probeEvents(ns)).every((e) => e.logIndex === null)).toBe(true);
      await holder!`commit`;
      holder!.release();
      await holderClient!.end();
    }
    const size = await sequenceAll(world.db);
    const events = await probeEvents(ns);
    expect(events).toHaveLength(50);
    expect(events.every((e) => e.logIndex !== null)).toBe(true);
    expect(new Set(events.map((e) => e.logIndex)).size).toBe(50);
    // The rolled-back call left no event, so nothing of it was sequenced.
    expect(await probeEvents([999])).toEqual([]);
    const leaves = await world.db.select({ i: auditLogLeaves.logIndex }).from(auditLogLeaves).orderBy(auditLogLeaves.logIndex);
    expect(leaves.map((l) => l.i)).toEqual(Array.from({ length: size }, (_, i) => i));
    expect(size).toBeGreaterThanOrEqual(before[0]!.n + 50);
    const unsequenced = rowsOf<{ n: number }>(
      await world.db.execute(
        sql`select count(*)::int as n from audit_events e where not exists (select 1 from audit_log_leaves l where l.event_id = e.id)`,
      ),
    );
    expect(unsequenced[0]!.n).toBe(0);
    expect(await verifyAuditLog(world.db)).toMatchObject({ ok: true, checked: size });
  }, 60_000);

  it("the admin sees an event at once, marked not sequenced, then sequenced with an inclusion proof the offline script accepts; a changed event or proof is refused", async () => {
    const sa = await world.as(world.demo.SUPER_ADMIN);
    await caller.record({ n: 4242 });
    const [event] = await probeEvents([4242]);
    const listed = (await sa.audit.list({ action: "PROBE_RECORDED", targetId: "4242", limit: 5 })).items;
    expect(listed).toMatchObject([{ id: event!.id, logIndex: null }]);
    expect(await sa.audit.prove({ eventId: event!.id })).toEqual({ status: "PENDING", eventId: event!.id });
    expect((await sa.audit.status()).pending).toBeGreaterThanOrEqual(1);

    await sequenceAll(world.db);
    const status = await sa.audit.status();
    expect(status.pending).toBe(0);
    expect(status.checkpoint!.treeSize).toBeGreaterThan(0);
    const proof = await sa.audit.prove({ eventId: event!.id });
    expect(proof.status).toBe("SEQUENCED");
    if (proof.status !== "SEQUENCED") return;
    expect((await sa.audit.list({ action: "PROBE_RECORDED", targetId: "4242", limit: 5 })).items[0]!.logIndex).toBe(
      proof.logIndex,
    );

    // An admin of one region cannot prove an event outside it (it is not found for them).
    await expectError((await world.as(world.demo.ADMIN)).audit.prove({ eventId: event!.id }), "NOT_FOUND");

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-proof-"));
    try {
      const res = await checkpointKeyDocument();
      expect(res.headers.get("cache-control")).toContain("public");
      expect(res.headers.get("set-cookie")).toBeNull();
      const keyFile = path.join(dir, "key.json");
      fs.writeFileSync(keyFile, await res.text());
      const write = (name: string, body: unknown) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, JSON.stringify(body));
        return file;
      };
      const bent = [...proof.proof];
      if (bent.length > 0) bent[0] = bent[0]!.replace(/^./, (c) => (c === "0" ? "1" : "0"));
      const forgedRoot = proof.checkpoint.replace(
        /^(.*\n\d+\n)(.)/,
        (_m, head: string, c: string) => head + (c === "A" ? "B" : "A"),
      );
      // The four checks run side by side: each is a process of its own.
      const [good, changed, wrongPath, badCheckpoint] = await Promise.all([
        checkProof(write("good.json", proof), keyFile),
        checkProof(write("changed.json", { ...proof, event: { ...proof.event, targetId: "4243" } }), keyFile),
        checkProof(write("bent.json", { ...proof, proof: bent }), keyFile),
        checkProof(write("cp.json", { ...proof, checkpoint: forgedRoot }), keyFile),
      ]);
      expect(good.code, good.stderr).toBe(0);
      expect(good.stdout).toContain(`VERIFIED: event ${event!.id} (PROBE_RECORDED) is entry #${proof.logIndex}`);
      expect(changed.code).not.toBe(0);
      expect(changed.stderr).toContain("the event's contents do not give its leaf hash");
      if (proof.proof.length > 0) {
        expect(wrongPath.code).not.toBe(0);
        expect(wrongPath.stderr).toContain("is not in the tree this checkpoint signs");
      }
      expect(badCheckpoint.code).not.toBe(0);
      expect(badCheckpoint.stderr).toContain("the signature does not match the checkpoint");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  function checkProof(proofFile: string, keyFile: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn("npm", ["run", "--silent", "audit:check-proof", "--", proofFile, keyFile], { cwd: REPO });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
  }
});

describe("one sequencer at a time, and faults", () => {
  let handle: DatabaseHandle;
  let db: Database;
  beforeAll(async () => {
    handle = await freshDatabase();
    db = handle.db;
  });
  afterAll(async () => {
    await handle?.close();
  });

  /** Keys of sequencer processes started with their own AUDIT_SIGNING_KEYS. */
  const otherKeys: AuditKeyring["keys"] = [];
  const allKeys = async (): Promise<AuditKeyring> => {
    const own = await getAuditKeyring();
    return { signer: own.signer, keys: [...own.keys, ...otherKeys] };
  };
  const write = (n: number, tag: string) =>
    Promise.all(
      Array.from({ length: n }, (_, i) => appendAuditEvents(db, { ...SYSTEM, requestId: `${tag}-${i}` }, [{ action: tag }])),
    );

  async function untilAllSequenced(ms = 20_000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const [row] = rowsOf<{ n: number }>(
        await db.execute(
          sql`select count(*)::int as n from audit_events e where not exists (select 1 from audit_log_leaves l where l.event_id = e.id)`,
        ),
      );
      if (row!.n === 0) return;
      if (Date.now() > deadline) throw new Error(`${row!.n} events still not sequenced`);
      await sleep(100);
    }
  }

  async function expectOneContiguousLog(keyring?: AuditKeyring) {
    const leaves = await db
      .select({ i: auditLogLeaves.logIndex, e: auditLogLeaves.eventId })
      .from(auditLogLeaves)
      .orderBy(auditLogLeaves.logIndex);
    const events = await db.select({ id: auditEvents.id }).from(auditEvents);
    expect(leaves.map((l) => l.i)).toEqual(Array.from({ length: leaves.length }, (_, i) => i));
    expect(new Set(leaves.map((l) => l.e)).size).toBe(leaves.length);
    expect(leaves.length).toBe(events.length);
    expect(await verifyAuditLog(db, { keyring })).toMatchObject({ ok: true, checked: events.length });
  }

  it("two sequencers running at once never sequence an event twice; a batch racing another fails whole on the log's keys", async () => {
    const origin = (await import("@/db/client")).databaseOrigin(db)!;
    const a = new Sequencer({ db, kind: origin.kind, url: origin.url, intervalMs: 20 });
    const b = new Sequencer({ db, kind: origin.kind, url: origin.url, intervalMs: 20 });
    a.start();
    b.start();
    try {
      for (let round = 0; round < 5; round++) await write(40, `TWO_SEQUENCERS_${round}`);
      // Meanwhile, two explicit batches from the app's own pool, side by side with the running
      // sequencers: a batch that races another one fails whole on the log's keys, or succeeds.
      const keyring = await getAuditKeyring();
      await write(30, "SIDE_BY_SIDE");
      const raced = await Promise.allSettled(
        [0, 1].map(() => db.transaction((tx) => sequenceBatch(tx as unknown as Database, keyring))),
      );
      for (const r of raced) {
        if (r.status === "rejected") {
          const err = r.reason as { cause?: { code?: string }; code?: string };
          expect(err.cause?.code ?? err.code).toBe("23505");
        }
      }
      await untilAllSequenced();
      if (onPostgres) expect([a.isLeader, b.isLeader].filter(Boolean)).toHaveLength(1);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    await expectOneContiguousLog();
  }, 60_000);

  (onPostgres ? it : it.skip)(
    "a sequencer process whose connection is killed mid-batch, then the process itself, loses nothing; a standby takes over within seconds",
    async () => {
      const origin = (await import("@/db/client")).databaseOrigin(db)!;
      const jwk = await generateSigningJwk("fault-audit");
      const own = await getAuditKeyring();
      otherKeys.push(...auditKeyringFrom([jwk]).keys);
      const both = { signer: own.signer, keys: [...own.keys, ...otherKeys] };
      const children: ChildProcess[] = [];
      const output: string[] = [];
      const startProcess = () =>
        new Promise<ChildProcess>((resolve, reject) => {
          const child = spawn("npx", ["tsx", "--conditions=react-server", "server/audit/sequencer-cli.ts"], {
            cwd: REPO,
            env: { ...process.env, DATABASE_URL: origin.url, AUDIT_SIGNING_KEYS: JSON.stringify({ keys: [jwk] }) },
          });
          children.push(child);
          child.stderr.on("data", (d: Buffer) => output.push(d.toString()));
          child.stdout.on("data", (d: Buffer) => {
            output.push(d.toString());
            if (d.toString().includes("started")) resolve(child);
          });
          child.on("exit", (code) => reject(new Error(`sequencer process exited (${code})`)));
        });
      const leaderBackend = async () =>
        rowsOf<{ pid: number; app: string; inTx: boolean }>(
          await db.execute(sql`select a.pid, a.application_name as app, a.xact_start is not null as "inTx" from pg_stat_activity a
            join pg_locks l on l.pid = a.pid and l.locktype = 'advisory' and l.objid = ${0x7e55a0d2} and l.granted`),
        )[0];
      try {
        // Two candidates, as two servers would run; whichever leads is the one attacked.
        await startProcess();
        await startProcess();
        for (let i = 0; i < 100 && !(await leaderBackend()); i++) await sleep(100);
        expect(await leaderBackend()).toBeDefined();

        // The leader's backend is killed in the middle of batches (transaction open) while events
        // pour in: each such batch rolls back whole; a process reconnects and leads again.
        let kills = 0;
        const pouring = (async () => {
          for (let round = 0; round < 10; round++) {
            await write(25, `UNDER_FIRE_${round}`);
            await sleep(50);
          }
        })();
        for (let tries = 0; tries < 400 && kills < 4; tries++) {
          const b = await leaderBackend();
          if (b?.inTx) {
            const [r] = rowsOf<{ killed: boolean }>(await db.execute(sql`select pg_terminate_backend(${b.pid}) as killed`));
            if (r?.killed) kills += 1;
            await sleep(200);
          } else await sleep(2);
        }
        await pouring;
        expect(kills).toBeGreaterThan(0);
        await untilAllSequenced(30_000);
        await expectOneContiguousLog(both);

        // The leading process is killed outright while events are written: the other takes over.
        await startProcess(); // a spare, so one candidate remains whichever process led
        let leader = await leaderBackend();
        for (let i = 0; i < 50 && !leader; i++) leader = (await sleep(100), await leaderBackend());
        const leaderPid = Number(/(\d+)$/.exec(leader!.app)?.[1]);
        const victim = children.find((c) => c.pid === leaderPid);
        const pouringAgain = write(60, "LEADER_KILLED");
        if (victim) victim.kill("SIGKILL");
        else process.kill(leaderPid, "SIGKILL");
        const killedAt = Date.now();
        await pouringAgain;
        await untilAllSequenced(20_000);
        expect(Date.now() - killedAt).toBeLessThan(10_000);
        const next = await leaderBackend();
        expect(next?.app).not.toBe(leader!.app);
        await expectOneContiguousLog(both);
      } catch (err) {
        throw new Error(`${(err as Error).message}\nsequencer processes said:\n${output.join("")}`);
      } finally {
        for (const child of children) child.kill("SIGKILL");
      }
    },
    120_000,
  );

  it("a checkpoint whose signature, root or size was changed is refused and named", async () => {
    await write(5, "BEFORE_TAMPERING");
    await sequenceAll(db);
    expect(await verifyAuditLog(db, { keyring: await allKeys() })).toMatchObject({ ok: true });
    const [last] = await db
      .select()
      .from(auditCheckpoints)
      .orderBy(sql`${auditCheckpoints.treeSize} desc`)
      .limit(1);
    const tamper = async (statement: ReturnType<typeof sql>) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL session_replication_role = replica`);
        await tx.execute(statement);
      });
    const sigLine = last!.note.split("\n").at(-2)!;
    const blob = sigLine.split(" ").at(-1)!;
    const flipped = blob.slice(0, 10) + (blob[10] === "A" ? "B" : "A") + blob.slice(11);
    await tamper(
      sql`UPDATE audit_checkpoints SET note = ${last!.note.replace(blob, flipped)} WHERE tree_size = ${last!.treeSize}`,
    );
    expect(await verifyAuditLog(db, { keyring: await allKeys() })).toMatchObject({
      ok: false,
      brokenAt: { kind: "checkpoint", treeSize: last!.treeSize, reason: "the signature does not match the checkpoint" },
    });
    await tamper(
      sql`UPDATE audit_checkpoints SET note = ${last!.note}, root_hash = ${"ab".repeat(32)} WHERE tree_size = ${last!.treeSize}`,
    );
    expect(await verifyAuditLog(db, { keyring: await allKeys() })).toMatchObject({
      ok: false,
      brokenAt: { kind: "checkpoint", treeSize: last!.treeSize, reason: "the stored size or root differs from the signed one" },
    });
    // A leaf hash rewritten to match an edited event: every leaf agrees, the signed root does not.
    await tamper(sql`UPDATE audit_checkpoints SET root_hash = ${last!.rootHash} WHERE tree_size = ${last!.treeSize}`);
    const [leaf] = await db
      .select()
      .from(auditLogLeaves)
      .where(eq(auditLogLeaves.logIndex, last!.treeSize - 1));
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.id, leaf!.eventId));
    const { leafData } = await import("@/server/audit/canonical");
    const forged = leafHash(leafData({ ...event!, action: "FORGED" })).toString("hex");
    await tamper(sql`UPDATE audit_events SET action = 'FORGED' WHERE id = ${leaf!.eventId}`);
    await tamper(sql`UPDATE audit_log_leaves SET leaf_hash = ${forged} WHERE log_index = ${leaf!.logIndex}`);
    expect(await verifyAuditLog(db, { keyring: await allKeys() })).toMatchObject({
      ok: false,
      brokenAt: { kind: "checkpoint", treeSize: last!.treeSize, reason: "the signed root does not match the events it covers" },
    });
  });
});
