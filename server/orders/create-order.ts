// New orders: a traveler's question about a listing opens an INQUIRY (or joins the open order they
// already have on it); a request opens a REQUESTED order, or turns their open INQUIRY into one.
import { and, eq, inArray } from "drizzle-orm";
import { listings } from "@/db/schema/listings";
import { orders, type Order } from "@/db/schema/orders";
import { OPEN_ORDER_STATUSES } from "@/db/schema/values";
import { flagOn, type Deps } from "@/server/context";
import { AppError } from "@/server/errors";
import { enforce } from "@/server/policy/authorize";
import { sendMessage } from "@/server/messages/send";
import { moveOrder, recordOrderEvent } from "./move-order";
import { notifyOtherSide } from "./notify-order";

async function orderableListing(deps: Deps, listingId: string) {
  const [listing] = await deps.db.select().from(listings).where(eq(listings.id, listingId)).limit(1);
  // Unpublished listings are NOT_FOUND to everyone but their host, as on the listing page.
  if (!listing || (listing.status !== "APPROVED" && listing.hostId !== deps.user.id)) {
    throw new AppError("NOT_FOUND", "That listing does not exist or is not published.");
  }
  return listing;
}

export async function openOrderOf(deps: Pick<Deps, "db">, travelerId: string, listingId: string): Promise<Order | null> {
  const [row] = await deps.db
    .select()
    .from(orders)
    .where(and(eq(orders.listingId, listingId), eq(orders.travelerId, travelerId), inArray(orders.status, OPEN_ORDER_STATUSES)))
    .limit(1);
  return row ?? null;
}

async function newOrder(deps: Deps, listingId: string, status: "INQUIRY" | "REQUESTED"): Promise<Order> {
  const listing = await orderableListing(deps, listingId);
  enforce(deps.securityEvents, "order.create", deps.user, listing, {
    emergencyMode: await flagOn(deps, "EMERGENCY_MODE", listing.districtId),
  });
  const [row] = await deps.db
    .insert(orders)
    .values({
      listingId: listing.id,
      travelerId: deps.user.id,
      hostId: listing.hostId,
      districtId: listing.districtId,
      status,
      listingTitle: listing.title,
      // The price as it is now: a later change of the listing does not change this order.
      priceMinor: listing.priceMinor,
      currency: listing.currency,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    // A concurrent call opened the order first (the one-open-order index refused this one).
    throw new AppError("CONFLICT", "You already have an open order for this listing. Reload the page.", { reason: "ORDER_OPEN" });
  }
  await recordOrderEvent(deps.db, {
    orderId: row.id,
    actorId: deps.user.id,
    event: status === "INQUIRY" ? "ORDER_INQUIRY_OPENED" : "ORDER_REQUESTED",
    toStatus: status,
  });
  deps.audit({
    action: status === "INQUIRY" ? "ORDER_INQUIRY_OPENED" : "ORDER_REQUESTED",
    targetType: "order",
    targetId: row.id,
    changes: {
      status: { before: null, after: status },
      listingId: listing.id,
      price: listing.priceMinor === null ? null : `${listing.priceMinor} ${listing.currency}`,
    },
  });
  await notifyOtherSide(deps.db, row, deps.user, status === "INQUIRY" ? "ORDER_QUESTION" : "ORDER_REQUESTED");
  return row;
}

/** "Ask the host": the first question opens an INQUIRY; later ones join the open order. */
export async function askHost(deps: Deps, input: { listingId: string; body: string }) {
  if (!(await flagOn(deps, "MESSAGING_ENABLED"))) {
    throw new AppError("FLAG_DISABLED", "Messaging is switched off in your district.", { reason: "MESSAGING_ENABLED" });
  }
  const open = await openOrderOf(deps, deps.user.id, input.listingId);
  const order = open ?? (await newOrder(deps, input.listingId, "INQUIRY"));
  // A new question is announced as such, not again as a message.
  const message = await sendMessage(deps, order, input.body, { notifyRecipient: Boolean(open) });
  return { orderId: order.id, status: order.status, messageId: message.id };
}

/** "Request": a new REQUESTED order, or the open INQUIRY moved on to REQUESTED. */
export async function requestOrder(deps: Deps, input: { listingId: string; note: string | null }) {
  const open = await openOrderOf(deps, deps.user.id, input.listingId);
  let order: Order;
  if (open) {
    if (open.status !== "INQUIRY") {
      throw new AppError("CONFLICT", "You already have an open order for this listing.", { reason: "ORDER_OPEN" });
    }
    // Moving a question on to a request is a new order in all but name: the same rule applies.
    const listing = await orderableListing(deps, input.listingId);
    enforce(deps.securityEvents, "order.create", deps.user, listing, {
      emergencyMode: await flagOn(deps, "EMERGENCY_MODE", listing.districtId),
    });
    order = await moveOrder(deps, open, "request", "TRAVELER");
  } else {
    order = await newOrder(deps, input.listingId, "REQUESTED");
  }
  // The request's own notification stands for its note.
  if (input.note) await sendMessage(deps, order, input.note, { notifyRecipient: false });
  return { orderId: order.id, status: order.status };
}
