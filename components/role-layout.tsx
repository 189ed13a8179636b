// The one layout of every signed-in area: who may enter (a role group from server/policy/roles),
// the area's name and its navigation. Each area's layout.tsx is one line that names its area.
import { AppShell } from "@/components/app-shell";
import { TRPCProvider } from "@/components/trpc/react";
import { NAV } from "@/components/nav";
import { requireRole } from "@/server/rsc";
import { ADMINS, HOSTS, MODERATORS, TRAVELERS, VERIFIER_STAFF, type Role } from "@/server/policy/roles";

export type Area = keyof typeof NAV;

const AREAS: Record<Area, { label: string; roles: readonly Role[] }> = {
  traveler: { label: "Traveler", roles: TRAVELERS },
  host: { label: "Host", roles: HOSTS },
  moderation: { label: "Moderation", roles: MODERATORS },
  admin: { label: "Admin", roles: ADMINS },
  verifier: { label: "Verifier", roles: VERIFIER_STAFF },
};

/** Signed-out visitors go to /login, other roles to their own home; the rest see the area's shell. */
export async function RoleLayout({ area, children }: { area: Area; children: React.ReactNode }) {
  const { label, roles } = AREAS[area];
  const user = await requireRole(roles);
  return (
    <TRPCProvider>
      <AppShell user={user} area={label} nav={NAV[area]}>
        {children}
      </AppShell>
    </TRPCProvider>
  );
}
