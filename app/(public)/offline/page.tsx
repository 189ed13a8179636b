import type { Metadata } from "next";

export const metadata: Metadata = { title: "Offline" };

// Shown by the service worker (public/sw.js) when a page cannot be loaded without a network. It
// says honestly what keeps working: nothing private is stored for offline use, so what works is
// what is already open on the phone.
export default function Offline() {
  return (
    <div className="mx-auto max-w-xl">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">You are offline</h1>
      <p className="mt-2 text-slate-600">This page needs a network. Tessera will work again as soon as you are back online.</p>
      <h2 className="mt-8 text-base font-semibold text-slate-900">What still works without a network</h2>
      <ul className="mt-2 list-inside list-disc space-y-2 text-sm text-slate-700">
        <li>
          <strong>An order page you already have open</strong> keeps showing its check-in QR code and its short code until the
          code expires. Before you lose signal, open your order and leave it open, or write the short code down: the host can type
          it.
        </li>
        <li>Pages already open in another tab stay readable; buttons that send something wait for the network.</li>
        <li>The district kiosks keep showing their last information while offline.</li>
      </ul>
      <h2 className="mt-8 text-base font-semibold text-slate-900">What needs a network</h2>
      <ul className="mt-2 list-inside list-disc space-y-2 text-sm text-slate-700">
        <li>Signing in, searching explore, asking a host, requesting and paying.</li>
        <li>A new check-in code: the server issues one each time you open an accepted order.</li>
      </ul>
      <p className="mt-8 text-sm text-slate-600">
        Nothing about you or your orders is stored on this device for offline use.{" "}
        {/* A full page load, not a client navigation: the worker tries the network again. */}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
        <a href="/" className="font-medium text-teal-700 underline-offset-2 hover:underline">
          Try again
        </a>
      </p>
    </div>
  );
}
