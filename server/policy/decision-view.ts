// A rule's decision as a page may see it: whether the caller may do something now, and if not, the
// reason code and its words, so the page reflects the server's rule instead of restating it.
import { z } from "zod";
import type { Decision } from "./rules";

export const decisionView = z.object({
  allowed: z.boolean(),
  reason: z.string().nullable(),
  message: z.string().nullable(),
});

export function toDecisionView(decision: Decision): z.infer<typeof decisionView> {
  return decision.allow
    ? { allowed: true, reason: null, message: null }
    : { allowed: false, reason: decision.reason, message: decision.message };
}
