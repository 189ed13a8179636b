// authorize(): applies a named rule, and turns a denial into a typed error plus a security event.
// recordDenial() is the one way a denial is recorded (the transport's role gate uses it too).
import { AppError } from "@/server/errors";
import type { AuditEntry } from "@/server/audit";
import { DENY_REASONS, rules, type Decision, type DenyReason, type RuleName } from "./rules";

type RuleArgs<N extends RuleName> = Parameters<(typeof rules)[N]>;

export function check<N extends RuleName>(name: N, ...args: RuleArgs<N>): Decision {
  return (rules[name] as (...a: unknown[]) => Decision)(...args);
}

/**
 * Records an ACCESS_DENIED security event against `target`. `securityEvents` is written after the
 * call, outside its transaction, so the record stays when the call fails.
 */
export function recordDenial(
  securityEvents: AuditEntry[] | null,
  target: { type: string; id: string },
  changes: Record<string, unknown>,
): void {
  securityEvents?.push({ action: "ACCESS_DENIED", targetType: target.type, targetId: target.id, changes });
}

/**
 * Throws RULE_DENIED with the rule's reason when it denies; the denial is recorded against the rule.
 */
export function enforce<N extends RuleName>(securityEvents: AuditEntry[] | null, name: N, ...args: RuleArgs<N>): void {
  const decision = check(name, ...args);
  if (decision.allow) return;
  recordDenial(securityEvents, { type: "rule", id: name }, { reason: decision.reason });
  throw new AppError("RULE_DENIED", decision.message, { reason: decision.reason });
}

/**
 * For rules about a thing the caller must not learn exists (someone else's listing): a denial
 * is recorded against that thing and reads exactly like a missing one (NOT_FOUND, `notFound`).
 */
export function enforceHidden<N extends RuleName>(
  securityEvents: AuditEntry[] | null,
  target: { type: string; id: string; notFound: string },
  name: N,
  ...args: RuleArgs<N>
): void {
  const decision = check(name, ...args);
  if (decision.allow) return;
  recordDenial(securityEvents, target, { reason: decision.reason });
  throw new AppError("NOT_FOUND", target.notFound);
}

/**
 * The error a denial becomes, for the few denials decided by the database rather than a rule (a
 * unique index or a conditional update that lost a race): the same code, reason and words as the rule's.
 */
export function denied(reason: DenyReason, message: string = DENY_REASONS[reason]): AppError {
  return new AppError("RULE_DENIED", message, { reason });
}
