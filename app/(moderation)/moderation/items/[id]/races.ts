// Errors that mean the item changed under the moderator (another moderator, a new report).
import type { ApiError } from "@/components/trpc/react";

export function appCode(error: unknown): string | null {
  return ((error as ApiError | null)?.data as { appCode?: string | null } | undefined)?.appCode ?? null;
}

/** The item changed under us (another moderator, a new report): say so and offer a reload. */
export function isRace(error: unknown) {
  const code = appCode(error);
  return code === "STALE_VERSION" || code === "CONFLICT";
}
