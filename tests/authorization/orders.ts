// Authorisation rows of the orders, messages and reviews procedures (tests/authorization-table.test.ts).
import { randomUUID } from "node:crypto";
import { BAN, OK, REVOKED, ROLE, SUSP, UNAUTH, type Row } from "./cells";

// prettier-ignore
const HOSTS_ONLY =      [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED] as const;
// prettier-ignore
const CITIZENS_ONLY =   [UNAUTH,  OK,      OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED] as const;
// prettier-ignore
const MODERATORS_ONLY = [UNAUTH,  ROLE,    ROLE, ROLE,    OK,       ROLE, ROLE,  SUSP,     BAN,   REVOKED] as const;
// prettier-ignore
const EVERYONE =        [OK,      OK,      OK,   OK,      OK,       OK,   OK,    OK,       OK,    OK] as const;

const order = () => ({ orderId: randomUUID() });

export const ORDERS_ROWS: Record<string, Row> = {
  // ---------------------------------------------------------------- orders
  // Hosts are travelers too: they ask about, request, book and review other hosts' listings.
  "orders.ask": {
    expect: CITIZENS_ONLY,
    input: () => ({ listingId: randomUUID(), body: "Is it open on Sundays?" }),
    reached: "NOT_FOUND",
  },
  "orders.request": { expect: CITIZENS_ONLY, input: () => ({ listingId: randomUUID() }), reached: "NOT_FOUND" },
  "orders.accept": { expect: HOSTS_ONLY, input: order, reached: "NOT_FOUND" },
  "orders.decline": { expect: HOSTS_ONLY, input: order, reached: "NOT_FOUND" },
  "orders.complete": { expect: HOSTS_ONLY, input: order, reached: "NOT_FOUND" },
  "orders.cancel": { expect: CITIZENS_ONLY, input: order, reached: "NOT_FOUND" },
  "orders.checkinCode": { expect: CITIZENS_ONLY, input: order, reached: "NOT_FOUND" },
  "orders.checkIn": { expect: HOSTS_ONLY, input: () => ({ orderId: randomUUID(), code: "ABCD-EFGH" }), reached: "NOT_FOUND" },
  "orders.markPaid": { expect: HOSTS_ONLY, input: order, reached: "NOT_FOUND" },
  "orders.mine": { expect: CITIZENS_ONLY, input: () => undefined, reached: "ok" },
  "orders.hosted": { expect: HOSTS_ONLY, input: () => ({}), reached: "ok" },
  "orders.get": { expect: CITIZENS_ONLY, input: order, reached: "NOT_FOUND" },
  "orders.onListing": { expect: CITIZENS_ONLY, input: () => ({ listingId: randomUUID() }), reached: "ok" },
  // ---------------------------------------------------------------- messages
  "messages.send": { expect: CITIZENS_ONLY, input: () => ({ orderId: randomUUID(), body: "Hello" }), reached: "NOT_FOUND" },
  "messages.markRead": { expect: CITIZENS_ONLY, input: order, reached: "NOT_FOUND" },
  "messages.unread": { expect: CITIZENS_ONLY, input: () => undefined, reached: "ok" },
  // The stream is opened (not read): an allowed caller gets it, the gate refuses the others.
  "messages.live": { expect: CITIZENS_ONLY, input: () => ({}), reached: "ok" },
  "messages.moderationContext": { expect: MODERATORS_ONLY, input: () => ({ itemId: randomUUID() }), reached: "NOT_FOUND" },
  // ---------------------------------------------------------------- reviews
  "reviews.create": {
    expect: CITIZENS_ONLY,
    input: () => ({ orderId: randomUUID(), rating: 5, body: "A wonderful afternoon." }),
    reached: "NOT_FOUND",
  },
  "reviews.reply": { expect: HOSTS_ONLY, input: () => ({ reviewId: randomUUID(), reply: "Thank you!" }), reached: "NOT_FOUND" },
  "reviews.forListing": { expect: EVERYONE, input: () => ({ listingId: randomUUID() }), reached: "NOT_FOUND" },
};
