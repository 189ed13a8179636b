import { AppShell } from "@/components/app-shell";
import { NAV } from "@/components/nav";
import { requireRole } from "@/server/rsc";

export const dynamic = "force-dynamic";

export default async function Layout({ children }: { children: React.ReactNode }) {
  const user = await requireRole(["ORG_USER"]);
  return (
    <AppShell user={user} area="Verifier" nav={NAV.verifier}>
      {children}
    </AppShell>
  );
}
