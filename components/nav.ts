// Navigation per role: what each kind of user sees in the header.
export interface NavItem {
  href: string;
  label: string;
  /** Shows the count of unread messages beside the label. */
  badge?: "unread";
  /** On a phone: one of the few destinations in the bottom bar (travelers and hosts). */
  primary?: true;
  /** A shorter label for the bottom bar. */
  short?: string;
}

export const NAV: Record<"traveler" | "host" | "moderation" | "admin" | "verifier", NavItem[]> = {
  traveler: [
    { href: "/explore", label: "Explore", primary: true },
    { href: "/identity", label: "Identity", primary: true },
    { href: "/account", label: "Account", primary: true },
    { href: "/identity/wallet", label: "Wallet", primary: true },
    { href: "/orders", label: "My orders", badge: "unread", primary: true, short: "Orders" },
  ],
  host: [
    { href: "/host", label: "Dashboard", primary: true, short: "Home" },
    { href: "/host/orders", label: "Orders", badge: "unread", primary: true },
    { href: "/host/listings/new", label: "New listing", primary: true, short: "New" },
    { href: "/host/promotions", label: "Promotions", primary: true },
    { href: "/host/explore", label: "Explore" },
    { href: "/host/bookings", label: "My bookings" },
    { href: "/host/invites", label: "Invites" },
    { href: "/host/identity", label: "Identity" },
    { href: "/host/identity/wallet", label: "Wallet" },
    { href: "/host/account", label: "Account", primary: true },
  ],
  moderation: [
    { href: "/moderation", label: "Queue" },
    { href: "/moderation/reports", label: "Reports" },
    { href: "/moderation/enrollments", label: "Enrollment cases" },
    { href: "/moderation/keywords", label: "Keywords" },
    { href: "/moderation/account", label: "Account" },
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
    { href: "/admin/account", label: "Account" },
  ],
  verifier: [
    { href: "/verify", label: "Verify" },
    { href: "/verify/requests", label: "Requests" },
    { href: "/verify/history", label: "History" },
    { href: "/verify/members", label: "Members" },
    { href: "/verify/account", label: "Account" },
  ],
};
