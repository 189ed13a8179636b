// authorize(): applies a named rule, and turns a denial into a typed error plus a security event.
import { AppError } from "@/server/errors";
import type { AuditEntry } from "@/server/audit";
import { rules, type Decision, type RuleName } from "./rules";

type RuleArgs<N extends RuleName> = Parameters<(typeof rules)[N]>;

export function check<N extends RuleName>(name: N, ...args: RuleArgs<N>): Decision {
  return (rules[name] as (...a: unknown[]) => Decision)(...args);
}

/**
 * Throws RULE_DENIED with the rule's reason when it denies; the denial is pushed to
 * `securityEvents`, which the request writes after the call, outside its transaction.
 */
export function enforce<N extends RuleName>(
  securityEvents: AuditEntry[] | null,
  name: N,
  ...args: RuleArgs<N>
): void {
  const decision = check(name, ...args);
  if (decision.allow) return;
  securityEvents?.push({
    action: "ACCESS_DENIED",
    targetType: "rule",
    targetId: name,
    changes: { reason: decision.reason },
  });
  throw new AppError("RULE_DENIED", decision.message, { reason: decision.reason });
}
