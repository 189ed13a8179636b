// Authorisation rows of notifications and recovery: every signed-in person has their own bell and
// choices; the reset and confirmation links are for anyone who holds one;
// nobody reaches anyone else's (tests/notifications.test.ts marks another's ids: nothing changes).
import { randomUUID } from "node:crypto";
import { BAN, OK, REVOKED, SUSP, UNAUTH, type Row } from "./cells";

// prettier-ignore
export const NOTIFICATIONS_ROWS: Record<string, Row> = {
  //                                anonymous TRAVELER HOST  ORG_USER MODERATOR ADMIN SUPER  suspended banned stale
  "notifications.unreadCount": {
    expect:                         [UNAUTH,  OK,      OK,   OK,      OK,       OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  // The stream is opened (not read): every signed-in person gets their own.
  "notifications.live": {
    expect:                         [UNAUTH,  OK,      OK,   OK,      OK,       OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => ({}),
    reached: "ok",
  },
  "notifications.list": {
    expect:                         [UNAUTH,  OK,      OK,   OK,      OK,       OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => ({ limit: 5 }),
    reached: "ok",
  },
  "notifications.markRead": {
    expect:                         [UNAUTH,  OK,      OK,   OK,      OK,       OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => ({ ids: [randomUUID()] }),
    reached: "ok",
  },
  "notifications.preferences": {
    expect:                         [UNAUTH,  OK,      OK,   OK,      OK,       OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "notifications.setPreference": {
    expect:                         [UNAUTH,  OK,      OK,   OK,      OK,       OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => ({ kind: "ORDER_REQUESTED", channel: "EMAIL" }),
    reached: "ok",
  },
  "auth.requestPasswordReset": {
    expect:                         [OK,      OK,      OK,   OK,      OK,       OK,   OK,    OK,       OK,    OK],
    input: (_w, n) => ({ email: `table-reset-${n}@tessera.test` }),
    reached: "ok",
  },
  "auth.confirmEmail": {
    expect:                         [OK,      OK,      OK,   OK,      OK,       OK,   OK,    OK,       OK,    OK],
    input: () => ({ token: "x".repeat(43) }),
    reached: "LINK_INVALID",
  },
  // The link mailed to a replaced address is the credential, whoever holds it.
  "auth.revertEmailChange": {
    expect:                         [OK,      OK,      OK,   OK,      OK,       OK,   OK,    OK,       OK,    OK],
    input: () => ({ token: "x".repeat(43) }),
    reached: "LINK_INVALID",
  },
};
