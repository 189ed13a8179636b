// Server-side tRPC for React Server Components, and the signed-in user for layouts.
import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { createContext } from "@/server/context";
import { createCaller } from "@/server/root";
import { ROLE_HOME, type Role } from "@/server/policy/roles";

const context = cache(async () => createContext(new Headers(await headers())));

/** A caller for this request; the same policies apply as over HTTP. */
export const api = cache(async () => createCaller(await context()));

/**
 * A first read for a page's client view (so its content is in the HTML, not fetched after
 * hydration), or null when refused or failed: the view then asks itself and shows why.
 */
export async function firstRead<T>(read: (caller: Awaited<ReturnType<typeof api>>) => Promise<T>): Promise<T | null> {
  try {
    return await read(await api());
  } catch {
    return null;
  }
}

/** The signed-in user in good standing, or null (with why their session stopped, if it did). */
export const currentUser = cache(async () => {
  const ctx = await context();
  return { user: ctx.user, problem: ctx.sessionProblem };
});

/** For layouts: signed-out visitors go to /login; other roles go to their own home. */
export async function requireRole(roles: readonly Role[]) {
  const { user, problem } = await currentUser();
  if (!user) redirect(problem ? `/login?reason=${problem}` : "/login");
  if (!roles.includes(user.role)) redirect(ROLE_HOME[user.role]);
  return user;
}

/**
 * Sign-out, server side: ends this device's session (account.signOut, audited), so a copy of the
 * cookie stops working too. Other devices stay signed in ("sign out everywhere" is on the account page).
 */
export async function endCurrentSession(): Promise<void> {
  const ctx = await context();
  if (ctx.user && ctx.sessionId) await (await api()).account.signOut();
}
