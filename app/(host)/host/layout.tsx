import { AppShell } from "@/components/app-shell";
import { NAV } from "@/components/nav";
import { requireRole } from "@/server/rsc";

export const dynamic = "force-dynamic";

export default async function Layout({ children }: { children: React.ReactNode }) {
  const user = await requireRole(["HOST"]);
  return (
    <AppShell user={user} area="Host" nav={NAV.host}>
      {children}
    </AppShell>
  );
}
