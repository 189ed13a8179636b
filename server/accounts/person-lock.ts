// Per-person counts (a daily cap of mails) need one writer at a time, for that person only: their
// own users row, locked to the end of the transaction. Nobody else waits (no shared or hashed lock),
// and FOR NO KEY UPDATE leaves rows that merely reference the person (audit, notifications) free.
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";

export async function lockPerson(db: Database, userId: string): Promise<void> {
  await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("no key update");
}
