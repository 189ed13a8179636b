import type { Metadata } from "next";

export const metadata: Metadata = { title: "Kiosk" };

export default function KioskHome() {
  return (
    <main id="main" className="grid min-h-screen place-items-center p-8 text-center">
      <div>
        <h1 className="text-4xl font-semibold">Tessera kiosk</h1>
        <p className="mt-3 text-lg text-slate-300">This device is not set up yet. An administrator registers kiosks.</p>
      </div>
    </main>
  );
}
