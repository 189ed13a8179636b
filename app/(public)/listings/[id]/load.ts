// One read of a listing per request, shared by the page and its metadata; NOT_FOUND becomes a 404.
import "server-only";
import { cache } from "react";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { env } from "@/server/env";
import { api } from "@/server/rsc";
import { isUuid } from "@/shared/uuid";

export const loadListing = cache(async (id: string) => {
  if (!isUuid(id)) notFound();
  try {
    return await (await api()).listings.get({ listingId: id });
  } catch (err) {
    if (err instanceof TRPCError && err.code === "NOT_FOUND") notFound();
    throw err;
  }
});

/** The absolute address of a listing's page, for QR codes. */
export function listingUrl(id: string): string {
  return new URL(`/listings/${id}`, env.APP_URL).toString();
}
