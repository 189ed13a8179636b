import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { requireRole } from "@/server/rsc";
import { AuditBrowser } from "./audit-browser";
import { SequencerStatus } from "./sequencer-status";
import { ADMINS } from "@/server/policy/roles";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  await requireRole(ADMINS);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change, sign-in and refused access, shown as soon as it is written. A sequencer then orders each event into a Merkle tree with signed checkpoints: `npm run audit:verify` checks the whole log, and Prove gives an event's inclusion proof that `npm run audit:check-proof` checks with the public key alone."
      />
      <SequencerStatus />
      <AuditBrowser />
    </>
  );
}
