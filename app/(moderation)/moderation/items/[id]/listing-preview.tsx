"use client";
// The listing a queue item is about, as its host wrote it (moderators see unpublished listings).
import { api, errorMessage } from "@/components/trpc/react";
import { Card, Loading } from "@/components/ui";
import { ListingCover } from "@/components/listing/cover";
import { categoryLabel, formatPrice, KIND_LABELS } from "@/components/listing/format";

export function ListingPreview({ listingId }: { listingId: string }) {
  const preview = api.listings.get.useQuery({ listingId }, { retry: false });
  return (
    <Card title="The listing">
      {preview.isLoading ? (
        <Loading label="Loading the listing…" />
      ) : preview.error ? (
        <p className="text-sm text-slate-600">The listing cannot be shown: {errorMessage(preview.error)}</p>
      ) : preview.data ? (
        <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
          <div className="aspect-[4/3] overflow-hidden rounded-md ring-1 ring-slate-200">
            <ListingCover photo={preview.data.listing.cover} sizes="12rem" alt="" seed={preview.data.listing.id} />
          </div>
          <div className="min-w-0 space-y-2 text-sm">
            <p className="text-xs font-medium uppercase tracking-wide text-teal-700">
              {categoryLabel(preview.data.listing.category)} · {KIND_LABELS[preview.data.listing.kind]}
              {" · "}
              {formatPrice(preview.data.listing.priceMinor, preview.data.listing.currency) ?? "no price"}
            </p>
            <p className="font-semibold text-slate-900">{preview.data.listing.title}</p>
            <p className="max-h-64 overflow-auto whitespace-pre-line text-slate-700">{preview.data.listing.description}</p>
            <p className="text-xs text-slate-500">
              {preview.data.listing.media.length} photo{preview.data.listing.media.length === 1 ? "" : "s"} · status{" "}
              {preview.data.listing.status.replace("_", " ").toLowerCase()}
            </p>
          </div>
        </div>
      ) : null}
    </Card>
  );
}
