// Authorisation rows of the identity and account routers (see ../authorization-table.test.ts).
import { randomUUID } from "node:crypto";
import { BAN, OK, REVOKED, ROLE, SUSP, UNAUTH, type Row } from "./cells";

// prettier-ignore
export const IDENTITY_ROWS: Record<string, Row> = {
  //                                anonymous TRAVELER HOST  ORG_USER MODERATOR ADMIN SUPER  suspended banned stale
  "identity.mine": {
    expect:                         [UNAUTH,  OK,      OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "identity.start": {
    // The demo traveler and host are verified: an allowed caller reaches the rule.
    expect:                         [UNAUTH,  OK,      OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "RULE_DENIED",
  },
  "identity.saveDetails": {
    expect:                         [UNAUTH,  OK,      OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ legalName: "Table Person", dateOfBirth: "1990-01-01", districtId: randomUUID(), nationalId: "TB-123456" }),
    reached: "INVALID_STATE",
  },
  "identity.uploadDocument": {
    expect:                         [UNAUTH,  OK,      OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => new FormData(), // no file: an allowed caller hears which field is missing
    reached: "INVALID_INPUT",
  },
  "identity.signDocumentUpload": {
    expect:                         [UNAUTH,  OK,      OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "INVALID_STATE", // Cloudinary is not configured in tests
  },
  "identity.registerCloudinaryDocument": {
    expect:                         [UNAUTH,  OK,      OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({
      kind: "ID_FRONT",
      public_id: "tessera/enrollment-documents/table",
      version: 1,
      signature: "0".repeat(40),
      format: "jpg",
      bytes: 1000,
      width: 400,
      height: 300,
      secure_url: "https://res.cloudinary.com/demo/image/authenticated/v1/tessera/enrollment-documents/table.jpg",
      resource_type: "image",
    }),
    reached: "INVALID_STATE",
  },
  "identity.removeDocument": {
    expect:                         [UNAUTH,  OK,      OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ kind: "ID_BACK" }),
    reached: "INVALID_STATE",
  },
  "identity.submit": {
    expect:                         [UNAUTH,  OK,      OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "INVALID_STATE",
  },
  "identity.review": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    OK,       ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ itemId: randomUUID() }),
    reached: "NOT_FOUND",
  },
  "identity.historyOf": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => ({ userId: randomUUID() }),
    reached: "NOT_FOUND",
  },
  "account.profile": {
    expect:                         [UNAUTH,  OK,      OK,   OK,      OK,       OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "account.rename": {
    expect:                         [UNAUTH,  OK,      OK,   OK,      OK,       OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => ({ displayName: "Same Name Kept" }),
    reached: "ok",
  },
};
