import { AppShell } from "@/components/app-shell";
import { NAV } from "@/components/nav";
import { requireRole } from "@/server/rsc";

export const dynamic = "force-dynamic";

export default async function Layout({ children }: { children: React.ReactNode }) {
  const user = await requireRole(["MODERATOR"]);
  return (
    <AppShell user={user} area="Moderation" nav={NAV.moderation}>
      {children}
    </AppShell>
  );
}
