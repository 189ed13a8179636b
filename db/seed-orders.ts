// Demo orders between the demo traveler and the demo host's approved listings: one in every state,
// with message threads, and reviews (one with the host's reply). Idempotent: skipped when the demo
// traveler has orders already.
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "./client";
import { listings, messageReads, messages, orderEvents, orders, reviews, users, type OrderStatus } from "./schema";
import { appendAuditEvents } from "@/server/audit";
import { refreshListingRating } from "@/server/reviews/rating";

type Plan = {
  listing: number;
  status: OrderStatus;
  thread: [from: "T" | "H", body: string][];
  review?: { rating: number; body: string; reply?: string };
};

const PLANS: Plan[] = [
  {
    listing: 0,
    status: "COMPLETED",
    thread: [
      ["T", "Hello Helena, is the sunset walk fine for a seven-year-old?"],
      ["H", "Absolutely, it is flat all the way. Bring a jumper, it gets windy at the gate."],
    ],
    review: {
      rating: 5,
      body: "Magical light at the Portara and Helena knows every story. Our daughter loved it.",
      reply: "Thank you Theo! Come back in the spring for the wildflowers.",
    },
  },
  { listing: 0, status: "INQUIRY", thread: [["T", "Do you also run the walk at sunrise?"]] },
  {
    listing: 1,
    status: "COMPLETED",
    thread: [
      ["T", "Can we taste the green kitron too?"],
      ["H", "Yes, all three kinds."],
    ],
    review: { rating: 4, body: "Friendly tasting and a good look at the old stills. A bit crowded at noon." },
  },
  { listing: 1, status: "REQUESTED", thread: [["T", "A tasting for four on Friday afternoon, please."]] },
  {
    listing: 2,
    status: "ACCEPTED",
    thread: [
      ["T", "Two places for Tuesday morning?"],
      ["H", "Booked! See you at the blue door at ten."],
    ],
  },
  {
    listing: 2,
    status: "DECLINED",
    thread: [
      ["T", "Could we come on Sunday?"],
      ["H", "Sorry, the workshop is closed on Sundays."],
    ],
  },
  { listing: 3, status: "IN_PROGRESS", thread: [["T", "We are on our way up to Apeiranthos."]] },
  { listing: 3, status: "CANCELLED", thread: [["T", "Sorry, our ferry was cancelled."]] },
];

/** The order's path to its state, for the timeline. */
const PATH: Record<OrderStatus, OrderStatus[]> = {
  INQUIRY: ["INQUIRY"],
  REQUESTED: ["REQUESTED"],
  ACCEPTED: ["REQUESTED", "ACCEPTED"],
  DECLINED: ["REQUESTED", "DECLINED"],
  IN_PROGRESS: ["REQUESTED", "ACCEPTED", "IN_PROGRESS"],
  COMPLETED: ["REQUESTED", "ACCEPTED", "IN_PROGRESS", "COMPLETED"],
  CANCELLED: ["REQUESTED", "CANCELLED"],
  EXPIRED: ["REQUESTED", "EXPIRED"],
};
const EVENT: Record<OrderStatus, string> = {
  INQUIRY: "ORDER_INQUIRY_OPENED",
  REQUESTED: "ORDER_REQUESTED",
  ACCEPTED: "ORDER_ACCEPTED",
  DECLINED: "ORDER_DECLINED",
  IN_PROGRESS: "ORDER_STARTED",
  COMPLETED: "ORDER_COMPLETED",
  CANCELLED: "ORDER_CANCELLED",
  EXPIRED: "ORDER_EXPIRED",
};

export async function seedDemoOrders(db: Database, titles: readonly string[]) {
  const [traveler] = await db.select().from(users).where(eq(users.email, "traveler@tessera.test"));
  const [host] = await db.select().from(users).where(eq(users.email, "host@tessera.test"));
  if (!traveler || !host) return { ordersCreated: 0 };
  const [already] = await db.select({ id: orders.id }).from(orders).where(eq(orders.travelerId, traveler.id)).limit(1);
  if (already) return { ordersCreated: 0 };
  const rows = await db
    .select()
    .from(listings)
    .where(and(eq(listings.hostId, host.id), eq(listings.status, "APPROVED"), inArray(listings.title, [...titles])));
  const byTitle = new Map(rows.map((r) => [r.title, r]));
  let created = 0;
  const day = 86_400_000;
  for (const [i, plan] of PLANS.entries()) {
    const listing = byTitle.get(titles[plan.listing]!);
    if (!listing) continue;
    // Open orders (a question, a request) are recent: the scheduler expires a request unanswered for
    // 48 hours and closes a question idle for 14 days, and the demo should show both waiting.
    const open = plan.status === "INQUIRY" || plan.status === "REQUESTED";
    const start = open ? Date.now() - (i + 2) * 3_600_000 : Date.now() - (PLANS.length - i) * 3 * day;
    const paid = plan.status === "COMPLETED" || plan.status === "IN_PROGRESS";
    const [order] = await db
      .insert(orders)
      .values({
        listingId: listing.id,
        travelerId: traveler.id,
        hostId: host.id,
        districtId: listing.districtId,
        status: plan.status,
        listingTitle: listing.title,
        priceMinor: listing.priceMinor,
        currency: listing.currency,
        paymentProvider: plan.status === "ACCEPTED" || paid ? "IN_PERSON" : null,
        paymentStatus: paid && plan.status === "COMPLETED" ? "PAID" : plan.status === "ACCEPTED" || paid ? "PENDING" : "NONE",
        createdAt: new Date(start),
        updatedAt: new Date(Math.min(start + day, Date.now())),
      })
      .returning();
    let previous: OrderStatus | null = null;
    for (const [k, status] of PATH[plan.status].entries()) {
      const actor =
        status === "REQUESTED" || status === "INQUIRY" || (status === "CANCELLED" && plan.status === "CANCELLED")
          ? traveler.id
          : host.id;
      await db.insert(orderEvents).values({
        orderId: order!.id,
        actorId: actor,
        event: EVENT[status],
        fromStatus: previous,
        toStatus: status,
        createdAt: new Date(start + k * 3_600_000),
      });
      previous = status;
    }
    let lastSeq = 0;
    for (const [k, [from, body]] of plan.thread.entries()) {
      const [m] = await db
        .insert(messages)
        .values({
          orderId: order!.id,
          senderId: from === "T" ? traveler.id : host.id,
          body,
          createdAt: new Date(start + k * 600_000),
        })
        .returning();
      lastSeq = m!.seq;
    }
    // Old threads are read; the newest ones leave something unread for each side.
    if (plan.status !== "REQUESTED")
      await db.insert(messageReads).values({ orderId: order!.id, userId: host.id, lastReadSeq: lastSeq });
    if (plan.status !== "ACCEPTED")
      await db.insert(messageReads).values({ orderId: order!.id, userId: traveler.id, lastReadSeq: lastSeq });
    if (plan.review) {
      await db.insert(reviews).values({
        orderId: order!.id,
        listingId: listing.id,
        travelerId: traveler.id,
        hostId: host.id,
        rating: plan.review.rating,
        body: plan.review.body,
        reply: plan.review.reply ?? null,
        replyStatus: plan.review.reply ? "VISIBLE" : null,
        repliedAt: plan.review.reply ? new Date(start + 2 * day) : null,
        createdAt: new Date(start + day),
      });
      await refreshListingRating(db, listing.id);
    }
    created += 1;
  }
  if (created > 0) {
    await appendAuditEvents(
      db,
      { actorType: "SYSTEM", actorId: null, actorRole: null, ip: null, userAgent: "db:seed", requestId: null },
      [{ action: "DEMO_ORDERS_SEEDED", targetType: "system", changes: { ordersCreated: created } }],
    );
  }
  return { ordersCreated: created };
}
