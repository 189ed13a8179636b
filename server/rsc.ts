// Server-side tRPC for React Server Components, and the signed-in user for layouts.
import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { actorOf, createContext } from "@/server/context";
import { revokeSessions } from "@/server/auth/sign-out";
import { createCaller } from "@/server/root";
import { ROLE_HOME, type Role } from "@/server/policy/roles";

const context = cache(async () => createContext(new Headers(await headers())));

/** A caller for this request; the same policies apply as over HTTP. */
export const api = cache(async () => createCaller(await context()));

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

/** Sign-out, server side: ends every session of the signed-in user (see server/auth/sign-out.ts). */
export async function revokeCurrentSessions(): Promise<void> {
  const ctx = await context();
  if (ctx.user) await revokeSessions(ctx.rootDb, actorOf(ctx), ctx.user.id);
}
