// Authorisation rows of the kiosk domain: the device procedures refuse every person (a kiosk is not
// a user); the admin procedures are for admins (admin.scope inside is tested in tests/kiosk.test.ts).
// What kiosk credentials reach is walked over every procedure in tests/kiosk-isolation.test.ts.
import { randomUUID } from "node:crypto";
import { NAXOS } from "../helpers";
import { BAN, KIOSK_ONLY, OK, REVOKED, ROLE, SUSP, UNAUTH, type Row } from "./cells";

// prettier-ignore
export const KIOSK_ROWS: Record<string, Row> = {
  //                                anonymous   TRAVELER    HOST        ORG_USER    MODERATOR   ADMIN       SUPER       suspended   banned      stale
  "kiosk.home": {
    expect:                         [KIOSK_ONLY, KIOSK_ONLY, KIOSK_ONLY, KIOSK_ONLY, KIOSK_ONLY, KIOSK_ONLY, KIOSK_ONLY, KIOSK_ONLY, KIOSK_ONLY, KIOSK_ONLY],
    input: () => undefined,
    reached: "ok",
  },
  "kiosk.heartbeat": {
    expect:                         [KIOSK_ONLY, KIOSK_ONLY, KIOSK_ONLY, KIOSK_ONLY, KIOSK_ONLY, KIOSK_ONLY, KIOSK_ONLY, KIOSK_ONLY, KIOSK_ONLY, KIOSK_ONLY],
    input: () => undefined,
    reached: "ok",
  },
  "kiosk.devices": {
    expect:                         [UNAUTH,     ROLE,       ROLE,       ROLE,       ROLE,       OK,         OK,         SUSP,       BAN,        REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "kiosk.register": {
    expect:                         [UNAUTH,     ROLE,       ROLE,       ROLE,       ROLE,       OK,         OK,         SUSP,       BAN,        REVOKED],
    input: (w, n) => ({ districtId: w.district(NAXOS), name: `Table kiosk ${n}` }),
    reached: "ok",
  },
  "kiosk.rotateKey": {
    expect:                         [UNAUTH,     ROLE,       ROLE,       ROLE,       ROLE,       OK,         OK,         SUSP,       BAN,        REVOKED],
    input: () => ({ kioskId: randomUUID() }),
    reached: "NOT_FOUND",
  },
  "kiosk.revoke": {
    expect:                         [UNAUTH,     ROLE,       ROLE,       ROLE,       ROLE,       OK,         OK,         SUSP,       BAN,        REVOKED],
    input: () => ({ kioskId: randomUUID() }),
    reached: "NOT_FOUND",
  },
};
