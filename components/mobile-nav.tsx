"use client";
// Navigation on a phone: a Menu button opening a panel with every destination of the area, who is
// signed in and sign-out (Radix dialog: focus trapped, Escape closes, labelled), and for travelers
// and hosts a bottom bar with the destinations they use most, one tap away. Both hide from md up,
// where the header shows the full navigation.
import * as RadixDialog from "@radix-ui/react-dialog";
import { useState } from "react";
import { usePathname } from "next/navigation";
import { IntentLink } from "./intent-link";
import { cn } from "./ui";
import type { NavItem } from "./nav";
import { UnreadBadge } from "./orders/live";

/** The item the current path belongs to: the longest matching href. */
export function activeItem(items: NavItem[], pathname: string): NavItem | undefined {
  return items
    .filter((i) => pathname === i.href || pathname.startsWith(`${i.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0];
}

export function MobileMenu({
  items,
  area,
  userName,
  roleLabel,
  signOut,
}: {
  items: NavItem[];
  area: string;
  userName: string;
  roleLabel: string;
  /** The sign-out form (a server action), rendered inside the panel. */
  signOut: React.ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const active = activeItem(items, pathname);
  return (
    <RadixDialog.Root open={open} onOpenChange={setOpen}>
      <RadixDialog.Trigger asChild>
        <button
          type="button"
          className="inline-flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 md:hidden"
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
            <path d="M3 5h14v2H3zM3 9h14v2H3zM3 13h14v2H3z" />
          </svg>
          Menu
        </button>
      </RadixDialog.Trigger>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <RadixDialog.Content className="fixed inset-y-0 right-0 z-50 flex w-[min(20rem,85vw)] flex-col overflow-y-auto bg-white p-5 shadow-xl focus:outline-none">
          <div className="flex items-start justify-between gap-3">
            <div>
              <RadixDialog.Title className="text-base font-semibold text-slate-900">{area} menu</RadixDialog.Title>
              <RadixDialog.Description className="mt-0.5 text-sm text-slate-600">
                {userName} · {roleLabel}
              </RadixDialog.Description>
            </div>
            <RadixDialog.Close className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50">
              Close
            </RadixDialog.Close>
          </div>
          <nav aria-label={`${area} menu`} className="mt-5">
            <ul className="space-y-1">
              {items.map((item) => {
                const current = item === active;
                return (
                  <li key={item.href}>
                    <IntentLink
                      href={item.href}
                      aria-current={current ? "page" : undefined}
                      onClick={() => setOpen(false)}
                      className={cn(
                        "flex items-center rounded-md px-3 py-2.5 text-base font-medium",
                        current ? "bg-teal-50 text-teal-800" : "text-slate-700 hover:bg-slate-100",
                      )}
                    >
                      {item.label}
                      {item.badge === "unread" && <UnreadBadge />}
                    </IntentLink>
                  </li>
                );
              })}
            </ul>
          </nav>
          <div className="mt-auto border-t border-slate-200 pt-4">{signOut}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

export function BottomBar({ items, area }: { items: NavItem[]; area: string }) {
  const pathname = usePathname();
  const active = activeItem(items, pathname);
  if (items.length === 0) return null;
  return (
    <nav
      aria-label={`${area} shortcuts`}
      className="fixed inset-x-0 bottom-0 z-30 border-t border-slate-200 bg-white pb-[env(safe-area-inset-bottom)] md:hidden"
    >
      <ul className="mx-auto grid max-w-lg" style={{ gridTemplateColumns: `repeat(${items.length}, minmax(0, 1fr))` }}>
        {items.map((item) => {
          const current = item === active;
          return (
            <li key={item.href}>
              <IntentLink
                href={item.href}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "flex min-h-12 flex-col items-center justify-center px-1 py-2 text-center text-xs font-medium",
                  current ? "text-teal-800" : "text-slate-700",
                )}
              >
                <span className={cn("rounded-full px-2 py-0.5", current && "bg-teal-50")}>
                  {item.short ?? item.label}
                  {item.badge === "unread" && <UnreadBadge />}
                </span>
              </IntentLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
