// The columns and cells of the authorisation table (tests/authorization-table.test.ts). Each
// domain's rows live in a file of their own beside this one, written by hand.
import type { TestWorld } from "../helpers";

// ---------------------------------------------------------------- subjects (columns)

export const SUBJECTS = [
  "anonymous",
  "TRAVELER",
  "HOST",
  "ORG_USER",
  "MODERATOR",
  "ADMIN",
  "SUPER_ADMIN",
  "suspended TRAVELER",
  "banned TRAVELER",
  "stale-session ADMIN",
] as const;
export type SubjectName = (typeof SUBJECTS)[number];

// ---------------------------------------------------------------- expected outcomes (cells)

/** Allowed: the role gate let the call through (it reached the procedure's own logic). */
export const OK = "OK";
export const UNAUTH = "UNAUTHORIZED/UNAUTHENTICATED";
export const SUSP = "UNAUTHORIZED/ACCOUNT_SUSPENDED";
export const BAN = "UNAUTHORIZED/ACCOUNT_BANNED";
export const REVOKED = "UNAUTHORIZED/SESSION_REVOKED";
export const ROLE = "FORBIDDEN/ROLE_REQUIRED";
/** A kiosk procedure called by anyone but a registered kiosk (people are never kiosks). */
export const KIOSK_ONLY = "UNAUTHORIZED/KIOSK_UNAUTHENTICATED";
export type Cell = typeof OK | typeof UNAUTH | typeof SUSP | typeof BAN | typeof REVOKED | typeof ROLE | typeof KIOSK_ONLY;

/** The codes only the authorisation gate produces; an allowed call must never end in one of them. */
export const GATE_APP_CODES = new Set([
  "UNAUTHENTICATED",
  "ACCOUNT_SUSPENDED",
  "ACCOUNT_BANNED",
  "SESSION_REVOKED",
  "ROLE_REQUIRED",
  "NO_POLICY",
  "KIOSK_UNAUTHENTICATED",
  "KIOSK_REFUSED",
]);

export interface Row {
  /** Expected outcome per subject, in SUBJECTS order. */
  expect: readonly [Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell];
  /** A valid-shaped input, so that the gate is what is tested. */
  input: (w: TestWorld, n: number) => unknown;
  /** What an allowed call comes back with: success, or the procedure's own refusal (not the gate's). */
  reached: "ok" | string;
}
