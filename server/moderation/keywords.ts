// Keywords: terms that flag content to the queue, hold it for approval, or block it outright.
import { asc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { keywords } from "@/db/schema/moderation";
import type { KeywordAction } from "@/db/schema/values";
import { AppError } from "@/server/errors";
import type { AuditFn } from "@/server/audit";
import { duplicateOf, refuseDuplicates } from "@/server/db-errors";

export interface KeywordHit {
  term: string;
  action: KeywordAction;
}

export function normalizeTerm(term: string): string {
  return term.trim().toLowerCase().replace(/\s+/g, " ");
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whole-word (or whole-phrase), case-insensitive matches of the terms in the texts. */
export function matchKeywords(texts: (string | null | undefined)[], terms: KeywordHit[]): KeywordHit[] {
  // Terms are stored with single spaces; so is each text here, or "free   money" would slip past
  // "free money". Fields stay apart (a phrase does not span two fields).
  const haystack = texts
    .filter(Boolean)
    .map((t) => t!.toLowerCase().replace(/\s+/g, " "))
    .join("\n");
  return terms.filter((k) => new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegex(k.term)}($|[^\\p{L}\\p{N}])`, "u").test(haystack));
}

export async function scanKeywords(db: Database, texts: (string | null | undefined)[]) {
  const all = await db.select({ term: keywords.term, action: keywords.action }).from(keywords);
  const hits = matchKeywords(texts, all);
  return {
    hits,
    blocked: hits.filter((h) => h.action === "BLOCK"),
    held: hits.filter((h) => h.action === "REQUIRE_APPROVAL"),
    flagged: hits.filter((h) => h.action === "FLAG"),
  };
}

/** Throws KEYWORD_BLOCKED naming the offending term(s) when any BLOCK keyword matches. */
export function refuseBlocked(blocked: KeywordHit[]): void {
  if (blocked.length === 0) return;
  const terms = blocked.map((b) => `“${b.term}”`).join(", ");
  throw new AppError("KEYWORD_BLOCKED", `This text contains ${terms}, which is not allowed here. Remove it and submit again.`, {
    reason: "KEYWORD_BLOCKED",
  });
}

export async function listKeywords(db: Database) {
  return db.select().from(keywords).orderBy(asc(keywords.term));
}

export async function addKeyword(
  deps: { db: Database; user: { id: string }; audit: AuditFn },
  input: { term: string; action: KeywordAction },
) {
  const term = normalizeTerm(input.term);
  const [row] = await refuseDuplicates(
    () => deps.db.insert(keywords).values({ term, action: input.action, createdBy: deps.user.id }).returning(),
    duplicateOf("term", "That term is already on the list."),
  );
  deps.audit({ action: "KEYWORD_ADDED", targetType: "keyword", targetId: row!.id, changes: { term, action: input.action } });
  return row!;
}

export async function removeKeyword(deps: { db: Database; audit: AuditFn }, id: string) {
  const [row] = await deps.db.delete(keywords).where(eq(keywords.id, id)).returning();
  if (!row) throw new AppError("NOT_FOUND", "That keyword does not exist.");
  deps.audit({ action: "KEYWORD_REMOVED", targetType: "keyword", targetId: id, changes: { term: row.term, action: row.action } });
}
