// The signed-in layout: header with the area's navigation, who is signed in, and sign-out.
import { IntentLink } from "./intent-link";
import { signOut } from "@/server/auth/nextauth";
import { endCurrentSession } from "@/server/rsc";
import { CITIZENS, ROLE_LABELS, type Role } from "@/server/policy/roles";
import { EmergencyBanner } from "./emergency-banner";
import { LiveUpdates } from "./orders/live";
import type { Subject } from "@/server/policy/subject";
import { NavLinks } from "./nav-links";
import { NotificationBell } from "./notifications/bell";
import { BottomBar, MobileMenu } from "./mobile-nav";
import type { NavItem } from "./nav";
import { ServiceWorker } from "./service-worker";

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
    // Ended on the server first: a copy of this cookie stops working too. Other devices stay signed in.
    await endCurrentSession();
    await signOut({ redirectTo: "/login?signedOut=1" });
  }
  const signOutForm = (
    <form action={signOutAction}>
      <button
        type="submit"
        className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"
      >
        Sign out
      </button>
    </form>
  );
  const shortcuts = nav.filter((i) => i.primary);
  return (
    <div className={shortcuts.length > 0 ? "min-h-screen pb-16 md:pb-0" : "min-h-screen"}>
      <EmergencyBanner districtId={user.districtId} userId={user.id} />
      <LiveUpdates orders={(CITIZENS as readonly Role[]).includes(user.role)} />
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-x-6 gap-y-2 px-4 py-3 md:flex-wrap md:justify-start">
          <IntentLink href="/" className="flex min-w-0 items-center gap-2 font-semibold text-slate-900">
            <span aria-hidden="true" className="grid h-7 w-7 shrink-0 place-items-center rounded bg-teal-700 text-xs text-white">
              T
            </span>
            <span className="truncate">
              Tessera <span className="font-normal text-slate-600">· {area}</span>
            </span>
          </IntentLink>
          <nav aria-label={`${area} navigation`} className="hidden flex-1 md:block">
            <NavLinks items={nav} />
          </nav>
          <div className="hidden items-center gap-3 text-sm md:flex">
            <span className="text-right leading-tight">
              <span className="block font-medium text-slate-900" data-testid="signed-in-name">
                {user.displayName}
              </span>
              <span className="block text-xs text-slate-600">{ROLE_LABELS[user.role]}</span>
            </span>
            {signOutForm}
          </div>
          <NotificationBell area={area} />
          <MobileMenu
            items={nav}
            area={area}
            userName={user.displayName}
            roleLabel={ROLE_LABELS[user.role]}
            signOut={signOutForm}
          />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6 md:py-8">
        {children}
      </main>
      <BottomBar items={shortcuts} area={area} />
      <ServiceWorker />
    </div>
  );
}
