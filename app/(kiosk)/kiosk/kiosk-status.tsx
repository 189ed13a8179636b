"use client";
// What the kiosk says about its state: offline with content from when, and the district's emergency.
import { type KioskHome } from "./kiosk-api";

const timeFormat = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });

export function OfflineNote({ offline, savedAt }: { offline: boolean; savedAt: Date | null }) {
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

export function EmergencyBanner({ district }: { district: string }) {
  return (
    <div role="alert" data-testid="emergency-banner" className="bg-red-700 px-8 py-4 text-2xl font-semibold text-white">
      Emergency in {district}: follow the instructions of local authorities and staff. Emergency number: 112.
    </div>
  );
}

export function EmergencyScreen({ home, onStart, status }: { home: KioskHome; onStart: () => void; status: React.ReactNode }) {
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
