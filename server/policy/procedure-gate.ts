// The role gate every procedure passes (server/trpc.ts's authorize middleware calls it): the policy a
// procedure declares decides who may call it; no policy, no call. Kiosk requests reach kiosk
// procedures only; people reach what their role allows. Refusals of sensitive procedures and of
// kiosks are recorded as security events.
import type { AuditEntry } from "@/server/audit";
import { AppError, type AppErrorCode } from "@/server/errors";
import { recordDenial } from "./authorize";
import { isAtLeast, type Role } from "./roles";

export type Policy =
  | { kind: "public" }
  | { kind: "authenticated" }
  | { kind: "roles"; roles: readonly Role[] }
  /** A registered kiosk device (never a user): read-only, its own district, public fields only. */
  | { kind: "kiosk" };

type SessionProblem = Extract<AppErrorCode, "SESSION_REVOKED" | "ACCOUNT_SUSPENDED" | "ACCOUNT_BANNED">;

/** What the gate reads of the request's context. */
export interface GateContext {
  user: { role: Role } | null;
  sessionProblem: SessionProblem | null;
  kiosk: unknown;
  kioskRequest: boolean;
  kioskProblem: string | null;
  claimedKioskId: string | null;
  securityEvents: AuditEntry[];
}

/** Refusals of procedures only moderators and above may call are security events. */
const SENSITIVE_MINIMUM: Role = "MODERATOR";

const SIGNED_OUT_MESSAGES: Record<SessionProblem | "UNAUTHENTICATED", string> = {
  UNAUTHENTICATED: "Please sign in.",
  SESSION_REVOKED: "Your session has ended. Please sign in again.",
  ACCOUNT_SUSPENDED: "This account is suspended.",
  ACCOUNT_BANNED: "This account is banned.",
};

function recordProcedureDenial(ctx: GateContext, path: string, code: AppErrorCode): void {
  recordDenial(ctx.securityEvents, { type: "procedure", id: path }, { code, sessionProblem: ctx.sessionProblem });
}

function recordKioskDenial(ctx: GateContext, path: string, code: AppErrorCode): void {
  recordDenial(
    ctx.securityEvents,
    { type: "procedure", id: path },
    { code, ...(ctx.kioskProblem ? { reason: ctx.kioskProblem } : {}), claimedKioskId: ctx.claimedKioskId },
  );
}

/** Throws the typed refusal when `policy` does not let this caller in (or when there is no policy). */
export function gateProcedure(ctx: GateContext, policy: Policy | undefined, path: string): void {
  if (!policy) throw new AppError("NO_POLICY", `No access policy is declared for ${path}.`);
  if (policy.kind === "kiosk") {
    // Only a verified, active device; a signed-in person or a stranger is not a kiosk.
    if (ctx.kiosk) return;
    if (ctx.kioskRequest) recordKioskDenial(ctx, path, "KIOSK_UNAUTHENTICATED");
    throw new AppError(
      "KIOSK_UNAUTHENTICATED",
      ctx.kioskRequest ? "This kiosk needs to be set up again." : "This is for registered kiosks only.",
    );
  }
  if (ctx.kioskRequest) {
    // A kiosk request reaches kiosk procedures only, whatever else it carries (valid key or not).
    recordKioskDenial(ctx, path, "KIOSK_REFUSED");
    throw new AppError("KIOSK_REFUSED", "Kiosks can only read their district's public information.");
  }
  if (policy.kind === "public") return;
  if (!ctx.user) {
    const code = ctx.sessionProblem ?? "UNAUTHENTICATED";
    if (policy.kind === "roles" && policy.roles.every((r) => isAtLeast(r, SENSITIVE_MINIMUM)))
      recordProcedureDenial(ctx, path, code);
    throw new AppError(code, SIGNED_OUT_MESSAGES[code]);
  }
  if (policy.kind === "roles" && !policy.roles.includes(ctx.user.role)) {
    if (policy.roles.some((r) => isAtLeast(r, SENSITIVE_MINIMUM))) recordProcedureDenial(ctx, path, "ROLE_REQUIRED");
    throw new AppError("ROLE_REQUIRED", "Your role does not allow this.");
  }
}
