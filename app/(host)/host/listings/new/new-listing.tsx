"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { api } from "@/components/trpc/react";
import { Alert, Card, Loading } from "@/components/ui";
import { ListingForm, useListingMutations } from "../listing-form";

export function NewListing() {
  const router = useRouter();
  const canCreate = api.listings.canCreate.useQuery();
  const { create } = useListingMutations();
  if (canCreate.isLoading) return <Loading />;
  if (canCreate.data && !canCreate.data.allowed) {
    return (
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
    );
  }
  return (
    <Card>
      <ListingForm
        submitLabel="Save draft"
        busy={create.isPending}
        error={create.error}
        onSubmit={(values) => create.mutate(values, { onSuccess: ({ id }) => router.push(`/host/listings/${id}?created=1`) })}
      />
    </Card>
  );
}
