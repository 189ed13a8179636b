// The app router: one line per domain.
import "server-only";
import { router, createCallerFactory } from "./trpc";
import "./moderation/targets";
import { authRouter } from "./routers/auth";
import { invitesRouter } from "./routers/invites";
import { peopleRouter } from "./routers/people";
import { geographyRouter } from "./routers/geography";
import { flagsRouter } from "./routers/flags";
import { auditRouter } from "./routers/audit";
import { listingsRouter } from "./routers/listings";
import { promotionsRouter } from "./routers/promotions";
import { moderationRouter } from "./routers/moderation";
import { uploadsRouter } from "./routers/uploads";
import { kioskRouter } from "./routers/kiosk";
import { identityRouter } from "./routers/identity";
import { accountRouter } from "./routers/account";
import { verificationRouter } from "./routers/verification/_router";
import { ordersRouter } from "./routers/orders";
import { messagesRouter } from "./routers/messages";
import { reviewsRouter } from "./routers/reviews";
import { notificationsRouter } from "./routers/notifications";

export const appRouter = router({
  auth: authRouter,
  invites: invitesRouter,
  people: peopleRouter,
  geography: geographyRouter,
  flags: flagsRouter,
  audit: auditRouter,
  listings: listingsRouter,
  promotions: promotionsRouter,
  moderation: moderationRouter,
  uploads: uploadsRouter,
  kiosk: kioskRouter,
  identity: identityRouter,
  account: accountRouter,
  verification: verificationRouter,
  orders: ordersRouter,
  messages: messagesRouter,
  reviews: reviewsRouter,
  notifications: notificationsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
