// Navigation per role: what each kind of user sees in the header.
export interface NavItem {
  href: string;
  label: string;
  /** Shows the count of unread messages beside the label. */
  badge?: "unread";
}

export const NAV: Record<"traveler" | "host" | "moderation" | "admin" | "verifier", NavItem[]> = {
  traveler: [
    { href: "/explore", label: "Explore" },
    { href: "/identity", label: "Identity" },
    { href: "/account", label: "Account" },
    { href: "/identity/wallet", label: "Wallet" },
    { href: "/orders", label: "My orders", badge: "unread" },
  ],
  host: [
    { href: "/host", label: "Dashboard" },
    { href: "/host/orders", label: "Orders", badge: "unread" },
    { href: "/host/listings/new", label: "New listing" },
    { href: "/host/promotions", label: "Promotions" },
    { href: "/host/invites", label: "Invites" },
    { href: "/host/identity", label: "Identity" },
    { href: "/host/account", label: "Account" },
  ],
  moderation: [
    { href: "/moderation", label: "Queue" },
    { href: "/moderation/keywords", label: "Keywords" },
  ],
  admin: [
    { href: "/admin", label: "Dashboard" },
    { href: "/admin/users", label: "Users" },
    { href: "/admin/invites", label: "Invites" },
    { href: "/admin/districts", label: "Districts" },
    { href: "/admin/flags", label: "Flags" },
    { href: "/admin/kiosks", label: "Kiosks" },
    { href: "/admin/organizations", label: "Organizations" },
    { href: "/admin/audit", label: "Audit log" },
  ],
  verifier: [
    { href: "/verify", label: "Verify" },
    { href: "/verify/requests", label: "Requests" },
    { href: "/verify/history", label: "History" },
    { href: "/verify/members", label: "Members" },
  ],
};
