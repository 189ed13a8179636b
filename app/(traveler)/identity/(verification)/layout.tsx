// The verification pieces of the traveler's identity area: wallet, consents, requests, history.
import { NavLinks } from "@/components/nav-links";

const TABS = [
  { href: "/identity/wallet", label: "Wallet" },
  { href: "/identity/consents", label: "Consents" },
  { href: "/identity/requests", label: "Requests" },
  { href: "/identity/history", label: "Verification history" },
];

export default function IdentityVerificationLayout({ children }: { children: React.ReactNode }) {
  return (
    <div>
      <nav aria-label="Identity" className="mb-6 border-b border-slate-200 pb-3">
        <NavLinks items={TABS} />
      </nav>
      {children}
    </div>
  );
}
