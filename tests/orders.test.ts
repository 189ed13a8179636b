// Orders, messages and reviews: the transition table, the rules, the journey through the real
// procedures, concurrency, check-in codes, keywords, live delivery and moderation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { checkinCodes, listings, moderationItems, notifications, orders, reviews, userWarnings, users } from "@/db/schema";
import { ORDER_STATUSES, type OrderStatus } from "@/db/schema/values";
import {
  ORDER_ACTIONS,
  ORDER_TRANSITIONS,
  SYSTEM_ORDER_ACTIONS,
  nextOrderStatus,
  type OrderAction,
  type OrderActor,
} from "@/server/orders/transitions";
import {
  DENY_REASONS,
  listingViewSensitive,
  orderCreate,
  reviewCreate,
  reviewReply,
  messageSend,
  orderParticipant,
} from "@/server/policy/rules";
import { liveEventsFor } from "@/server/messages/live";
import {
  approvedListing,
  auditRows,
  deepStrings,
  expectError,
  expectRefusedNoWrites,
  NAXOS,
  PAROS,
  outcome,
  queueItemOf,
  seededWorld,
  setFlag,
  withAudit,
  type DemoUser,
  type TestWorld,
} from "./helpers";

// ---------------------------------------------------------------- the table, exhaustively

/** Every legal move, written out by hand: (actor, action, from) → to. Everything else is refused. */
const LEGAL: Record<string, OrderStatus> = {
  "TRAVELER request INQUIRY": "REQUESTED",
  "HOST accept REQUESTED": "ACCEPTED",
  "HOST decline REQUESTED": "DECLINED",
  "HOST start ACCEPTED": "IN_PROGRESS",
  "HOST complete IN_PROGRESS": "COMPLETED",
  "TRAVELER cancel INQUIRY": "CANCELLED",
  "TRAVELER cancel REQUESTED": "CANCELLED",
  "TRAVELER cancel ACCEPTED": "CANCELLED",
  "HOST cancel INQUIRY": "CANCELLED",
  "HOST cancel REQUESTED": "CANCELLED",
  // Timed moves, by the scheduler only (tests/scheduler.test.ts runs them).
  "SYSTEM expire REQUESTED": "EXPIRED",
  "SYSTEM close INQUIRY": "CANCELLED",
};

describe("order transition table", () => {
  const cases: [OrderActor, OrderAction, OrderStatus][] = [];
  for (const actor of ["TRAVELER", "HOST", "SYSTEM"] as const)
    for (const action of [...ORDER_ACTIONS, ...SYSTEM_ORDER_ACTIONS])
      for (const from of ORDER_STATUSES) cases.push([actor, action, from]);

  it("covers 3 actors × 8 actions × 8 states", () => {
    expect(cases).toHaveLength(192);
    expect(ORDER_TRANSITIONS).toHaveLength(Object.keys(LEGAL).length);
  });

  it.each(cases)("%s %s from %s", (actor, action, from) => {
    const want = LEGAL[`${actor} ${action} ${from}`];
    if (want) {
      expect(nextOrderStatus(actor, action, from)).toBe(want);
    } else {
      let error: unknown;
      try {
        nextOrderStatus(actor, action, from);
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: "INVALID_STATE", reason: "ILLEGAL_TRANSITION" });
      // The message names the state the order is in.
      const words: Record<OrderStatus, string> = {
        INQUIRY: "a question",
        REQUESTED: "requested",
        ACCEPTED: "accepted",
        DECLINED: "declined",
        IN_PROGRESS: "in progress",
        COMPLETED: "completed",
        CANCELLED: "cancelled",
        EXPIRED: "expired unanswered",
      };
      expect((error as Error).message).toContain(`is ${words[from]}`);
    }
  });

  it("terminal states have no way out; nobody cancels work in progress", () => {
    for (const from of ["DECLINED", "COMPLETED", "CANCELLED", "EXPIRED", "IN_PROGRESS"] as const) {
      const out = ORDER_TRANSITIONS.filter((t) => t.from === from && (from !== "IN_PROGRESS" || t.action === "cancel"));
      expect(out).toEqual([]);
    }
  });
});

// ---------------------------------------------------------------- rule matrices

describe("rules", () => {
  const traveler = { id: "t", role: "TRAVELER" as const, kycStatus: "VERIFIED", districtId: "d1" };
  it("review.create: completed, by its traveler, not yet reviewed", () => {
    const rows: [string, { status: string; travelerId: string }, boolean, string | null][] = [
      ["t", { status: "COMPLETED", travelerId: "t" }, false, null],
      ["t", { status: "COMPLETED", travelerId: "t" }, true, "ALREADY_REVIEWED"],
      ["h", { status: "COMPLETED", travelerId: "t" }, false, "NOT_ORDER_TRAVELER"],
      ...(["INQUIRY", "REQUESTED", "ACCEPTED", "DECLINED", "IN_PROGRESS", "CANCELLED"] as const).map(
        (s) =>
          ["t", { status: s, travelerId: "t" }, false, "ORDER_NOT_COMPLETED"] as [
            string,
            { status: string; travelerId: string },
            boolean,
            string,
          ],
      ),
    ];
    for (const [who, order, hasReview, reason] of rows) {
      const completedAt = new Date("2026-05-01T10:00:00Z");
      const d = reviewCreate({ id: who }, order, { hasReview, completedAt, now: completedAt, windowMs: 14 * 86_400_000 });
      expect(d.allow ? null : d.reason).toBe(reason);
    }
  });

  it("review.reply: the host, once, to a public review", () => {
    const visible = { hostId: "h", status: "VISIBLE", reply: null };
    expect(reviewReply({ id: "h" }, visible).allow).toBe(true);
    expect(reviewReply({ id: "h" }, { ...visible, reply: "thanks" })).toMatchObject({ allow: false, reason: "ALREADY_REPLIED" });
    expect(reviewReply({ id: "t" }, visible)).toMatchObject({ allow: false, reason: "NOT_REVIEWED_HOST" });
    for (const status of ["HELD", "HIDDEN"])
      expect(reviewReply({ id: "h" }, { ...visible, status })).toMatchObject({ allow: false, reason: "REVIEW_NOT_VISIBLE" });
  });

  it("listing.viewSensitive: an order on the listing grants it where nothing else does", () => {
    const listing = { hostId: "h", status: "APPROVED", districtId: "d2" };
    const outsider = { ...traveler, districtId: "d1" };
    expect(listingViewSensitive(outsider, listing, { viewerHasOrder: false }).allow).toBe(false);
    expect(listingViewSensitive(outsider, listing, { viewerHasOrder: true }).allow).toBe(true);
    expect(
      listingViewSensitive({ ...outsider, kycStatus: "UNVERIFIED", districtId: "d2" }, listing, { viewerHasOrder: false }).allow,
    ).toBe(false);
    expect(
      listingViewSensitive({ ...outsider, kycStatus: "UNVERIFIED", districtId: "d2" }, listing, { viewerHasOrder: true }).allow,
    ).toBe(true);
    expect(listingViewSensitive(null, listing, { viewerHasOrder: true }).allow).toBe(false);
  });

  it("order.create, order.participant, message.send", () => {
    expect(orderCreate({ id: "h" }, { hostId: "h", status: "APPROVED" }, { emergencyMode: false })).toMatchObject({
      reason: "OWN_LISTING",
    });
    expect(orderCreate({ id: "t" }, { hostId: "h", status: "PENDING_REVIEW" }, { emergencyMode: false })).toMatchObject({
      reason: "ORDER_LISTING_NOT_APPROVED",
    });
    expect(orderCreate({ id: "t" }, { hostId: "h", status: "APPROVED" }, { emergencyMode: true })).toMatchObject({
      reason: "EMERGENCY_ORDERS_STOPPED",
    });
    expect(orderCreate({ id: "t" }, { hostId: "h", status: "APPROVED" }, { emergencyMode: false }).allow).toBe(true);
    expect(orderParticipant({ id: "x" }, { travelerId: "t", hostId: "h" })).toMatchObject({ reason: "NOT_ORDER_PARTICIPANT" });
    expect(orderParticipant({ id: "h" }, { travelerId: "t", hostId: "h" }).allow).toBe(true);
    expect(messageSend({ id: "t" }, { travelerId: "t", hostId: "h" }, { messagingEnabled: false })).toMatchObject({
      reason: "MESSAGING_DISABLED",
    });
    expect(messageSend({ id: "x" }, { travelerId: "t", hostId: "h" }, { messagingEnabled: true })).toMatchObject({
      reason: "NOT_ORDER_PARTICIPANT",
    });
  });
});

// ---------------------------------------------------------------- through the procedures

describe("orders through the procedures", () => {
  let world: TestWorld;
  let host: DemoUser;
  let traveler: DemoUser;
  let listingId: string;

  beforeAll(async () => {
    world = await seededWorld();
    host = world.demo.HOST;
    // A verified traveler from another district: contact details only through an order.
    traveler = await world.addUser({ role: "TRAVELER", district: PAROS, kycStatus: "VERIFIED", displayName: "Petra from Paros" });
    listingId = await approvedListing(world, host, { price: { amountMinor: 4200, currency: "EUR" } });
  });
  afterAll(async () => {
    await world?.close();
  });

  it("the whole journey: ask, answer, request, accept, check in, complete, review, reply", async () => {
    const t = await world.as(traveler);
    const h = await world.as(host);
    expect((await t.listings.get({ listingId })).sensitive).toBeNull();

    const asked = await t.orders.ask({ listingId, body: "Is the walk suitable for children?" });
    expect(asked.status).toBe("INQUIRY");
    // A second question joins the same order.
    const again = await t.orders.ask({ listingId, body: "And for a dog?" });
    expect(again.orderId).toBe(asked.orderId);
    expect((await h.messages.unread()).total).toBe(2);
    const hosted = await h.orders.hosted({ statuses: ["INQUIRY"] });
    expect(hosted.items.map((o) => [o.id, o.unread])).toEqual([[asked.orderId, 2]]);

    await h.messages.send({ orderId: asked.orderId, body: "Yes to both!" });
    await h.messages.markRead({ orderId: asked.orderId });
    expect((await h.messages.unread()).total).toBe(0);
    expect((await t.messages.unread()).byOrder).toEqual([{ orderId: asked.orderId, count: 1 }]);

    const requested = await t.orders.request({ listingId, note: "Saturday at six, two adults and a child." });
    expect(requested).toEqual({ orderId: asked.orderId, status: "REQUESTED" });
    // The price is a snapshot: changing the listing later does not change the order.
    await world.db.update(listings).set({ priceMinor: 9900 }).where(eq(listings.id, listingId));

    const accepted = await h.orders.accept({ orderId: asked.orderId });
    expect(accepted.status).toBe("ACCEPTED");
    const detail = await t.orders.get({ orderId: asked.orderId });
    expect(detail).toMatchObject({
      status: "ACCEPTED",
      priceMinor: 4200,
      currency: "EUR",
      paymentStatus: "PENDING",
      paymentProvider: "IN_PERSON",
      viewerIs: "TRAVELER",
      actions: ["cancel"],
    });
    expect(detail.messages.map((m) => m.body)).toEqual([
      "Is the walk suitable for children?",
      "And for a dog?",
      "Yes to both!",
      "Saturday at six, two adults and a child.",
    ]);
    // Now the traveler sees the contact details.
    expect((await t.listings.get({ listingId })).sensitive).not.toBeNull();

    // Check-in with the short form.
    const code = await t.orders.checkinCode({ orderId: asked.orderId });
    expect(code.shortCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await expectError(
      h.orders.checkIn({ orderId: asked.orderId, code: "AAAA-AAAA" }),
      "BAD_REQUEST",
      "CHECKIN_INVALID",
      "UNKNOWN_CODE",
    );
    const started = await h.orders.checkIn({ orderId: asked.orderId, code: code.shortCode.toLowerCase() });
    expect(started.status).toBe("IN_PROGRESS");
    // Replayed (short form, and the QR token of the same code).
    await expectError(
      h.orders.checkIn({ orderId: asked.orderId, code: code.shortCode }),
      "BAD_REQUEST",
      "CHECKIN_INVALID",
      "REPLAYED",
    );
    await expectError(
      h.orders.checkIn({ orderId: asked.orderId, code: code.token }),
      "BAD_REQUEST",
      "CHECKIN_INVALID",
      "REPLAYED",
    );
    // The traveler cannot cancel work in progress.
    const cancel = await expectError(
      t.orders.cancel({ orderId: asked.orderId }),
      "BAD_REQUEST",
      "INVALID_STATE",
      "ILLEGAL_TRANSITION",
    );
    expect(cancel.message).toBe("An order that is in progress cannot be cancelled.");

    await h.orders.markPaid({ orderId: asked.orderId });
    await expectError(h.orders.markPaid({ orderId: asked.orderId }), "BAD_REQUEST", "INVALID_STATE", "PAYMENT_NOT_PENDING");
    expect((await h.orders.complete({ orderId: asked.orderId })).status).toBe("COMPLETED");

    // Review: once, by the traveler; the rating follows.
    await expectError(
      t.reviews.create({ orderId: asked.orderId, rating: 6, body: "Too many stars here" }),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
    const review = await t.reviews.create({
      orderId: asked.orderId,
      rating: 4,
      body: "Lovely walk, the children loved the stories.",
    });
    await expectError(
      t.reviews.create({ orderId: asked.orderId, rating: 5, body: "Again, even better." }),
      "FORBIDDEN",
      "RULE_DENIED",
      "ALREADY_REVIEWED",
    );
    const [row] = await world.db.select().from(listings).where(eq(listings.id, listingId));
    expect([row!.ratingCount, Number(row!.ratingAverage)]).toEqual([1, 4]);
    await h.reviews.reply({ reviewId: review.id, reply: "Thank you, come back soon!" });
    await expectError(
      h.reviews.reply({ reviewId: review.id, reply: "Second reply" }),
      "FORBIDDEN",
      "RULE_DENIED",
      "ALREADY_REPLIED",
    );
    const publicReviews = await (await world.anonymous()).reviews.forListing({ listingId });
    expect(publicReviews).toMatchObject([{ rating: 4, reply: "Thank you, come back soon!", travelerName: "Petra from Paros" }]);
    // Explore's "Top rated" uses the aggregate.
    const explore = await (await world.anonymous()).listings.explore({ districtId: "all", sort: "rating" });
    expect(explore.items[0]).toMatchObject({ id: listingId, ratingAverage: 4, ratingCount: 1 });

    const timeline = (await t.orders.get({ orderId: asked.orderId })).timeline.map((e) => e.event);
    expect(timeline).toEqual([
      "ORDER_INQUIRY_OPENED",
      "ORDER_REQUESTED",
      "ORDER_ACCEPTED",
      "ORDER_STARTED",
      "PAYMENT_MARKED_PAID",
      "ORDER_COMPLETED",
    ]);
    const audit = (await auditRows(world.db, { targetId: asked.orderId })).map((e) => e.action);
    expect(audit).toEqual(
      expect.arrayContaining([
        "ORDER_INQUIRY_OPENED",
        "ORDER_REQUESTED",
        "ORDER_ACCEPTED",
        "CHECKIN_CODE_ISSUED",
        "ORDER_STARTED",
        "ORDER_MARKED_PAID",
        "ORDER_COMPLETED",
      ]),
    );
    // Messages' text never reaches the audit log.
    const sent = await auditRows(world.db, { action: "MESSAGE_SENT" });
    expect(JSON.stringify(sent)).not.toContain("children");
  });

  it("a check-in code of another order, a forged one and an expired one are refused", async () => {
    const t = await world.as(traveler);
    const h = await world.as(host);
    const other = await approvedListing(world, host);
    const a = await t.orders.request({ listingId: other, note: null });
    const second = await approvedListing(world, host);
    const b = await t.orders.request({ listingId: second, note: null });
    await h.orders.accept({ orderId: a.orderId });
    await h.orders.accept({ orderId: b.orderId });
    const codeA = await t.orders.checkinCode({ orderId: a.orderId });
    const codeB = await t.orders.checkinCode({ orderId: b.orderId });
    await expectError(
      h.orders.checkIn({ orderId: a.orderId, code: codeB.token }),
      "BAD_REQUEST",
      "CHECKIN_INVALID",
      "OTHER_ORDER",
    );
    await expectError(
      h.orders.checkIn({ orderId: a.orderId, code: codeB.shortCode }),
      "BAD_REQUEST",
      "CHECKIN_INVALID",
      "UNKNOWN_CODE",
    );
    const forged = codeA.token.slice(0, -4) + (codeA.token.endsWith("AAAA") ? "BBBB" : "AAAA");
    await expectError(h.orders.checkIn({ orderId: a.orderId, code: forged }), "BAD_REQUEST", "CHECKIN_INVALID", "BAD_SIGNATURE");
    // A fresh code replaces the old one.
    const codeA2 = await t.orders.checkinCode({ orderId: a.orderId });
    await expectError(h.orders.checkIn({ orderId: a.orderId, code: codeA.token }), "BAD_REQUEST", "CHECKIN_INVALID", "EXPIRED");
    // Expired in the database.
    await world.db
      .update(checkinCodes)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(checkinCodes.orderId, a.orderId));
    await expectError(
      h.orders.checkIn({ orderId: a.orderId, code: codeA2.shortCode }),
      "BAD_REQUEST",
      "CHECKIN_INVALID",
      "UNKNOWN_CODE",
    );
    // The traveler cannot check themselves in; the host cannot ask for a code.
    await expectError(t.orders.checkIn({ orderId: b.orderId, code: codeB.token }), "FORBIDDEN", "ROLE_REQUIRED");
    await expectError(h.orders.checkinCode({ orderId: b.orderId }), "BAD_REQUEST", "INVALID_STATE", "TRAVELER_ONLY");
    expect((await h.orders.checkIn({ orderId: b.orderId, code: codeB.token })).status).toBe("IN_PROGRESS");
  });

  it("payments: paid in person through the provider; cancelling refunds what was paid", async () => {
    const t = await world.as(traveler);
    const h = await world.as(host);
    const { orderId } = await t.orders.request({ listingId: await approvedListing(world, host), note: null });
    expect((await t.orders.get({ orderId })).paymentStatus).toBe("NONE");
    await expectError(h.orders.markPaid({ orderId }), "BAD_REQUEST", "INVALID_STATE", "PAYMENT_NOT_PENDING");
    await h.orders.accept({ orderId });
    expect(await t.orders.get({ orderId })).toMatchObject({
      paymentStatus: "PENDING",
      paymentProvider: "IN_PERSON",
      canMarkPaid: false,
    });
    expect((await h.orders.get({ orderId })).canMarkPaid).toBe(true);
    await h.orders.markPaid({ orderId });
    await t.orders.cancel({ orderId });
    expect((await t.orders.get({ orderId })).paymentStatus).toBe("REFUNDED");
    const audit = await auditRows(world.db, { targetId: orderId, action: "ORDER_CANCELLED" });
    expect(audit[0]!.changes).toMatchObject({
      status: { before: "ACCEPTED", after: "CANCELLED" },
      paymentStatus: { before: "PAID", after: "REFUNDED" },
    });
    // Accepted, unpaid, cancelled: nothing is owed any more.
    const second = await t.orders.request({ listingId: await approvedListing(world, host), note: null });
    await h.orders.accept({ orderId: second.orderId });
    await t.orders.cancel({ orderId: second.orderId });
    expect((await t.orders.get({ orderId: second.orderId })).paymentStatus).toBe("NONE");
  });

  it("strangers cannot read or act on an order; refusals are recorded", async () => {
    const t = await world.as(traveler);
    const listing = await approvedListing(world, host);
    const { orderId } = await t.orders.ask({ listingId: listing, body: "Hello there" });
    const stranger = await world.as(world.demo.TRAVELER);
    for (const call of [
      (): Promise<unknown> => stranger.orders.get({ orderId }),
      () => stranger.orders.cancel({ orderId }),
      () => stranger.messages.send({ orderId, body: "let me in" }),
      () => stranger.messages.markRead({ orderId }),
      () => stranger.orders.checkinCode({ orderId }),
    ]) {
      await expectError(call() as Promise<unknown>, "FORBIDDEN", "RULE_DENIED", "NOT_ORDER_PARTICIPANT");
    }
    const otherHost = await world.addUser({ role: "HOST", district: NAXOS, kycStatus: "VERIFIED" });
    await expectError(
      (await world.as(otherHost)).orders.accept({ orderId }),
      "FORBIDDEN",
      "RULE_DENIED",
      "NOT_ORDER_PARTICIPANT",
    );
    expect(
      (await auditRows(world.db, { action: "ACCESS_DENIED" })).filter((e) => e.targetId === "order.participant").length,
    ).toBeGreaterThanOrEqual(6);
    // Host moves that are the traveler's, and the reverse.
    await expectError((await world.as(host)).orders.accept({ orderId }), "BAD_REQUEST", "INVALID_STATE", "ILLEGAL_TRANSITION");
  });

  it("emergency mode stops new orders in its district; messaging off stops questions", async () => {
    const t = await world.as(traveler);
    const listing = await approvedListing(world, host);
    await setFlag(world, "EMERGENCY_MODE", { districtIds: [world.district(NAXOS)] });
    try {
      const out = await expectError(
        t.orders.ask({ listingId: listing, body: "Open?" }),
        "FORBIDDEN",
        "RULE_DENIED",
        "EMERGENCY_ORDERS_STOPPED",
      );
      expect(out.message).toBe(DENY_REASONS.EMERGENCY_ORDERS_STOPPED);
      await expectError(
        t.orders.request({ listingId: listing, note: null }),
        "FORBIDDEN",
        "RULE_DENIED",
        "EMERGENCY_ORDERS_STOPPED",
      );
    } finally {
      await setFlag(world, "EMERGENCY_MODE", { districtIds: [] });
    }
    await setFlag(world, "MESSAGING_ENABLED", { isGlobalEnabled: false });
    try {
      // Flags are read once per request (context): a new caller sees the change.
      const t = await world.as(traveler);
      await expectError(t.orders.ask({ listingId: listing, body: "Open?" }), "FORBIDDEN", "FLAG_DISABLED");
      const { orderId } = await t.orders.request({ listingId: listing, note: null });
      await expectError(t.messages.send({ orderId, body: "hi" }), "FORBIDDEN", "RULE_DENIED", "MESSAGING_DISABLED");
    } finally {
      await setFlag(world, "MESSAGING_ENABLED", { isGlobalEnabled: true });
    }
  });

  it("unpublished listings cannot be ordered; one open order per listing", async () => {
    const t = await world.as(traveler);
    const [draft] = await world.db
      .insert(listings)
      .values({
        hostId: host.id,
        districtId: world.district(NAXOS),
        kind: "SERVICE",
        title: "Draft",
        description: "A draft listing nobody can order",
        category: "tours",
      })
      .returning();
    await expectError(t.orders.ask({ listingId: draft!.id, body: "Hi" }), "NOT_FOUND", "NOT_FOUND");
    const listing = await approvedListing(world, host);
    await t.orders.request({ listingId: listing, note: null });
    await expectError(t.orders.request({ listingId: listing, note: null }), "CONFLICT", "CONFLICT", "ORDER_OPEN");
  });

  it("concurrent moves on one order: exactly one wins", async () => {
    const t = await world.as(traveler);
    const listing = await approvedListing(world, host);
    const { orderId } = await t.orders.request({ listingId: listing, note: null });
    const results = await Promise.all([
      outcome((async () => (await world.as(host)).orders.accept({ orderId }))()),
      outcome((async () => (await world.as(host)).orders.decline({ orderId }))()),
      outcome((async () => (await world.as(host)).orders.cancel({ orderId }))()),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((r) => !r.ok)) expect(r).toMatchObject({ appCode: "INVALID_STATE" });
    const events = (await auditRows(world.db, { targetId: orderId })).map((e) => e.action).filter((a) => a !== "ORDER_REQUESTED");
    expect(events).toHaveLength(1);
  });

  it("concurrent questions on a listing open one order", async () => {
    const listing = await approvedListing(world, host);
    const results = await Promise.all(
      [1, 2, 3].map((i) =>
        outcome((async () => (await world.as(traveler)).orders.ask({ listingId: listing, body: `Question ${i}` }))()),
      ),
    );
    const ok = results.filter((r) => r.ok);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    const rows = await world.db
      .select()
      .from(orders)
      .where(and(eq(orders.listingId, listing), eq(orders.travelerId, traveler.id)));
    expect(rows).toHaveLength(1);
  });

  it("keywords: BLOCK refuses a message, FLAG queues it, REQUIRE_APPROVAL holds it", async () => {
    const mod = await world.as(world.demo.MODERATOR);
    await mod.moderation.addKeyword({ term: "wire transfer", action: "BLOCK" });
    await mod.moderation.addKeyword({ term: "cheap", action: "FLAG" });
    await mod.moderation.addKeyword({ term: "whatsapp", action: "REQUIRE_APPROVAL" });
    const t = await world.as(traveler);
    const listing = await approvedListing(world, host);
    const { orderId } = await t.orders.ask({ listingId: listing, body: "Hello!" });
    await expectError(t.messages.send({ orderId, body: "Pay by Wire Transfer?" }), "BAD_REQUEST", "KEYWORD_BLOCKED");
    const flagged = await t.messages.send({ orderId, body: "Is it cheap?" });
    expect(flagged.status).toBe("VISIBLE");
    const flaggedItem = (await queueItemOf(world, flagged.id, "MESSAGE"))!;
    expect(flaggedItem).toMatchObject({ status: "OPEN" });
    // A keyword alone opens no window on the thread, even to the moderator holding the item.
    await mod.moderation.claim({ itemId: flaggedItem.id });
    const privateThread = await expectError(
      mod.messages.moderationContext({ itemId: flaggedItem.id }),
      "FORBIDDEN",
      "RULE_DENIED",
      "THREAD_NOT_REPORTED",
    );
    expect(privateThread.message).toBe(DENY_REASONS.THREAD_NOT_REPORTED);
    await mod.moderation.release({ itemId: flaggedItem.id });
    const held = await t.messages.send({ orderId, body: "Add me on whatsapp" });
    expect(held.status).toBe("HELD");
    const h = await world.as(host);
    expect((await h.orders.get({ orderId })).messages.map((m) => m.body)).toEqual(["Hello!", "Is it cheap?"]);
    expect((await t.orders.get({ orderId })).messages.map((m) => m.status)).toEqual(["VISIBLE", "VISIBLE", "HELD"]);
    // A moderator approves it: the host sees it.
    const item = (await queueItemOf(world, held.id, "MESSAGE"))!;
    const claimed = await mod.moderation.claim({ itemId: item.id });
    await mod.moderation.decide({ itemId: item.id, version: claimed.version, decision: "APPROVE", reason: "harmless" });
    expect((await h.orders.get({ orderId })).messages.map((m) => m.body)).toContain("Add me on whatsapp");
    // Reviews meet the keywords too.
    const { orderId: done } = await t.orders.request({ listingId: await approvedListing(world, host), note: null });
    await h.orders.accept({ orderId: done });
    await h.orders.checkIn({ orderId: done, code: (await t.orders.checkinCode({ orderId: done })).token });
    await h.orders.complete({ orderId: done });
    await expectError(
      t.reviews.create({ orderId: done, rating: 5, body: "Great, pay by wire transfer" }),
      "BAD_REQUEST",
      "KEYWORD_BLOCKED",
    );
    const heldReview = await t.reviews.create({ orderId: done, rating: 5, body: "Great, find me on whatsapp" });
    expect(heldReview.status).toBe("HELD");
    const [l] = await world.db.select().from(orders).where(eq(orders.id, done));
    expect((await world.db.select().from(listings).where(eq(listings.id, l!.listingId)))[0]!.ratingCount).toBe(0);
  });

  it("a held review is its author's alone: the host neither sees it nor replies until a moderator approves it", async () => {
    const mod = await world.as(world.demo.MODERATOR);
    await mod.moderation.addKeyword({ term: "signal app", action: "REQUIRE_APPROVAL" });
    const t = await world.as(traveler);
    const h = await world.as(host);
    const { orderId } = await t.orders.request({ listingId: await approvedListing(world, host), note: null });
    await h.orders.accept({ orderId });
    await h.orders.checkIn({ orderId, code: (await t.orders.checkinCode({ orderId })).token });
    await h.orders.complete({ orderId });
    const held = await t.reviews.create({ orderId, rating: 2, body: "Message me on the signal app instead." });
    expect(held.status).toBe("HELD");
    // The traveler sees it, waiting for a moderator.
    expect((await t.orders.get({ orderId })).review).toMatchObject({ id: held.id, status: "HELD" });
    // The host sees no review, no text, and no reply form.
    const hostView = await h.orders.get({ orderId });
    expect(hostView).toMatchObject({ review: null, canReply: false, canReview: false });
    expect(deepStrings(hostView)).not.toContain("signal app");
    // Replying by its id is refused with the reason, and writes nothing.
    const refused = await expectRefusedNoWrites(
      world,
      () => h.reviews.reply({ reviewId: held.id, reply: "Thanks for coming!" }),
      "FORBIDDEN",
      "RULE_DENIED",
      "REVIEW_NOT_VISIBLE",
    );
    expect(refused.message).toBe(DENY_REASONS.REVIEW_NOT_VISIBLE);
    const receivedNotices = async () =>
      (
        await world.db
          .select()
          .from(notifications)
          .where(
            and(
              eq(notifications.userId, host.id),
              eq(notifications.kind, "REVIEW_RECEIVED"),
              eq(notifications.subjectId, orderId),
            ),
          )
      ).length;
    expect(await receivedNotices()).toBe(0);
    // Approved: the host sees it, is told of it now (once), and may reply.
    const item = (await queueItemOf(world, held.id, "REVIEW"))!;
    const claimed = await mod.moderation.claim({ itemId: item.id });
    await mod.moderation.decide({ itemId: item.id, version: claimed.version, decision: "APPROVE", reason: "Fair enough" });
    expect(await h.orders.get({ orderId })).toMatchObject({ review: { id: held.id, status: "VISIBLE" }, canReply: true });
    expect(await receivedNotices()).toBe(1);
    // Hidden again after a report: gone from the host's page, and no reply.
    await h.moderation.report({ targetType: "REVIEW", targetId: held.id, reason: "Asks people off the platform." });
    const again = await mod.moderation.claim({ itemId: item.id });
    await mod.moderation.decide({ itemId: item.id, version: again.version, decision: "HIDE", reason: "Off-platform contact" });
    expect(await h.orders.get({ orderId })).toMatchObject({ review: null, canReply: false });
    expect((await t.orders.get({ orderId })).review).toMatchObject({ status: "HIDDEN" });
    await expectError(
      h.reviews.reply({ reviewId: held.id, reply: "Thanks for coming!" }),
      "FORBIDDEN",
      "RULE_DENIED",
      "REVIEW_NOT_VISIBLE",
    );
    expect((await world.db.select().from(reviews).where(eq(reviews.id, held.id)))[0]!.reply).toBeNull();
  });

  it("a host's reply meets the keywords too: held until approved, and judged as the host's, never as the traveler's review", async () => {
    const mod = await world.as(world.demo.MODERATOR);
    await mod.moderation.addKeyword({ term: "telegram", action: "REQUIRE_APPROVAL" });
    await mod.moderation.addKeyword({ term: "bargain", action: "FLAG" });
    // A host of their own: the warning below must not reach other tests' host.
    const host = await world.addUser({ role: "HOST", district: NAXOS, kycStatus: "VERIFIED", displayName: "Replying host" });
    const t = await world.as(traveler);
    const h = await world.as(host);
    const reviewed = async () => {
      const listing = await approvedListing(world, host);
      const { orderId } = await t.orders.request({ listingId: listing, note: null });
      await h.orders.accept({ orderId });
      await h.orders.checkIn({ orderId, code: (await t.orders.checkinCode({ orderId })).token });
      await h.orders.complete({ orderId });
      const review = await t.reviews.create({ orderId, rating: 5, body: "A lovely morning on the boat." });
      return { listing, orderId, reviewId: review.id };
    };
    const repliedNotices = async (orderId: string) =>
      (
        await world.db
          .select()
          .from(notifications)
          .where(
            and(
              eq(notifications.userId, traveler.id),
              eq(notifications.subjectId, orderId),
              eq(notifications.kind, "REVIEW_REPLIED"),
            ),
          )
      ).length;

    // Held: the host sees it waiting; the traveler and the public see no reply.
    const a = await reviewed();
    expect((await h.reviews.reply({ reviewId: a.reviewId, reply: "Thanks! Write to me on telegram." })).status).toBe("HELD");
    expect((await h.orders.get({ orderId: a.orderId })).review).toMatchObject({
      reply: "Thanks! Write to me on telegram.",
      replyStatus: "HELD",
    });
    expect((await h.orders.get({ orderId: a.orderId })).canReply).toBe(false);
    const travelerView = await t.orders.get({ orderId: a.orderId });
    expect(travelerView.review).toMatchObject({
      body: "A lovely morning on the boat.",
      reply: null,
      replyStatus: null,
      repliedAt: null,
    });
    expect(deepStrings(travelerView)).not.toContain("telegram");
    const listed = await (await world.anonymous()).reviews.forListing({ listingId: a.listing });
    expect(listed).toMatchObject([{ id: a.reviewId, reply: null, repliedAt: null }]);
    expect(deepStrings(listed)).not.toContain("telegram");
    expect(await repliedNotices(a.orderId)).toBe(0);
    // Queued as the reply, not as the review.
    expect(await queueItemOf(world, a.reviewId, "REVIEW")).toBeUndefined();
    const item = (await queueItemOf(world, a.reviewId, "REVIEW_REPLY"))!;
    expect(item).toMatchObject({ status: "OPEN", reasons: [{ kind: "KEYWORD", term: "telegram", action: "REQUIRE_APPROVAL" }] });
    // Approved: public, and the traveler is told now.
    const claimed = await mod.moderation.claim({ itemId: item.id });
    await mod.moderation.decide({ itemId: item.id, version: claimed.version, decision: "APPROVE", reason: "Harmless" });
    expect(await (await world.anonymous()).reviews.forListing({ listingId: a.listing })).toMatchObject([
      { id: a.reviewId, reply: "Thanks! Write to me on telegram." },
    ]);
    expect((await t.orders.get({ orderId: a.orderId })).review).toMatchObject({ replyStatus: "VISIBLE" });
    expect(await repliedNotices(a.orderId)).toBe(1);
    expect(await auditRows(world.db, { action: "REVIEW_REPLY_APPROVED", targetId: a.reviewId })).toHaveLength(1);

    // Flagged: public at once, and hiding it takes down the reply alone.
    const b = await reviewed();
    expect((await h.reviews.reply({ reviewId: b.reviewId, reply: "What a bargain day it was!" })).status).toBe("VISIBLE");
    expect(await repliedNotices(b.orderId)).toBe(1);
    const flagged = (await queueItemOf(world, b.reviewId, "REVIEW_REPLY"))!;
    const c1 = await mod.moderation.claim({ itemId: flagged.id });
    await mod.moderation.decide({ itemId: flagged.id, version: c1.version, decision: "HIDE", reason: "Advertising" });
    expect(await (await world.anonymous()).reviews.forListing({ listingId: b.listing })).toMatchObject([
      { id: b.reviewId, body: "A lovely morning on the boat.", reply: null },
    ]);
    expect((await h.orders.get({ orderId: b.orderId })).review).toMatchObject({ status: "VISIBLE", replyStatus: "HIDDEN" });
    expect((await world.db.select().from(reviews).where(eq(reviews.id, b.reviewId)))[0]!.status).toBe("VISIBLE");
    expect((await world.db.select().from(listings).where(eq(listings.id, b.listing)))[0]!.ratingCount).toBe(1);

    // Warning about a reply warns the host who wrote it, not the traveler.
    const c = await reviewed();
    await h.reviews.reply({ reviewId: c.reviewId, reply: "A bargain, see you soon." });
    const warnItem = (await queueItemOf(world, c.reviewId, "REVIEW_REPLY"))!;
    const c2 = await mod.moderation.claim({ itemId: warnItem.id });
    await mod.moderation.decide({
      itemId: warnItem.id,
      version: c2.version,
      decision: "WARN",
      reason: "No sales talk in replies.",
    });
    const warned = await world.db.select().from(userWarnings).where(eq(userWarnings.reason, "No sales talk in replies."));
    expect(warned.map((w) => w.userId)).toEqual([host.id]);

    // A reader reports a public reply as a reply: the item is the reply's, and hiding it leaves the review.
    const d = await reviewed();
    await h.reviews.reply({ reviewId: d.reviewId, reply: "Thank you, come again." });
    const reader = await world.as(await world.addUser({ role: "TRAVELER", district: NAXOS }));
    await reader.moderation.report({ targetType: "REVIEW_REPLY", targetId: d.reviewId, reason: "Mocks the traveler." });
    const replyItem = (await queueItemOf(world, d.reviewId, "REVIEW_REPLY"))!;
    expect(replyItem.reasons.some((r) => r.kind === "REPORTED")).toBe(true);
    const c3 = await mod.moderation.claim({ itemId: replyItem.id });
    await mod.moderation.decide({ itemId: replyItem.id, version: c3.version, decision: "HIDE", reason: "Mocking" });
    const [afterReport] = await world.db.select().from(reviews).where(eq(reviews.id, d.reviewId));
    expect(afterReport).toMatchObject({ status: "VISIBLE", replyStatus: "HIDDEN" });
    expect((await h.orders.hosted({})).warnings.map((w) => w.reason)).toContain("No sales talk in replies.");
    expect((await t.orders.mine()).warnings.map((w) => w.reason)).not.toContain("No sales talk in replies.");
  });

  it("reports: a message by a participant, seen by the moderator only around it; hide and warn", async () => {
    const t = await world.as(traveler);
    const h = await world.as(host);
    const listing = await approvedListing(world, host);
    const { orderId } = await t.orders.ask({ listingId: listing, body: "m1" });
    for (const body of ["m2", "m3", "m4", "m5"]) await (body === "m3" ? h : t).messages.send({ orderId, body });
    const rude = await h.messages.send({ orderId, body: "you are an idiot" });
    for (const body of ["m7", "m8", "m9", "m10", "m11"]) await t.messages.send({ orderId, body });
    const mod = await world.as(world.demo.MODERATOR);
    // A stranger cannot report it; nor can its sender.
    await expectError(
      (await world.as(world.demo.TRAVELER)).moderation.report({ targetType: "MESSAGE", targetId: rude.id, reason: "I saw it" }),
      "NOT_FOUND",
    );
    await expectError(h.moderation.report({ targetType: "MESSAGE", targetId: rude.id, reason: "my own message" }), "NOT_FOUND");
    // Nothing reported: no window on the thread.
    const notMessage = await approvedListing(world, host);
    await t.moderation.report({ targetType: "LISTING", targetId: notMessage, reason: "Looks like a scam" });
    const listingItem = (await queueItemOf(world, notMessage, "LISTING"))!;
    await expectError(mod.messages.moderationContext({ itemId: listingItem.id }), "NOT_FOUND");

    await t.moderation.report({ targetType: "MESSAGE", targetId: rude.id, reason: "Insulting" });
    const item = (await queueItemOf(world, rude.id, "MESSAGE"))!;
    // Reported, but not held by the caller: no window, and the attempt is recorded.
    const unclaimed = await expectError(
      mod.messages.moderationContext({ itemId: item.id }),
      "FORBIDDEN",
      "RULE_DENIED",
      "NOT_ITEM_HOLDER",
    );
    expect(unclaimed.message).toBe(DENY_REASONS.NOT_ITEM_HOLDER);
    // The item page is told the same beforehand, so it does not ask (and record a denial) in vain.
    expect((await mod.moderation.item({ itemId: item.id })).threadView).toEqual({
      allowed: false,
      reason: "NOT_ITEM_HOLDER",
      message: DENY_REASONS.NOT_ITEM_HOLDER,
    });
    expect((await mod.moderation.item({ itemId: listingItem.id })).threadView).toBeNull();
    const denials = await auditRows(world.db, { action: "ACCESS_DENIED", targetId: "moderation.viewThread" });
    expect(denials.at(-1)).toMatchObject({ actorId: world.demo.MODERATOR.id, changes: { reason: "NOT_ITEM_HOLDER" } });
    // Held by the caller: the few messages around it, and the view is audited.
    const claimed = await mod.moderation.claim({ itemId: item.id });
    expect((await mod.moderation.item({ itemId: item.id })).threadView).toMatchObject({ allowed: true, reason: null });
    const { result: context, events } = await withAudit(world, () => mod.messages.moderationContext({ itemId: item.id }));
    expect(context.messages.map((m) => m.body)).toEqual(["m3", "m4", "m5", "you are an idiot", "m7", "m8", "m9"]);
    expect(context.messages.filter((m) => m.reported).map((m) => m.id)).toEqual([rude.id]);
    expect(events).toMatchObject([
      {
        action: "MESSAGE_THREAD_VIEWED",
        actorId: world.demo.MODERATOR.id,
        targetType: "message",
        targetId: rude.id,
        changes: { itemId: item.id, orderId, messagesShown: 7 },
      },
    ]);
    // Another moderator, while the first holds it: refused; and the message text is not in the audit.
    const other = await world.as(await world.addUser({ role: "MODERATOR", district: NAXOS }));
    await expectError(other.messages.moderationContext({ itemId: item.id }), "FORBIDDEN", "RULE_DENIED", "NOT_ITEM_HOLDER");
    expect(deepStrings(events)).not.toContain("idiot");
    // A lapsed claim holds nothing.
    await world.db
      .update(moderationItems)
      .set({ claimedAt: new Date(Date.now() - 5 * 60 * 60 * 1000) })
      .where(eq(moderationItems.id, item.id));
    await expectError(mod.messages.moderationContext({ itemId: item.id }), "FORBIDDEN", "RULE_DENIED", "NOT_ITEM_HOLDER");
    await world.db.update(moderationItems).set({ claimedAt: new Date() }).where(eq(moderationItems.id, item.id));
    await mod.moderation.decide({ itemId: item.id, version: claimed.version, decision: "HIDE", reason: "Insults" });
    // Decided: the window closes.
    await expectError(mod.messages.moderationContext({ itemId: item.id }), "FORBIDDEN", "RULE_DENIED", "ITEM_CLOSED");
    expect((await t.orders.get({ orderId })).messages.map((m) => m.body)).not.toContain("you are an idiot");
    // Warn the host through a user report.
    await t.moderation.report({ targetType: "USER", targetId: host.id, reason: "Rude to travelers" });
    const userItem = (await queueItemOf(world, host.id, "USER"))!;
    const c2 = await mod.moderation.claim({ itemId: userItem.id });
    await expectError(
      mod.moderation.decide({ itemId: userItem.id, version: c2.version, decision: "BAN", reason: "no" }),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
    await mod.moderation.decide({
      itemId: userItem.id,
      version: c2.version,
      decision: "WARN",
      reason: "Be polite to travelers.",
    });
    expect((await h.orders.hosted({})).warnings.map((w) => w.reason)).toEqual(["Be polite to travelers."]);
  });

  it("reports of a review hide it and the rating follows; a reported person can be suspended", async () => {
    const t = await world.as(traveler);
    const h = await world.as(host);
    const listing = await approvedListing(world, host);
    const { orderId } = await t.orders.request({ listingId: listing, note: null });
    await h.orders.accept({ orderId });
    const code = await t.orders.checkinCode({ orderId });
    await h.orders.checkIn({ orderId, code: code.token });
    await h.orders.complete({ orderId });
    const review = await t.reviews.create({ orderId, rating: 1, body: "Terrible, the host never came." });
    expect((await world.db.select().from(listings).where(eq(listings.id, listing)))[0]!.ratingCount).toBe(1);
    await h.moderation.report({ targetType: "REVIEW", targetId: review.id, reason: "This is untrue, I was there." });
    const mod = await world.as(world.demo.MODERATOR);
    const item = (await queueItemOf(world, review.id, "REVIEW"))!;
    const claimed = await mod.moderation.claim({ itemId: item.id });
    await mod.moderation.decide({
      itemId: item.id,
      version: claimed.version,
      decision: "HIDE",
      reason: "Contradicted by the check-in.",
    });
    const [row] = await world.db.select().from(listings).where(eq(listings.id, listing));
    expect([row!.ratingCount, row!.ratingAverage]).toEqual([0, null]);
    expect((await world.db.select().from(reviews).where(eq(reviews.id, review.id)))[0]!.status).toBe("HIDDEN");
    expect(await (await world.anonymous()).reviews.forListing({ listingId: listing })).toEqual([]);

    const rude = await world.addUser({ role: "TRAVELER", district: NAXOS });
    await h.moderation.report({ targetType: "USER", targetId: rude.id, reason: "Threatened me" });
    const userItem = (await queueItemOf(world, rude.id, "USER"))!;
    const c = await mod.moderation.claim({ itemId: userItem.id });
    await mod.moderation.decide({ itemId: userItem.id, version: c.version, decision: "SUSPEND", reason: "Threats" });
    expect((await world.db.select().from(users).where(eq(users.id, rude.id)))[0]!.status).toBe("SUSPENDED");
    await expectError((await world.as(rude)).orders.mine(), "UNAUTHORIZED", "ACCOUNT_SUSPENDED");
    // Moderators cannot suspend staff through a report: staff cannot be reported.
    await expectError(
      h.moderation.report({ targetType: "USER", targetId: world.demo.ADMIN.id, reason: "Bossy admin" }),
      "NOT_FOUND",
    );
  });
});

// ---------------------------------------------------------------- live delivery (one process)

describe("live delivery", () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await seededWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  async function next<T>(it: AsyncIterator<T>, ms = 5000): Promise<T> {
    const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no event in time")), ms));
    const r = await Promise.race([it.next(), timer]);
    if (r.done) throw new Error("stream ended");
    return r.value;
  }

  /** The next message or order event (skipping news for the bell). */
  async function nextNews<T extends { event: { kind: string } }>(it: AsyncIterator<T>): Promise<T> {
    for (;;) {
      const e = await next(it);
      if (e.event.kind !== "notification") return e;
    }
  }

  it("the host's stream receives the traveler's message; resuming with lastEventId replays the missed ones", async () => {
    const host = world.demo.HOST;
    const traveler = world.demo.TRAVELER;
    const listing = await approvedListing(world, host);
    const abort = new AbortController();
    const stream = liveEventsFor(world.db, host.id, null, abort.signal);
    const first = next(stream);
    await new Promise((r) => setTimeout(r, 100));
    const { orderId } = await (await world.as(traveler)).orders.ask({ listingId: listing, body: "Live hello" });
    const seen: string[] = [];
    let lastId = "";
    // (The listing's approval may still be on its way to the host's bell: news for the bell is
    // skipped until the question's events have arrived.)
    let ev = await first;
    while (ev.event.kind === "notification") ev = await next(stream);
    for (let i = 0; i < 3; i++) {
      if (i > 0) ev = await next(stream);
      lastId = ev.id;
      seen.push(
        ev.event.kind === "message"
          ? `message:${ev.event.message.body}`
          : ev.event.kind === "order"
            ? `order:${ev.event.status}`
            : ev.event.kind,
      );
    }
    // The host's bell hears of the question too: one event for the transaction, with the id of its
    // last event (the message), and not dropped as a repeat of it.
    expect(seen).toEqual(["order:INQUIRY", "message:Live hello", "notification"]);
    abort.abort();
    await stream.return(undefined);

    // Offline: two messages arrive; a stream resumed from the last id gets exactly those.
    const t = await world.as(traveler);
    await t.messages.send({ orderId, body: "While you were away 1" });
    await t.messages.send({ orderId, body: "While you were away 2" });
    const abort2 = new AbortController();
    const resumed = liveEventsFor(world.db, host.id, lastId, abort2.signal);
    const a = await nextNews(resumed);
    const b = await nextNews(resumed);
    expect([a, b].map((e) => (e.event.kind === "message" ? e.event.message.body : e.event.kind))).toEqual([
      "While you were away 1",
      "While you were away 2",
    ]);
    // Someone else's stream hears nothing of this order.
    const abort3 = new AbortController();
    const stranger = liveEventsFor(world.db, world.demo.MODERATOR.id, null, abort3.signal);
    const strangerNext = next(stranger, 800).then(
      () => "got one",
      () => "nothing",
    );
    await t.messages.send({ orderId, body: "Only for the host" });
    expect((await nextNews(resumed)).event).toMatchObject({ kind: "message", message: { body: "Only for the host" } });
    expect(await strangerNext).toBe("nothing");
    abort2.abort();
    abort3.abort();
    await resumed.return(undefined);
  });

  it("a long message (2000 characters of 3 bytes each) is delivered too", async () => {
    const host = world.demo.HOST;
    const listing = await approvedListing(world, host);
    const t = await world.as(world.demo.TRAVELER);
    const { orderId } = await t.orders.ask({ listingId: listing, body: "Short first" });
    const abort = new AbortController();
    const stream = liveEventsFor(world.db, host.id, null, abort.signal);
    const first = next(stream);
    await new Promise((r) => setTimeout(r, 100));
    const long = "€".repeat(2000);
    await t.messages.send({ orderId, body: long });
    // The announcements of `ask` (the order and its first message) may still be in flight to this
    // process's listener: skip them; `next` fails the test if the long message never arrives.
    const isLong = (e: unknown) =>
      (e as { kind: string; message?: { body: string } }).kind === "message" &&
      (e as { message: { body: string } }).message.body === long;
    let ev = await first;
    while (!isLong(ev.event)) ev = await next(stream);
    expect(ev.event).toMatchObject({ kind: "message", message: { body: long, orderId } });
    abort.abort();
    await stream.return(undefined);
  });

  it("through the procedure: the subscription is refused to strangers of the role and yields tracked events", async () => {
    await expectError((async () => (await world.anonymous()).messages.live())(), "UNAUTHORIZED", "UNAUTHENTICATED");
    await expectError((async () => (await world.as(world.demo.MODERATOR)).messages.live())(), "FORBIDDEN", "ROLE_REQUIRED");
    const host = world.demo.HOST;
    const listing = await approvedListing(world, host);
    const iterable = (await (await world.as(host)).messages.live({})) as unknown as AsyncIterable<unknown>;
    const it = iterable[Symbol.asyncIterator]();
    const first = next(it);
    await new Promise((r) => setTimeout(r, 100));
    await (await world.as(world.demo.TRAVELER)).orders.ask({ listingId: listing, body: "Via tRPC" });
    // tracked(id, data) travels as [id, data, symbol]; news for the bell is skipped here.
    let ev = (await first) as unknown as [string, { kind: string }];
    while (ev[1].kind === "notification") ev = (await next(it)) as unknown as [string, { kind: string }];
    expect(typeof ev[0]).toBe("string");
    expect(ev[1]).toMatchObject({ kind: "order" });
    await it.return?.(undefined);
  });

  it("the bell's stream (notifications.live): news reaches only the person it is for, and reading elsewhere tells their other pages", async () => {
    type Tracked = [string, { kind: string }];
    const open = async (who: Parameters<TestWorld["as"]>[0]) =>
      ((await (await world.as(who)).notifications.live({})) as unknown as AsyncIterable<Tracked>)[Symbol.asyncIterator]();
    const host = world.demo.HOST;
    const traveler = world.demo.TRAVELER;
    const listing = await approvedListing(world, host);
    const t = await world.as(traveler);
    const { orderId } = await t.orders.request({ listingId: listing, note: null });
    await t.notifications.markRead({ ids: "all" });

    const mine = await open(traveler);
    // A stranger's stream (read directly, so that it can be stopped while it waits).
    const abort = new AbortController();
    const stranger = liveEventsFor(world.db, world.demo.MODERATOR.id, null, abort.signal, { kinds: ["notification"] });
    const first = next(mine);
    const strangerFirst = next(stranger, 1500).then(
      (e) => e.event.kind,
      () => "nothing",
    );
    await new Promise((r) => setTimeout(r, 100));
    await (await world.as(host)).orders.accept({ orderId });
    expect((await first)[1]).toEqual({ kind: "notification" });
    expect((await t.notifications.unreadCount()).count).toBe(1);

    // Read on another device: this page's stream is told, and its count goes to zero.
    const again = next(mine);
    await t.notifications.markRead({ ids: "all" });
    expect((await again)[1]).toEqual({ kind: "notification" });
    expect((await t.notifications.unreadCount()).count).toBe(0);
    expect(await strangerFirst).toBe("nothing");
    await mine.return?.(undefined);
    abort.abort();
    await stranger.return(undefined);
  });
});

describe("hosts are travelers too", () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await seededWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it("a host books another host's listing, never their own; each side sees it in their own area, and is told there", async () => {
    const seller = world.demo.HOST;
    const buyer = await world.addUser({ role: "HOST", district: NAXOS, kycStatus: "VERIFIED" });
    const theirs = await approvedListing(world, seller);
    const own = await approvedListing(world, buyer);
    const b = await world.as(buyer);

    // Never their own listing: the rule says why, and nothing is written.
    const refused = await outcome(b.orders.request({ listingId: own, note: null }));
    expect(refused).toMatchObject({ ok: false, appCode: "RULE_DENIED", reason: "OWN_LISTING" });
    expect(await world.db.select().from(orders).where(eq(orders.listingId, own))).toHaveLength(0);

    const { orderId } = await b.orders.request({ listingId: theirs, note: "Two of us, Saturday." });
    expect((await b.orders.get({ orderId })).viewerIs).toBe("TRAVELER");
    expect((await b.orders.mine()).items.map((o) => o.id)).toContain(orderId);
    // Their own hosted orders do not mix with it.
    expect((await b.orders.hosted({})).items.map((o) => o.id)).not.toContain(orderId);

    // The seller accepts; the buying host is told with a link into the host area (where their
    // bookings open), and shows the check-in code at the door.
    const s = await world.as(seller);
    await s.orders.accept({ orderId });
    const [told] = await world.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, buyer.id), eq(notifications.kind, "ORDER_ACCEPTED")));
    expect(told!.link).toBe(`/host/orders/${orderId}`);
    const code = await b.orders.checkinCode({ orderId });
    expect((await s.orders.checkIn({ orderId, code: code.shortCode })).status).toBe("IN_PROGRESS");
    await s.orders.complete({ orderId });
    // And reviews it like any traveler.
    expect(await outcome(b.reviews.create({ orderId, rating: 5, body: "A fine afternoon on the water." }))).toMatchObject({
      ok: true,
    });
  });
});
