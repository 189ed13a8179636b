"use client";
import { usePathname } from "next/navigation";
import { IntentLink } from "./intent-link";
import { cn } from "./ui";
import type { NavItem } from "./nav";
import { UnreadBadge } from "./orders/live";
import { activeItem } from "./mobile-nav";

export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  const active = activeItem(items, pathname);
  return (
    <ul className="flex flex-wrap gap-1">
      {items.map((item) => {
        const current = item === active;
        return (
          <li key={item.href}>
            <IntentLink
              href={item.href}
              aria-current={current ? "page" : undefined}
              className={cn(
                "rounded-md px-3 py-1.5 text-sm font-medium",
                current ? "bg-teal-50 text-teal-800" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
              )}
            >
              {item.label}
              {item.badge === "unread" && <UnreadBadge />}
            </IntentLink>
          </li>
        );
      })}
    </ul>
  );
}
