// The signed-in layout: header with the area's navigation, who is signed in, and sign-out.
import { IntentLink } from "./intent-link";
import { signOut } from "@/server/auth/nextauth";
import { revokeCurrentSessions } from "@/server/rsc";
import { CITIZENS, ROLE_LABELS, type Role } from "@/server/policy/roles";
import { EmergencyBanner } from "./emergency-banner";
import { LiveUpdates } from "./orders/live";
import type { Subject } from "@/server/policy/subject";
import { NavLinks } from "./nav-links";
import type { NavItem } from "./nav";

export function AppShell({
  user,
  area,
  nav,
  children,
}: {
  user: Subject;
  area: string;
  nav: NavItem[];
  children: React.ReactNode;
}) {
  async function signOutAction() {
    "use server";
    // Revoked on the server first: a copy of the token stops working too, not only this cookie.
    await revokeCurrentSessions();
    await signOut({ redirectTo: "/login?signedOut=1" });
  }
  return (
    <div className="min-h-screen">
      <EmergencyBanner districtId={user.districtId} userId={user.id} />
      {(CITIZENS as readonly Role[]).includes(user.role) && <LiveUpdates />}
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <IntentLink href="/" className="flex items-center gap-2 font-semibold text-slate-900">
            <span aria-hidden="true" className="grid h-7 w-7 place-items-center rounded bg-teal-700 text-xs text-white">
              T
            </span>
            Tessera <span className="font-normal text-slate-500">· {area}</span>
          </IntentLink>
          <nav aria-label={`${area} navigation`} className="flex-1">
            <NavLinks items={nav} />
          </nav>
          <div className="flex items-center gap-3 text-sm">
            <span className="text-right leading-tight">
              <span className="block font-medium text-slate-900" data-testid="signed-in-name">
                {user.displayName}
              </span>
              <span className="block text-xs text-slate-500">{ROLE_LABELS[user.role]}</span>
            </span>
            <form action={signOutAction}>
              <button
                type="submit"
                className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"
              >
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
    </div>
  );
}
