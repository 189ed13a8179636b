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
  FLAG_DISABLED: "FORBIDDEN",
  RULE_DENIED: "FORBIDDEN",
  INVITE_INVALID: "BAD_REQUEST",
  INVITE_EXPIRED: "BAD_REQUEST",
  INVITE_EXHAUSTED: "BAD_REQUEST",
  INVITE_REVOKED: "BAD_REQUEST",
  INVITE_ROLE_FORBIDDEN: "FORBIDDEN",
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
} as const satisfies Record<string, TRPC_ERROR_CODE_KEY>;

export type AppErrorCode = keyof typeof APP_ERRORS;

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** A machine-readable reason (for rule denials), e.g. OUT_OF_REGION. */
  readonly reason?: string;
  /** Field-level messages for forms. */
  readonly fieldErrors?: Record<string, string[]>;

  constructor(
    code: AppErrorCode,
    message: string,
    extra: { reason?: string; fieldErrors?: Record<string, string[]> } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.reason = extra.reason;
    this.fieldErrors = extra.fieldErrors;
  }
}
