import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { ConsentsManager } from "./consents-manager";

export const metadata: Metadata = { title: "Consents" };

export default function ConsentsPage() {
  return (
    <>
      <PageHeader
        title="Consents"
        description="Which organizations may verify you, and what each may learn. Each sees only what you allow and what its own policy permits; none can link you to another."
      />
      <ConsentsManager />
    </>
  );
}
