"use client";
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, Badge, Card, EmptyState, Loading, Table, Td, Th } from "@/components/ui";
import { scopeList, when } from "@/components/verification/words";
import { REASON_WORDS } from "@/shared/verification-reasons";

export function OrgHistory() {
  const history = api.verification.history.useQuery();
  if (history.isLoading) return <Loading label="Loading history…" />;
  if (history.error) return <Alert>{errorMessage(history.error)}</Alert>;
  const items = history.data ?? [];
  return (
    <Card>
      {items.length === 0 ? (
        <EmptyState title="No checks yet">Checks your staff make on the Verify page appear here.</EmptyState>
      ) : (
        <Table caption="Verification history">
          <thead>
            <tr>
              <Th>When</Th>
              <Th>Staff</Th>
              <Th>Outcome</Th>
              <Th>Disclosed</Th>
              <Th>Traveler reference</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((e) => (
              <tr key={e.id}>
                <Td className="whitespace-nowrap">{when(e.createdAt)}</Td>
                <Td>{e.staffName}</Td>
                <Td>
                  {e.outcome === "VERIFIED" ? (
                    <Badge tone="good">Verified</Badge>
                  ) : (
                    <Badge tone="bad">{REASON_WORDS[e.reasonCode ?? "MALFORMED"].title}</Badge>
                  )}
                </Td>
                <Td>{scopeList(e.disclosedScopes) || "—"}</Td>
                <Td className="max-w-[14rem] truncate font-mono text-xs" title={e.subject ?? undefined}>
                  {e.subject ?? "—"}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
