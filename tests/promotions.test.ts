// Promotions: a host's time-boxed offer on their own approved listing, under the rule promotion.issue
// (crowd density at or below the district's threshold, PROMOTIONS_ENABLED on, EMERGENCY_MODE off).
// Every refusal names its reason and writes nothing but its security event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { promotions } from "@/db/schema";
import { DENY_REASONS } from "@/server/policy/rules";
import {
  approvedListing,
  auditRows,
  expectError,
  expectRefusedNoWrites,
  listingIn,
  NAXOS,
  PAROS,
  queueItemOf,
  seededWorld,
  setFlag,
  SYROS,
  withAudit,
  type Caller,
  type DemoUser,
  type TestWorld,
} from "./helpers";

const DAY = 86_400_000;

let world: TestWorld;
let naxosListing: string;
let parosHost: DemoUser;
let parosListing: string;
let syrosHost: DemoUser;
let syrosListing: string;

beforeAll(async () => {
  world = await seededWorld();
  naxosListing = await approvedListing(world, world.demo.HOST, { title: "Naxos promoted walk" });
  parosHost = await world.addUser({ role: "HOST", district: PAROS, kycStatus: "VERIFIED" });
  parosListing = await approvedListing(world, parosHost, { title: "Paros harbour boat trip" });
  syrosHost = await world.addUser({ role: "HOST", district: SYROS, kycStatus: "VERIFIED" });
  syrosListing = await approvedListing(world, syrosHost, { title: "Syros mansions walk" });
});
afterAll(async () => {
  await world?.close();
});

function offer(listingId: string, over: Partial<Parameters<Caller["promotions"]["issue"]>[0]> = {}) {
  const now = Date.now();
  return {
    listingId,
    title: "Early summer offer",
    discountPercent: 15,
    startsAt: new Date(now - 60_000),
    endsAt: new Date(now + 7 * DAY),
    ...over,
  };
}

describe("promotions.issue", () => {
  it("the host of an approved listing in an uncrowded district issues a promotion, audited PROMOTION_ISSUED", async () => {
    const host = await world.as(world.demo.HOST);
    const input = offer(naxosListing);
    const { result, events } = await withAudit(world, () => host.promotions.issue(input));
    const [row] = await world.db.select().from(promotions).where(eq(promotions.id, result.id));
    expect(row).toMatchObject({
      listingId: naxosListing,
      hostId: world.demo.HOST.id,
      title: "Early summer offer",
      discountPercent: 15,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      cancelledAt: null,
    });
    expect(events.map((e) => [e.action, e.targetType, e.targetId, e.actorId])).toEqual([
      ["PROMOTION_ISSUED", "promotion", result.id, world.demo.HOST.id],
    ]);
    expect(events[0]!.changes).toMatchObject({ listingId: naxosListing, title: "Early summer offer", discountPercent: 15 });
    const mine = await host.promotions.mine();
    expect(mine.find((p) => p.id === result.id)).toMatchObject({
      listingId: naxosListing,
      listingTitle: "Naxos promoted walk",
      cancelledAt: null,
    });
    // Travelers see it on the listing and in explore.
    const anon = await world.anonymous();
    expect((await anon.listings.get({ listingId: naxosListing })).listing.promotion).toMatchObject({
      title: "Early summer offer",
      discountPercent: 15,
    });
    const card = (await anon.listings.explore({ q: "naxos promoted", districtId: "all" })).items.find(
      (i) => i.id === naxosListing,
    );
    expect(card!.promoted).toBe(true);
    await host.promotions.cancel({ promotionId: result.id });
  });

  it("a promotion without a discount, or exactly 30 days long, is fine", async () => {
    const host = await world.as(world.demo.HOST);
    const start = new Date(Date.now() + DAY);
    const a = await host.promotions.issue(offer(naxosListing, { discountPercent: null }));
    const b = await host.promotions.issue(offer(naxosListing, { startsAt: start, endsAt: new Date(start.getTime() + 30 * DAY) }));
    for (const { id } of [a, b]) await host.promotions.cancel({ promotionId: id });
  });

  it("Paros Harbour (crowd density 92 > threshold 75) refuses DISTRICT_OVER_CAPACITY, saying so; nothing is written", async () => {
    const host = await world.as(parosHost);
    const out = await expectRefusedNoWrites(
      world,
      () => host.promotions.issue(offer(parosListing)),
      "FORBIDDEN",
      "RULE_DENIED",
      "DISTRICT_OVER_CAPACITY",
    );
    expect(out.message).toBe("This district is at 92% crowd density, above its 75% threshold, so promotions are paused.");
    expect(
      out.denials.map((e) => [e.action, e.targetType, e.targetId, e.actorId, (e.changes as { reason: string }).reason]),
    ).toEqual([["ACCESS_DENIED", "rule", "promotion.issue", parosHost.id, "DISTRICT_OVER_CAPACITY"]]);
  });

  it("at the threshold exactly it is allowed (at or below), one point above it is not", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const host = await world.as(parosHost);
    try {
      await admin.geography.updateDistrict({ districtId: world.district(PAROS), crowdDensity: 75 });
      const { id } = await host.promotions.issue(offer(parosListing));
      await host.promotions.cancel({ promotionId: id });
      await admin.geography.updateDistrict({ districtId: world.district(PAROS), crowdDensity: 76 });
      await expectRefusedNoWrites(
        world,
        () => host.promotions.issue(offer(parosListing)),
        "FORBIDDEN",
        "RULE_DENIED",
        "DISTRICT_OVER_CAPACITY",
      );
    } finally {
      await admin.geography.updateDistrict({ districtId: world.district(PAROS), crowdDensity: 92 });
    }
  });

  it("PROMOTIONS_ENABLED off refuses PROMOTIONS_DISABLED; on for one district only, only that district may", async () => {
    const naxos = await world.as(world.demo.HOST);
    const syros = await world.as(syrosHost);
    await setFlag(world, "PROMOTIONS_ENABLED", { isGlobalEnabled: false });
    try {
      const out = await expectRefusedNoWrites(
        world,
        () => naxos.promotions.issue(offer(naxosListing)),
        "FORBIDDEN",
        "RULE_DENIED",
        "PROMOTIONS_DISABLED",
      );
      expect(out.message).toBe(DENY_REASONS.PROMOTIONS_DISABLED);
      expect(out.denials.map((e) => e.action)).toEqual(["ACCESS_DENIED"]);
      await setFlag(world, "PROMOTIONS_ENABLED", { districtIds: [world.district(SYROS)] });
      await expectRefusedNoWrites(
        world,
        () => naxos.promotions.issue(offer(naxosListing)),
        "FORBIDDEN",
        "RULE_DENIED",
        "PROMOTIONS_DISABLED",
      );
      const { id } = await syros.promotions.issue(offer(syrosListing));
      await syros.promotions.cancel({ promotionId: id });
    } finally {
      await setFlag(world, "PROMOTIONS_ENABLED", { isGlobalEnabled: true, districtIds: [] });
    }
  });

  it("EMERGENCY_MODE on refuses EMERGENCY_MODE (before any other reason); on for one district, only there", async () => {
    const naxos = await world.as(world.demo.HOST);
    const paros = await world.as(parosHost);
    await setFlag(world, "EMERGENCY_MODE", { isGlobalEnabled: true });
    try {
      const out = await expectRefusedNoWrites(
        world,
        () => naxos.promotions.issue(offer(naxosListing)),
        "FORBIDDEN",
        "RULE_DENIED",
        "EMERGENCY_MODE",
      );
      expect(out.message).toBe(DENY_REASONS.EMERGENCY_MODE);
      // Over capacity too, but the emergency is what the host hears.
      await expectRefusedNoWrites(
        world,
        () => paros.promotions.issue(offer(parosListing)),
        "FORBIDDEN",
        "RULE_DENIED",
        "EMERGENCY_MODE",
      );
      await setFlag(world, "EMERGENCY_MODE", { isGlobalEnabled: false, districtIds: [world.district(SYROS)] });
      await expectRefusedNoWrites(
        world,
        async () => (await world.as(syrosHost)).promotions.issue(offer(syrosListing)),
        "FORBIDDEN",
        "RULE_DENIED",
        "EMERGENCY_MODE",
      );
      // (A fresh request: flags are read once per request.)
      const fresh = await world.as(world.demo.HOST);
      const { id } = await fresh.promotions.issue(offer(naxosListing));
      await fresh.promotions.cancel({ promotionId: id });
    } finally {
      await setFlag(world, "EMERGENCY_MODE", { isGlobalEnabled: false, districtIds: [] });
    }
  });

  it("in a district in emergency mode nothing is promoted: a running promotion loses its badge in explore and on the listing", async () => {
    const { id } = await (await world.as(world.demo.HOST)).promotions.issue(offer(naxosListing));
    const seen = async () => {
      const anon = await world.anonymous();
      const traveler = await world.as(world.demo.TRAVELER);
      const card = (await traveler.listings.explore({ q: "naxos promoted", districtId: "all" })).items.find(
        (i) => i.id === naxosListing,
      );
      return {
        explore: card?.promoted,
        listing: (await anon.listings.get({ listingId: naxosListing })).listing.promotion !== null,
        travelerListing: (await traveler.listings.get({ listingId: naxosListing })).listing.promotion !== null,
      };
    };
    try {
      expect(await seen()).toEqual({ explore: true, listing: true, travelerListing: true });
      await setFlag(world, "EMERGENCY_MODE", { isGlobalEnabled: false, districtIds: [world.district(SYROS)] });
      expect(await seen()).toEqual({ explore: true, listing: true, travelerListing: true }); // another district's emergency
      await setFlag(world, "EMERGENCY_MODE", { isGlobalEnabled: false, districtIds: [world.demo.HOST.districtId!] });
      expect(await seen()).toEqual({ explore: false, listing: false, travelerListing: false });
    } finally {
      await setFlag(world, "EMERGENCY_MODE", { isGlobalEnabled: false, districtIds: [] });
      await (await world.as(world.demo.HOST)).promotions.cancel({ promotionId: id });
    }
    expect(await seen()).toEqual({ explore: false, listing: false, travelerListing: false }); // cancelled
  });

  it("listings that are not approved refuse LISTING_NOT_APPROVED", async () => {
    const host = await world.as(world.demo.HOST);
    for (const status of ["DRAFT", "PENDING_REVIEW", "REJECTED", "ARCHIVED"] as const) {
      const id = await listingIn(world, world.demo.HOST, status);
      const out = await expectRefusedNoWrites(
        world,
        () => host.promotions.issue(offer(id)),
        "FORBIDDEN",
        "RULE_DENIED",
        "LISTING_NOT_APPROVED",
      );
      expect(out.message, status).toBe(DENY_REASONS.LISTING_NOT_APPROVED);
    }
  });

  it("the window: an end before (or at) the start, longer than 30 days, or already past, is refused on endsAt", async () => {
    const host = await world.as(world.demo.HOST);
    const start = new Date(Date.now() + DAY);
    const cases: [Partial<ReturnType<typeof offer>>, string][] = [
      [{ startsAt: start, endsAt: new Date(start.getTime() - 1000) }, "Must be after the start."],
      [{ startsAt: start, endsAt: start }, "Must be after the start."],
      [{ startsAt: start, endsAt: new Date(start.getTime() + 30 * DAY + 1000) }, "At most 30 days after the start."],
      [{ startsAt: new Date(Date.now() - 3 * DAY), endsAt: new Date(Date.now() - DAY) }, "Must be in the future."],
    ];
    for (const [over, message] of cases) {
      const out = await expectRefusedNoWrites(
        world,
        () => host.promotions.issue(offer(naxosListing, over)),
        "BAD_REQUEST",
        "INVALID_STATE",
      );
      expect(out.fieldErrors).toEqual({ endsAt: [message] });
      expect(out.denials).toEqual([]);
    }
  });

  it("field validation: discount 1–90 whole percent, a title, real dates, no extra keys", async () => {
    const host = await world.as(world.demo.HOST);
    const cases: [Record<string, unknown>, string][] = [
      [{ discountPercent: 0 }, "discountPercent"],
      [{ discountPercent: 91 }, "discountPercent"],
      [{ discountPercent: 12.5 }, "discountPercent"],
      [{ title: "no" }, "title"],
      [{ startsAt: "tomorrow" }, "startsAt"],
      [{ listingId: "not-a-uuid" }, "listingId"],
    ];
    for (const [over, field] of cases) {
      const out = await expectRefusedNoWrites(
        world,
        () => host.promotions.issue({ ...offer(naxosListing), ...over } as never),
        "BAD_REQUEST",
        "INVALID_INPUT",
      );
      expect(Object.keys(out.fieldErrors ?? {}), JSON.stringify(over)).toEqual([field]);
    }
    const coords = await expectRefusedNoWrites(
      world,
      () => host.promotions.issue({ ...offer(naxosListing), latitude: 37.1 } as never),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
    expect(coords.fieldErrors?._form?.[0]).toContain("never stores coordinates");
  });

  it("another host's listing looks NOT_FOUND (and the probe is a security event); a missing one too", async () => {
    const other = await world.as(syrosHost);
    const out = await expectRefusedNoWrites(world, () => other.promotions.issue(offer(naxosListing)), "NOT_FOUND", "NOT_FOUND");
    expect(out.message).toBe("That listing does not exist.");
    expect(
      out.denials.map((e) => [e.action, e.targetType, e.targetId, e.actorId, (e.changes as { reason: string }).reason]),
    ).toEqual([["ACCESS_DENIED", "listing", naxosListing, syrosHost.id, "NOT_LISTING_HOST"]]);
    const missing = await expectRefusedNoWrites(
      world,
      () => other.promotions.issue(offer(crypto.randomUUID())),
      "NOT_FOUND",
      "NOT_FOUND",
    );
    expect(missing.denials).toEqual([]);
  });

  it("only hosts issue, cancel and list promotions", async () => {
    for (const who of [
      world.demo.TRAVELER,
      world.demo.ORG_USER,
      world.demo.MODERATOR,
      world.demo.ADMIN,
      world.demo.SUPER_ADMIN,
    ]) {
      const caller = await world.as(who);
      await expectRefusedNoWrites(world, () => caller.promotions.issue(offer(naxosListing)), "FORBIDDEN", "ROLE_REQUIRED");
      await expectRefusedNoWrites(
        world,
        () => caller.promotions.cancel({ promotionId: crypto.randomUUID() }),
        "FORBIDDEN",
        "ROLE_REQUIRED",
      );
      await expectError(caller.promotions.mine(), "FORBIDDEN", "ROLE_REQUIRED");
    }
    await expectRefusedNoWrites(
      world,
      async () => (await world.anonymous()).promotions.issue(offer(naxosListing)),
      "UNAUTHORIZED",
      "UNAUTHENTICATED",
    );
  });
});

describe("a promotion's title meets the keywords", () => {
  let host: DemoUser;
  let listingId: string;
  beforeAll(async () => {
    // A host of their own: other tests count the demo host's promotions.
    host = await world.addUser({ role: "HOST", district: NAXOS, kycStatus: "VERIFIED" });
    listingId = await approvedListing(world, host, { title: "Kalamitsi keyword cove" });
    const mod = await world.as(world.demo.MODERATOR);
    await mod.moderation.addKeyword({ term: "wire transfer", action: "BLOCK" });
    await mod.moderation.addKeyword({ term: "whatsapp", action: "REQUIRE_APPROVAL" });
    await mod.moderation.addKeyword({ term: "cheapest", action: "FLAG" });
  });
  const shown = async () => {
    const anon = await world.anonymous();
    return {
      listing: (await anon.listings.get({ listingId })).listing.promotion?.title ?? null,
      explore: (await anon.listings.explore({ q: "kalamitsi", districtId: "all" })).items.find((i) => i.id === listingId)
        ?.promoted,
    };
  };
  const decide = async (promotionId: string, decision: "APPROVE" | "HIDE") => {
    const mod = await world.as(world.demo.MODERATOR);
    const item = (await queueItemOf(world, promotionId, "PROMOTION"))!;
    const claimed = await mod.moderation.claim({ itemId: item.id });
    await mod.moderation.decide({ itemId: item.id, version: claimed.version, decision, reason: "Checked the title" });
  };

  it("BLOCK refuses it naming the term, and writes nothing", async () => {
    const refused = await expectRefusedNoWrites(
      world,
      async () => (await world.as(host)).promotions.issue(offer(listingId, { title: "10% off, pay by wire transfer" })),
      "BAD_REQUEST",
      "KEYWORD_BLOCKED",
      "KEYWORD_BLOCKED",
    );
    expect(refused.message).toContain("“wire transfer”");
    expect(await world.db.select().from(promotions).where(eq(promotions.listingId, listingId))).toEqual([]);
  });

  it("REQUIRE_APPROVAL holds it: its host sees it waiting, nobody else sees it until a moderator approves it", async () => {
    const me = await world.as(host);
    const issued = await me.promotions.issue(offer(listingId, { title: "Book on whatsapp for 20% off" }));
    expect(issued.status).toBe("HELD");
    expect((await me.promotions.mine()).find((p) => p.id === issued.id)).toMatchObject({ status: "HELD" });
    expect(await shown()).toEqual({ listing: null, explore: false });
    expect(await queueItemOf(world, issued.id, "PROMOTION")).toMatchObject({
      status: "OPEN",
      reasons: [{ kind: "KEYWORD", term: "whatsapp", action: "REQUIRE_APPROVAL" }],
    });
    expect((await auditRows(world.db, { action: "PROMOTION_ISSUED", targetId: issued.id }))[0]!.changes).toMatchObject({
      status: "HELD",
      keywords: ["whatsapp (REQUIRE_APPROVAL)"],
    });
    await decide(issued.id, "APPROVE");
    expect(await shown()).toEqual({ listing: "Book on whatsapp for 20% off", explore: true });
    expect(await auditRows(world.db, { action: "PROMOTION_APPROVED", targetId: issued.id })).toHaveLength(1);
    await me.promotions.cancel({ promotionId: issued.id });
  });

  it("FLAG lets it run and queues it; a moderator can take it down", async () => {
    const me = await world.as(host);
    const issued = await me.promotions.issue(offer(listingId, { title: "The cheapest cove trip" }));
    expect(issued.status).toBe("VISIBLE");
    expect(await shown()).toEqual({ listing: "The cheapest cove trip", explore: true });
    expect(await queueItemOf(world, issued.id, "PROMOTION")).toMatchObject({
      status: "OPEN",
      reasons: [{ kind: "KEYWORD", term: "cheapest", action: "FLAG" }],
    });
    await decide(issued.id, "HIDE");
    expect(await shown()).toEqual({ listing: null, explore: false });
    expect((await me.promotions.mine()).find((p) => p.id === issued.id)).toMatchObject({ status: "HIDDEN" });
  });
});

describe("promotions.cancel", () => {
  it("the host cancels their promotion (audited); it stops showing; cancelling again, or someone else's, is NOT_FOUND", async () => {
    const host = await world.as(world.demo.HOST);
    const { id } = await host.promotions.issue(offer(naxosListing, { title: "Cancel me soon" }));
    const anon = await world.anonymous();
    expect((await anon.listings.get({ listingId: naxosListing })).listing.promotion?.title).toBe("Cancel me soon");

    const other = await world.as(syrosHost);
    await expectRefusedNoWrites(world, () => other.promotions.cancel({ promotionId: id }), "NOT_FOUND", "NOT_FOUND");

    const { events } = await withAudit(world, () => host.promotions.cancel({ promotionId: id }));
    expect(events.map((e) => [e.action, e.targetType, e.targetId])).toEqual([["PROMOTION_CANCELLED", "promotion", id]]);
    const [row] = await world.db.select().from(promotions).where(eq(promotions.id, id));
    expect(row!.cancelledAt).toBeInstanceOf(Date);
    expect((await anon.listings.get({ listingId: naxosListing })).listing.promotion).toBeNull();
    expect(
      (await anon.listings.explore({ q: "naxos promoted", districtId: "all" })).items.find((i) => i.id === naxosListing)!
        .promoted,
    ).toBe(false);
    expect((await host.promotions.mine()).find((p) => p.id === id)!.cancelledAt).toBeInstanceOf(Date);

    const again = await expectRefusedNoWrites(world, () => host.promotions.cancel({ promotionId: id }), "NOT_FOUND", "NOT_FOUND");
    expect(again.message).toBe("That promotion does not exist or is already cancelled.");
  });

  it("a host's list holds only their own promotions", async () => {
    const { id } = await (await world.as(syrosHost)).promotions.issue(offer(syrosListing));
    const naxosMine = await (await world.as(world.demo.HOST)).promotions.mine();
    expect(naxosMine.map((p) => p.id)).not.toContain(id);
    expect(naxosMine.every((p) => p.listingId === naxosListing)).toBe(true);
    expect((await (await world.as(syrosHost)).promotions.mine()).map((p) => p.id)).toContain(id);
  });
});
