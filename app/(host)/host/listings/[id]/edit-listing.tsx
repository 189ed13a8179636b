"use client";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { api, errorMessage } from "@/components/trpc/react";
import { MediaManager } from "@/components/media-manager";
import { Alert, Badge, Button, Card, Loading, PageHeader } from "@/components/ui";
import { ListingForm, useListingMutations } from "../listing-form";
import { STATUS_LABEL, STATUS_TONE } from "../../status";

export function EditListing({ listingId, provider }: { listingId: string; provider: "LOCAL" | "CLOUDINARY" }) {
  const params = useSearchParams();
  const query = api.listings.forEdit.useQuery({ listingId });
  const { update, submit, archive } = useListingMutations();

  if (query.isLoading) return <Loading label="Loading your listing…" />;
  if (query.error || !query.data) {
    return (
      <Alert title="This listing cannot be opened">
        {errorMessage(query.error)}{" "}
        <Link className="underline" href="/host">
          Back to your dashboard
        </Link>
      </Alert>
    );
  }
  const { listing } = query.data;
  const status = listing.status;
  const canSubmit = status === "DRAFT" || status === "REJECTED";
  const archived = status === "ARCHIVED";

  return (
    <>
      <PageHeader
        title={listing.title}
        description="Edit the words and photos, then submit it for review. Changing the public text of an approved listing sends it back to review."
        actions={
          <div className="flex items-center gap-2">
            <Badge tone={STATUS_TONE[status]}>{STATUS_LABEL[status]}</Badge>
            {status === "APPROVED" && (
              <Link className="text-sm font-medium text-teal-700 hover:underline" href={`/listings/${listing.id}`}>
                View public page
              </Link>
            )}
          </div>
        }
      />
      <div className="space-y-4">
        {params.get("created") && status === "DRAFT" && (
          <Alert tone="good">Draft saved. Add photos, then submit it for review.</Alert>
        )}
        {status === "REJECTED" && listing.moderationNote && (
          <Alert tone="warn" title="A moderator sent this back">
            <span data-testid="moderation-note">{listing.moderationNote}</span>
          </Alert>
        )}
        {status === "PENDING_REVIEW" && (
          <Alert tone="info">Waiting for a moderator. You will see the outcome here and on your dashboard.</Alert>
        )}
        {submit.error && <Alert title="Not submitted">{errorMessage(submit.error)}</Alert>}
        {archive.error && <Alert>{errorMessage(archive.error)}</Alert>}
        {submit.isSuccess && status === "PENDING_REVIEW" && <Alert tone="good">Submitted for review.</Alert>}
      </div>

      <div className="mt-6 grid gap-6 lg:grid-cols-[1fr_22rem]">
        <Card title="Details">
          {archived ? (
            <p className="text-sm text-slate-600">This listing is archived and can no longer be changed.</p>
          ) : (
            <ListingForm
              key={listing.updatedAt.toISOString()}
              initial={listing}
              submitLabel="Save changes"
              busy={update.isPending}
              error={update.error}
              onSubmit={(values) => update.mutate({ listingId, ...values })}
              note={update.isSuccess ? <Alert tone="good">Saved.</Alert> : null}
            />
          )}
        </Card>
        <div className="space-y-6">
          <Card title="Photos">
            {archived ? (
              <p className="text-sm text-slate-600">Archived.</p>
            ) : (
              <MediaManager listingId={listingId} provider={provider} />
            )}
          </Card>
          <Card title="Publishing">
            <div className="space-y-3">
              {canSubmit && (
                <Button className="w-full" busy={submit.isPending} onClick={() => submit.mutate({ listingId })}>
                  {status === "REJECTED" ? "Submit again for review" : "Submit for review"}
                </Button>
              )}
              {!archived && (
                <Button
                  variant="secondary"
                  className="w-full"
                  busy={archive.isPending}
                  onClick={() => {
                    if (confirm("Archive this listing? Travelers will no longer see it, and it cannot be edited."))
                      archive.mutate({ listingId });
                  }}
                >
                  Archive
                </Button>
              )}
            </div>
          </Card>
        </div>
      </div>
    </>
  );
}
