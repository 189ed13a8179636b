"use client";
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
      </Alert>
    );
  }
  return (
    <Card>
      <ListingForm
        submitLabel="Save draft"
        busy={create.isPending}
        error={create.error}
        onSubmit={(values) =>
          create.mutate(values, { onSuccess: ({ id }) => router.push(`/host/listings/${id}?created=1`) })
        }
      />
    </Card>
  );
}
