// The one moderation queue over listings: keywords (FLAG, REQUIRE_APPROVAL, BLOCK), reports, one item
// per target reopened rather than duplicated, claim and release, versioned decisions (two moderators
// at once: exactly one wins, on PGlite and on real Postgres), history, and every decision audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { auditEvents, keywords, moderationHistory, moderationItems, reports } from "@/db/schema";
import { matchKeywords } from "@/server/moderation/keywords";
import {
  approvedListing,
  createDraft,
  decideListing,
  deepStrings,
  expectError,
  expectRefusedNoWrites,
  listingIn,
  listingRow,
  NAXOS,
  queueItemOf,
  seededWorld,
  SYROS,
  withAudit,
  type DemoUser,
  type TestWorld,
} from "./helpers";
import { onPostgres } from "./db";

let world: TestWorld;
let moderator2: DemoUser;
let moderator3: DemoUser;
let moderator4: DemoUser;
beforeAll(async () => {
  world = await seededWorld();
  moderator2 = await world.addUser({
    role: "MODERATOR",
    district: SYROS,
    kycStatus: "VERIFIED",
    displayName: "Second moderator",
  });
  moderator3 = await world.addUser({ role: "MODERATOR", district: NAXOS, kycStatus: "VERIFIED", displayName: "Third moderator" });
  moderator4 = await world.addUser({
    role: "MODERATOR",
    district: NAXOS,
    kycStatus: "VERIFIED",
    displayName: "Fourth moderator",
  });
});
afterAll(async () => {
  await world?.close();
});

const mod = () => world.as(world.demo.MODERATOR);
const host = () => world.as(world.demo.HOST);

async function historyOf(itemId: string) {
  return world.db
    .select()
    .from(moderationHistory)
    .where(eq(moderationHistory.itemId, itemId))
    .orderBy(asc(moderationHistory.createdAt), asc(moderationHistory.id));
}

/** Adds a keyword as the moderator; removes it after `fn`, so other tests never meet it. */
async function withKeyword<T>(term: string, action: "FLAG" | "REQUIRE_APPROVAL" | "BLOCK", fn: () => Promise<T>): Promise<T> {
  const row = await (await mod()).moderation.addKeyword({ term, action });
  try {
    return await fn();
  } finally {
    await (await mod()).moderation.removeKeyword({ keywordId: row.id });
  }
}

// ---------------------------------------------------------------- keywords

describe("keywords", () => {
  it("whole-word, case-insensitive matching (the matcher alone)", () => {
    const terms = [
      { term: "scam", action: "BLOCK" as const },
      { term: "free money", action: "FLAG" as const },
    ];
    expect(matchKeywords(["Fresh scampi every day"], terms)).toEqual([]);
    expect(matchKeywords(["No SCAM here!"], terms)).toEqual([terms[0]]);
    expect(matchKeywords(["scam"], terms)).toEqual([terms[0]]);
    expect(matchKeywords(["(scam)"], terms)).toEqual([terms[0]]);
    expect(matchKeywords(["anti-scam advice"], terms)).toEqual([terms[0]]);
    expect(matchKeywords(["scams"], terms)).toEqual([]);
    expect(matchKeywords(["Get Free Money now"], terms)).toEqual([terms[1]]);
    expect(matchKeywords(["get free\nmoney"], terms)).toEqual([terms[1]]);
    expect(matchKeywords(["get free   money"], terms)).toEqual([terms[1]]);
    expect(matchKeywords(["freemoney"], terms)).toEqual([]);
    // A phrase does not span two fields.
    expect(matchKeywords(["free", "money"], terms)).toEqual([]);
    expect(matchKeywords([null, undefined, ""], terms)).toEqual([]);
  });

  it("moderators add (normalised), list and remove terms; each change audited; duplicates refused", async () => {
    const m = await mod();
    const { result: added, events } = await withAudit(world, () =>
      m.moderation.addKeyword({ term: "  Cheap   VIAGRA ", action: "FLAG" }),
    );
    expect(added).toMatchObject({ term: "cheap viagra", action: "FLAG", createdBy: world.demo.MODERATOR.id });
    expect(events.map((e) => [e.action, e.targetType, e.targetId, e.actorId])).toEqual([
      ["KEYWORD_ADDED", "keyword", added.id, world.demo.MODERATOR.id],
    ]);
    expect(events[0]!.changes).toEqual({ term: "cheap viagra", action: "FLAG" });
    expect((await m.moderation.keywords()).map((k) => k.term)).toContain("cheap viagra");

    const dup = await expectRefusedNoWrites(
      world,
      () => m.moderation.addKeyword({ term: "cheap viagra", action: "BLOCK" }),
      "CONFLICT",
      "CONFLICT",
    );
    expect(dup.fieldErrors).toEqual({ term: ["That term is already on the list."] });
    await expectRefusedNoWrites(
      world,
      () => m.moderation.addKeyword({ term: "x", action: "BLOCK" }),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
    await expectRefusedNoWrites(
      world,
      () => m.moderation.addKeyword({ term: "fine", action: "DELETE" as never }),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );

    // The list is the moderators' own: admins are refused.
    const admin = await world.as(world.demo.ADMIN);
    await expectRefusedNoWrites(
      world,
      () => admin.moderation.removeKeyword({ keywordId: added.id }),
      "FORBIDDEN",
      "ROLE_REQUIRED",
    );
    const removed = await withAudit(world, () => m.moderation.removeKeyword({ keywordId: added.id }));
    expect(removed.events.map((e) => [e.action, e.targetId, e.changes])).toEqual([
      ["KEYWORD_REMOVED", added.id, { term: "cheap viagra", action: "FLAG" }],
    ]);
    expect((await m.moderation.keywords()).map((k) => k.term)).not.toContain("cheap viagra");
    await expectRefusedNoWrites(world, () => m.moderation.removeKeyword({ keywordId: added.id }), "NOT_FOUND", "NOT_FOUND");
  });

  it("non-moderators cannot read or manage keywords (and the attempt is a security event)", async () => {
    const [row] = await world.db.insert(keywords).values({ term: "planted term", action: "FLAG" }).returning();
    try {
      for (const who of [world.demo.HOST, world.demo.TRAVELER, world.demo.ORG_USER]) {
        const caller = await world.as(who);
        const add = await expectRefusedNoWrites(
          world,
          () => caller.moderation.addKeyword({ term: "harmless", action: "BLOCK" }),
          "FORBIDDEN",
          "ROLE_REQUIRED",
        );
        expect(add.denials.map((e) => [e.action, e.targetId, e.actorId])).toEqual([
          ["ACCESS_DENIED", "moderation.addKeyword", who.id],
        ]);
        await expectRefusedNoWrites(
          world,
          () => caller.moderation.removeKeyword({ keywordId: row!.id }),
          "FORBIDDEN",
          "ROLE_REQUIRED",
        );
        await expectError(caller.moderation.keywords(), "FORBIDDEN", "ROLE_REQUIRED");
      }
      const anon = await world.anonymous();
      await expectRefusedNoWrites(
        world,
        () => anon.moderation.addKeyword({ term: "harmless", action: "BLOCK" }),
        "UNAUTHORIZED",
        "UNAUTHENTICATED",
      );
    } finally {
      await world.db.delete(keywords).where(eq(keywords.id, row!.id));
    }
  });

  it("BLOCK refuses the submission naming the term, and changes nothing: still a draft, no queue item, no audit event", async () => {
    await withKeyword("contraband", "BLOCK", async () => {
      for (const field of ["title", "description", "contact", "meetingPoint"] as const) {
        const text =
          field === "description" ? "We sell Contraband cigarettes at the back of the harbour cafe." : "Contraband corner";
        const id = await createDraft(world, world.demo.HOST, { [field]: text });
        const h = await host();
        const out = await expectRefusedNoWrites(
          world,
          () => h.listings.submit({ listingId: id }),
          "BAD_REQUEST",
          "KEYWORD_BLOCKED",
          "KEYWORD_BLOCKED",
        );
        expect(out.message, field).toContain("contraband");
        expect(out.message).toBe("This text contains “contraband”, which is not allowed here. Remove it and submit again.");
        expect(out.denials).toEqual([]);
        expect((await listingRow(world, id))!.status).toBe("DRAFT");
        expect(await queueItemOf(world, id)).toBeUndefined();
        // Once the term is gone, it goes through.
        await h.listings.update({
          listingId: id,
          [field]: field === "description" ? "We sell postcards at the back of the harbour cafe." : "Postcard corner",
        });
        expect((await h.listings.submit({ listingId: id })).status).toBe("PENDING_REVIEW");
      }
    });
  });

  it("BLOCK names every offending term; whole words only (“scam” does not block “scampi”)", async () => {
    await withKeyword("scam", "BLOCK", () =>
      withKeyword("fake tickets", "BLOCK", async () => {
        const h = await host();
        const ok = await createDraft(world, world.demo.HOST, {
          title: "Grilled scampi by the sea",
          description: "Fresh scampi, grilled on the beach, with lemon and island bread.",
        });
        expect((await h.listings.submit({ listingId: ok })).status).toBe("PENDING_REVIEW");
        const bad = await createDraft(world, world.demo.HOST, {
          title: "Not a SCAM, honest",
          description: "We also sell fake   tickets to the museum for half the price.",
        });
        const out = await expectRefusedNoWrites(
          world,
          () => h.listings.submit({ listingId: bad }),
          "BAD_REQUEST",
          "KEYWORD_BLOCKED",
        );
        expect(out.message).toContain("“scam”");
        expect(out.message).toContain("“fake tickets”");
      }),
    );
  });

  it("BLOCK also stops an approved listing's edit: it stays approved with its old text", async () => {
    const id = await approvedListing(world, world.demo.HOST, { title: "Clean and approved walk" });
    await withKeyword("contraband", "BLOCK", async () => {
      const h = await host();
      const out = await expectRefusedNoWrites(
        world,
        () => h.listings.update({ listingId: id, title: "Contraband walk" }),
        "BAD_REQUEST",
        "KEYWORD_BLOCKED",
      );
      expect(out.message).toContain("contraband");
      // Contact and meeting point are live without review: they are checked too.
      await expectRefusedNoWrites(
        world,
        () => h.listings.update({ listingId: id, contact: "Ask for the contraband man" }),
        "BAD_REQUEST",
        "KEYWORD_BLOCKED",
      );
      // ... and so is a listing waiting for review, whose text the moderator is about to judge.
      const pending = await listingIn(world, world.demo.HOST, "PENDING_REVIEW");
      await expectRefusedNoWrites(
        world,
        () => h.listings.update({ listingId: pending, description: "Now with contraband, after the moderator looked." }),
        "BAD_REQUEST",
        "KEYWORD_BLOCKED",
      );
    });
    expect(await listingRow(world, id)).toMatchObject({ status: "APPROVED", title: "Clean and approved walk" });
  });

  it("FLAG and REQUIRE_APPROVAL let the submission through to review, with KEYWORD reasons on the queue item", async () => {
    await withKeyword("ouzo", "FLAG", () =>
      withKeyword("cash only", "REQUIRE_APPROVAL", async () => {
        const id = await createDraft(world, world.demo.HOST, {
          title: "Ouzo and meze evening",
          contact: "Cash only, pay at the door",
        });
        const { result, events } = await withAudit(world, () => host().then((h) => h.listings.submit({ listingId: id })));
        expect(result.status).toBe("PENDING_REVIEW");
        const item = await queueItemOf(world, id);
        expect(item!.status).toBe("OPEN");
        expect(item!.reasons).toEqual(
          expect.arrayContaining([
            { kind: "SUBMITTED" },
            { kind: "KEYWORD", term: "ouzo", action: "FLAG" },
            { kind: "KEYWORD", term: "cash only", action: "REQUIRE_APPROVAL" },
          ]),
        );
        expect(item!.reasons).toHaveLength(3);
        expect(events.map((e) => e.action)).toEqual(["LISTING_SUBMITTED"]);
        expect((events[0]!.changes as { keywords: string[] }).keywords.sort()).toEqual([
          "cash only (REQUIRE_APPROVAL)",
          "ouzo (FLAG)",
        ]);
        // Still one item for the listing.
        expect(await world.db.select().from(moderationItems).where(eq(moderationItems.targetId, id))).toHaveLength(1);
        // The moderator's page shows the reasons.
        const detail = await (await mod()).moderation.item({ itemId: item!.id });
        expect(detail.item.reasons).toEqual(item!.reasons);
        expect(detail.decisions).toEqual(["APPROVE", "REJECT"]);
        expect(detail.target).toMatchObject({ title: "Ouzo and meze evening", href: `/listings/${id}` });
      }),
    );
  });

  it("in an approved listing's new contact, a FLAG term queues it while it stays up; a REQUIRE_APPROVAL term takes it back to review", async () => {
    const flagged = await approvedListing(world, world.demo.HOST);
    await withKeyword("cash only", "FLAG", async () => {
      const h = await host();
      expect(await h.listings.update({ listingId: flagged, contact: "Cash only, ask for Helena" })).toEqual({
        id: flagged,
        status: "APPROVED",
      });
      expect(await queueItemOf(world, flagged)).toMatchObject({
        status: "OPEN",
        reasons: expect.arrayContaining([{ kind: "KEYWORD", term: "cash only", action: "FLAG" }]),
      });
      // Still findable by travelers while the moderators look.
      const page = await (await world.anonymous()).listings.get({ listingId: flagged });
      expect(page.listing.status).toBe("APPROVED");
    });
    const held = await approvedListing(world, world.demo.HOST);
    await withKeyword("wire transfer", "REQUIRE_APPROVAL", async () => {
      const h = await host();
      expect(await h.listings.update({ listingId: held, contact: "Pay by wire transfer in advance" })).toEqual({
        id: held,
        status: "PENDING_REVIEW",
      });
      expect((await queueItemOf(world, held))!.reasons).toEqual(
        expect.arrayContaining([{ kind: "KEYWORD", term: "wire transfer", action: "REQUIRE_APPROVAL" }]),
      );
    });
  });
});

// ---------------------------------------------------------------- the queue

describe("the queue: one item per target, claim, release, versioned decisions, history", () => {
  it("one item per listing: reopened (same id) after a decision, never duplicated", async () => {
    const id = await listingIn(world, world.demo.HOST, "REJECTED");
    const first = (await queueItemOf(world, id))!;
    expect(first).toMatchObject({ status: "RESOLVED", decision: "REJECT", decidedBy: world.demo.MODERATOR.id });
    await (await host()).listings.submit({ listingId: id });
    await decideListing(world, id, "APPROVE");
    const traveler = await world.as(world.demo.TRAVELER);
    await traveler.moderation.report({ targetType: "LISTING", targetId: id, reason: "The walk never started on time" });
    const reopened = (await queueItemOf(world, id))!;
    expect(reopened.id).toBe(first.id);
    expect(reopened).toMatchObject({
      status: "OPEN",
      decision: null,
      decisionReason: null,
      decidedBy: null,
      claimedBy: null,
      reportCount: 1,
    });
    expect(reopened.reasons).toEqual([{ kind: "REPORTED", reportId: expect.any(String) }]);
    expect(
      await world.db
        .select()
        .from(moderationItems)
        .where(and(eq(moderationItems.targetType, "LISTING"), eq(moderationItems.targetId, id))),
    ).toHaveLength(1);
    expect((await historyOf(first.id)).map((h) => h.event)).toEqual([
      "OPENED",
      "CLAIMED",
      "DECIDED",
      "REOPENED",
      "CLAIMED",
      "DECIDED",
      "REOPENED",
    ]);
  });

  it("claim: one claimant; another moderator can neither claim, release nor decide it; release frees it", async () => {
    const id = await listingIn(world, world.demo.HOST, "PENDING_REVIEW");
    const item = (await queueItemOf(world, id))!;
    const m1 = await mod();
    const m2 = await world.as(moderator2);
    const { result: claimed, events } = await withAudit(world, () => m1.moderation.claim({ itemId: item.id }));
    expect(claimed).toMatchObject({ claimedBy: world.demo.MODERATOR.id, version: item.version + 1 });
    expect(events.map((e) => [e.action, e.targetType, e.targetId])).toEqual([["MODERATION_CLAIMED", "moderation_item", item.id]]);

    for (const call of [
      () => m2.moderation.claim({ itemId: item.id }),
      () => m2.moderation.release({ itemId: item.id }),
      () => m2.moderation.decide({ itemId: item.id, version: claimed.version, decision: "APPROVE", reason: "Looks fine to me" }),
    ]) {
      const out = await expectRefusedNoWrites(world, call, "CONFLICT", "CONFLICT", "CLAIMED_BY_OTHER");
      expect(out.message).toBe("Another moderator has claimed this item.");
    }
    // The queue shows whose it is.
    expect((await m1.moderation.queue({ claimed: "mine" })).items.map((i) => i.id)).toContain(item.id);
    expect((await m2.moderation.queue({ claimed: "mine" })).items.map((i) => i.id)).not.toContain(item.id);
    expect((await m2.moderation.queue({ claimed: "unclaimed", limit: 100 })).items.map((i) => i.id)).not.toContain(item.id);

    const released = await withAudit(world, () => m1.moderation.release({ itemId: item.id }));
    expect(released.result).toMatchObject({ claimedBy: null, claimedAt: null, version: claimed.version + 1 });
    expect(released.actions).toEqual(["MODERATION_RELEASED"]);
    // Releasing what you do not hold is refused.
    const again = await expectRefusedNoWrites(
      world,
      () => m1.moderation.release({ itemId: item.id }),
      "BAD_REQUEST",
      "INVALID_STATE",
    );
    expect(again.message).toBe("You have not claimed this item.");

    const taken = await m2.moderation.claim({ itemId: item.id });
    await m2.moderation.decide({ itemId: item.id, version: taken.version, decision: "APPROVE", reason: "Checked the details" });
    const history = await historyOf(item.id);
    expect(history.map((h) => [h.event, h.actorId])).toEqual([
      ["OPENED", world.demo.HOST.id],
      ["CLAIMED", world.demo.MODERATOR.id],
      ["RELEASED", world.demo.MODERATOR.id],
      ["CLAIMED", moderator2.id],
      ["DECIDED", moderator2.id],
    ]);
    expect(history.at(-1)!.details).toEqual({ decision: "APPROVE", reason: "Checked the details" });
    // A decided item can be neither claimed nor decided again.
    await expectRefusedNoWrites(
      world,
      () => m1.moderation.claim({ itemId: item.id }),
      "CONFLICT",
      "STALE_VERSION",
      "ALREADY_DECIDED",
    );
    await expectRefusedNoWrites(
      world,
      () => m1.moderation.decide({ itemId: item.id, version: taken.version + 1, decision: "REJECT", reason: "Changed my mind" }),
      "CONFLICT",
      "STALE_VERSION",
      "ALREADY_DECIDED",
    );
  });

  it("a claim lapses after four hours: another moderator can then take the item over and decide it", async () => {
    const id = await listingIn(world, world.demo.HOST, "PENDING_REVIEW");
    const item = (await queueItemOf(world, id))!;
    await (await mod()).moderation.claim({ itemId: item.id });
    const m2 = await world.as(moderator2);
    await expectError(m2.moderation.claim({ itemId: item.id }), "CONFLICT", "CONFLICT", "CLAIMED_BY_OTHER");
    // The first moderator went home five hours ago.
    await world.db
      .update(moderationItems)
      .set({ claimedAt: new Date(Date.now() - 5 * 60 * 60 * 1000) })
      .where(eq(moderationItems.id, item.id));
    const taken = await m2.moderation.claim({ itemId: item.id });
    expect(taken.claimedBy).toBe(moderator2.id);
    await m2.moderation.decide({
      itemId: item.id,
      version: taken.version,
      decision: "APPROVE",
      reason: "Picked up the lapsed claim",
    });
    expect((await listingRow(world, id))!.status).toBe("APPROVED");
  });

  it("claiming an item you already hold is a no-op, not a conflict; decisions offered fit the listing's state", async () => {
    const id = await listingIn(world, world.demo.HOST, "PENDING_REVIEW");
    const item = (await queueItemOf(world, id))!;
    const m1 = await mod();
    const first = await m1.moderation.claim({ itemId: item.id });
    const second = await m1.moderation.claim({ itemId: item.id });
    expect(second).toMatchObject({ id: item.id, claimedBy: world.demo.MODERATOR.id, version: first.version });
    expect((await m1.moderation.item({ itemId: item.id })).decisions).toEqual(["APPROVE", "REJECT"]);
    await m1.moderation.decide({ itemId: item.id, version: first.version, decision: "APPROVE", reason: "Fine" });
    await (
      await world.as(world.demo.TRAVELER)
    ).moderation.report({ targetType: "LISTING", targetId: id, reason: "Host never showed up" });
    expect((await m1.moderation.item({ itemId: item.id })).decisions).toEqual(["APPROVE", "HIDE"]);
  });

  it("a decision made on a version the moderator no longer sees is refused STALE_VERSION, and writes nothing", async () => {
    const id = await listingIn(world, world.demo.HOST, "PENDING_REVIEW");
    const item = (await queueItemOf(world, id))!;
    const m = await mod();
    await m.moderation.claim({ itemId: item.id }); // bumps the version past what the page showed
    const out = await expectRefusedNoWrites(
      world,
      () => m.moderation.decide({ itemId: item.id, version: item.version, decision: "APPROVE", reason: "Seen before the claim" }),
      "CONFLICT",
      "STALE_VERSION",
      "STALE_VERSION",
    );
    expect(out.message).toBe("This item changed while you were looking at it. Reload it and decide again.");
    expect((await listingRow(world, id))!.status).toBe("PENDING_REVIEW");
  });

  it("the host editing a listing under review bumps the item's version: a moderator cannot approve text they did not see", async () => {
    const id = await listingIn(world, world.demo.HOST, "PENDING_REVIEW");
    const m = await mod();
    const claimed = await m.moderation.claim({ itemId: (await queueItemOf(world, id))!.id });
    await (await host()).listings.update({ listingId: id, title: "Changed while under review" });
    await expectRefusedNoWrites(
      world,
      () =>
        m.moderation.decide({
          itemId: claimed.id,
          version: claimed.version,
          decision: "APPROVE",
          reason: "Approving what I read",
        }),
      "CONFLICT",
      "STALE_VERSION",
      "STALE_VERSION",
    );
    const fresh = (await m.moderation.item({ itemId: claimed.id })).item;
    expect(fresh.claimedBy).toBe(world.demo.MODERATOR.id); // still theirs
    await m.moderation.decide({ itemId: claimed.id, version: fresh.version, decision: "APPROVE", reason: "Read the new title" });
    expect((await listingRow(world, id))!.status).toBe("APPROVED");
  });

  it(`moderators deciding at once with the same version: exactly one wins, the others are told (${onPostgres ? "Postgres" : "PGlite"})`, async () => {
    for (let round = 0; round < 4; round++) {
      const id = await listingIn(world, world.demo.HOST, "PENDING_REVIEW");
      const item = (await queueItemOf(world, id))!;
      // Four moderators, one version.
      const decisions = [
        { caller: await mod(), decision: "APPROVE" as const, who: world.demo.MODERATOR.id },
        { caller: await world.as(moderator2), decision: "REJECT" as const, who: moderator2.id },
        { caller: await world.as(moderator3), decision: "APPROVE" as const, who: moderator3.id },
        { caller: await world.as(moderator4), decision: "REJECT" as const, who: moderator4.id },
      ];
      const results = await Promise.allSettled(
        decisions.map((d) =>
          d.caller.moderation.decide({
            itemId: item.id,
            version: item.version,
            decision: d.decision,
            reason: `Round ${round} by ${d.decision}`,
          }),
        ),
      );
      const won = results.flatMap((r, i) => (r.status === "fulfilled" ? [decisions[i]!] : []));
      const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
      expect(won, `round ${round}`).toHaveLength(1);
      expect(lost).toHaveLength(3);
      for (const error of lost) {
        const out = await expectError(Promise.reject(error), "CONFLICT", "STALE_VERSION");
        expect(["ALREADY_DECIDED", "STALE_VERSION"]).toContain(out.reason);
      }

      const winner = won[0]!;
      const after = (await queueItemOf(world, id))!;
      expect(after).toMatchObject({
        status: "RESOLVED",
        decision: winner.decision,
        decidedBy: winner.who,
        version: item.version + 1,
      });
      expect((await listingRow(world, id))!.status).toBe(winner.decision === "APPROVE" ? "APPROVED" : "REJECTED");
      expect((await historyOf(item.id)).filter((h) => h.event === "DECIDED")).toHaveLength(1);
      const decisionEvents = await world.db.select().from(auditEvents).where(eq(auditEvents.targetId, id));
      expect(decisionEvents.filter((e) => e.action.startsWith("MODERATION_")).map((e) => e.action)).toEqual([
        `MODERATION_${winner.decision}`,
      ]);
      expect(decisionEvents.filter((e) => e.action === "LISTING_APPROVED" || e.action === "LISTING_REJECTED")).toHaveLength(1);
    }
  });

  it("two moderators claiming at once: exactly one holds it", async () => {
    const id = await listingIn(world, world.demo.HOST, "PENDING_REVIEW");
    const item = (await queueItemOf(world, id))!;
    const results = await Promise.allSettled([
      (await mod()).moderation.claim({ itemId: item.id }),
      (await world.as(moderator2)).moderation.claim({ itemId: item.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    await expectError(Promise.reject(loser.reason), "CONFLICT", "CONFLICT", "CLAIMED_BY_OTHER");
    expect((await historyOf(item.id)).filter((h) => h.event === "CLAIMED")).toHaveLength(1);
  });

  it("approve and reject are audited with their reason; the host sees the rejection note", async () => {
    const approveId = await listingIn(world, world.demo.HOST, "PENDING_REVIEW");
    const item = (await queueItemOf(world, approveId))!;
    const m = await mod();
    const approved = await withAudit(world, () =>
      m.moderation.decide({ itemId: item.id, version: item.version, decision: "APPROVE", reason: "All details check out" }),
    );
    expect(approved.actions).toEqual(["LISTING_APPROVED", "MODERATION_APPROVE"]);
    expect(approved.events[0]).toMatchObject({
      targetType: "listing",
      targetId: approveId,
      actorId: world.demo.MODERATOR.id,
      actorRole: "MODERATOR",
    });
    expect(approved.events[0]!.changes).toEqual({
      status: { before: "PENDING_REVIEW", after: "APPROVED" },
      reason: "All details check out",
    });
    expect(approved.events[1]).toMatchObject({ targetType: "listing", targetId: approveId });
    expect(approved.events[1]!.changes).toEqual({ decision: "APPROVE", reason: "All details check out", itemId: item.id });
    expect(await listingRow(world, approveId)).toMatchObject({
      status: "APPROVED",
      approvedAt: expect.any(Date),
      moderationNote: null,
    });

    const rejectId = await listingIn(world, world.demo.HOST, "PENDING_REVIEW");
    const rItem = (await queueItemOf(world, rejectId))!;
    const rejected = await withAudit(world, () =>
      m.moderation.decide({
        itemId: rItem.id,
        version: rItem.version,
        decision: "REJECT",
        reason: "Say how long the walk takes",
      }),
    );
    expect(rejected.actions).toEqual(["LISTING_REJECTED", "MODERATION_REJECT"]);
    expect(rejected.events[0]!.changes).toEqual({
      status: { before: "PENDING_REVIEW", after: "REJECTED" },
      reason: "Say how long the walk takes",
    });
    expect(await listingRow(world, rejectId)).toMatchObject({
      status: "REJECTED",
      moderationNote: "Say how long the walk takes",
      approvedAt: null,
    });
    const h = await host();
    expect((await h.listings.get({ listingId: rejectId })).moderationNote).toBe("Say how long the walk takes");
    expect((await h.listings.forEdit({ listingId: rejectId })).listing.moderationNote).toBe("Say how long the walk takes");
    expect((await h.listings.mine()).listings.find((l) => l.id === rejectId)).toMatchObject({
      status: "REJECTED",
      moderationNote: "Say how long the walk takes",
    });
  });

  it("hiding an approved, reported listing takes it out of explore, audited LISTING_HIDDEN with the reason", async () => {
    const id = await approvedListing(world, world.demo.HOST, { title: "Quokka harbour cruise" });
    const traveler = await world.as(world.demo.TRAVELER);
    expect((await traveler.listings.explore({ q: "quokka" })).items.map((i) => i.id)).toEqual([id]);
    await traveler.moderation.report({ targetType: "LISTING", targetId: id, reason: "The boat is not licensed for passengers" });
    const item = (await queueItemOf(world, id))!;
    const m = await mod();
    expect((await m.moderation.queue({ reportedOnly: true, limit: 100 })).items.map((i) => i.id)).toContain(item.id);
    const { actions, events } = await withAudit(world, () =>
      m.moderation.decide({ itemId: item.id, version: item.version, decision: "HIDE", reason: "Unlicensed boat" }),
    );
    expect(actions).toEqual(["LISTING_HIDDEN", "MODERATION_HIDE"]);
    expect(events[0]!.changes).toEqual({ status: { before: "APPROVED", after: "REJECTED" }, reason: "Unlicensed boat" });
    expect((await traveler.listings.explore({ q: "quokka" })).items).toEqual([]);
    await expectError(traveler.listings.get({ listingId: id }), "NOT_FOUND", "NOT_FOUND");
    expect((await (await host()).listings.get({ listingId: id })).moderationNote).toBe("Unlicensed boat");
    // The host may fix it and resubmit.
    expect((await (await host()).listings.submit({ listingId: id })).status).toBe("PENDING_REVIEW");
  });

  it("approving a reported approved listing keeps it up; rejecting one hides it", async () => {
    const keep = await approvedListing(world, world.demo.HOST);
    const traveler = await world.as(world.demo.TRAVELER);
    await traveler.moderation.report({ targetType: "LISTING", targetId: keep, reason: "I do not like the colours" });
    const kept = await withAudit(world, () => decideListing(world, keep, "APPROVE", { reason: "Nothing wrong with it" }));
    expect(kept.actions).toEqual(["MODERATION_CLAIMED", "MODERATION_APPROVE"]);
    expect((await listingRow(world, keep))!.status).toBe("APPROVED");

    const drop = await approvedListing(world, world.demo.HOST);
    await traveler.moderation.report({ targetType: "LISTING", targetId: drop, reason: "Fake photos of somebody else's boat" });
    const dropped = await withAudit(world, () => decideListing(world, drop, "REJECT", { reason: "Photos are not theirs" }));
    expect(dropped.actions).toEqual(["MODERATION_CLAIMED", "LISTING_REJECTED", "MODERATION_REJECT"]);
    expect(await listingRow(world, drop)).toMatchObject({ status: "REJECTED", moderationNote: "Photos are not theirs" });
  });

  it("a decision the listing's state does not allow is refused, and writes nothing", async () => {
    const id = await listingIn(world, world.demo.HOST, "PENDING_REVIEW");
    const item = (await queueItemOf(world, id))!;
    const m = await mod();
    // Hiding is for published listings; a pending one is approved or rejected.
    await expectRefusedNoWrites(
      world,
      () => m.moderation.decide({ itemId: item.id, version: item.version, decision: "HIDE", reason: "Hide it now" }),
      "BAD_REQUEST",
      "INVALID_STATE",
      "ILLEGAL_TRANSITION",
    );
    // WARN is a decision for other kinds of target (users), not listings.
    const warn = await expectRefusedNoWrites(
      world,
      () => m.moderation.decide({ itemId: item.id, version: item.version, decision: "WARN", reason: "A warning" }),
      "BAD_REQUEST",
      "INVALID_STATE",
    );
    expect(warn.message).toBe("“warn” is not a decision for this kind of item.");
    expect((await queueItemOf(world, id))!.status).toBe("OPEN");
  });

  it("BAN is refused at the boundary (only admins ban, from the users page); SUSPEND is for reported people, not listings", async () => {
    const id = await listingIn(world, world.demo.HOST, "PENDING_REVIEW");
    const item = (await queueItemOf(world, id))!;
    for (const who of [world.demo.MODERATOR, moderator2]) {
      const caller = await world.as(who);
      const out = await expectRefusedNoWrites(
        world,
        () => caller.moderation.decide({ itemId: item.id, version: item.version, decision: "BAN", reason: "Bad actor" }),
        "BAD_REQUEST",
        "INVALID_INPUT",
      );
      expect(out.fieldErrors).toEqual({ decision: ["Only admins ban, from the users page."] });
      const suspend = await expectRefusedNoWrites(
        world,
        () => caller.moderation.decide({ itemId: item.id, version: item.version, decision: "SUSPEND", reason: "Bad actor" }),
        "BAD_REQUEST",
        "INVALID_STATE",
      );
      expect(suspend.message).toBe("“suspend” is not a decision for this kind of item.");
    }
    const noReason = await expectRefusedNoWrites(
      world,
      async () => (await mod()).moderation.decide({ itemId: item.id, version: item.version, decision: "REJECT", reason: "  " }),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
    expect(Object.keys(noReason.fieldErrors!)).toEqual(["reason"]);
    await expectRefusedNoWrites(
      world,
      async () =>
        (await mod()).moderation.decide({ itemId: crypto.randomUUID(), version: 1, decision: "REJECT", reason: "Nothing there" }),
      "NOT_FOUND",
      "NOT_FOUND",
    );
  });

  it("a host who archives a listing under review does not leave the moderators an undecidable item", async () => {
    const id = await listingIn(world, world.demo.HOST, "PENDING_REVIEW");
    await (await host()).listings.archive({ listingId: id });
    const item = (await queueItemOf(world, id))!;
    const m = await mod();
    const { actions } = await withAudit(world, () =>
      m.moderation.decide({ itemId: item.id, version: item.version, decision: "APPROVE", reason: "Fine, but withdrawn" }),
    );
    expect(actions).toEqual(["MODERATION_APPROVE"]);
    expect((await listingRow(world, id))!.status).toBe("ARCHIVED");
    expect((await queueItemOf(world, id))!.status).toBe("RESOLVED");
  });

  it("the queue lists open items oldest first with their target, filters by type, claim and reports; counts per type", async () => {
    const id = await listingIn(world, world.demo.HOST, "PENDING_REVIEW", { title: "Queue listing check" });
    const m = await mod();
    const open = await m.moderation.queue({ targetType: "LISTING", limit: 100 });
    const mine = open.items.find((i) => i.targetId === id)!;
    expect(mine).toMatchObject({
      status: "OPEN",
      targetType: "LISTING",
      target: { title: "Queue listing check", href: `/listings/${id}` },
    });
    expect(mine.target!.detail).toContain(NAXOS);
    const opened = open.items.map((i) => i.openedAt.getTime());
    expect(opened).toEqual([...opened].sort((a, b) => a - b));
    expect((await m.moderation.queue({ targetType: "REVIEW" })).items).toEqual([]);
    const counts = await m.moderation.counts();
    const openCount = (await world.db.select().from(moderationItems).where(eq(moderationItems.status, "OPEN"))).length;
    expect(counts).toEqual([{ targetType: "LISTING", count: openCount }]);
    const resolved = await m.moderation.queue({ status: "RESOLVED", limit: 100 });
    expect(resolved.items.every((i) => i.status === "RESOLVED" && i.decision !== null)).toBe(true);
    // Pages by offset.
    const page1 = await m.moderation.queue({ limit: 2 });
    if (page1.nextOffset !== null) {
      const page2 = await m.moderation.queue({ limit: 2, offset: page1.nextOffset });
      const first = new Set(page1.items.map((i) => i.id));
      expect(page2.items.filter((i) => first.has(i.id))).toEqual([]);
    }
  });

  it("non-moderators cannot see or work the queue", async () => {
    const id = await listingIn(world, world.demo.HOST, "PENDING_REVIEW");
    const item = (await queueItemOf(world, id))!;
    for (const who of [world.demo.HOST, world.demo.TRAVELER, world.demo.ORG_USER]) {
      const caller = await world.as(who);
      await expectError(caller.moderation.queue({}), "FORBIDDEN", "ROLE_REQUIRED");
      await expectError(caller.moderation.item({ itemId: item.id }), "FORBIDDEN", "ROLE_REQUIRED");
      await expectRefusedNoWrites(world, () => caller.moderation.claim({ itemId: item.id }), "FORBIDDEN", "ROLE_REQUIRED");
      await expectRefusedNoWrites(
        world,
        () =>
          caller.moderation.decide({ itemId: item.id, version: item.version, decision: "APPROVE", reason: "I approve my own" }),
        "FORBIDDEN",
        "ROLE_REQUIRED",
      );
    }
  });
});

// ---------------------------------------------------------------- reports

describe("reports", () => {
  it("any signed-in user reports an approved listing with a reason: a REPORTED reason on its item, a report count, audited", async () => {
    const id = await approvedListing(world, world.demo.HOST);
    const reporters: [DemoUser, string][] = [
      [world.demo.TRAVELER, "The host asked me to pay in advance by wire"],
      [await world.addUser({ role: "TRAVELER", district: SYROS }), "Photos are from another island"],
      [world.demo.ORG_USER, "Seems to be a duplicate listing"],
      [await world.addUser({ role: "HOST", district: NAXOS }), "This copies my own listing"],
    ];
    let itemId: string | null = null;
    for (const [i, [who, reason]] of reporters.entries()) {
      const caller = await world.as(who);
      const { result, events } = await withAudit(world, () =>
        caller.moderation.report({ targetType: "LISTING", targetId: id, reason }),
      );
      expect(events.map((e) => [e.action, e.targetType, e.targetId, e.actorId])).toEqual([
        ["CONTENT_REPORTED", "listing", id, who.id],
      ]);
      expect(events[0]!.changes).toEqual({ reportId: result.reportId, reason });
      const item = (await queueItemOf(world, id))!;
      itemId ??= item.id;
      expect(item.id).toBe(itemId);
      expect(item).toMatchObject({ status: "OPEN", reportCount: i + 1 });
      expect(item.reasons.filter((r) => r.kind === "REPORTED")).toHaveLength(i + 1);
      expect(item.reasons).toContainEqual({ kind: "REPORTED", reportId: result.reportId });
      const [stored] = await world.db.select().from(reports).where(eq(reports.id, result.reportId));
      expect(stored).toMatchObject({ reporterId: who.id, targetType: "LISTING", targetId: id, reason });
    }
    // The moderator's item page lists the reports with who made them.
    const detail = await (await mod()).moderation.item({ itemId: itemId! });
    expect(detail.reports.map((r) => r.reason).sort()).toEqual(reporters.map(([, r]) => r).sort());
    // The reporters' identities never reach the public listing page.
    const page = await (await world.anonymous()).listings.get({ listingId: id });
    expect(deepStrings(page)).not.toContain("pay in advance");
  });

  it("the same person reporting again while the item is open is told so, and the count does not grow", async () => {
    const id = await approvedListing(world, world.demo.HOST);
    const traveler = await world.as(world.demo.TRAVELER);
    await traveler.moderation.report({ targetType: "LISTING", targetId: id, reason: "Asked for payment up front" });
    const again = await expectRefusedNoWrites(
      world,
      () => traveler.moderation.report({ targetType: "LISTING", targetId: id, reason: "Asked for payment up front, again" }),
      "CONFLICT",
      "CONFLICT",
      "ALREADY_REPORTED",
    );
    expect(again.message).toBe("You have already reported this. Moderators will look at it.");
    expect((await queueItemOf(world, id))!.reportCount).toBe(1);
    // Once moderators have decided, a new report from the same person reopens the item.
    const item = (await queueItemOf(world, id))!;
    await (
      await mod()
    ).moderation.decide({ itemId: item.id, version: item.version, decision: "APPROVE", reason: "Checked with the host" });
    await traveler.moderation.report({ targetType: "LISTING", targetId: id, reason: "It happened again this week" });
    expect(await queueItemOf(world, id)).toMatchObject({ id: item.id, status: "OPEN", reportCount: 1 });
  });

  it("anonymous callers cannot report", async () => {
    const id = await approvedListing(world, world.demo.HOST);
    await expectRefusedNoWrites(
      world,
      async () =>
        (await world.anonymous()).moderation.report({ targetType: "LISTING", targetId: id, reason: "Anonymous complaint" }),
      "UNAUTHORIZED",
      "UNAUTHENTICATED",
    );
  });

  it("reporting a listing that does not exist or is not published is NOT_FOUND, and writes nothing", async () => {
    const traveler = await world.as(world.demo.TRAVELER);
    const targets = {
      missing: crypto.randomUUID(),
      draft: await listingIn(world, world.demo.HOST, "DRAFT"),
      pending: await listingIn(world, world.demo.HOST, "PENDING_REVIEW"),
      rejected: await listingIn(world, world.demo.HOST, "REJECTED"),
      archived: await listingIn(world, world.demo.HOST, "ARCHIVED"),
    };
    for (const [what, targetId] of Object.entries(targets)) {
      const out = await expectRefusedNoWrites(
        world,
        () => traveler.moderation.report({ targetType: "LISTING", targetId, reason: "Something is wrong here" }),
        "NOT_FOUND",
        "NOT_FOUND",
      );
      expect(out.message, what).toBe("There is nothing to report there.");
    }
  });

  it("a report needs a reason; listings, reviews, messages and people can be reported, nothing else", async () => {
    const id = await approvedListing(world, world.demo.HOST);
    const traveler = await world.as(world.demo.TRAVELER);
    const short = await expectRefusedNoWrites(
      world,
      () => traveler.moderation.report({ targetType: "LISTING", targetId: id, reason: "bad" }),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
    expect(short.fieldErrors).toEqual({ reason: ["Tell the moderators what is wrong (5 characters or more)."] });
    await expectRefusedNoWrites(
      world,
      () =>
        traveler.moderation.report({
          targetType: "ENROLLMENT_CASE" as never,
          targetId: world.demo.HOST.id,
          reason: "Rude on the phone",
        }),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
    // Staff are not reported through the queue; a host is (tests/orders.test.ts goes further).
    await expectRefusedNoWrites(
      world,
      () => traveler.moderation.report({ targetType: "USER", targetId: world.demo.ADMIN.id, reason: "Rude on the phone" }),
      "NOT_FOUND",
      "NOT_FOUND",
    );
  });
});

// ---------------------------------------------------------------- audit chain stays whole

describe("after all of the above", () => {
  it("the audit chain verifies", async () => {
    const { verifyAuditChain } = await import("@/server/audit");
    expect(await verifyAuditChain(world.db)).toMatchObject({ ok: true });
  });
});
