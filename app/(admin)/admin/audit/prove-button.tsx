"use client";
// "Prove": fetches an event's inclusion proof against the newest signed checkpoint and offers it as a
// file that `npm run audit:check-proof` checks with the published public key alone.
import { useState } from "react";
import { api } from "@/components/trpc/react";
import { Button } from "@/components/ui";

type Outcome =
  { kind: "pending" } | { kind: "ready"; url: string; logIndex: number; treeSize: number } | { kind: "error"; message: string };

export function ProveButton({ eventId }: { eventId: string }) {
  const utils = api.useUtils();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function prove() {
    setBusy(true);
    try {
      const proof = await utils.audit.prove.fetch({ eventId });
      if (proof.status === "PENDING") setOutcome({ kind: "pending" });
      else {
        const url = URL.createObjectURL(new Blob([JSON.stringify(proof, null, 2)], { type: "application/json" }));
        setOutcome({ kind: "ready", url, logIndex: proof.logIndex, treeSize: proof.treeSize });
      }
    } catch (err) {
      setOutcome({ kind: "error", message: (err as Error).message || "The proof could not be made." });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="min-w-[7rem] text-xs" aria-live="polite">
      {outcome?.kind === "ready" ? (
        <>
          <a
            href={outcome.url}
            download={`audit-proof-${eventId}.json`}
            className="font-medium text-sky-800 underline underline-offset-2"
          >
            Download proof
          </a>
          <span className="block text-slate-600">
            entry #{outcome.logIndex} of {outcome.treeSize}
          </span>
        </>
      ) : (
        <Button type="button" variant="secondary" busy={busy} onClick={prove} aria-label={`Prove event ${eventId}`}>
          Prove
        </Button>
      )}
      {outcome?.kind === "pending" && (
        <span className="mt-1 block text-slate-600">Not sequenced yet: try again in a moment.</span>
      )}
      {outcome?.kind === "error" && (
        <span role="alert" className="mt-1 block text-rose-800">
          {outcome.message}
        </span>
      )}
    </div>
  );
}
