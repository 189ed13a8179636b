"use client";
// The kiosk: set up once with its device id and key, then unattended. Tap to start (fullscreen
// needs a user gesture), the district's approved hotspots and services with QR codes to continue on
// a phone, the emergency banner and screen, a screen wake lock, an idle reset to the start screen,
// a heartbeat every minute, and the last good content kept when the network or server drops.
// This file is the kiosk's state and timers; each screen is its own file.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { kioskClient, needsSetup, stored, type KioskCredentials, type KioskHome } from "./kiosk-api";
import { EmergencyBanner, EmergencyScreen, OfflineNote } from "./kiosk-status";
import { HomeScreen } from "./kiosk-home";
import { ListingScreen } from "./kiosk-listing";
import { SetupScreen } from "./kiosk-setup";

export interface KioskTiming {
  /** How often the content (and the emergency state) is fetched, in ms. */
  pollMs: number;
  heartbeatMs: number;
  /** Inactivity after which the kiosk returns to its start screen, in ms. */
  idleMs: number;
}

type Screen = { name: "start" } | { name: "home" } | { name: "listing"; id: string };

const subscribeToNothing = () => () => {};

/**
 * The kiosk keeps its key and its last content in the browser's storage, which the server cannot
 * read: the server's render and hydration show "Starting…", and the kiosk itself mounts right
 * after hydration, reading what the browser kept as its initial state.
 */
export function KioskApp({ timing }: { timing: KioskTiming }) {
  const hydrated = useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
  if (!hydrated) {
    return (
      <main id="main" className="grid min-h-screen place-items-center p-8">
        <p className="text-2xl text-slate-300" role="status">
          Starting…
        </p>
      </main>
    );
  }
  return <Kiosk timing={timing} />;
}

/** What the browser kept: read once, when the kiosk first renders in the browser. */
function readKept() {
  const credentials = stored.credentials();
  const content = credentials ? stored.content() : null;
  return {
    credentials,
    resetDeviceId: credentials ? null : stored.resetDeviceId(),
    home: content?.home ?? null,
    savedAt: content ? new Date(content.savedAt) : null,
  };
}

function Kiosk({ timing }: { timing: KioskTiming }) {
  const [kept] = useState(readKept);
  const [credentials, setCredentials] = useState<KioskCredentials | null>(kept.credentials);
  const [resetDeviceId, setResetDeviceId] = useState<string | null>(kept.resetDeviceId);
  const [home, setHome] = useState<KioskHome | null>(kept.home);
  const [savedAt, setSavedAt] = useState<Date | null>(kept.savedAt);
  const [offline, setOffline] = useState(false);
  const [screen, setScreen] = useState<Screen>({ name: "start" });

  // Offline start: a service worker keeps the page and its files, so a reload without a network
  // still opens the kiosk (production builds only: development files are not versioned).
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker
      .register("/kiosk-sw.js", { scope: "/kiosk" })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        const urls = performance.getEntriesByType("resource").map((entry) => entry.name);
        registration.active?.postMessage({ type: "cache", urls });
      })
      .catch(() => {
        // Without it the kiosk still works; it only cannot start while offline.
      });
  }, []);

  const client = useMemo(() => (credentials ? kioskClient(credentials) : null), [credentials]);

  const lostKey = useCallback(() => {
    if (!credentials) return;
    stored.markNeedsSetup(credentials.id);
    setResetDeviceId(credentials.id);
    setCredentials(null);
    setHome(null);
    setScreen({ name: "start" });
  }, [credentials]);

  const refresh = useCallback(async () => {
    if (!client) return;
    try {
      const fresh = await client.kiosk.home.query();
      setHome(fresh);
      setSavedAt(new Date());
      setOffline(false);
      stored.saveContent(fresh);
    } catch (error) {
      if (needsSetup(error)) lostKey();
      else setOffline(true);
    }
  }, [client, lostKey]);

  const heartbeat = useCallback(async () => {
    if (!client) return;
    try {
      await client.kiosk.heartbeat.mutate();
    } catch (error) {
      if (needsSetup(error)) lostKey();
      else setOffline(true);
    }
  }, [client, lostKey]);

  // Content and emergency state, polled; a heartbeat every minute; back at once when the network returns.
  useEffect(() => {
    if (!client) return;
    // refresh() sets state only after awaiting the server, not synchronously; the rule does not see
    // through the await (facebook/react#34905).
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void refresh();
    void heartbeat();
    const poll = window.setInterval(() => void refresh(), timing.pollMs);
    const beat = window.setInterval(() => void heartbeat(), timing.heartbeatMs);
    const online = () => void refresh();
    window.addEventListener("online", online);
    return () => {
      window.clearInterval(poll);
      window.clearInterval(beat);
      window.removeEventListener("online", online);
    };
  }, [client, refresh, heartbeat, timing.pollMs, timing.heartbeatMs]);

  // Idle reset: after a while without a touch, back to the start screen for the next person.
  const lastActivity = useRef<number | null>(null);
  useEffect(() => {
    lastActivity.current ??= Date.now();
    const touch = () => {
      lastActivity.current = Date.now();
    };
    const events = ["pointerdown", "keydown", "wheel", "touchstart"] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true });
    const timer = window.setInterval(() => {
      if (Date.now() - (lastActivity.current ?? 0) > timing.idleMs) {
        setScreen((s) => (s.name === "start" ? s : { name: "start" }));
        window.scrollTo(0, 0);
      }
    }, 1000);
    return () => {
      for (const e of events) window.removeEventListener(e, touch);
      window.clearInterval(timer);
    };
  }, [timing.idleMs]);

  // The screen stays on while the kiosk runs; the browser drops the lock when the page is hidden.
  const wakeLock = useRef<WakeLockSentinel | null>(null);
  const started = useRef(false);
  const acquireWakeLock = useCallback(async () => {
    if (!("wakeLock" in navigator) || wakeLock.current) return;
    try {
      const sentinel = await navigator.wakeLock.request("screen");
      wakeLock.current = sentinel;
      sentinel.addEventListener("release", () => {
        if (wakeLock.current === sentinel) wakeLock.current = null;
      });
    } catch {
      // Refused (battery saver, policy): the kiosk works, the screen may dim.
    }
  }, []);
  useEffect(() => {
    const visible = () => {
      if (document.visibilityState === "visible" && started.current) void acquireWakeLock();
    };
    document.addEventListener("visibilitychange", visible);
    return () => document.removeEventListener("visibilitychange", visible);
  }, [acquireWakeLock]);

  const start = () => {
    started.current = true;
    lastActivity.current = Date.now();
    if (!document.fullscreenElement && document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen({ navigationUI: "hide" }).catch(() => {
        // Not allowed here (no gesture, or a Permissions-Policy): carry on in the window.
      });
    }
    void acquireWakeLock();
    setScreen({ name: "home" });
  };

  if (!credentials) {
    return (
      <SetupScreen
        resetDeviceId={resetDeviceId}
        onDone={(creds, fresh) => {
          stored.saveSetup(creds, fresh);
          setResetDeviceId(null);
          setHome(fresh);
          setSavedAt(new Date());
          setOffline(false);
          setScreen({ name: "start" });
          setCredentials(creds);
        }}
      />
    );
  }

  if (!home) {
    return (
      <main id="main" className="grid min-h-screen place-items-center p-8 text-center">
        <div>
          <h1 className="text-4xl font-semibold">Tessera kiosk</h1>
          <p className="mt-4 text-xl text-slate-300" role="status">
            {offline ? "Waiting for the network… This screen will fill in by itself." : "Loading the district's information…"}
          </p>
        </div>
      </main>
    );
  }

  const status = <OfflineNote offline={offline} savedAt={savedAt} />;

  if (screen.name === "start") {
    return home.emergency ? (
      <EmergencyScreen home={home} onStart={start} status={status} />
    ) : (
      <main id="main" className="relative min-h-screen">
        <button
          type="button"
          onClick={start}
          className="grid min-h-screen w-full place-items-center bg-gradient-to-b from-slate-900 to-teal-950 p-10 text-center focus-visible:outline-4 focus-visible:outline-offset-[-8px] focus-visible:outline-teal-300"
        >
          <span>
            <span className="block text-2xl font-medium uppercase tracking-widest text-teal-300">{home.district.regionName}</span>
            <span className="mt-4 block text-6xl font-bold">{home.district.name}</span>
            <span className="mt-6 block text-2xl text-slate-200">{home.listings.length} places and services to discover</span>
            <span className="mt-14 inline-block rounded-full bg-teal-300 px-12 py-6 text-3xl font-semibold text-slate-950 shadow-lg">
              Touch to start
            </span>
          </span>
        </button>
        <div className="absolute right-4 top-4">{status}</div>
      </main>
    );
  }

  const selected = screen.name === "listing" ? home.listings.find((l) => l.id === screen.id) : undefined;
  return (
    <div className="min-h-screen">
      {home.emergency && <EmergencyBanner district={home.district.name} />}
      <header className="flex flex-wrap items-center justify-between gap-4 border-b border-slate-700 px-8 py-5">
        <div>
          <p className="text-lg font-medium uppercase tracking-widest text-teal-300">{home.district.regionName}</p>
          <p className="text-4xl font-bold">{home.district.name}</p>
        </div>
        <div className="flex items-center gap-4">
          {status}
          <button
            type="button"
            onClick={() => setScreen({ name: "start" })}
            className="rounded-full px-6 py-3 text-xl font-medium ring-2 ring-slate-500 hover:bg-slate-800 focus-visible:outline-4 focus-visible:outline-teal-300"
          >
            Start over
          </button>
        </div>
      </header>
      {selected ? (
        <ListingScreen listing={selected} onBack={() => setScreen({ name: "home" })} />
      ) : (
        <HomeScreen
          home={home}
          onOpen={(id) => {
            setScreen({ name: "listing", id });
            window.scrollTo(0, 0);
          }}
        />
      )}
    </div>
  );
}

// ---------------------------------------------------------------- screens
