// The app router: one line per domain.
import { router, createCallerFactory } from "./trpc";
import { authRouter } from "./routers/auth";
import { invitesRouter } from "./routers/invites";
import { peopleRouter } from "./routers/people";
import { geographyRouter } from "./routers/geography";
import { flagsRouter } from "./routers/flags";
import { auditRouter } from "./routers/audit";

export const appRouter = router({
  auth: authRouter,
  invites: invitesRouter,
  people: peopleRouter,
  geography: geographyRouter,
  flags: flagsRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
