"use client";
// The kiosk: set up once with its device id and key, then unattended. Tap to start (fullscreen
// needs a user gesture), the district's approved hotspots and services with QR codes to continue on
// a phone, the emergency banner and screen, a screen wake lock, an idle reset to the start screen,
// a heartbeat every minute, and the last good content kept when the network or server drops.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { ListingQr } from "@/components/listing/qr";
import { categoryLabel, formatPrice } from "@/components/listing/format";
import { kioskClient, needsSetup, stored, type KioskCredentials, type KioskHome } from "./kiosk-api";

export interface KioskTiming {
  /** How often the content (and the emergency state) is fetched, in ms. */
  pollMs: number;
  heartbeatMs: number;
  /** Inactivity after which the kiosk returns to its start screen, in ms. */
  idleMs: number;
}

type Screen = { name: "start" } | { name: "home" } | { name: "listing"; id: string };

const timeFormat = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });

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

type KioskListing = KioskHome["listings"][number];

function OfflineNote({ offline, savedAt }: { offline: boolean; savedAt: Date | null }) {
  return (
    <p
      role="status"
      data-testid="kiosk-offline"
      className={offline ? "rounded-full bg-slate-800 px-4 py-2 text-base text-amber-200" : "sr-only"}
    >
      {offline ? `Offline · showing information from ${savedAt ? timeFormat.format(savedAt) : "earlier"}` : "Online"}
    </p>
  );
}

function EmergencyBanner({ district }: { district: string }) {
  return (
    <div role="alert" data-testid="emergency-banner" className="bg-red-700 px-8 py-4 text-2xl font-semibold text-white">
      Emergency in {district}: follow the instructions of local authorities and staff. Emergency number: 112.
    </div>
  );
}

function EmergencyScreen({ home, onStart, status }: { home: KioskHome; onStart: () => void; status: React.ReactNode }) {
  return (
    <main id="main" className="relative grid min-h-screen place-items-center bg-red-800 p-10 text-center text-white">
      <div className="absolute right-4 top-4">{status}</div>
      <div className="max-w-4xl">
        <div role="alert" data-testid="emergency-screen">
          <h1 className="text-7xl font-bold">Emergency</h1>
          <p className="mt-8 text-3xl leading-snug">
            An emergency has been declared in {home.district.name}. Follow the instructions of local authorities and staff.
          </p>
          <p className="mt-8 text-5xl font-bold">Call 112</p>
        </div>
        <button
          type="button"
          onClick={onStart}
          className="mt-14 rounded-full bg-white px-10 py-5 text-2xl font-semibold text-red-900 focus-visible:outline-4 focus-visible:outline-offset-4 focus-visible:outline-white"
        >
          See district information
        </button>
      </div>
    </main>
  );
}

function Cover({ listing, className }: { listing: KioskListing; className: string }) {
  const [failed, setFailed] = useState(false);
  if (!listing.coverUrl || failed) {
    return (
      <div className={`grid place-items-center bg-gradient-to-br from-teal-800 to-slate-800 ${className}`} aria-hidden="true">
        <span className="text-7xl font-bold text-teal-200/60">{listing.title.slice(0, 1)}</span>
      </div>
    );
  }
  // eslint-disable-next-line @next/next/no-img-element -- uploads are served at their own sizes by our route or Cloudinary
  return <img src={listing.coverUrl} alt="" className={`object-cover ${className}`} onError={() => setFailed(true)} />;
}

function priceText(listing: KioskListing): string | null {
  return formatPrice(listing.priceMinor, listing.currency);
}

function HomeScreen({ home, onOpen }: { home: KioskHome; onOpen: (id: string) => void }) {
  const groups = [
    { kind: "HOTSPOT", title: "Places to see" },
    { kind: "SERVICE", title: "Things to do" },
  ] as const;
  return (
    <main id="main" className="space-y-12 px-8 py-10">
      <h1 className="sr-only">What to see and do in {home.district.name}</h1>
      {home.listings.length === 0 && (
        <p className="py-20 text-center text-3xl text-slate-300">
          Nothing is listed in {home.district.name} yet. Please check back soon.
        </p>
      )}
      {groups.map(({ kind, title }) => {
        const items = home.listings.filter((l) => l.kind === kind);
        if (items.length === 0) return null;
        return (
          <section key={kind} aria-labelledby={`kiosk-${kind}`}>
            <h2 id={`kiosk-${kind}`} className="mb-6 text-4xl font-semibold">
              {title}
            </h2>
            <ul className="grid gap-8 md:grid-cols-2 xl:grid-cols-3">
              {items.map((listing) => (
                <li
                  key={listing.id}
                  data-testid="kiosk-listing"
                  className="flex flex-col overflow-hidden rounded-2xl bg-slate-800 ring-1 ring-slate-700"
                >
                  <button
                    type="button"
                    onClick={() => onOpen(listing.id)}
                    className="text-left focus-visible:outline-4 focus-visible:outline-offset-[-4px] focus-visible:outline-teal-300"
                  >
                    <Cover listing={listing} className="h-56 w-full" />
                    <span className="block px-6 pt-5 text-3xl font-semibold leading-tight">{listing.title}</span>
                    <span className="block px-6 pt-2 text-xl text-slate-300">
                      {categoryLabel(listing.category)}
                      {priceText(listing) ? ` · ${priceText(listing)}` : ""}
                    </span>
                    <span className="line-clamp-3 block px-6 pt-3 text-xl leading-relaxed text-slate-200">
                      {listing.description}
                    </span>
                  </button>
                  <div className="mt-auto flex items-center gap-5 px-6 pb-6 pt-5">
                    <div className="rounded-lg bg-white p-2">
                      <ListingQr url={listing.pageUrl} size={112} title={`QR code: open ${listing.title} on your phone`} />
                    </div>
                    <p className="text-lg text-slate-300">Scan to continue on your phone</p>
                  </div>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </main>
  );
}

function ListingScreen({ listing, onBack }: { listing: KioskListing; onBack: () => void }) {
  const price = priceText(listing);
  return (
    <main id="main" className="px-8 py-10">
      <button
        type="button"
        onClick={onBack}
        className="mb-8 rounded-full px-6 py-3 text-xl font-medium ring-2 ring-slate-500 hover:bg-slate-800 focus-visible:outline-4 focus-visible:outline-teal-300"
      >
        <span aria-hidden="true">← </span>Back to all
      </button>
      <div className="grid gap-10 lg:grid-cols-[3fr_2fr]">
        <div>
          <Cover listing={listing} className="h-[28rem] w-full rounded-2xl" />
          <h1 className="mt-8 text-5xl font-bold leading-tight">{listing.title}</h1>
          <p className="mt-3 text-2xl text-slate-300">
            {categoryLabel(listing.category)}
            {price ? ` · ${price}` : ""}
          </p>
          <p className="mt-6 whitespace-pre-line text-2xl leading-relaxed text-slate-100">{listing.description}</p>
        </div>
        <aside className="self-start rounded-2xl bg-white p-8 text-center text-slate-900">
          <ListingQr
            url={listing.pageUrl}
            size={320}
            title={`QR code: open ${listing.title} on your phone`}
            className="mx-auto h-auto max-w-full"
          />
          <p className="mt-6 text-2xl font-semibold">Continue on your phone</p>
          <p className="mt-2 text-lg text-slate-700">
            Scan the code with your camera to see the details, save it, or contact the host.
          </p>
        </aside>
      </div>
    </main>
  );
}

// ---------------------------------------------------------------- setup

const DEVICE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY = /^tsk_(live|demo)_[A-Z2-7]{52}$/;

function SetupScreen({
  resetDeviceId,
  onDone,
}: {
  resetDeviceId: string | null;
  onDone: (c: KioskCredentials, home: KioskHome) => void;
}) {
  const [errors, setErrors] = useState<{ id?: string; key?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const field =
    "mt-2 block w-full rounded-lg border-0 bg-white px-4 py-3 font-mono text-lg text-slate-900 ring-2 ring-slate-400 focus:ring-4 focus:ring-teal-400 aria-[invalid=true]:ring-red-400";
  return (
    <main id="main" className="grid min-h-screen place-items-center p-8">
      <div className="w-full max-w-2xl">
        {resetDeviceId ? (
          <>
            <h1 className="text-4xl font-semibold">This kiosk needs to be set up again</h1>
            <p className="mt-3 text-xl text-slate-300">
              Its key was changed or the kiosk was revoked by an administrator. Enter the new key from{" "}
              <span className="font-mono">Admin → Kiosks</span>.
            </p>
          </>
        ) : (
          <>
            <h1 className="text-4xl font-semibold">Set up this kiosk</h1>
            <p className="mt-3 text-xl text-slate-300">
              An administrator registers the kiosk in <span className="font-mono">Admin → Kiosks</span> and gets its device id and
              key. Enter them once; this screen keeps them.
            </p>
          </>
        )}
        <form
          aria-label="Kiosk setup"
          className="mt-8 space-y-6"
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const id = String(f.get("deviceId") ?? "").trim();
            const key = String(f.get("key") ?? "").trim();
            const next: typeof errors = {};
            if (!DEVICE_ID.test(id)) next.id = "A device id looks like 5e7a4b10-0000-4000-8000-00000000a001.";
            if (!KEY.test(key)) next.key = "A kiosk key starts with tsk_live_ followed by 52 letters and digits.";
            setErrors(next);
            if (next.id || next.key) return;
            setBusy(true);
            try {
              const home = await kioskClient({ id, key }).kiosk.home.query();
              onDone({ id, key }, home);
            } catch (error) {
              setErrors({
                form: needsSetup(error)
                  ? "This device id and key do not match an active kiosk. Check them with your administrator: a key that was changed or a kiosk that was revoked no longer works."
                  : "The server cannot be reached. Check the network connection and try again.",
              });
            } finally {
              setBusy(false);
            }
          }}
        >
          {errors.form && (
            <p role="alert" className="rounded-lg bg-red-950 p-4 text-lg text-red-100 ring-2 ring-red-500">
              {errors.form}
            </p>
          )}
          <div>
            <label htmlFor="kiosk-device-id" className="text-xl font-medium">
              Device id
            </label>
            <input
              id="kiosk-device-id"
              name="deviceId"
              defaultValue={resetDeviceId ?? ""}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={errors.id ? true : undefined}
              aria-describedby={errors.id ? "kiosk-device-id-error" : undefined}
              className={field}
            />
            {errors.id && (
              <p id="kiosk-device-id-error" className="mt-2 text-lg text-red-300">
                {errors.id}
              </p>
            )}
          </div>
          <div>
            <label htmlFor="kiosk-key" className="text-xl font-medium">
              Kiosk key
            </label>
            <input
              id="kiosk-key"
              name="key"
              type="password"
              autoComplete="off"
              spellCheck={false}
              aria-invalid={errors.key ? true : undefined}
              aria-describedby={errors.key ? "kiosk-key-error" : undefined}
              className={field}
            />
            {errors.key && (
              <p id="kiosk-key-error" className="mt-2 text-lg text-red-300">
                {errors.key}
              </p>
            )}
          </div>
          <button
            type="submit"
            disabled={busy}
            aria-busy={busy || undefined}
            className="rounded-full bg-teal-300 px-10 py-4 text-2xl font-semibold text-slate-950 hover:bg-teal-200 disabled:opacity-60 focus-visible:outline-4 focus-visible:outline-offset-4 focus-visible:outline-teal-300"
          >
            {busy ? "Checking…" : "Save and start"}
          </button>
        </form>
      </div>
    </main>
  );
}
