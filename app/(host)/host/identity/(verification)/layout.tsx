import { IdentityTabs } from "@/components/verification/citizen/pages";

export default function IdentityVerificationLayout({ children }: { children: React.ReactNode }) {
  return <IdentityTabs base="/host/identity">{children}</IdentityTabs>;
}
