// How each role is named on screen and where it lands after signing in: plain constants for the
// server and the browser alike (no server imports here).
import type { Role } from "@/db/schema/values";

export const ROLE_LABELS: Record<Role, string> = {
  PUBLIC_KIOSK: "Kiosk",
  TRAVELER: "Traveler",
  HOST: "Host",
  ORG_USER: "Verifier staff",
  MODERATOR: "Moderator",
  ADMIN: "Admin",
  SUPER_ADMIN: "Super admin",
};

/** Where each role lands after signing in. */
export const ROLE_HOME: Record<Role, string> = {
  PUBLIC_KIOSK: "/kiosk",
  TRAVELER: "/explore",
  HOST: "/host",
  ORG_USER: "/verify",
  MODERATOR: "/moderation",
  ADMIN: "/admin",
  SUPER_ADMIN: "/admin",
};
