// Listings: who may create them (rule listing.create, with its reasons), the lifecycle as one
// transition table (exhaustively, and through the procedures), what each viewer sees (public vs
// sensitive), no coordinates anywhere, and explore (full-text, filters, sorting, pagination).
// Every refusal is checked to have written nothing; every success to have written its audit event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { listings, moderationItems, uploadAssets } from "@/db/schema";
import { LISTING_STATUSES, type ListingStatus } from "@/db/schema/values";
import { AppError } from "@/server/errors";
import { DENY_REASONS } from "@/server/policy/rules";
import { LISTING_TRANSITIONS, nextListingStatus, type ListingAction, type ListingActor } from "@/server/listings/transitions";
import { NO_COORDINATES_MESSAGE } from "@/server/validation";
import {
  approvedListing,
  auditRows,
  createDraft,
  decideListing,
  deepStrings,
  expectError,
  expectRefusedNoWrites,
  listingForm,
  listingIn,
  listingRow,
  METSOVO,
  NAXOS,
  outcome,
  queueItemOf,
  seededWorld,
  setFlag,
  SYROS,
  withAudit,
  ZAGORI,
  type Caller,
  type DemoUser,
  type TestWorld,
} from "./helpers";

let world: TestWorld;
beforeAll(async () => {
  world = await seededWorld();
});
afterAll(async () => {
  await world?.close();
});

const ALL_DISTRICTS = () => [NAXOS, "Paros Harbour", SYROS, ZAGORI, METSOVO].map((d) => world.district(d));

// ---------------------------------------------------------------- the transition table, exhaustively

describe("nextListingStatus: the lifecycle table", () => {
  const ACTORS: ListingActor[] = ["HOST", "MODERATOR"];
  const ACTIONS: ListingAction[] = ["submit", "resubmit", "reviewEdit", "archive", "approve", "reject", "hide"];
  /** The lifecycle as the issue states it, written out independently of the code's table. */
  const SPEC: Record<string, ListingStatus> = {
    "HOST submit DRAFT": "PENDING_REVIEW",
    "HOST resubmit REJECTED": "PENDING_REVIEW",
    "HOST reviewEdit APPROVED": "PENDING_REVIEW",
    "HOST archive DRAFT": "ARCHIVED",
    "HOST archive PENDING_REVIEW": "ARCHIVED",
    "HOST archive APPROVED": "ARCHIVED",
    "HOST archive REJECTED": "ARCHIVED",
    "MODERATOR approve PENDING_REVIEW": "APPROVED",
    "MODERATOR reject PENDING_REVIEW": "REJECTED",
    "MODERATOR hide APPROVED": "REJECTED",
  };

  it("the code's table is exactly the specified lifecycle, with no duplicate moves", () => {
    const table = Object.fromEntries(LISTING_TRANSITIONS.map((t) => [`${t.actor} ${t.action} ${t.from}`, t.to]));
    expect(table).toEqual(SPEC);
    expect(Object.keys(table)).toHaveLength(LISTING_TRANSITIONS.length);
  });

  it("every (actor, action, from) in the table moves; every other of the 70 combinations is refused ILLEGAL_TRANSITION", () => {
    let allowed = 0;
    let refused = 0;
    for (const actor of ACTORS) {
      for (const action of ACTIONS) {
        for (const from of LISTING_STATUSES) {
          const key = `${actor} ${action} ${from}`;
          if (SPEC[key]) {
            expect(nextListingStatus(actor, action, from), key).toBe(SPEC[key]);
            allowed += 1;
            continue;
          }
          let error: unknown;
          try {
            nextListingStatus(actor, action, from);
          } catch (err) {
            error = err;
          }
          expect(error, key).toBeInstanceOf(AppError);
          expect((error as AppError).code, key).toBe("INVALID_STATE");
          expect((error as AppError).reason, key).toBe("ILLEGAL_TRANSITION");
          expect((error as AppError).message, key).toMatch(/^A listing that is .+ cannot be .+\.$/);
          refused += 1;
        }
      }
    }
    expect(allowed).toBe(10);
    expect(refused).toBe(ACTORS.length * ACTIONS.length * LISTING_STATUSES.length - 10);
  });

  it("nothing leaves ARCHIVED, and no move lands in DRAFT", () => {
    expect(LISTING_TRANSITIONS.filter((t) => t.from === "ARCHIVED")).toEqual([]);
    expect(LISTING_TRANSITIONS.filter((t) => t.to === "DRAFT")).toEqual([]);
  });
});

// ---------------------------------------------------------------- listing.create

describe("listings.create and listings.canCreate (rule listing.create)", () => {
  it("a KYC-verified host with HOST_ONBOARDING_ENABLED creates a draft in their own district, audited", async () => {
    const host = await world.as(world.demo.HOST);
    expect(await host.listings.canCreate()).toEqual({ allowed: true, reason: null, message: null });
    const form = listingForm({ title: "Sunset kayak tour", price: { amountMinor: 4500, currency: "EUR" } });
    const { result, events } = await withAudit(world, () => host.listings.create(form));
    const row = await listingRow(world, result.id);
    expect(row).toMatchObject({
      hostId: world.demo.HOST.id,
      districtId: world.district(NAXOS),
      status: "DRAFT",
      title: "Sunset kayak tour",
      priceMinor: 4500,
      currency: "EUR",
      contact: form.contact,
      meetingPoint: form.meetingPoint,
      moderationNote: null,
      submittedAt: null,
      approvedAt: null,
    });
    expect(events.map((e) => [e.action, e.targetId, e.actorId])).toEqual([["LISTING_CREATED", result.id, world.demo.HOST.id]]);
    // A draft goes to no queue until it is submitted.
    expect(await queueItemOf(world, result.id)).toBeUndefined();
  });

  it("a listing without a price stores neither amount nor currency", async () => {
    const id = await createDraft(world, world.demo.HOST, { price: null, contact: null, meetingPoint: null });
    expect(await listingRow(world, id)).toMatchObject({ priceMinor: null, currency: null, contact: null, meetingPoint: null });
  });

  it("an unverified host is refused KYC_NOT_VERIFIED with the rule's message, and nothing is created", async () => {
    for (const kycStatus of ["UNVERIFIED", "PENDING", "REJECTED"] as const) {
      const unverified = await world.addUser({ role: "HOST", district: NAXOS, kycStatus });
      const caller = await world.as(unverified);
      expect(await caller.listings.canCreate()).toEqual({
        allowed: false,
        reason: "KYC_NOT_VERIFIED",
        message: DENY_REASONS.KYC_NOT_VERIFIED,
      });
      const out = await expectRefusedNoWrites(
        world,
        () => caller.listings.create(listingForm()),
        "FORBIDDEN",
        "RULE_DENIED",
        "KYC_NOT_VERIFIED",
      );
      expect(out.message).toBe(DENY_REASONS.KYC_NOT_VERIFIED);
      // The refusal is a security event naming the rule and its reason.
      expect(
        out.denials.map((e) => [e.action, e.targetType, e.targetId, (e.changes as { reason?: string }).reason, e.actorId]),
      ).toEqual([["ACCESS_DENIED", "rule", "listing.create", "KYC_NOT_VERIFIED", unverified.id]]);
    }
  });

  it("with HOST_ONBOARDING_ENABLED off for the host's district: HOST_ONBOARDING_DISABLED; hosts elsewhere still create", async () => {
    const syrosHost = await world.addUser({ role: "HOST", district: SYROS, kycStatus: "VERIFIED" });
    const otherDistricts = ALL_DISTRICTS().filter((d) => d !== world.district(NAXOS));
    await setFlag(world, "HOST_ONBOARDING_ENABLED", { isGlobalEnabled: false, districtIds: otherDistricts });
    try {
      const naxosHost = await world.as(world.demo.HOST);
      expect(await naxosHost.listings.canCreate()).toEqual({
        allowed: false,
        reason: "HOST_ONBOARDING_DISABLED",
        message: DENY_REASONS.HOST_ONBOARDING_DISABLED,
      });
      const out = await expectRefusedNoWrites(
        world,
        () => naxosHost.listings.create(listingForm()),
        "FORBIDDEN",
        "RULE_DENIED",
        "HOST_ONBOARDING_DISABLED",
      );
      expect(out.message).toBe(DENY_REASONS.HOST_ONBOARDING_DISABLED);
      expect(out.denials.map((e) => e.action)).toEqual(["ACCESS_DENIED"]);

      const syros = await world.as(syrosHost);
      expect((await syros.listings.canCreate()).allowed).toBe(true);
      const { id } = await syros.listings.create(listingForm());
      expect((await listingRow(world, id))!.districtId).toBe(world.district(SYROS));

      // Off everywhere: the Syros host is refused too.
      await setFlag(world, "HOST_ONBOARDING_ENABLED", { districtIds: [] });
      await expectRefusedNoWrites(
        world,
        async () => (await world.as(syrosHost)).listings.create(listingForm()),
        "FORBIDDEN",
        "RULE_DENIED",
        "HOST_ONBOARDING_DISABLED",
      );
    } finally {
      await setFlag(world, "HOST_ONBOARDING_ENABLED", { isGlobalEnabled: true, districtIds: [] });
    }
    expect((await (await world.as(world.demo.HOST)).listings.canCreate()).allowed).toBe(true);
  });

  it("an unverified host in a district with onboarding off hears about KYC first", async () => {
    const unverified = await world.addUser({ role: "HOST", district: NAXOS });
    await setFlag(world, "HOST_ONBOARDING_ENABLED", { isGlobalEnabled: false });
    try {
      await expectError(
        (await world.as(unverified)).listings.create(listingForm()),
        "FORBIDDEN",
        "RULE_DENIED",
        "KYC_NOT_VERIFIED",
      );
    } finally {
      await setFlag(world, "HOST_ONBOARDING_ENABLED", { isGlobalEnabled: true });
    }
  });

  it("non-hosts are refused by role, whatever their KYC; anonymous callers must sign in", async () => {
    for (const role of ["TRAVELER", "ORG_USER", "MODERATOR", "ADMIN", "SUPER_ADMIN"] as const) {
      const caller = await world.as(world.demo[role]);
      await expectRefusedNoWrites(world, () => caller.listings.create(listingForm()), "FORBIDDEN", "ROLE_REQUIRED");
      await expectError(caller.listings.canCreate(), "FORBIDDEN", "ROLE_REQUIRED");
    }
    const anon = await world.anonymous();
    await expectRefusedNoWrites(world, () => anon.listings.create(listingForm()), "UNAUTHORIZED", "UNAUTHENTICATED");
    await expectError(anon.listings.canCreate(), "UNAUTHORIZED", "UNAUTHENTICATED");
  });

  it("field validation: each bad field is named, nothing is created", async () => {
    const host = await world.as(world.demo.HOST);
    const cases: [Partial<Parameters<Caller["listings"]["create"]>[0]>, string][] = [
      [{ title: "ab" }, "title"],
      [{ description: "too short" }, "description"],
      [{ category: "nightclubs" as never }, "category"],
      [{ kind: "EVENT" as never }, "kind"],
      [{ price: { amountMinor: -1, currency: "EUR" } }, "price.amountMinor"],
      [{ price: { amountMinor: 10.5, currency: "EUR" } }, "price.amountMinor"],
      [{ price: { amountMinor: 100, currency: "euro" } }, "price.currency"],
      [{ title: "Nice\u0000title" }, "title"],
    ];
    for (const [over, field] of cases) {
      const out = await expectRefusedNoWrites(
        world,
        () => host.listings.create(listingForm(over)),
        "BAD_REQUEST",
        "INVALID_INPUT",
      );
      expect(Object.keys(out.fieldErrors ?? {}), JSON.stringify(over)).toContain(field);
    }
  });
});

// ---------------------------------------------------------------- no coordinates

describe("no coordinates anywhere", () => {
  it("create or update carrying a coordinate-like key is refused with the no-coordinates message; nothing is written", async () => {
    const host = await world.as(world.demo.HOST);
    const id = await createDraft(world, world.demo.HOST);
    const before = await listingRow(world, id);
    for (const [key, value] of [
      ["latitude", 37.1036],
      ["lng", 25.3766],
      ["coordinates", [37.1036, 25.3766]],
      ["gps", "37.1036,25.3766"],
      ["location", { lat: 37.1, lng: 25.3 }],
    ] as const) {
      const create = await expectRefusedNoWrites(
        world,
        () => host.listings.create({ ...listingForm(), [key]: value } as never),
        "BAD_REQUEST",
        "INVALID_INPUT",
      );
      expect(create.fieldErrors?._form?.join(" "), key).toContain(NO_COORDINATES_MESSAGE);
      expect(create.fieldErrors?._form?.join(" "), key).toContain(key);
      const update = await expectRefusedNoWrites(
        world,
        () => host.listings.update({ listingId: id, title: "A new title here", [key]: value } as never),
        "BAD_REQUEST",
        "INVALID_INPUT",
      );
      expect(update.fieldErrors?._form?.join(" "), key).toContain(NO_COORDINATES_MESSAGE);
    }
    // Nested inside the price too.
    const nested = await expectRefusedNoWrites(
      world,
      () => host.listings.create(listingForm({ price: { amountMinor: 100, currency: "EUR", lat: 37.1 } as never })),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
    expect(JSON.stringify(nested.fieldErrors)).toContain(NO_COORDINATES_MESSAGE);
    expect(await listingRow(world, id)).toEqual(before);
  });

  it("an unknown key that is not coordinate-like is refused too, and said to be unexpected", async () => {
    const host = await world.as(world.demo.HOST);
    const out = await expectRefusedNoWrites(
      world,
      () => host.listings.create({ ...listingForm(), districtId: world.district(SYROS) } as never),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
    expect(out.fieldErrors?._form).toEqual(["Unexpected field(s): districtId."]);
  });

  const COORDINATE_TEXTS = [
    "37.1036, 25.3766",
    "37.1036,25.3766",
    "-37.1036 -25.3766",
    "37°06'N 25°22'E",
    "37° 6′ 13″ N",
    "geo:37.1036,25.3766",
    "https://maps.google.com/?q=37.1036,25.3766",
    "https://www.google.com/maps/@37.1036,25.3766,15z",
    "37.1036° N, 25.3766° E",
    "37.1036N, 25.3766E",
    "N 37.1036, E 25.3766",
  ];

  it.each(COORDINATE_TEXTS)("a meeting point like %j is refused with fieldErrors.meetingPoint, nothing created", async (text) => {
    const host = await world.as(world.demo.HOST);
    const out = await expectRefusedNoWrites(
      world,
      () => host.listings.create(listingForm({ meetingPoint: `Meet at ${text}` })),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
    expect(out.fieldErrors).toEqual({ meetingPoint: [NO_COORDINATES_MESSAGE] });
    expect(out.message).toBe("Some fields need attention.");
  });

  it("coordinates are refused in the title, description and contact, and in updates", async () => {
    const host = await world.as(world.demo.HOST);
    for (const field of ["title", "description", "contact", "meetingPoint"] as const) {
      const value = field === "description" ? "Find us at 37.1036, 25.3766 near the harbour front." : "Spot 37.1036, 25.3766";
      const out = await expectRefusedNoWrites(
        world,
        () => host.listings.create(listingForm({ [field]: value })),
        "BAD_REQUEST",
        "INVALID_INPUT",
      );
      expect(out.fieldErrors?.[field], field).toEqual([NO_COORDINATES_MESSAGE]);
    }
    const id = await approvedListing(world, world.demo.HOST);
    const out = await expectRefusedNoWrites(
      world,
      () => host.listings.update({ listingId: id, meetingPoint: "37°06'N 25°22'E" }),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
    expect(out.fieldErrors).toEqual({ meetingPoint: [NO_COORDINATES_MESSAGE] });
  });

  it("ordinary place descriptions with numbers are accepted", async () => {
    const host = await world.as(world.demo.HOST);
    for (const meetingPoint of [
      "Gate 12, pier 3",
      "Odos Apollonos 14, 2nd floor",
      "Bus stop 4.5 km from the port",
      "Room 101; 10:30 sharp",
      "€12.50 per person, 2.5 hours",
    ]) {
      const out = await outcome(host.listings.create(listingForm({ meetingPoint })));
      expect(out.ok, `${meetingPoint}: ${out.ok ? "" : JSON.stringify(out.fieldErrors)}`).toBe(true);
    }
  });
});

// ---------------------------------------------------------------- the lifecycle through the procedures

describe("the lifecycle through the procedures", () => {
  it("submitting a draft sends it to PENDING_REVIEW and into the queue, audited", async () => {
    const id = await createDraft(world, world.demo.HOST);
    const host = await world.as(world.demo.HOST);
    const { result, events } = await withAudit(world, () => host.listings.submit({ listingId: id }));
    expect(result).toEqual({ id, status: "PENDING_REVIEW" });
    const row = await listingRow(world, id);
    expect(row!.status).toBe("PENDING_REVIEW");
    expect(row!.submittedAt).toBeInstanceOf(Date);
    const item = await queueItemOf(world, id);
    expect(item).toMatchObject({ status: "OPEN", reasons: [{ kind: "SUBMITTED" }], reportCount: 0, claimedBy: null });
    expect(events.map((e) => e.action)).toEqual(["LISTING_SUBMITTED"]);
    expect(events[0]!.changes).toMatchObject({ status: { before: "DRAFT", after: "PENDING_REVIEW" } });
  });

  // What submit and archive do from each status, through the procedures.
  const SUBMIT: Record<ListingStatus, ListingStatus | null> = {
    DRAFT: "PENDING_REVIEW",
    PENDING_REVIEW: null,
    APPROVED: null,
    REJECTED: "PENDING_REVIEW",
    ARCHIVED: null,
  };
  const ARCHIVE: Record<ListingStatus, ListingStatus | null> = {
    DRAFT: "ARCHIVED",
    PENDING_REVIEW: "ARCHIVED",
    APPROVED: "ARCHIVED",
    REJECTED: "ARCHIVED",
    ARCHIVED: null,
  };

  it.each(LISTING_STATUSES)("from %s: submit and archive do what the table says, and refusals write nothing", async (status) => {
    const host = await world.as(world.demo.HOST);
    for (const [action, table, event] of [
      ["submit", SUBMIT, "LISTING_SUBMITTED"],
      ["archive", ARCHIVE, "LISTING_ARCHIVED"],
    ] as const) {
      const id = await listingIn(world, world.demo.HOST, status);
      const to = table[status];
      if (to) {
        const { result, events } = await withAudit(world, () => host.listings[action]({ listingId: id }));
        expect(result).toEqual({ id, status: to });
        expect((await listingRow(world, id))!.status).toBe(to);
        expect(events.map((e) => e.action)).toEqual([event]);
        expect(events[0]!.changes).toMatchObject({ status: { before: status, after: to } });
      } else {
        const out = await expectRefusedNoWrites(
          world,
          () => host.listings[action]({ listingId: id }),
          "BAD_REQUEST",
          "INVALID_STATE",
          "ILLEGAL_TRANSITION",
        );
        expect(out.message).toMatch(/^A listing that is .+ cannot be .+\.$/);
        expect(out.denials).toEqual([]);
      }
    }
  });

  it("resubmitting a rejected listing reopens its queue item (same id) and clears the moderator's note", async () => {
    const id = await listingIn(world, world.demo.HOST, "REJECTED");
    const item = await queueItemOf(world, id);
    expect(item!.status).toBe("RESOLVED");
    expect((await listingRow(world, id))!.moderationNote).toBe("Not suitable as written");
    const host = await world.as(world.demo.HOST);
    await host.listings.update({
      listingId: id,
      description: "A rewritten description that says exactly what happens on the walk.",
    });
    expect((await listingRow(world, id))!.status).toBe("REJECTED"); // editing a rejected listing does not resubmit it
    expect(await host.listings.submit({ listingId: id })).toEqual({ id, status: "PENDING_REVIEW" });
    const again = await queueItemOf(world, id);
    expect(again!.id).toBe(item!.id);
    expect(again).toMatchObject({
      status: "OPEN",
      reasons: [{ kind: "SUBMITTED" }],
      decision: null,
      decidedBy: null,
      claimedBy: null,
    });
    expect((await listingRow(world, id))!.moderationNote).toBeNull();
    const rows = await world.db
      .select()
      .from(moderationItems)
      .where(and(eq(moderationItems.targetType, "LISTING"), eq(moderationItems.targetId, id)));
    expect(rows).toHaveLength(1);
  });

  it("archiving an approved listing takes it out of explore and off its public page", async () => {
    const id = await approvedListing(world, world.demo.HOST, { title: "Archivable quillwort tour" });
    const traveler = await world.as(world.demo.TRAVELER);
    expect((await traveler.listings.explore({ q: "quillwort" })).items.map((i) => i.id)).toEqual([id]);
    await (await world.as(world.demo.HOST)).listings.archive({ listingId: id });
    expect((await traveler.listings.explore({ q: "quillwort" })).items).toEqual([]);
    await expectError(traveler.listings.get({ listingId: id }), "NOT_FOUND", "NOT_FOUND");
  });

  it("editing an approved listing's public text sends it back to PENDING_REVIEW and into the queue", async () => {
    const host = await world.as(world.demo.HOST);
    const traveler = await world.as(world.demo.TRAVELER);
    for (const patch of [
      { title: "A brand new title for review" },
      { description: "A completely different description of what we do together." },
      { price: { amountMinor: 9900, currency: "EUR" } },
      { category: "outdoors" as const },
      { kind: "HOTSPOT" as const },
    ]) {
      const id = await approvedListing(world, world.demo.HOST);
      const decided = await queueItemOf(world, id);
      const { result, events } = await withAudit(world, () => host.listings.update({ listingId: id, ...patch }));
      expect(result, JSON.stringify(patch)).toEqual({ id, status: "PENDING_REVIEW" });
      const item = await queueItemOf(world, id);
      expect(item!.id).toBe(decided!.id);
      expect(item).toMatchObject({ status: "OPEN", reasons: [{ kind: "SUBMITTED" }] });
      expect(events.map((e) => e.action)).toEqual(["LISTING_SUBMITTED"]);
      expect(events[0]!.changes).toMatchObject({ status: { before: "APPROVED", after: "PENDING_REVIEW" } });
      expect(Object.keys((events[0]!.changes as { edited: object }).edited).length).toBeGreaterThan(0);
      // The changed text is not public until a moderator has seen it.
      await expectError(traveler.listings.get({ listingId: id }), "NOT_FOUND", "NOT_FOUND");
    }
  });

  it("editing only the contact or the meeting point of an approved listing keeps it approved, and out of the queue", async () => {
    const id = await approvedListing(world, world.demo.HOST);
    const host = await world.as(world.demo.HOST);
    const item = await queueItemOf(world, id);
    const { result, events } = await withAudit(world, () =>
      host.listings.update({ listingId: id, contact: "Ask at the kiosk for Helena", meetingPoint: "In front of the windmill" }),
    );
    expect(result).toEqual({ id, status: "APPROVED" });
    expect(await queueItemOf(world, id)).toEqual(item);
    expect(events.map((e) => e.action)).toEqual(["LISTING_UPDATED"]);
    expect(events[0]!.changes).toEqual({
      contact: { before: expect.any(String), after: "Ask at the kiosk for Helena" },
      meetingPoint: { before: "By the blue door of the old customs house", after: "In front of the windmill" },
    });
    // Re-sending unchanged public text alongside is not a change of public text.
    const row = (await listingRow(world, id))!;
    expect((await host.listings.update({ listingId: id, title: row.title, contact: "Ask at the bakery" })).status).toBe(
      "APPROVED",
    );
  });

  it("an update that changes nothing is refused and writes nothing", async () => {
    const id = await createDraft(world, world.demo.HOST);
    const row = (await listingRow(world, id))!;
    const host = await world.as(world.demo.HOST);
    await expectRefusedNoWrites(
      world,
      () => host.listings.update({ listingId: id, title: row.title }),
      "BAD_REQUEST",
      "INVALID_STATE",
    );
    await expectRefusedNoWrites(world, () => host.listings.update({ listingId: id }), "BAD_REQUEST", "INVALID_STATE");
  });

  it("an archived listing cannot be edited", async () => {
    const id = await listingIn(world, world.demo.HOST, "ARCHIVED");
    const host = await world.as(world.demo.HOST);
    const out = await expectRefusedNoWrites(
      world,
      () => host.listings.update({ listingId: id, title: "Trying to revive it" }),
      "BAD_REQUEST",
      "INVALID_STATE",
    );
    expect(out.message).toBe("An archived listing cannot be edited.");
  });

  it("drafts, pending and rejected listings are edited in place (no status change), audited", async () => {
    const host = await world.as(world.demo.HOST);
    for (const status of ["DRAFT", "PENDING_REVIEW", "REJECTED"] as const) {
      const id = await listingIn(world, world.demo.HOST, status);
      const { result, events } = await withAudit(world, () =>
        host.listings.update({ listingId: id, title: `Edited while ${status.toLowerCase()}` }),
      );
      expect(result).toEqual({ id, status });
      expect(events.map((e) => e.action)).toEqual(["LISTING_UPDATED"]);
      expect(events[0]!.changes).toMatchObject({ title: { after: `Edited while ${status.toLowerCase()}` } });
    }
  });

  it("another host's listing looks NOT_FOUND for every host action, and each probe writes ACCESS_DENIED", async () => {
    const otherHost = await world.addUser({ role: "HOST", district: NAXOS, kycStatus: "VERIFIED" });
    const other = await world.as(otherHost);
    const missing = crypto.randomUUID();
    for (const status of ["DRAFT", "APPROVED"] as const) {
      const id = await listingIn(world, world.demo.HOST, status);
      const calls: [string, () => Promise<unknown>][] = [
        ["update", () => other.listings.update({ listingId: id, title: "Hijacked title here" })],
        ["submit", () => other.listings.submit({ listingId: id })],
        ["archive", () => other.listings.archive({ listingId: id })],
        ["forEdit", () => other.listings.forEdit({ listingId: id })],
        ["addPhoto", () => other.listings.addPhoto({ listingId: id, assetId: missing })],
        ["removePhoto", () => other.listings.removePhoto({ listingId: id, assetId: missing })],
        ["arrangePhotos", () => other.listings.arrangePhotos({ listingId: id, order: [missing], coverAssetId: missing })],
      ];
      for (const [name, call] of calls) {
        const out = await expectRefusedNoWrites(world, call, "NOT_FOUND", "NOT_FOUND");
        expect(out.message, name).toBe("That listing does not exist.");
        expect(
          out.denials.map((e) => [e.action, e.targetType, e.targetId, e.actorId, (e.changes as { reason: string }).reason]),
          name,
        ).toEqual([["ACCESS_DENIED", "listing", id, otherHost.id, "NOT_LISTING_HOST"]]);
      }
    }
    // A listing that does not exist at all answers the same, without a security event.
    const out = await expectRefusedNoWrites(world, () => other.listings.submit({ listingId: missing }), "NOT_FOUND", "NOT_FOUND");
    expect(out.message).toBe("That listing does not exist.");
    expect(out.denials).toEqual([]);
    // Their own dashboard does not list it.
    expect((await other.listings.mine()).listings).toEqual([]);
  });

  it("listings.mine: the host's own listings with counts by status and the moderator's notes", async () => {
    const host = await world.addUser({ role: "HOST", district: SYROS, kycStatus: "VERIFIED" });
    const ids: Record<string, string> = {};
    for (const status of LISTING_STATUSES) ids[status] = await listingIn(world, host, status);
    const mine = await (await world.as(host)).listings.mine();
    expect(mine.counts).toEqual({ DRAFT: 1, PENDING_REVIEW: 1, APPROVED: 1, REJECTED: 1, ARCHIVED: 1 });
    expect(mine.listings.map((l) => l.id).sort()).toEqual(Object.values(ids).sort());
    expect(mine.listings.find((l) => l.id === ids.REJECTED)!.moderationNote).toBe("Not suitable as written");
    expect(mine.listings.find((l) => l.id === ids.APPROVED)!.moderationNote).toBeNull();
  });
});

// ---------------------------------------------------------------- public vs sensitive

describe("what each viewer sees: public and sensitive fields", () => {
  const CONTACT = "Ring Helena on +30 694 555 0101";
  const MEETING = "Under the plane tree beside the bell tower";
  let listingId: string;
  let strangers: Record<string, () => Promise<Caller>>;
  let insiders: Record<string, () => Promise<Caller>>;

  beforeAll(async () => {
    listingId = await approvedListing(world, world.demo.HOST, {
      title: "Bell tower stories",
      contact: CONTACT,
      meetingPoint: MEETING,
    });
    const syrosTraveler = await world.addUser({ role: "TRAVELER", district: SYROS, kycStatus: "VERIFIED" });
    const unverifiedLocal = await world.addUser({ role: "TRAVELER", district: NAXOS });
    const pendingLocal = await world.addUser({ role: "TRAVELER", district: NAXOS, kycStatus: "PENDING" });
    const otherHost = await world.addUser({ role: "HOST", district: NAXOS, kycStatus: "UNVERIFIED" });
    const syrosHost = await world.addUser({ role: "HOST", district: SYROS, kycStatus: "VERIFIED" });
    strangers = {
      anonymous: () => world.anonymous(),
      "verified traveler of another district": () => world.as(syrosTraveler),
      "unverified traveler of the district": () => world.as(unverifiedLocal),
      "KYC-pending traveler of the district": () => world.as(pendingLocal),
      "unverified host of the district": () => world.as(otherHost),
      "verified host of another district": () => world.as(syrosHost),
    };
    const otherRegionAdmin = await world.addUser({ role: "ADMIN", district: ZAGORI, kycStatus: "VERIFIED" });
    const syrosModerator = await world.addUser({ role: "MODERATOR", district: SYROS, kycStatus: "VERIFIED" });
    // listing.viewSensitive: admins of the listing's region only; a moderator only inside a
    // moderation item they hold (tests/hardening.test.ts), or as anyone else would.
    strangers["an admin of another region"] = () => world.as(otherRegionAdmin);
    strangers["a moderator holding no item on it (another district)"] = () => world.as(syrosModerator);
    insiders = {
      "verified traveler of the district": () => world.as(world.demo.TRAVELER),
      "the host": () => world.as(world.demo.HOST),
      "an admin": () => world.as(world.demo.ADMIN),
      "a verified moderator of the district (as a local)": () => world.as(world.demo.MODERATOR),
      "the super admin": () => world.as(world.demo.SUPER_ADMIN),
    };
  });

  function carriesSensitive(value: unknown): boolean {
    const json = deepStrings(value);
    return json.includes(CONTACT) || json.includes(MEETING) || /"contact"|"meetingPoint"|"meeting_point"/.test(json);
  }

  it("strangers get the public view: no contact or meeting point anywhere in the response", async () => {
    for (const [who, caller] of Object.entries(strangers)) {
      const res = await (await caller()).listings.get({ listingId });
      expect(res.listing.title, who).toBe("Bell tower stories");
      expect(res.sensitive, who).toBeNull();
      expect(res.sensitiveHiddenReason, who).toBe(DENY_REASONS.SENSITIVE_HIDDEN);
      expect(res.moderationNote, who).toBeNull();
      expect(carriesSensitive(res), `${who}: ${deepStrings(res)}`).toBe(false);
      expect(Object.keys(res.listing), who).not.toContain("contact");
    }
  });

  it("the verified traveler of the district, the host and admins see the contact and meeting point", async () => {
    for (const [who, caller] of Object.entries(insiders)) {
      const res = await (await caller()).listings.get({ listingId });
      expect(res.sensitive, who).toEqual({ contact: CONTACT, meetingPoint: MEETING });
      expect(res.sensitiveHiddenReason, who).toBeNull();
      // Even then, the public part carries no sensitive field.
      expect(carriesSensitive(res.listing), who).toBe(false);
    }
  });

  it("explore cards never carry sensitive fields, for anyone", async () => {
    for (const [who, caller] of Object.entries({ ...strangers, ...insiders })) {
      const res = await (await caller()).listings.explore({ q: "bell tower", districtId: "all" });
      expect(
        res.items.map((i) => i.id),
        who,
      ).toContain(listingId);
      expect(carriesSensitive(res), who).toBe(false);
    }
  });

  it("listings that are not approved are NOT_FOUND for strangers (an admin of another region too), visible to their host, moderators and the region's admins", async () => {
    for (const status of ["DRAFT", "PENDING_REVIEW", "REJECTED", "ARCHIVED"] as const) {
      const id = await listingIn(world, world.demo.HOST, status, { contact: CONTACT, meetingPoint: MEETING });
      // Moderators work every district's queue, so one from elsewhere sees it (without the contact
      // details): not a looker here. An admin reads only their own region (admin.scope).
      const nonStaff = Object.fromEntries(Object.entries(strangers).filter(([who]) => !/moderator/.test(who)));
      const lookers = {
        ...nonStaff,
        "verified traveler of the district": () => world.as(world.demo.TRAVELER),
        "a verifier": () => world.as(world.demo.ORG_USER),
      };
      expect(Object.keys(lookers)).toContain("an admin of another region");
      for (const [who, caller] of Object.entries(lookers)) {
        const out = await expectError((await caller()).listings.get({ listingId: id }), "NOT_FOUND", "NOT_FOUND");
        expect(out.message, `${status} / ${who}`).toBe("That listing does not exist or is not published.");
        expect(carriesSensitive(out), who).toBe(false);
      }
      const own = await (await world.as(world.demo.HOST)).listings.get({ listingId: id });
      expect(own.listing.status).toBe(status);
      expect(own.sensitive).toEqual({ contact: CONTACT, meetingPoint: MEETING });
      const mod = await (await world.as(world.demo.MODERATOR)).listings.get({ listingId: id });
      expect(mod.listing.status).toBe(status);
      // listing.viewSensitive: a moderator sees the contact details only inside a moderation item
      // they hold (tests/hardening.test.ts); browsing, they do not.
      expect(mod.sensitive).toBeNull();
      for (const admin of [world.demo.ADMIN, world.demo.SUPER_ADMIN]) {
        const res = await (await world.as(admin)).listings.get({ listingId: id });
        expect(res.listing.status).toBe(status);
        expect(res.sensitive).toEqual({ contact: CONTACT, meetingPoint: MEETING });
      }
    }
  });

  it("a listing's reviews are read where the listing is: once it is no longer published, not even by id", async () => {
    // A review through the procedures: request, accept, check in, complete, review.
    const host = await world.as(world.demo.HOST);
    const traveler = await world.as(world.demo.TRAVELER);
    const id = await approvedListing(world, world.demo.HOST, { title: "Reviewed then archived" });
    const { orderId } = await traveler.orders.request({ listingId: id, note: null });
    await host.orders.accept({ orderId });
    await host.orders.checkIn({ orderId, code: (await traveler.orders.checkinCode({ orderId })).token });
    await host.orders.complete({ orderId });
    await traveler.reviews.create({ orderId, rating: 5, body: "Wonderful stories under the old tower." });
    expect(await (await world.anonymous()).reviews.forListing({ listingId: id })).toMatchObject([{ rating: 5 }]);

    await host.listings.archive({ listingId: id });
    for (const caller of [
      await world.anonymous(),
      await world.as(world.demo.ORG_USER),
      await strangers["an admin of another region"]!(),
    ]) {
      const out = await expectError(caller.reviews.forListing({ listingId: id }), "NOT_FOUND", "NOT_FOUND");
      expect(out.message).toBe("That listing does not exist or is not published.");
      expect(deepStrings(out)).not.toContain("Wonderful stories");
      // Exactly what a listing that does not exist gets.
      const none = await expectError(caller.reviews.forListing({ listingId: crypto.randomUUID() }), "NOT_FOUND", "NOT_FOUND");
      expect(none.message).toBe(out.message);
    }
    // Whoever may see the listing still reads them.
    for (const who of [world.demo.HOST, world.demo.MODERATOR, world.demo.ADMIN, world.demo.SUPER_ADMIN]) {
      expect(await (await world.as(who)).reviews.forListing({ listingId: id })).toMatchObject([{ rating: 5 }]);
    }
  });

  it("a listing id that does not exist is NOT_FOUND for everyone", async () => {
    for (const caller of [await world.anonymous(), await world.as(world.demo.SUPER_ADMIN)]) {
      await expectError(caller.listings.get({ listingId: crypto.randomUUID() }), "NOT_FOUND", "NOT_FOUND");
    }
  });

  it("the host's edit form has everything (it is theirs), and the host alone sees the moderator's note", async () => {
    const id = await listingIn(world, world.demo.HOST, "REJECTED", { contact: CONTACT });
    const host = await world.as(world.demo.HOST);
    const form = await host.listings.forEdit({ listingId: id });
    expect(form.listing).toMatchObject({ id, contact: CONTACT, moderationNote: "Not suitable as written", status: "REJECTED" });
    expect((await host.listings.get({ listingId: id })).moderationNote).toBe("Not suitable as written");
    expect((await (await world.as(world.demo.MODERATOR)).listings.get({ listingId: id })).moderationNote).toBeNull();
    expect((await (await world.as(world.demo.ADMIN)).listings.get({ listingId: id })).moderationNote).toBeNull();
  });
});

// ---------------------------------------------------------------- explore

describe("listings.explore", () => {
  // Every listing here carries the made-up word "vexillum", so the searches see only this block's listings.
  const WORD = "vexillum";
  let syrosHost: DemoUser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    syrosHost = await world.addUser({ role: "HOST", district: SYROS, kycStatus: "VERIFIED" });
    const H = world.demo.HOST;
    const mk = async (name: string, host: DemoUser, status: ListingStatus, over: Parameters<typeof listingForm>[0]) => {
      ids[name] = await listingIn(world, host, status, over);
    };
    await mk("naxosTour", H, "APPROVED", {
      title: `Vexillum harbour tour`,
      description: "Flags of the old fleet, told on a slow walk.",
      kind: "SERVICE",
      category: "tours",
      price: { amountMinor: 3000, currency: "EUR" },
    });
    await mk("naxosFood", H, "APPROVED", {
      title: "Kitron tasting evening",
      description: `Taste the island liqueur under the ${WORD} of the distillery.`,
      kind: "SERVICE",
      category: "food-drink",
      price: { amountMinor: 1500, currency: "EUR" },
    });
    await mk("naxosSpot", H, "APPROVED", {
      title: `Portara ${WORD} viewpoint`,
      description: "The marble gate at sunset, free to visit for everyone.",
      kind: "HOTSPOT",
      category: "culture",
      price: null,
    });
    await mk("naxosCheap", H, "APPROVED", {
      title: `Vexillum pottery morning`,
      description: "Shape a bowl at the wheel with a local potter.",
      kind: "SERVICE",
      category: "crafts",
      price: { amountMinor: 500, currency: "EUR" },
    });
    await mk("syrosTour", syrosHost, "APPROVED", {
      title: `Hermoupolis ${WORD} mansions`,
      description: "Neoclassical mansions and their painted ceilings.",
      kind: "SERVICE",
      category: "tours",
      price: { amountMinor: 2000, currency: "EUR" },
    });
    await mk("syrosSpot", syrosHost, "APPROVED", {
      title: `Vaporia ${WORD} rocks`,
      description: "Swim off the rocks below the captains' houses.",
      kind: "HOTSPOT",
      category: "outdoors",
      price: null,
    });
    for (const status of ["DRAFT", "PENDING_REVIEW", "REJECTED", "ARCHIVED"] as const) {
      await mk(`naxos${status}`, H, status, {
        title: `Hidden ${WORD} ${status.toLowerCase()}`,
        description: `This ${WORD} listing must never be found by travelers.`,
        category: "tours",
      });
    }
  });

  const search = async (caller: Caller, input: Parameters<Caller["listings"]["explore"]>[0]) => caller.listings.explore(input);
  const names = (items: { id: string }[]) =>
    items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0] ?? i.id).sort();

  it("finds an approved listing by a word of its title and by a word of its description, case-insensitively", async () => {
    const traveler = await world.as(world.demo.TRAVELER);
    expect(names((await search(traveler, { q: "portara" })).items)).toEqual(["naxosSpot"]);
    expect(names((await search(traveler, { q: "PORTARA" })).items)).toEqual(["naxosSpot"]);
    expect(names((await search(traveler, { q: "liqueur" })).items)).toEqual(["naxosFood"]);
    expect(names((await search(traveler, { q: "fleet walk" })).items)).toEqual(["naxosTour"]);
    expect(names((await search(traveler, { q: "liqueur potter" })).items)).toEqual([]); // all words must match
    expect(names((await search(traveler, { q: "liqueur or potter" })).items)).toEqual(["naxosCheap", "naxosFood"]);
  });

  it("never returns drafts, pending, rejected or archived listings", async () => {
    for (const caller of [await world.anonymous(), await world.as(world.demo.HOST), await world.as(world.demo.SUPER_ADMIN)]) {
      const res = await search(caller, { q: WORD, districtId: "all", limit: 50 });
      expect(names(res.items)).toEqual(["naxosCheap", "naxosFood", "naxosSpot", "naxosTour", "syrosSpot", "syrosTour"]);
      expect((await search(caller, { q: "never found travelers", districtId: "all" })).items).toEqual([]);
    }
  });

  it("the district: the traveler's own by default, 'all' for every district, or the one asked for", async () => {
    const traveler = await world.as(world.demo.TRAVELER);
    const own = await search(traveler, { q: WORD, limit: 50 });
    expect(own.districtId).toBe(world.district(NAXOS));
    expect(names(own.items)).toEqual(["naxosCheap", "naxosFood", "naxosSpot", "naxosTour"]);
    const all = await search(traveler, { q: WORD, districtId: "all", limit: 50 });
    expect(all.districtId).toBeNull();
    expect(names(all.items)).toHaveLength(6);
    const syros = await search(traveler, { q: WORD, districtId: world.district(SYROS), limit: 50 });
    expect(syros.districtId).toBe(world.district(SYROS));
    expect(names(syros.items)).toEqual(["syrosSpot", "syrosTour"]);
    // Without a session there is no own district: every district.
    const anon = await search(await world.anonymous(), { q: WORD, limit: 50 });
    expect(anon.districtId).toBeNull();
    expect(names(anon.items)).toHaveLength(6);
    // A district with nothing in it: an empty page, not an error.
    const empty = await search(traveler, { q: WORD, districtId: world.district(METSOVO) });
    expect(empty).toEqual({ items: [], nextCursor: null, districtId: world.district(METSOVO) });
  });

  it("kind and category filters", async () => {
    const anon = await world.anonymous();
    expect(names((await search(anon, { q: WORD, districtId: "all", kind: "HOTSPOT" })).items)).toEqual([
      "naxosSpot",
      "syrosSpot",
    ]);
    expect(names((await search(anon, { q: WORD, districtId: "all", kind: "SERVICE" })).items)).toEqual([
      "naxosCheap",
      "naxosFood",
      "naxosTour",
      "syrosTour",
    ]);
    expect(names((await search(anon, { q: WORD, districtId: "all", category: "tours" })).items)).toEqual([
      "naxosTour",
      "syrosTour",
    ]);
    expect(
      names((await search(anon, { q: WORD, districtId: world.district(SYROS), category: "tours", kind: "SERVICE" })).items),
    ).toEqual(["syrosTour"]);
    expect((await search(anon, { q: WORD, districtId: "all", category: "wellness" })).items).toEqual([]);
    await expectError(anon.listings.explore({ category: "casinos" as never }), "BAD_REQUEST", "INVALID_INPUT");
  });

  it("sorting by price (free first, then cheapest) and by newest approval", async () => {
    const anon = await world.anonymous();
    const byPrice = (await search(anon, { q: WORD, districtId: "all", sort: "price", limit: 50 })).items;
    expect(byPrice.map((i) => i.priceMinor)).toEqual([null, null, 500, 1500, 2000, 3000]);
    const newest = (await search(anon, { q: WORD, districtId: "all", sort: "newest", limit: 50 })).items;
    const approvedAt = await Promise.all(newest.map(async (i) => (await listingRow(world, i.id))!.approvedAt!.getTime()));
    expect(approvedAt).toEqual([...approvedAt].sort((a, b) => b - a));
    expect(newest[0]!.id).toBe(ids.syrosSpot); // approved last
  });

  it("cursor pagination walks every result once, in order, for each sort", async () => {
    const anon = await world.anonymous();
    for (const sort of ["relevance", "newest", "price", "rating"] as const) {
      const whole = (await search(anon, { q: WORD, districtId: "all", sort, limit: 50 })).items.map((i) => i.id);
      const walked: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<Caller["listings"]["explore"]>> = await search(anon, {
          q: WORD,
          districtId: "all",
          sort,
          limit: 4,
          cursor,
        });
        walked.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      expect(walked, sort).toEqual(whole);
      expect(new Set(walked).size, sort).toBe(6);
      expect(pages, sort).toBe(2);
    }
    // Without a query too: every approved listing of the district, page by page.
    const all = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<Caller["listings"]["explore"]>> = await search(anon, {
        districtId: world.district(NAXOS),
        limit: 3,
        cursor,
        sort: "newest",
      });
      for (const item of page.items) {
        expect(all.has(item.id)).toBe(false);
        all.add(item.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    const approvedInNaxos = await world.db
      .select({ id: listings.id })
      .from(listings)
      .where(and(eq(listings.status, "APPROVED"), eq(listings.districtId, world.district(NAXOS))));
    expect([...all].sort()).toEqual(approvedInNaxos.map((r) => r.id).sort());
  });

  it("marks listings promoted only while an active promotion runs", async () => {
    const host = await world.as(world.demo.HOST);
    const anon = await world.anonymous();
    const promotedNow = async () =>
      Object.fromEntries((await search(anon, { q: WORD, districtId: "all", limit: 50 })).items.map((i) => [i.id, i.promoted]));
    expect(Object.values(await promotedNow()).every((p) => p === false)).toBe(true);

    const now = Date.now();
    const { id: running } = await host.promotions.issue({
      listingId: ids.naxosTour!,
      title: "Spring offer",
      discountPercent: 10,
      startsAt: new Date(now - 60_000),
      endsAt: new Date(now + 86_400_000),
    });
    await host.promotions.issue({
      listingId: ids.naxosFood!,
      title: "Next week",
      discountPercent: null,
      startsAt: new Date(now + 86_400_000),
      endsAt: new Date(now + 2 * 86_400_000),
    });
    const flags = await promotedNow();
    expect(flags[ids.naxosTour!]).toBe(true);
    expect(flags[ids.naxosFood!]).toBe(false); // not started yet
    expect(Object.values(flags).filter(Boolean)).toHaveLength(1);
    const page = await anon.listings.get({ listingId: ids.naxosTour! });
    expect(page.listing.promotion).toMatchObject({ title: "Spring offer", discountPercent: 10 });

    await host.promotions.cancel({ promotionId: running });
    expect((await promotedNow())[ids.naxosTour!]).toBe(false);
    expect((await anon.listings.get({ listingId: ids.naxosTour! })).listing.promotion).toBeNull();
  });

  it("odd queries are harmless: punctuation only, operators, very long words", async () => {
    const anon = await world.anonymous();
    for (const q of ["!!!", "' OR 1=1 --", '"unclosed', "-vexillum", "a & b | c", "x".repeat(200)]) {
      const out = await outcome(search(anon, { q, districtId: "all" }));
      expect(out.ok, q).toBe(true);
    }
    await expectError(anon.listings.explore({ q: "x".repeat(201) }), "BAD_REQUEST", "INVALID_INPUT");
    await expectError(anon.listings.explore({ latitude: 37.1 } as never), "BAD_REQUEST", "INVALID_INPUT");
  });

  it("a LISTING_APPROVED record exists for every listing explore shows here", async () => {
    const anon = await world.anonymous();
    for (const item of (await search(anon, { q: WORD, districtId: "all", limit: 50 })).items) {
      expect((await auditRows(world.db, { action: "LISTING_APPROVED", targetId: item.id })).length).toBeGreaterThanOrEqual(1);
    }
  });
});

// ---------------------------------------------------------------- helpers agree with the queue

describe("moderator decisions as the host sees them", () => {
  it("a rejection reaches the host's page, edit form and dashboard", async () => {
    const id = await listingIn(world, world.demo.HOST, "PENDING_REVIEW");
    await decideListing(world, id, "REJECT", { reason: "Please add the duration of the walk" });
    const host = await world.as(world.demo.HOST);
    expect((await host.listings.get({ listingId: id })).moderationNote).toBe("Please add the duration of the walk");
    expect((await host.listings.forEdit({ listingId: id })).listing.moderationNote).toBe("Please add the duration of the walk");
    const mine = await host.listings.mine();
    expect(mine.listings.find((l) => l.id === id)).toMatchObject({
      status: "REJECTED",
      moderationNote: "Please add the duration of the walk",
    });
  });
});

// ---------------------------------------------------------------- photos on listings

describe("listing photos: add, order, cover, remove", () => {
  let photoCounter = 0;
  /** A READY listing photo owned by `owner`, as the uploads procedures would register it. */
  async function photo(owner: { id: string }, over: Partial<typeof uploadAssets.$inferInsert> = {}) {
    photoCounter += 1;
    const [row] = await world.db
      .insert(uploadAssets)
      .values({
        ownerId: owner.id,
        provider: "LOCAL",
        publicId: `test-photo-${photoCounter}-${crypto.randomUUID()}.jpg`,
        url: `/api/uploads/test-photo-${photoCounter}.jpg`,
        format: "jpg",
        bytes: 1234,
        width: 800,
        height: 600,
        purpose: "LISTING_MEDIA",
        ...over,
      })
      .returning();
    return row!.id;
  }

  it("the first photo becomes the cover; order and cover can be rearranged; removal renumbers and moves the cover", async () => {
    const id = await createDraft(world, world.demo.HOST);
    const host = await world.as(world.demo.HOST);
    const [a, b, c] = [await photo(world.demo.HOST), await photo(world.demo.HOST), await photo(world.demo.HOST)];
    for (const assetId of [a, b, c]) {
      const { actions } = await withAudit(world, () => host.listings.addPhoto({ listingId: id, assetId }));
      expect(actions).toEqual(["LISTING_PHOTO_ADDED"]);
    }
    let form = await host.listings.forEdit({ listingId: id });
    expect(form.media.map((m) => [m.assetId, m.position])).toEqual([
      [a, 0],
      [b, 1],
      [c, 2],
    ]);
    expect(form.listing.coverAssetId).toBe(a);

    const arranged = await withAudit(world, () =>
      host.listings.arrangePhotos({ listingId: id, order: [c, a, b], coverAssetId: b }),
    );
    expect(arranged.actions).toEqual(["LISTING_PHOTOS_ARRANGED"]);
    form = await host.listings.forEdit({ listingId: id });
    expect(form.media.map((m) => m.assetId)).toEqual([c, a, b]);
    expect(form.listing.coverAssetId).toBe(b);

    await expectRefusedNoWrites(
      world,
      () => host.listings.arrangePhotos({ listingId: id, order: [c, a], coverAssetId: a }),
      "BAD_REQUEST",
      "INVALID_STATE",
    );
    await expectRefusedNoWrites(
      world,
      () => host.listings.arrangePhotos({ listingId: id, order: [c, a, b], coverAssetId: crypto.randomUUID() }),
      "BAD_REQUEST",
      "INVALID_STATE",
    );
    await expectRefusedNoWrites(
      world,
      () => host.listings.addPhoto({ listingId: id, assetId: a }),
      "BAD_REQUEST",
      "INVALID_STATE",
    );

    const removed = await withAudit(world, () => host.listings.removePhoto({ listingId: id, assetId: b }));
    expect(removed.actions).toEqual(["LISTING_PHOTO_REMOVED"]);
    form = await host.listings.forEdit({ listingId: id });
    expect(form.media.map((m) => [m.assetId, m.position])).toEqual([
      [c, 0],
      [a, 1],
    ]);
    expect(form.listing.coverAssetId).toBe(c);
    await expectRefusedNoWrites(world, () => host.listings.removePhoto({ listingId: id, assetId: b }), "NOT_FOUND", "NOT_FOUND");
  });

  it("only the host's own, ready listing photos can be attached; at most 8", async () => {
    const id = await createDraft(world, world.demo.HOST);
    const host = await world.as(world.demo.HOST);
    const foreign = await photo(world.demo.TRAVELER);
    const deleted = await photo(world.demo.HOST, { status: "DELETED" });
    const document = await photo(world.demo.HOST, { purpose: "ENROLLMENT_DOCUMENT" });
    for (const assetId of [foreign, deleted, document, crypto.randomUUID()]) {
      const out = await expectRefusedNoWrites(
        world,
        () => host.listings.addPhoto({ listingId: id, assetId }),
        "NOT_FOUND",
        "NOT_FOUND",
      );
      expect(out.message).toBe("That photo does not exist.");
    }
    for (let i = 0; i < 8; i++) await host.listings.addPhoto({ listingId: id, assetId: await photo(world.demo.HOST) });
    const ninth = await photo(world.demo.HOST);
    const out = await expectRefusedNoWrites(
      world,
      () => host.listings.addPhoto({ listingId: id, assetId: ninth }),
      "BAD_REQUEST",
      "INVALID_STATE",
    );
    expect(out.message).toBe("A listing can have at most 8 photos.");
  });

  it("a new photo on an approved listing sends it back to review; on a pending one it moves the queue item's version", async () => {
    const host = await world.as(world.demo.HOST);
    const approved = await approvedListing(world, world.demo.HOST);
    const { actions } = await withAudit(world, async () =>
      host.listings.addPhoto({ listingId: approved, assetId: await photo(world.demo.HOST) }),
    );
    expect(actions).toEqual(["LISTING_PHOTO_ADDED", "LISTING_SUBMITTED"]);
    expect((await listingRow(world, approved))!.status).toBe("PENDING_REVIEW");
    expect((await queueItemOf(world, approved))!.status).toBe("OPEN");

    const pending = await listingIn(world, world.demo.HOST, "PENDING_REVIEW");
    const before = (await queueItemOf(world, pending))!;
    await host.listings.addPhoto({ listingId: pending, assetId: await photo(world.demo.HOST) });
    const after = (await queueItemOf(world, pending))!;
    expect(after.version).toBe(before.version + 1);
    await expectError(
      (await world.as(world.demo.MODERATOR)).moderation.decide({
        itemId: before.id,
        version: before.version,
        decision: "APPROVE",
        reason: "Approved without the photo",
      }),
      "CONFLICT",
      "STALE_VERSION",
    );
  });

  it("photos of an archived listing cannot be added", async () => {
    const id = await listingIn(world, world.demo.HOST, "ARCHIVED");
    const assetId = await photo(world.demo.HOST);
    await expectRefusedNoWrites(
      world,
      async () => (await world.as(world.demo.HOST)).listings.addPhoto({ listingId: id, assetId }),
      "BAD_REQUEST",
      "INVALID_STATE",
    );
  });

  it("the public page shows the photos in order with the cover, never the owner's other uploads", async () => {
    const id = await createDraft(world, world.demo.HOST);
    const host = await world.as(world.demo.HOST);
    const [a, b] = [await photo(world.demo.HOST), await photo(world.demo.HOST)];
    await host.listings.addPhoto({ listingId: id, assetId: a });
    await host.listings.addPhoto({ listingId: id, assetId: b });
    await host.listings.arrangePhotos({ listingId: id, order: [b, a], coverAssetId: a });
    await host.listings.submit({ listingId: id });
    await decideListing(world, id, "APPROVE");
    const page = await (await world.anonymous()).listings.get({ listingId: id });
    expect(page.listing.media.map((m) => m.assetId)).toEqual([b, a]);
    expect(page.listing.cover?.assetId).toBe(a);
    const card = (await (await world.anonymous()).listings.explore({ districtId: "all", sort: "newest", limit: 1 })).items[0]!;
    expect(card.id).toBe(id);
    expect(card.cover?.assetId).toBe(a);
  });
});

describe("explore paging is keyset: a listing approved between two pages shifts nothing", () => {
  it("page two continues after page one's last result, with no repeat, whatever was approved meanwhile", async () => {
    const word = "zanzibarwalk";
    for (let i = 0; i < 5; i++) await approvedListing(world, world.demo.HOST, { title: `Old ${word} number ${i}` });
    const traveler = await world.as(world.demo.TRAVELER);
    const first = await traveler.listings.explore({ q: word, sort: "newest", limit: 2 });
    expect(first.items).toHaveLength(2);
    // A new approval lands at the top of "newest" while the traveler reads page one.
    await approvedListing(world, world.demo.HOST, { title: `New ${word} arrival` });
    const seen = first.items.map((i) => i.id);
    let cursor = first.nextCursor;
    while (cursor) {
      const next = await traveler.listings.explore({ q: word, sort: "newest", limit: 2, cursor });
      seen.push(...next.items.map((i) => i.id));
      cursor = next.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(5);
    // A tampered cursor is ignored, not an error.
    const again = await traveler.listings.explore({ q: word, sort: "newest", limit: 2, cursor: "bm90LWEtY3Vyc29y" });
    expect(again.items).toHaveLength(2);
  });
});

describe("the demo seed", () => {
  it("adds the demo host's approved listings once: a second run adds nothing, and travelers find them", async () => {
    const { seedDemo, DEMO_LISTINGS } = await import("@/db/demo");
    await seedDemo(world.db);
    await seedDemo(world.db);
    const traveler = await world.as(world.demo.TRAVELER);
    for (const listing of DEMO_LISTINGS) {
      const found = (await traveler.listings.explore({ q: listing.title })).items.filter((i) => i.title === listing.title);
      expect(found).toHaveLength(1);
    }
    // Seeding draws each demo listing's photos with sharp: seconds of CPU, more on a busy machine.
  }, 180_000);
});
