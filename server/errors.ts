// Typed application errors: a code the UI can show, mapped to a tRPC code in one place.
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";

export const APP_ERRORS = {
  UNAUTHENTICATED: "UNAUTHORIZED",
  SESSION_REVOKED: "UNAUTHORIZED",
  ACCOUNT_SUSPENDED: "UNAUTHORIZED",
  ACCOUNT_BANNED: "UNAUTHORIZED",
  ROLE_REQUIRED: "FORBIDDEN",
  NO_POLICY: "FORBIDDEN",
  KIOSK_REFUSED: "FORBIDDEN",
  KIOSK_UNAUTHENTICATED: "UNAUTHORIZED",
  FLAG_DISABLED: "FORBIDDEN",
  RULE_DENIED: "FORBIDDEN",
  INVITE_INVALID: "BAD_REQUEST",
  INVITE_EXPIRED: "BAD_REQUEST",
  INVITE_EXHAUSTED: "BAD_REQUEST",
  INVITE_REVOKED: "BAD_REQUEST",
  EMAIL_TAKEN: "CONFLICT",
  PHONE_TAKEN: "CONFLICT",
  WEAK_PASSWORD: "BAD_REQUEST",
  WRONG_PASSWORD: "BAD_REQUEST",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  INVALID_STATE: "BAD_REQUEST",
  KEYWORD_BLOCKED: "BAD_REQUEST",
  STALE_VERSION: "CONFLICT",
  UPLOAD_REJECTED: "BAD_REQUEST",
  NATIONAL_ID_TAKEN: "CONFLICT",
  CHECKIN_INVALID: "BAD_REQUEST",
  /** A password-reset link that is unknown, used or expired (reason says which). */
  RESET_LINK_INVALID: "BAD_REQUEST",
  /** A reset or confirmation link that is unknown, used or expired. */
  LINK_INVALID: "BAD_REQUEST",
  /** Input the schemas let through but that cannot be stored (control characters, out-of-range numbers). */
  INVALID_INPUT: "BAD_REQUEST",
  /** Too many attempts from this address or on this account. */
  THROTTLED: "TOO_MANY_REQUESTS",
  /** The database cannot be reached right now: the person should try again shortly. */
  TRY_AGAIN: "SERVICE_UNAVAILABLE",
} as const satisfies Record<string, TRPC_ERROR_CODE_KEY>;

export type AppErrorCode = keyof typeof APP_ERRORS;

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** A machine-readable reason (for rule denials), e.g. OUT_OF_REGION. */
  readonly reason?: string;
  /** Field-level messages for forms. */
  readonly fieldErrors?: Record<string, string[]>;

  constructor(code: AppErrorCode, message: string, extra: { reason?: string; fieldErrors?: Record<string, string[]> } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.reason = extra.reason;
    this.fieldErrors = extra.fieldErrors;
  }
}
