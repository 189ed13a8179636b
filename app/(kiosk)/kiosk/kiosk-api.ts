// The kiosk's side of the wire: its own tRPC client (device headers, never a cookie) and what it
// keeps in the browser (its credentials, and the last good content for when the network drops).
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@/server/root";

export interface KioskCredentials {
  id: string;
  key: string;
}

export type KioskHome = Awaited<ReturnType<ReturnType<typeof kioskClient>["kiosk"]["home"]["query"]>>;

export function kioskClient(credentials: KioskCredentials) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: "/api/trpc",
        transformer: superjson,
        headers: () => ({ "X-Kiosk-ID": credentials.id, "X-Kiosk-Key": credentials.key }),
        // A kiosk is a device, not a person: it never sends a cookie, even if the browser has one.
        fetch: (url, init) => fetch(url, { ...(init as RequestInit), credentials: "omit", cache: "no-store" }),
      }),
    ],
  });
}

/** The server no longer accepts this kiosk's key (rotated or revoked): it must be set up again. */
export function needsSetup(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const data = error.data as { appCode?: string | null } | undefined;
  return data?.appCode === "KIOSK_UNAUTHENTICATED";
}

// ---------------------------------------------------------------- what the browser keeps

const CREDENTIALS = "tessera.kiosk.device";
const CONTENT = "tessera.kiosk.content";
const RESET = "tessera.kiosk.needsSetup";

function read<T>(key: string): T | null {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown) {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the kiosk still works, it only forgets on reload.
  }
}

export const stored = {
  credentials: () => read<KioskCredentials>(CREDENTIALS),
  content: () => read<{ home: KioskHome; savedAt: string }>(CONTENT),
  /** The device id of a kiosk whose key stopped working (kept to prefill the setup form). */
  resetDeviceId: () => read<string>(RESET),
  saveSetup(credentials: KioskCredentials, home: KioskHome) {
    write(CREDENTIALS, credentials);
    write(CONTENT, { home, savedAt: new Date().toISOString() });
    window.localStorage.removeItem(RESET);
  },
  saveContent(home: KioskHome) {
    write(CONTENT, { home, savedAt: new Date().toISOString() });
  },
  /** Forget the key and the content (they may be another district's now); remember the device id. */
  markNeedsSetup(deviceId: string) {
    window.localStorage.removeItem(CREDENTIALS);
    window.localStorage.removeItem(CONTENT);
    write(RESET, deviceId);
  },
};
