// Starts this process's notification worker with the app's database and mail server.
import "server-only";
import { getDb } from "@/db/client";
import { env } from "@/server/env";
import { configuredSender } from "@/server/mail/transport";
import { startNotificationWorker, type NotificationWorker } from "./worker";

export async function startNotifications(): Promise<NotificationWorker> {
  const sender = configuredSender();
  if (!sender) console.warn("SMTP_URL is not set: mail waits in the outbox until it is.");
  return startNotificationWorker({ db: await getDb(), sender, kioskOfflineMinutes: env.KIOSK_OFFLINE_MINUTES });
}
