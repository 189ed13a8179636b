// Authorisation rows of device sessions and password resets (tests/authorization-table.test.ts).
import { randomUUID } from "node:crypto";
import { BAN, OK, REVOKED, ROLE, SUSP, UNAUTH, type Row } from "./cells";

// prettier-ignore
const SIGNED_IN =   [UNAUTH,  OK,      OK,   OK,      OK,       OK,   OK,    SUSP,     BAN,   REVOKED] as const;
// prettier-ignore
const ADMINS_ONLY = [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED] as const;
// prettier-ignore
const EVERYONE =    [OK,      OK,      OK,   OK,      OK,       OK,   OK,    OK,       OK,    OK] as const;

export const SESSIONS_ROWS: Record<string, Row> = {
  "account.sessions": { expect: SIGNED_IN, input: () => undefined, reached: "ok" },
  // The table's callers are built without a cookie, so there is no device session to end here.
  "account.signOut": { expect: SIGNED_IN, input: () => undefined, reached: "INVALID_STATE" },
  "account.endSession": { expect: SIGNED_IN, input: () => ({ sessionId: randomUUID() }), reached: "NOT_FOUND" },
  "account.endAllSessions": { expect: SIGNED_IN, input: () => undefined, reached: "ok" },
  // One's own address only: the demo accounts' addresses are confirmed already.
  "account.resendConfirmation": { expect: SIGNED_IN, input: () => undefined, reached: "INVALID_STATE" },
  "account.changeEmail": {
    expect: SIGNED_IN,
    input: () => ({ currentPassword: "definitely-not-the-password", newEmail: "somewhere-new@tessera.test" }),
    reached: "WRONG_PASSWORD",
  },
  "people.issuePasswordReset": { expect: ADMINS_ONLY, input: () => ({ userId: randomUUID() }), reached: "NOT_FOUND" },
  // Public: the link is the credential. An unknown one is refused alike for everyone.
  "auth.resetPassword": {
    expect: EVERYONE,
    input: () => ({ token: "not-a-real-reset-token-0123456789", newPassword: "a-brand-new-password-123" }),
    reached: "RESET_LINK_INVALID",
  },
};
