"use client";
import Link from "next/link";
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, Badge, Card, EmptyState, Loading } from "@/components/ui";
import { DataTable } from "@/components/ui/data-table";
import { LISTING_CATEGORIES, type ListingStatus } from "@/db/schema/values";
import { STATUS_LABEL, STATUS_TONE } from "./status";

const ORDER: ListingStatus[] = ["DRAFT", "PENDING_REVIEW", "APPROVED", "REJECTED", "ARCHIVED"];

export function HostDashboard() {
  const mine = api.listings.mine.useQuery();
  const canCreate = api.listings.canCreate.useQuery();

  if (mine.isLoading) return <Loading label="Loading your listings…" />;
  if (mine.error) return <Alert>{errorMessage(mine.error)}</Alert>;
  const { listings, counts } = mine.data!;
  const sentBack = listings.filter((l) => l.status === "REJECTED" && l.moderationNote);

  return (
    <div className="space-y-6">
      {canCreate.data && !canCreate.data.allowed && (
        <Alert tone="warn" title="You cannot create listings yet">
          <span data-testid="create-refused">{canCreate.data.message}</span>
          {canCreate.data.reason === "KYC_NOT_VERIFIED" && (
            <p className="mt-2">
              <Link href="/host/identity" className="font-medium text-teal-800 underline">
                Verify your identity to create listings →
              </Link>
            </p>
          )}
        </Alert>
      )}
      {/* Three to a row on a phone, so the counts do not fill the first screen. */}
      <ul className="grid grid-cols-3 gap-2 sm:grid-cols-5 sm:gap-3" aria-label="Listings by status">
        {ORDER.map((s) => (
          <li key={s} className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200 sm:p-4">
            <p className="text-xs text-slate-600 sm:text-sm">{STATUS_LABEL[s]}</p>
            <p className="mt-1 text-2xl font-semibold text-slate-900">{counts[s]}</p>
          </li>
        ))}
      </ul>

      {sentBack.length > 0 && (
        <Card title="Sent back by moderators">
          <ul className="space-y-3 text-sm">
            {sentBack.map((l) => (
              <li key={l.id}>
                <Link href={`/host/listings/${l.id}`} className="font-medium text-teal-700 hover:underline">
                  {l.title}
                </Link>
                <p className="text-slate-700">“{l.moderationNote}”</p>
              </li>
            ))}
          </ul>
        </Card>
      )}

      <Card
        title="Your listings"
        actions={
          canCreate.data?.allowed ? (
            <Link
              href="/host/listings/new"
              className="rounded-md bg-teal-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-teal-800"
            >
              New listing
            </Link>
          ) : null
        }
      >
        {listings.length === 0 ? (
          <EmptyState title="No listings yet">Create your first listing: a place to visit or a service you offer.</EmptyState>
        ) : (
          <DataTable
            caption="Your listings"
            rows={listings}
            rowKey={(l) => l.id}
            columns={[
              {
                header: "Listing",
                cell: (l) => (
                  <>
                    <Link href={`/host/listings/${l.id}`} className="font-medium text-teal-700 hover:underline">
                      {l.title}
                    </Link>
                    <span className="block text-xs text-slate-500">{l.kind === "HOTSPOT" ? "Hotspot" : "Service"}</span>
                  </>
                ),
              },
              {
                header: "Category",
                cell: (l) => LISTING_CATEGORIES[l.category as keyof typeof LISTING_CATEGORIES] ?? l.category,
              },
              { header: "Photos", cell: (l) => l.photoCount },
              {
                header: "Status",
                cell: (l) => (
                  <>
                    <Badge tone={STATUS_TONE[l.status]}>{STATUS_LABEL[l.status]}</Badge>
                  </>
                ),
              },
              { header: "Updated", className: "whitespace-nowrap text-slate-600", cell: (l) => l.updatedAt.toLocaleDateString() },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
