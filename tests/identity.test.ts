// Identity enrollment (KYC): the transition table, national-ID hashing and re-keying, the whole
// enrollment through the queue, documents' privacy, concurrent decisions, admins' history, and a
// privacy scan: known national ID numbers never appear in the database, logs or responses.
import { spawnSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { encodePng } from "@/db/sample-png";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq, sql } from "drizzle-orm";
import superjson from "superjson";
import { createTRPCClient, httpLink } from "@trpc/client";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { aliases, citizenProfiles, enrollmentCases, moderationItems, users } from "@/db/schema";
import { ENROLLMENT_STATUSES } from "@/db/schema/values";
import { env, loadEnv } from "@/server/env";
import { appRouter, type AppRouter } from "@/server/root";
import { createContextInner } from "@/server/context";
import { digestNationalId, nidKeys, normaliseNationalId, rekeyHash } from "@/server/identity/nid";
import { nidKeySetProblem } from "@/server/identity/nid-keys";
import { rekeyProfiles } from "@/server/identity/rekey";
import {
  ENROLLMENT_TRANSITIONS,
  nextEnrollmentStatus,
  type EnrollmentAction,
  type EnrollmentActor,
} from "@/server/identity/transitions";
import { serveUpload } from "@/server/uploads/access";
import { AppError } from "@/server/errors";
import { onPostgres } from "./db";
import {
  expectError,
  expectRefusedNoWrites,
  NAXOS,
  outcome,
  queueItemOf,
  SYROS,
  seededWorld,
  withAudit,
  type DemoUser,
  type TestWorld,
} from "./helpers";

// ------------------------------------------------------------------ files made here

function png(width: number, height: number, shade = 90): Buffer {
  return encodePng(width, height, () => [shade, shade, shade]);
}
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1");

function docForm(kind: string, bytes: Buffer, name = "card.png", type = "image/png"): FormData {
  const fd = new FormData();
  fd.append("kind", kind);
  fd.append("file", new Blob([new Uint8Array(bytes)], { type }), name);
  return fd;
}

// ------------------------------------------------------------------ setup

let world: TestWorld;
let uploadsDir: string;
const savedEnv = { ...env };
let districtId: string;

beforeAll(async () => {
  world = await seededWorld();
  districtId = world.district(NAXOS);
  uploadsDir = mkdtempSync(path.join(tmpdir(), "tessera-identity-"));
  Object.assign(env, {
    UPLOADS_DIR: uploadsDir,
    CLOUDINARY_CLOUD_NAME: undefined,
    CLOUDINARY_API_KEY: undefined,
    CLOUDINARY_API_SECRET: undefined,
  });
});

afterAll(async () => {
  Object.assign(env, savedEnv);
  rmSync(uploadsDir, { recursive: true, force: true });
  await world?.close();
});

let nidCounter = 0;
/** A fresh, plausible national ID number, formatted the way people type them. */
function freshNid(): string {
  nidCounter += 1;
  const n = String(Date.now() % 1_000_000).padStart(6, "0") + String(nidCounter).padStart(3, "0");
  return `ZX-${n.slice(0, 4)} ${n.slice(4)}`;
}

/** Start, details, both sides of the ID card, submit; returns the case id. */
async function enrollAndSubmit(person: DemoUser, nationalId = freshNid()) {
  const me = await world.as(person);
  await me.identity.start();
  await me.identity.saveDetails({ legalName: "Eleni Test Person", dateOfBirth: "1990-05-06", districtId, nationalId });
  await me.identity.uploadDocument(docForm("ID_FRONT", png(400, 300)));
  await me.identity.uploadDocument(docForm("ID_BACK", png(400, 300, 140)));
  return (await me.identity.submit()).id;
}

async function claimCase(caseId: string, moderator: DemoUser = world.demo.MODERATOR) {
  const item = await queueItemOf(world, caseId, "ENROLLMENT_CASE");
  const claimed = await (await world.as(moderator)).moderation.claim({ itemId: item!.id });
  return claimed;
}

async function kycOf(userId: string) {
  const [row] = await world.db.select({ kycStatus: users.kycStatus }).from(users).where(eq(users.id, userId));
  return row!.kycStatus;
}

// ------------------------------------------------------------------ the transition table

describe("the enrollment transition table", () => {
  const actors: EnrollmentActor[] = ["CITIZEN", "MODERATOR", "SYSTEM"];
  const actions: EnrollmentAction[] = ["submit", "resubmit", "review", "release", "approve", "reject", "requestChanges", "lapse"];
  const cases = actors.flatMap((actor) =>
    actions.flatMap((action) => ENROLLMENT_STATUSES.map((from) => [actor, action, from] as const)),
  );

  it.each(cases)("%s %s from %s", (actor, action, from) => {
    const move = ENROLLMENT_TRANSITIONS.find((t) => t.actor === actor && t.action === action && t.from === from);
    if (move) {
      expect(nextEnrollmentStatus(actor, action, from)).toBe(move.to);
    } else {
      let error: unknown;
      try {
        nextEnrollmentStatus(actor, action, from);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("INVALID_STATE");
      expect((error as AppError).reason).toBe("ILLEGAL_TRANSITION");
    }
  });

  it("is exactly the lifecycle of the specification", () => {
    expect(ENROLLMENT_TRANSITIONS.map((t) => `${t.actor} ${t.from}→${t.to}`)).toEqual([
      "CITIZEN DRAFT→SUBMITTED",
      "CITIZEN CHANGES_REQUESTED→SUBMITTED",
      "MODERATOR SUBMITTED→IN_REVIEW",
      "MODERATOR IN_REVIEW→SUBMITTED",
      "MODERATOR IN_REVIEW→APPROVED",
      "MODERATOR IN_REVIEW→REJECTED",
      "MODERATOR IN_REVIEW→CHANGES_REQUESTED",
      "SYSTEM CHANGES_REQUESTED→REJECTED",
    ]);
    // Nothing leaves APPROVED or REJECTED; a citizen never decides; a moderator never submits.
    expect(ENROLLMENT_TRANSITIONS.filter((t) => t.from === "APPROVED" || t.from === "REJECTED")).toEqual([]);
    expect(
      ENROLLMENT_TRANSITIONS.filter((t) => t.actor === "CITIZEN" && ["APPROVED", "REJECTED", "IN_REVIEW"].includes(t.to)),
    ).toEqual([]);
  });
});

// ------------------------------------------------------------------ national ID hashing

describe("national ID numbers", () => {
  const k1 = "k".repeat(40);
  const k2 = "m".repeat(40);
  const one = [{ version: 1, secret: k1 }];
  const two = [
    { version: 1, secret: k1 },
    { version: 2, secret: k2 },
  ];

  it("normalises spaces, dashes, dots and case to one number", () => {
    expect(normaliseNationalId(" ab-123 456 ")).toBe("AB123456");
    expect(normaliseNationalId("AB.123.456")).toBe("AB123456");
    expect(digestNationalId("AB123456", one).hash).toBe(digestNationalId(normaliseNationalId("ab – 123456"), one).hash);
  });

  it("hashes with the newest key, chained on the older ones, so re-keying needs no number", () => {
    const v1 = digestNationalId("AB123456", one);
    const v2 = digestNationalId("AB123456", two);
    expect(v2.version).toBe(2);
    expect(v2.candidates).toEqual([v1.hash, v2.hash]);
    expect(rekeyHash(v1.hash, 1, 2, two)).toBe(v2.hash);
    expect(v2.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(v2.last4).toBe("3456");
  });

  it("keeps accepting the single NID_HMAC_KEY as version 1, and checks the key set", () => {
    expect(nidKeys({ NID_HMAC_KEY: k1 })).toEqual(one);
    expect(nidKeys({ NID_HMAC_KEYS: `2:${k2}, 1:${k1}`, NID_HMAC_KEY: "ignored".repeat(6) })).toEqual(two);
    expect(nidKeySetProblem(`1:${k1},3:${k2}`)).toContain("without gaps");
    expect(nidKeySetProblem(`1:short`)).toContain("at least 32");
    expect(nidKeySetProblem(`1:short`)).not.toContain("short");
    expect(() => loadEnv({ NID_HMAC_KEYS: `1:${k1},3:${k2}` })).toThrow(/NID_HMAC_KEYS/);
    expect(loadEnv({ NID_HMAC_KEYS: `1:${k1},2:${k2}` }).NID_HMAC_KEYS).toBe(`1:${k1},2:${k2}`);
  });
});

// ------------------------------------------------------------------ the whole enrollment

describe("an enrollment from start to approval", () => {
  it("a new host enrolls, is asked for a change, answers, is approved, and can then list", async () => {
    const host = await world.addUser({ role: "HOST", district: NAXOS });
    const me = await world.as(host);
    await expectError(
      me.listings.create({
        kind: "SERVICE",
        title: "Kayak tour",
        description: "Paddle along the coast for two hours.",
        category: "outdoors",
        price: null,
        contact: null,
        meetingPoint: null,
      }),
      "FORBIDDEN",
      "RULE_DENIED",
      "KYC_NOT_VERIFIED",
    );
    expect((await me.identity.mine()).canStart).toBe(true);

    await expectError(me.identity.submit(), "BAD_REQUEST", "INVALID_STATE", "NO_OPEN_CASE");
    await me.identity.start();
    await expectError(me.identity.submit(), "BAD_REQUEST", "INVALID_STATE", "INCOMPLETE");
    const caseId = await enrollAndSubmit(host);
    expect(await kycOf(host.id)).toBe("PENDING");
    // Locked while waiting.
    await expectError(
      me.identity.uploadDocument(docForm("ID_BACK", png(400, 300))),
      "BAD_REQUEST",
      "INVALID_STATE",
      "CASE_LOCKED",
    );

    const moderator = await world.as(world.demo.MODERATOR);
    const item = await queueItemOf(world, caseId, "ENROLLMENT_CASE");
    expect(item?.status).toBe("OPEN");
    // Not claimed: no personal details or documents for the reviewer, and no decision.
    const before = await moderator.identity.review({ itemId: item!.id });
    expect(before.holding).toBe(false);
    expect(before.profile).toBeNull();
    expect(before.documents.map((d) => d.url)).toEqual([null, null]);
    expect(JSON.stringify(before)).not.toContain("Eleni Test Person");
    await expectError(
      moderator.moderation.decide({ itemId: item!.id, version: item!.version, decision: "APPROVE", reason: "looks fine" }),
      "BAD_REQUEST",
      "INVALID_STATE",
      "NOT_CLAIMED",
    );

    const claimed = await claimCase(caseId);
    const { result: view, events: viewed } = await withAudit(world, () => moderator.identity.review({ itemId: item!.id }));
    expect(view).toMatchObject({
      status: "IN_REVIEW",
      holding: true,
      profile: { legalName: "Eleni Test Person", dateOfBirth: "1990-05-06" },
    });
    // The holder's view of the person is audited (ids only, nothing of the person in the record).
    expect(viewed).toMatchObject([
      {
        action: "ENROLLMENT_DETAILS_VIEWED",
        actorId: world.demo.MODERATOR.id,
        targetType: "enrollment_case",
        targetId: caseId,
        changes: { itemId: item!.id },
      },
    ]);
    expect(JSON.stringify(viewed)).not.toContain("Eleni");
    // Another moderator, while the case is held: the case without the person's details or papers.
    const bystander = await world.as(await world.addUser({ role: "MODERATOR", district: NAXOS }));
    const aside = await withAudit(world, () => bystander.identity.review({ itemId: item!.id }));
    expect(aside.result).toMatchObject({ holding: false, profile: null });
    expect(aside.result.documents.map((d) => d.url)).toEqual([null, null]);
    expect(JSON.stringify(aside.result)).not.toContain("1990-05-06");
    expect(aside.actions).toEqual([]);
    expect(view.documents.map((d) => d.kind)).toEqual(["ID_FRONT", "ID_BACK"]);
    expect(view.documents[0]!.url).toBe(`/api/uploads/${view.documents[0]!.assetId}`);

    const changes = await withAudit(world, () =>
      moderator.moderation.decide({
        itemId: item!.id,
        version: claimed.version,
        decision: "REQUEST_CHANGES",
        reason: "The back of the card is blurred.",
      }),
    );
    expect(changes.actions).toEqual(["ENROLLMENT_CHANGES_REQUESTED", "MODERATION_REQUEST_CHANGES"]);
    const mine = await me.identity.mine();
    expect(mine.current).toMatchObject({
      status: "CHANGES_REQUESTED",
      editable: true,
      decisionNote: "The back of the card is blurred.",
    });
    expect(await kycOf(host.id)).toBe("PENDING");

    await me.identity.uploadDocument(docForm("ID_BACK", png(500, 320, 200)));
    await me.identity.uploadDocument(docForm("PROOF_OF_ADDRESS", PDF, "bill.pdf", "application/pdf"));
    expect((await me.identity.submit()).status).toBe("SUBMITTED");
    const reopened = await queueItemOf(world, caseId, "ENROLLMENT_CASE");
    expect(reopened?.status).toBe("OPEN");

    const again = await claimCase(caseId);
    const approval = await withAudit(world, () =>
      moderator.moderation.decide({ itemId: item!.id, version: again.version, decision: "APPROVE", reason: "Documents match." }),
    );
    expect(approval.actions).toEqual(["ENROLLMENT_APPROVED", "KYC_STATUS_CHANGED", "MODERATION_APPROVE"]);
    expect(approval.events.find((e) => e.action === "KYC_STATUS_CHANGED")?.changes).toMatchObject({
      kycStatus: { before: "PENDING", after: "VERIFIED" },
    });
    expect(await kycOf(host.id)).toBe("VERIFIED");
    const approved = await me.identity.mine();
    expect(approved).toMatchObject({
      kycStatus: "VERIFIED",
      canStart: false,
      current: { status: "APPROVED", editable: false },
    });
    // Approval issued the person's global alias: their own reference, stored as GLOBAL, derived from
    // nothing an organization holds, and not in the approval's audit record.
    expect(approved.reference).toMatch(/^[A-Z2-7]{52}$/);
    const stored = await world.db.select().from(aliases).where(eq(aliases.userId, host.id));
    expect(stored.filter((a) => a.kind === "GLOBAL").map((a) => a.alias)).toEqual([approved.reference]);
    expect(JSON.stringify(approval.events)).not.toContain(approved.reference!);
    // A new request reads the new status (each request loads the user afresh).
    const verified = await world.as(host);
    await expectError(verified.identity.start(), "FORBIDDEN", "RULE_DENIED", "ALREADY_VERIFIED");

    const listing = await verified.listings.create({
      kind: "SERVICE",
      title: "Kayak tour",
      description: "Paddle along the coast for two hours.",
      category: "outdoors",
      price: null,
      contact: null,
      meetingPoint: null,
    });
    expect(listing.id).toBeTruthy();
  });

  it("a rejection tells the reason, sets REJECTED, and a new enrollment can start", async () => {
    const traveler = await world.addUser({ role: "TRAVELER", district: NAXOS });
    const caseId = await enrollAndSubmit(traveler);
    const claimed = await claimCase(caseId);
    const moderator = await world.as(world.demo.MODERATOR);
    await expectError(
      moderator.moderation.decide({ itemId: claimed.id, version: claimed.version, decision: "HIDE", reason: "hide it" }),
      "BAD_REQUEST",
      "INVALID_STATE",
    );
    await moderator.moderation.decide({
      itemId: claimed.id,
      version: claimed.version,
      decision: "REJECT",
      reason: "The name does not match the card.",
    });
    expect(await kycOf(traveler.id)).toBe("REJECTED");
    const me = await world.as(traveler);
    expect(await me.identity.mine()).toMatchObject({
      kycStatus: "REJECTED",
      canStart: true,
      current: { status: "REJECTED", decisionNote: "The name does not match the card." },
    });
    const next = await me.identity.start();
    expect(next.id).not.toBe(caseId);
    expect((await me.identity.mine()).history.map((h) => h.status)).toEqual(["DRAFT", "REJECTED"]);
  });

  it("releasing a claimed case puts it back in the queue", async () => {
    const traveler = await world.addUser({ role: "TRAVELER", district: NAXOS });
    const caseId = await enrollAndSubmit(traveler);
    const claimed = await claimCase(caseId);
    await (await world.as(world.demo.MODERATOR)).moderation.release({ itemId: claimed.id });
    const [row] = await world.db.select().from(enrollmentCases).where(eq(enrollmentCases.id, caseId));
    expect(row!.status).toBe("SUBMITTED");
  });

  it("nobody claims or decides their own case", async () => {
    const person = await world.addUser({ role: "TRAVELER", district: NAXOS });
    const caseId = await enrollAndSubmit(person);
    // The person later became a moderator: their own case stays out of their reach.
    await world.db.update(users).set({ role: "MODERATOR" }).where(eq(users.id, person.id));
    const item = await queueItemOf(world, caseId, "ENROLLMENT_CASE");
    const self = await world.as(person);
    await expectError(self.moderation.claim({ itemId: item!.id }), "FORBIDDEN", "RULE_DENIED", "OWN_ENROLLMENT");
    await expectError(self.identity.review({ itemId: item!.id }), "FORBIDDEN", "RULE_DENIED", "OWN_ENROLLMENT");
    const claimed = await claimCase(caseId);
    await (await world.as(world.demo.MODERATOR)).moderation.release({ itemId: claimed.id });
    const fresh = await queueItemOf(world, caseId, "ENROLLMENT_CASE");
    // Deciding needs a claim, and claiming their own case is refused (above).
    await expectError(
      self.moderation.decide({ itemId: fresh!.id, version: fresh!.version, decision: "APPROVE", reason: "my own" }),
      "BAD_REQUEST",
      "INVALID_STATE",
      "NOT_CLAIMED",
    );
    expect(await kycOf(person.id)).toBe("PENDING");
  });

  it("only the moderator holding a case decides it: not another one, not after the claim lapsed", async () => {
    const traveler = await world.addUser({ role: "TRAVELER", district: NAXOS });
    const caseId = await enrollAndSubmit(traveler);
    const first = await world.as(world.demo.MODERATOR);
    const second = await world.as(await world.addUser({ role: "MODERATOR", district: NAXOS }));
    const claimed = await claimCase(caseId);
    const decide = (who: typeof first, version: number) =>
      who.moderation.decide({ itemId: claimed.id, version, decision: "APPROVE", reason: "Looks fine" });
    await expectError(decide(second, claimed.version), "CONFLICT", "CONFLICT", "CLAIMED_BY_OTHER");
    // The holder went home five hours ago: the claim lapsed, and with it the right to decide.
    await world.db
      .update(moderationItems)
      .set({ claimedAt: new Date(Date.now() - 5 * 60 * 60 * 1000) })
      .where(eq(moderationItems.id, claimed.id));
    const stranger = await expectRefusedNoWrites(
      world,
      () => decide(second, claimed.version),
      "BAD_REQUEST",
      "INVALID_STATE",
      "NOT_CLAIMED",
    );
    expect(stranger.message).toBe("Claim this item first: it is decided only by the moderator holding it.");
    const lapsed = await expectRefusedNoWrites(
      world,
      () => decide(first, claimed.version),
      "BAD_REQUEST",
      "INVALID_STATE",
      "NOT_CLAIMED",
    );
    expect(lapsed.message).toBe("Your claim on this item lapsed. Claim it again, then decide.");
    expect(await kycOf(traveler.id)).toBe("PENDING");
    expect((await world.db.select().from(enrollmentCases).where(eq(enrollmentCases.id, caseId)))[0]!.status).toBe("IN_REVIEW");
    // Taken over with a claim of their own, the second moderator decides it.
    const taken = await second.moderation.claim({ itemId: claimed.id });
    await decide(second, taken.version);
    expect(await kycOf(traveler.id)).toBe("VERIFIED");
  });

  it("two decisions at once: exactly one wins, and the KYC status is the winner's", async () => {
    const traveler = await world.addUser({ role: "TRAVELER", district: NAXOS });
    const caseId = await enrollAndSubmit(traveler);
    const claimed = await claimCase(caseId);
    const [a, b] = [await world.as(world.demo.MODERATOR), await world.as(world.demo.MODERATOR)];
    const results = await Promise.all([
      outcome(a.moderation.decide({ itemId: claimed.id, version: claimed.version, decision: "APPROVE", reason: "fine" })),
      outcome(b.moderation.decide({ itemId: claimed.id, version: claimed.version, decision: "REJECT", reason: "not fine" })),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const loser = results.find((r) => !r.ok) as Extract<(typeof results)[number], { ok: false }>;
    expect(loser.code).toBe("CONFLICT");
    const winner = results[0]!.ok ? "VERIFIED" : "REJECTED";
    expect(await kycOf(traveler.id)).toBe(winner);
    // Two moderators claiming at once: one holds it.
    const other = await world.addUser({ role: "TRAVELER", district: NAXOS });
    const second = await enrollAndSubmit(other);
    const item = await queueItemOf(world, second, "ENROLLMENT_CASE");
    const mod2 = await world.addUser({ role: "MODERATOR", district: NAXOS });
    const claims = await Promise.all([
      outcome((await world.as(world.demo.MODERATOR)).moderation.claim({ itemId: item!.id })),
      outcome((await world.as(mod2)).moderation.claim({ itemId: item!.id })),
    ]);
    expect(claims.filter((c) => c.ok)).toHaveLength(1);
  });
});

// ------------------------------------------------------------------ duplicates, input, documents

describe("what enrollment refuses", () => {
  it("a number already enrolled, however it is typed, without saying whose", async () => {
    const first = await world.addUser({ role: "TRAVELER", district: NAXOS, displayName: "Irini Firstcomer" });
    const nid = "QA-5512-0987";
    await enrollAndSubmit(first, nid);
    const second = await world.addUser({ role: "HOST", district: NAXOS });
    const me = await world.as(second);
    await me.identity.start();
    for (const typed of ["qa 5512 0987", "QA55120987", "qa-5512-0987"]) {
      const out = await expectError(
        me.identity.saveDetails({ legalName: "Someone Else", dateOfBirth: "1980-01-01", districtId, nationalId: typed }),
        "CONFLICT",
        "NATIONAL_ID_TAKEN",
      );
      expect(out.message).toContain("already enrolled");
      expect(out.message).not.toMatch(/Irini|Firstcomer|5512|0987/);
      expect(JSON.stringify(out.fieldErrors)).not.toMatch(/Irini|5512|0987/);
    }
    // The demo traveler's number, too.
    await expectError(
      me.identity.saveDetails({ legalName: "Someone Else", dateOfBirth: "1980-01-01", districtId, nationalId: "ak 908172" }),
      "CONFLICT",
      "NATIONAL_ID_TAKEN",
    );
  });

  it("bad details are said per field, without echoing the number", async () => {
    const person = await world.addUser({ role: "TRAVELER", district: NAXOS });
    const me = await world.as(person);
    await me.identity.start();
    const short = await expectError(
      me.identity.saveDetails({ legalName: "A Person", dateOfBirth: "1990-01-01", districtId, nationalId: "12-3" }),
      "BAD_REQUEST",
      "INVALID_STATE",
    );
    expect(short.fieldErrors?.nationalId?.[0]).toContain("6 to 20");
    expect(short.message).not.toContain("12-3");
    const future = await expectError(
      me.identity.saveDetails({ legalName: "A Person", dateOfBirth: "2999-01-01", districtId, nationalId: freshNid() }),
      "BAD_REQUEST",
    );
    expect(future.fieldErrors?.dateOfBirth?.[0]).toContain("future");
    await expectError(
      me.identity.saveDetails({ legalName: "A Person", dateOfBirth: "1990-02-30", districtId, nationalId: freshNid() }),
      "BAD_REQUEST",
    );
    await expectError(
      me.identity.saveDetails({ legalName: "A Person", dateOfBirth: "1990-01-01", districtId }),
      "BAD_REQUEST",
      "INVALID_STATE",
    );
  });

  it("documents: a PDF only as proof of address; other files by their bytes; never through the listing upload", async () => {
    const person = await world.addUser({ role: "TRAVELER", district: NAXOS });
    const me = await world.as(person);
    await me.identity.start();
    await expectError(
      me.identity.uploadDocument(docForm("ID_FRONT", PDF, "id.pdf", "application/pdf")),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "UNSUPPORTED_TYPE",
    );
    await expectError(
      me.identity.uploadDocument(docForm("ID_FRONT", Buffer.from("<html>hi</html>"), "id.png")),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "UNSUPPORTED_TYPE",
    );
    await expectError(
      me.identity.uploadDocument(docForm("ID_FRONT", png(100, 80))),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "TOO_SMALL_DIMENSIONS",
    );
    await expectError(me.identity.uploadDocument(docForm("SELFIE", png(400, 300))), "BAD_REQUEST", "INVALID_INPUT");
    expect(await me.identity.uploadDocument(docForm("PROOF_OF_ADDRESS", PDF, "bill.pdf", "application/pdf"))).toMatchObject({
      kind: "PROOF_OF_ADDRESS",
    });
    await me.identity.removeDocument({ kind: "PROOF_OF_ADDRESS" });
    expect((await me.identity.mine()).current?.documents).toEqual([]);
    const host = await world.as(world.demo.HOST);
    const fd = new FormData();
    fd.append("purpose", "ENROLLMENT_DOCUMENT");
    fd.append("file", new Blob([new Uint8Array(png(400, 300))], { type: "image/png" }), "id.png");
    await expectError(host.uploads.uploadLocal(fd), "BAD_REQUEST", "INVALID_INPUT");
  });

  it("documents are served only to their owner and the moderator holding the case, never cached", async () => {
    const person = await world.addUser({ role: "TRAVELER", district: NAXOS });
    const caseId = await enrollAndSubmit(person);
    const me = await world.as(person);
    const assetId = (await me.identity.mine()).current!.documents[0]!.assetId;
    const who = (u: DemoUser) => ({ id: u.id, role: u.role });
    const otherModerator = await world.addUser({ role: "MODERATOR", district: NAXOS });

    const own = await serveUpload(world.db, who(person), assetId);
    expect(own.status).toBe(200);
    expect(own.headers.get("cache-control")).toContain("no-store");
    for (const viewer of [
      who(world.demo.MODERATOR),
      who(otherModerator),
      who(world.demo.ADMIN),
      who(world.demo.SUPER_ADMIN),
      who(world.demo.TRAVELER),
      null,
    ]) {
      expect((await serveUpload(world.db, viewer, assetId)).status).toBe(404);
    }
    const claimed = await claimCase(caseId);
    const viewed: string[] = [];
    const held = await serveUpload(world.db, who(world.demo.MODERATOR), assetId, undefined, undefined, async (a) => {
      viewed.push(a.id);
    });
    expect(held.status).toBe(200);
    expect(viewed).toEqual([assetId]); // the reviewer's view is handed to the audit
    await serveUpload(world.db, who(person), assetId, undefined, undefined, async (a) => {
      viewed.push(a.id);
    });
    expect(viewed).toEqual([assetId]); // the owner's own view is not
    expect(held.headers.get("cache-control")).toContain("no-store");
    expect((await serveUpload(world.db, who(otherModerator), assetId)).status).toBe(404);
    await (
      await world.as(world.demo.MODERATOR)
    ).moderation.decide({ itemId: claimed.id, version: claimed.version, decision: "APPROVE", reason: "all good" });
    expect((await serveUpload(world.db, who(world.demo.MODERATOR), assetId)).status).toBe(404);
    expect((await serveUpload(world.db, who(person), assetId)).status).toBe(200);
  });
});

// ------------------------------------------------------------------ admins and the account page

describe("admins and accounts", () => {
  it("admins read a person's KYC status and case history within their region, no national ID", async () => {
    const person = await world.addUser({ role: "TRAVELER", district: NAXOS });
    await enrollAndSubmit(person);
    const history = await (await world.as(world.demo.ADMIN)).identity.historyOf({ userId: person.id });
    expect(history).toMatchObject({ kycStatus: "PENDING", cases: [{ status: "SUBMITTED" }] });
    expect(JSON.stringify(history)).not.toMatch(/nid|national/i);
    expect((await (await world.as(world.demo.SUPER_ADMIN)).identity.historyOf({ userId: person.id })).cases).toHaveLength(1);
    const highlander = await world.addUser({ role: "TRAVELER", district: "Zagori Villages" });
    await expectError(
      (await world.as(world.demo.ADMIN)).identity.historyOf({ userId: highlander.id }),
      "FORBIDDEN",
      "RULE_DENIED",
      "OUT_OF_REGION",
    );
    void SYROS;
  });

  it("the account page: profile and a new display name", async () => {
    const person = await world.addUser({ role: "TRAVELER", district: NAXOS, displayName: "Old Name" });
    const me = await world.as(person);
    expect(await me.account.profile()).toMatchObject({
      displayName: "Old Name",
      email: person.email,
      role: "TRAVELER",
      kycStatus: "UNVERIFIED",
      districtName: NAXOS,
    });
    const renamed = await withAudit(world, () => me.account.rename({ displayName: "New Name" }));
    expect(renamed.actions).toEqual(["DISPLAY_NAME_CHANGED"]);
    expect((await me.account.profile()).displayName).toBe("New Name");
    // Saving the name one already has succeeds (it used to fail as a server error).
    const again = await (await world.as(person)).account.rename({ displayName: "New Name" });
    expect(again).toEqual({ ok: true, displayName: "New Name" });
    await expectError(me.account.rename({ displayName: "x" }), "BAD_REQUEST", "INVALID_INPUT");
  });
});

// ------------------------------------------------------------------ re-keying

describe("npm run nid:rekey", () => {
  it("moves every profile to the newest key in resumable batches; duplicates are still found", async () => {
    const person = await world.addUser({ role: "TRAVELER", district: NAXOS });
    const nid = freshNid();
    await enrollAndSubmit(person, nid);
    const v1 = nidKeys();
    expect(v1).toHaveLength(1);
    const keys = [...v1, { version: 2, secret: "rotated-key-for-the-test-0123456789abcdef" }];
    const total = (await world.db.select({ n: sql<number>`count(*)::int` }).from(citizenProfiles))[0]!.n;

    // Half-way: one batch of two, as if the command stopped there.
    let batches = 0;
    await expect(
      rekeyProfiles(world.db, {
        keys,
        batchSize: 2,
        onBatch: () => {
          batches += 1;
          if (batches === 1) throw new Error("stopped");
        },
      }),
    ).rejects.toThrow("stopped");
    const atV2 = async () =>
      (
        await world.db
          .select({ n: sql<number>`count(*)::int` })
          .from(citizenProfiles)
          .where(eq(citizenProfiles.nidKeyVersion, 2))
      )[0]!.n;
    expect(await atV2()).toBe(2);
    const resumed = await rekeyProfiles(world.db, { keys, batchSize: 2 });
    expect(resumed.rekeyed).toBe(total - 2);
    expect(await atV2()).toBe(total);

    const [profile] = await world.db.select().from(citizenProfiles).where(eq(citizenProfiles.userId, person.id));
    expect(profile!.nidHash).toBe(digestNationalId(normaliseNationalId(nid), keys).hash);

    // With the rotated key set live, the same number is still refused for someone else.
    Object.assign(env, { NID_HMAC_KEYS: `1:${v1[0]!.secret},2:${keys[1]!.secret}` });
    try {
      const other = await world.addUser({ role: "TRAVELER", district: NAXOS });
      const me = await world.as(other);
      await me.identity.start();
      await expectError(
        me.identity.saveDetails({ legalName: "Another", dateOfBirth: "1970-03-03", districtId, nationalId: nid }),
        "CONFLICT",
        "NATIONAL_ID_TAKEN",
      );
    } finally {
      Object.assign(env, { NID_HMAC_KEYS: savedEnv.NID_HMAC_KEYS });
    }
  });
});

// ------------------------------------------------------------------ the privacy scan

describe("privacy scan: known national ID numbers appear nowhere", () => {
  it("not in any table, any log line, any response body", async () => {
    const NIDS = ["PX-4417-2093", "px 8830 1172", "PX.6605.9981", "PX-2290-4418"];
    const needles = NIDS.flatMap((n) => {
      const normalised = normaliseNationalId(n);
      return [n, normalised, normalised.replace(/\D/g, ""), n.toLowerCase()];
    });
    const bodies: string[] = [];
    const logs: string[] = [];
    let summary = "";
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
        logs.push(
          args
            .map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === "string" ? a : JSON.stringify(a)))
            .join(" "),
        );
      }),
    );
    try {
      // Every call over HTTP, as the browser makes it; every response body kept.
      const handle = (as: DemoUser) => (req: Request) =>
        fetchRequestHandler({
          endpoint: "/api/trpc",
          req,
          router: appRouter,
          createContext: () =>
            createContextInner({
              db: world.db,
              session: { userId: as.id, sessionVersion: as.sessionVersion },
              request: { ip: "127.0.0.1", userAgent: "vitest", requestId: randomUUID() },
            }),
          onError({ error, path: p }) {
            if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${p ?? "?"} failed:`, error.cause ?? error);
          },
        });
      const clientAs = (as: DemoUser) =>
        createTRPCClient<AppRouter>({
          links: [
            httpLink({
              url: "http://localhost/api/trpc",
              transformer: superjson,
              fetch: async (input, init) => {
                const res = await handle(as)(new Request(input as string, init as RequestInit));
                bodies.push(await res.clone().text());
                return res;
              },
            }),
          ],
        });
      const attempt = async <T>(p: Promise<T>) => {
        try {
          return await p;
        } catch (err) {
          bodies.push(String((err as Error).message));
          return null;
        }
      };

      const moderator = clientAs(world.demo.MODERATOR);
      const admin = clientAs(world.demo.ADMIN);
      const people: DemoUser[] = [];
      for (const [i, nid] of NIDS.entries()) {
        const person = await world.addUser({ role: i % 2 ? "HOST" : "TRAVELER", district: NAXOS });
        people.push(person);
        const c = clientAs(person);
        await c.identity.start.mutate();
        await c.identity.saveDetails.mutate({
          legalName: `Scan Person ${i}`,
          dateOfBirth: "1985-07-08",
          districtId,
          nationalId: nid,
        });
        // Invalid and duplicate attempts, whose errors must not echo the number either.
        await attempt(
          c.identity.saveDetails.mutate({
            legalName: `Scan Person ${i}`,
            dateOfBirth: "1985-07-08",
            districtId,
            nationalId: `${nid}-${"9".repeat(30)}`,
          }),
        );
        if (i > 0)
          await attempt(
            c.identity.saveDetails.mutate({
              legalName: `Scan Person ${i}`,
              dateOfBirth: "1985-07-08",
              districtId,
              nationalId: NIDS[0]!,
            }),
          );
        await c.identity.uploadDocument.mutate(docForm("ID_FRONT", png(400, 300)));
        await c.identity.uploadDocument.mutate(docForm("ID_BACK", png(400, 300, 160)));
        const submitted = await c.identity.submit.mutate();
        await c.identity.mine.query();
        await c.account.profile.query();
        const item = await queueItemOf(world, submitted.id, "ENROLLMENT_CASE");
        const claimed = await moderator.moderation.claim.mutate({ itemId: item!.id });
        await moderator.identity.review.query({ itemId: item!.id });
        await moderator.moderation.item.query({ itemId: item!.id });
        await moderator.moderation.decide.mutate({
          itemId: item!.id,
          version: claimed.version,
          decision: i === 3 ? "REJECT" : "APPROVE",
          reason: "Checked against the card.",
        });
        await admin.identity.historyOf.query({ userId: person.id });
        await c.identity.mine.query();
      }
      await admin.people.list.query({ limit: 50 });
      await admin.audit.list.query({ limit: 100 });
      await moderator.moderation.queue.query({ status: "RESOLVED" });

      // A dump of every table, each row as text.
      const tables = (await world.db.execute(
        sql`select tablename from pg_tables where schemaname = 'public' order by tablename`,
      )) as unknown as { rows: { tablename: string }[] } | { tablename: string }[];
      const names = (Array.isArray(tables) ? tables : tables.rows).map((r) => r.tablename);
      expect(names).toEqual(
        expect.arrayContaining(["citizen_profiles", "enrollment_cases", "enrollment_documents", "audit_events", "users"]),
      );
      const dump: string[] = [];
      for (const name of names) {
        const result = (await world.db.execute(sql.raw(`select t::text as row from "${name}" t`))) as unknown as
          { rows: { row: string }[] } | { row: string }[];
        dump.push(...(Array.isArray(result) ? result : result.rows).map((r) => `${name}: ${r.row}`));
      }

      // On PostgreSQL, pg_dump of the whole database too (schema, data, sequences), when the tool is there.
      let pgDumpLines = 0;
      const tableRows = dump.length;
      if (onPostgres) {
        const current = (await world.db.execute(sql`select current_database() as name`)) as unknown as { name: string }[];
        const url = new URL(process.env.DATABASE_URL!);
        url.pathname = `/${current[0]!.name}`;
        const out = spawnSync("pg_dump", ["--no-owner", url.toString()], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
        if (out.error && (out.error as NodeJS.ErrnoException).code !== "ENOENT") throw out.error;
        if (!out.error) {
          // A server newer than the client refuses the dump; the row dump above still covers every table.
          if (out.status === 0) {
            expect(out.stdout).toContain("citizen_profiles");
            const lines = out.stdout.split("\n");
            pgDumpLines = lines.length;
            dump.push(...lines.map((line) => `pg_dump: ${line}`));
          } else {
            console.warn(`[privacy scan] pg_dump did not run: ${out.stderr.split("\n")[0]}`);
          }
        }
      }

      const hits = (haystack: string[]) => haystack.filter((h) => needles.some((n) => h.includes(n)));
      // The scan is not vacuous: the people, their last four characters and the bodies are there.
      expect(dump.some((r) => r.startsWith("citizen_profiles:") && r.includes("Scan Person 0"))).toBe(true);
      // (the last four as a whole field of the row: a random id may contain "2093" too)
      expect(dump.filter((r) => r.startsWith("citizen_profiles:") && /[(,]2093[,)]/.test(r))).toHaveLength(1);
      expect(bodies.length).toBeGreaterThan(40);
      expect(bodies.some((b) => b.includes("already enrolled"))).toBe(true);
      summary = `[privacy scan] ${NIDS.length} numbers (${needles.length} spellings) against ${tableRows} rows of ${names.length} tables${pgDumpLines ? ` and ${pgDumpLines} lines of pg_dump` : ""}, ${bodies.length} response bodies, ${logs.length} log lines: 0 hits`;
      expect({ db: hits(dump), responses: hits(bodies), logs: hits(logs) }).toEqual({ db: [], responses: [], logs: [] });
    } finally {
      for (const s of spies) s.mockRestore();
    }
    console.info(summary);
  });
});

// ------------------------------------------------------------------ Cloudinary: private documents

describe("enrollment documents on Cloudinary", () => {
  const settings = { cloudName: "tessera-test", apiKey: "123456789012345", apiSecret: "test-secret-abcdefghijklmnop" };
  const FOLDER = "tessera/enrollment-documents";
  const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");
  const documented = (params: Record<string, string | number>) =>
    sha1(
      Object.keys(params)
        .sort()
        .map((k) => `${k}=${params[k]}`)
        .join("&") + settings.apiSecret,
    );

  beforeAll(() => {
    Object.assign(env, {
      CLOUDINARY_CLOUD_NAME: settings.cloudName,
      CLOUDINARY_API_KEY: settings.apiKey,
      CLOUDINARY_API_SECRET: settings.apiSecret,
    });
  });
  afterAll(() => {
    Object.assign(env, { CLOUDINARY_CLOUD_NAME: undefined, CLOUDINARY_API_KEY: undefined, CLOUDINARY_API_SECRET: undefined });
  });

  function result(over: Partial<Record<string, string | number>> = {}) {
    const public_id = `${FOLDER}/${randomUUID()}`;
    const version = 1_700_000_123;
    return {
      kind: "ID_FRONT" as const,
      public_id,
      version,
      signature: sha1(`public_id=${public_id}&version=${version}${settings.apiSecret}`),
      format: "jpg",
      bytes: 120_000,
      width: 1200,
      height: 800,
      secure_url: `https://res.cloudinary.com/${settings.cloudName}/image/authenticated/s--AbCd1234--/v${version}/${public_id}.jpg`,
      resource_type: "image",
      ...over,
    };
  }

  it("signs an authenticated (private) upload into the documents folder", async () => {
    const person = await world.addUser({ role: "TRAVELER", district: NAXOS });
    const signed = await (await world.as(person)).identity.signDocumentUpload();
    expect(signed.params).toMatchObject({ folder: FOLDER, type: "authenticated", allowed_formats: "jpg,png,webp,pdf" });
    expect(signed.signature).toBe(documented(signed.params));
  });

  it("registers only a signed, private result; viewers get a download URL that expires in minutes", async () => {
    const person = await world.addUser({ role: "TRAVELER", district: NAXOS });
    const me = await world.as(person);
    await me.identity.start();
    const good = result();
    // Delivered publicly (type upload): refused.
    await expectError(
      me.identity.registerCloudinaryDocument({
        ...good,
        secure_url: good.secure_url.replace("/image/authenticated/s--AbCd1234--/", "/image/upload/"),
      }),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "MISMATCHED_URL",
    );
    await expectError(
      me.identity.registerCloudinaryDocument({ ...good, signature: "0".repeat(40) }),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "BAD_SIGNATURE",
    );
    await expectError(
      me.identity.registerCloudinaryDocument({ ...result(), format: "pdf" }),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "UNSUPPORTED_TYPE",
    );
    expect(await me.identity.registerCloudinaryDocument(good)).toMatchObject({ kind: "ID_FRONT" });

    const doc = (await me.identity.mine()).current!.documents[0]!;
    const url = new URL(doc.url!);
    expect(url.host).toBe("api.cloudinary.com");
    expect(url.searchParams.get("type")).toBe("authenticated");
    const expires = Number(url.searchParams.get("expires_at"));
    expect(expires - Date.now() / 1000).toBeGreaterThan(60);
    expect(expires - Date.now() / 1000).toBeLessThanOrEqual(300);
    expect(url.searchParams.get("signature")).toMatch(/^[0-9a-f]{40}$/);
  });
});
