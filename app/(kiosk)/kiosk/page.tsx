import type { Metadata } from "next";
import { KioskApp } from "./kiosk-app";

export const metadata: Metadata = { title: "Kiosk" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Seconds from the address (`/kiosk?poll=5`), for a quicker kiosk in tests; sane bounds only. */
function seconds(value: string | string[] | undefined, fallback: number): number {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isFinite(n) && n >= 1 && n <= 3600 ? n * 1000 : fallback * 1000;
}

export default async function KioskPage({ searchParams }: Props) {
  const params = await searchParams;
  return (
    <KioskApp
      timing={{
        // Emergency mode shows within a minute: the content (with the flag) is fetched every 30 s.
        pollMs: seconds(params.poll, 30),
        heartbeatMs: seconds(params.heartbeat, 60),
        idleMs: seconds(params.idle, 120),
      }}
    />
  );
}
