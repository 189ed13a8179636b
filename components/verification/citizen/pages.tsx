// The verification pages of a traveler's or a host's identity area (both are citizens: both consent,
// hold codes, answer requests and read who checked them). Each area's route file renders one of
// these with its own base path.
import { NavLinks } from "@/components/nav-links";
import { PageHeader } from "@/components/ui";
import { ConsentsManager } from "./consents-manager";
import { HistoryList } from "./history-list";
import { RequestsPanel } from "./requests-panel";
import { Wallet } from "./wallet";

/** The area's identity base path: /identity for travelers, /host/identity for hosts. */
export type IdentityBase = "/identity" | "/host/identity";

export function IdentityTabs({ base, children }: { base: IdentityBase; children: React.ReactNode }) {
  const tabs = [
    { href: `${base}/wallet`, label: "Wallet" },
    { href: `${base}/consents`, label: "Consents" },
    { href: `${base}/requests`, label: "Requests" },
    { href: `${base}/history`, label: "Verification history" },
  ];
  return (
    <div>
      <nav aria-label="Identity" className="mb-6 border-b border-slate-200 pb-3">
        <NavLinks items={tabs} />
      </nav>
      {children}
    </div>
  );
}

export function WalletPage({ base }: { base: IdentityBase }) {
  return (
    <>
      <PageHeader
        title="Wallet"
        description="Show this code to an organization you consented to. It works once, for that organization only, and renews itself every few minutes."
      />
      <Wallet base={base} />
    </>
  );
}

export function ConsentsPage() {
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

export function RequestsPage() {
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

export function HistoryPage() {
  return (
    <>
      <PageHeader
        title="Verification history"
        description="Every time an organization checked one of your codes. If one was not you, say so: that organization's consent is revoked and moderators look into it."
      />
      <HistoryList />
    </>
  );
}
