import { IntentLink } from "@/components/intent-link";
import { currentUser } from "@/server/rsc";
import { ROLE_HOME, ROLE_LABELS } from "@/server/policy/roles";
import { LazyTRPCProvider } from "@/components/trpc/lazy-provider";

export default async function PublicLayout({ children }: { children: React.ReactNode }) {
  const { user } = await currentUser();
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between px-4 py-3">
          <IntentLink href="/" className="flex items-center gap-2 font-semibold text-slate-900">
            <span aria-hidden="true" className="grid h-7 w-7 place-items-center rounded bg-teal-700 text-xs text-white">
              T
            </span>
            Tessera
          </IntentLink>
          <nav aria-label="Main">
            {user ? (
              <IntentLink
                href={ROLE_HOME[user.role]}
                className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100"
              >
                {user.displayName} <span className="text-slate-500">· {ROLE_LABELS[user.role]} home</span>
              </IntentLink>
            ) : (
              <IntentLink href="/login" className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100">
                Sign in
              </IntentLink>
            )}
          </nav>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-10">
        {/* The tRPC client only for someone signed in (a listing's order panel, reports), loaded
            only then: a visitor's pages here read nothing on the client. Sign-up brings its own. */}
        {user ? <LazyTRPCProvider>{children}</LazyTRPCProvider> : children}
      </main>
      <footer className="border-t border-slate-200 py-6 text-center text-xs text-slate-500">
        Tessera regional tourism pilot · invite only · no tracking, no location data
      </footer>
    </div>
  );
}
