// The background work of notifications in one process: mail what is due (every 250 ms) and look
// for silent kiosks (every minute). Started by the production server; every server may run one.
import "server-only";
import type { Database } from "@/db/client";
import type { MailSender } from "@/server/mail/transport";
import { deliverDueEmails, type DeliveryOptions } from "./deliver";
import { reportOfflineKiosks } from "./kiosk-offline";

/**
 * How often the worker asks for due mail: one indexed query (the partial index on what waits), so a
 * quarter second costs little and keeps commit → mail well under a second.
 */
export const DELIVERY_POLL_MS = 250;

export interface NotificationWorker {
  /** Runs one round now (tests, the benchmark). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startNotificationWorker(opts: {
  db: Database;
  /** Null: no mail server configured (development); mail waits in the outbox. */
  sender: MailSender | null;
  intervalMs?: number;
  kioskOfflineMinutes: number;
  kioskCheckEveryMs?: number;
  delivery?: DeliveryOptions;
  onError?: (err: unknown) => void;
}): NotificationWorker {
  const intervalMs = opts.intervalMs ?? DELIVERY_POLL_MS;
  const kioskEvery = opts.kioskCheckEveryMs ?? 60_000;
  let lastKioskCheck = 0;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const onError = opts.onError ?? ((err) => console.error("notification worker:", (err as Error).message));

  const round = async () => {
    try {
      if (opts.sender) await deliverDueEmails(opts.db, opts.sender, opts.delivery);
      if (Date.now() - lastKioskCheck >= kioskEvery) {
        lastKioskCheck = Date.now();
        await reportOfflineKiosks(opts.db, opts.kioskOfflineMinutes);
      }
    } catch (err) {
      onError(err);
    }
  };
  const tick = () => (running = running.then(round));
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void tick().then(schedule), intervalMs);
    timer.unref?.();
  };
  schedule();
  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
