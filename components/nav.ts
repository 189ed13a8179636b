// Navigation per role: what each kind of user sees in the header.
import type { Role } from "@/db/schema/values";

export interface NavItem {
  href: string;
  label: string;
}

export const NAV: Record<"traveler" | "host" | "moderation" | "admin" | "verifier", NavItem[]> = {
  traveler: [{ href: "/explore", label: "Explore" }],
  host: [
    { href: "/host", label: "Dashboard" },
    { href: "/host/listings/new", label: "New listing" },
    { href: "/host/promotions", label: "Promotions" },
    { href: "/host/invites", label: "Invites" },
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
    { href: "/admin/audit", label: "Audit log" },
  ],
  verifier: [{ href: "/verify", label: "Verify" }],
};

export const AREA_OF_ROLE: Partial<Record<Role, keyof typeof NAV>> = {
  TRAVELER: "traveler",
  HOST: "host",
  MODERATOR: "moderation",
  ADMIN: "admin",
  SUPER_ADMIN: "admin",
  ORG_USER: "verifier",
};
