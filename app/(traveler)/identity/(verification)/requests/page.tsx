import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { RequestsPanel } from "./requests-panel";

export const metadata: Metadata = { title: "Requests" };

export default function RequestsPage() {
  return (
    <>
      <PageHeader
        title="Requests"
        description="Organizations ask here to verify you. Approving gives your consent to what they asked for and makes a one-time code for them."
      />
      <RequestsPanel />
    </>
  );
}
