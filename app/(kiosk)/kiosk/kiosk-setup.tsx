"use client";
// The kiosk's one-time setup: its device id and key, checked before they are kept.
import { useState } from "react";
import { kioskClient, needsSetup, type KioskCredentials, type KioskHome } from "./kiosk-api";
import { isUuid } from "@/shared/uuid";

const KEY = /^tsk_(live|demo)_[A-Z2-7]{52}$/;

export function SetupScreen({
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
            if (!isUuid(id)) next.id = "A device id looks like 5e7a4b10-0000-4000-8000-00000000a001.";
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
