// The bare side of the audited-write benchmark (bench/audited-writes.ts): the same statements the
// procedures send for verification.verify, messages.send, orders.accept and listings.update, on
// Drizzle over postgres.js in one transaction each, without the tRPC stack, without the session
// cookie (the caller's id comes in the clear; its user row is still read, as the session check
// reads it) and without the audit record. Served by bench/bare-server.ts as POST routes.
import { and, eq, isNull, gt, sql } from "drizzle-orm";
import { compactVerify, importJWK, type JWK } from "jose";
import type { Database } from "../db/client";
import { users } from "../db/schema/accounts";
import { messageReads, messages } from "../db/schema/messages";
import { notifications } from "../db/schema/notifications";
import { orderEvents, orders } from "../db/schema/orders";
import { listings } from "../db/schema/listings";
import { keywords } from "../db/schema/moderation";
import { aliases, consentGrants, organizationMembers, tokenRedemptions, verificationEvents } from "../db/schema/verification";
import { tokenSealKey, unseal } from "../server/verification/tokens";

type Body = Record<string, unknown>;
export type WriteHandler = (body: Body) => Promise<unknown>;

async function caller(tx: Database, uid: unknown) {
  const [user] = await tx
    .select()
    .from(users)
    .where(eq(users.id, String(uid)))
    .limit(1);
  if (!user || user.status !== "ACTIVE") throw new Error("no such user");
  return user;
}

/** The caller's user row and the order the body names (as the procedures read both first). */
async function callerAndOrder(tx: Database, body: Body) {
  const user = await caller(tx, body.uid);
  const [order] = await tx
    .select()
    .from(orders)
    .where(eq(orders.id, String(body.orderId)))
    .limit(1);
  return { user, order };
}

/** The bare write routes, given the benchmark's token key (public JWK) and alias key. */
export async function bareWrites(db: Database, opts: { verifyJwk?: string; aliasKey?: string }) {
  const verifyKey = opts.verifyJwk ? await importJWK(JSON.parse(opts.verifyJwk) as JWK, "EdDSA") : null;
  const sealKey = opts.aliasKey ? tokenSealKey(opts.aliasKey) : null;

  const routes: Record<string, WriteHandler> = {
    // server/verification/verify.ts verifyPresentation(): membership, the token, single use, the
    // alias, the consent, the person, the verification event and the traveler's notification.
    "/w/verify": (body) =>
      db.transaction(async (t) => {
        const tx = t as unknown as Database;
        const staff = await caller(tx, body.uid);
        const [member] = await tx.select().from(organizationMembers).where(eq(organizationMembers.userId, staff.id));
        if (!member || !verifyKey || !sealKey) throw new Error("not a member");
        const token = String(body.token);
        const { payload } = await compactVerify(token, verifyKey, { algorithms: ["EdDSA"] });
        const claims = JSON.parse(new TextDecoder().decode(payload)) as { ctx: string; exp: number; jti: string };
        const inner = unseal(sealKey, claims.jti, claims.ctx);
        if (!inner || inner.aud !== member.organizationId || claims.exp < Date.now() / 1000) throw new Error("not for this org");
        const redeemed = await tx
          .insert(tokenRedemptions)
          .values({ jti: claims.jti, organizationId: member.organizationId, expiresAt: new Date(claims.exp * 1000) })
          .onConflictDoNothing()
          .returning({ jti: tokenRedemptions.jti });
        if (redeemed.length !== 1) throw new Error("replayed");
        const [alias] = await tx
          .select({ userId: aliases.userId })
          .from(aliases)
          .where(and(eq(aliases.alias, inner.sub), eq(aliases.organizationId, member.organizationId)));
        const now = new Date();
        const [consent] = await tx
          .select()
          .from(consentGrants)
          .where(
            and(
              eq(consentGrants.userId, alias!.userId),
              eq(consentGrants.organizationId, member.organizationId),
              isNull(consentGrants.revokedAt),
              gt(consentGrants.expiresAt, now),
            ),
          );
        const [person] = await tx.select().from(users).where(eq(users.id, alias!.userId));
        if (!consent || person?.kycStatus !== "VERIFIED") throw new Error("not verified");
        const [event] = await tx
          .insert(verificationEvents)
          .values({
            organizationId: member.organizationId,
            staffId: staff.id,
            travelerId: person.id,
            subject: inner.sub,
            outcome: "VERIFIED",
            disclosedScopes: consent.scopes,
          })
          .returning({ id: verificationEvents.id });
        await tx.insert(notifications).values({
          userId: person.id,
          kind: "VERIFIED_BY_ORGANIZATION",
          subjectType: "verification_event",
          subjectId: event!.id,
          link: "/traveler/verifications",
        });
        return { outcome: "VERIFIED", eventId: event!.id };
      }),

    // server/messages/send.ts sendMessage(): the order, the keyword scan, the message, the sender's
    // read mark, the order's updated_at and the recipient's notification.
    "/w/message": (body) =>
      db.transaction(async (t) => {
        const tx = t as unknown as Database;
        const { user, order } = await callerAndOrder(tx, body);
        if (!order || (order.hostId !== user.id && order.travelerId !== user.id)) throw new Error("not a participant");
        await tx.select({ term: keywords.term }).from(keywords);
        const [row] = await tx
          .insert(messages)
          .values({ orderId: order.id, senderId: user.id, body: String(body.body), status: "VISIBLE" })
          .returning();
        await tx
          .insert(messageReads)
          .values({ orderId: order.id, userId: user.id, lastReadSeq: row!.seq })
          .onConflictDoUpdate({
            target: [messageReads.orderId, messageReads.userId],
            set: { lastReadSeq: sql`greatest(${messageReads.lastReadSeq}, ${row!.seq})`, updatedAt: new Date() },
          });
        await tx.update(orders).set({ updatedAt: new Date() }).where(eq(orders.id, order.id));
        await tx.insert(notifications).values({
          userId: order.hostId === user.id ? order.travelerId : order.hostId,
          kind: "MESSAGE_RECEIVED",
          subjectType: "order",
          subjectId: order.id,
          link: `/orders/${order.id}`,
          digestKey: `order:${order.id}`,
        });
        return { id: row!.id, seq: row!.seq };
      }),

    // server/orders/move-order.ts moveOrder(accept): the order, the guarded status update, the
    // order's history row and the traveler's notification.
    "/w/accept": (body) =>
      db.transaction(async (t) => {
        const tx = t as unknown as Database;
        const { user, order } = await callerAndOrder(tx, body);
        if (!order || order.hostId !== user.id || order.status !== "REQUESTED") throw new Error("not acceptable");
        const [row] = await tx
          .update(orders)
          .set({
            status: "ACCEPTED",
            paymentProvider: "IN_PERSON",
            paymentStatus: "PENDING",
            version: sql`${orders.version} + 1`,
            updatedAt: new Date(),
          })
          .where(and(eq(orders.id, order.id), eq(orders.status, "REQUESTED")))
          .returning();
        if (!row) throw new Error("stale");
        await tx.insert(orderEvents).values({
          orderId: order.id,
          actorId: user.id,
          event: "ORDER_ACCEPTED",
          fromStatus: "REQUESTED",
          toStatus: "ACCEPTED",
        });
        await tx.insert(notifications).values({
          userId: order.travelerId,
          kind: "ORDER_ACCEPTED",
          subjectType: "order",
          subjectId: order.id,
          link: `/orders/${order.id}`,
        });
        return { id: row.id, status: row.status };
      }),

    // server/listings/manage.ts updateListing() on a draft: the listing, the guarded update.
    "/w/listing": (body) =>
      db.transaction(async (t) => {
        const tx = t as unknown as Database;
        const user = await caller(tx, body.uid);
        const [listing] = await tx
          .select()
          .from(listings)
          .where(eq(listings.id, String(body.listingId)))
          .limit(1);
        if (!listing || listing.hostId !== user.id) throw new Error("not yours");
        const [row] = await tx
          .update(listings)
          .set({ priceMinor: Number(body.amountMinor), currency: "EUR", updatedAt: new Date() })
          .where(and(eq(listings.id, listing.id), eq(listings.status, listing.status)))
          .returning({ id: listings.id, status: listings.status });
        if (!row) throw new Error("stale");
        return row;
      }),
  };
  return routes;
}
