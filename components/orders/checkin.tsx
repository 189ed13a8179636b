"use client";
// Check-in: the traveler's QR and short code, and the host's form (typed code or camera scan).
import dynamic from "next/dynamic";
import { useEffect, useEffectEvent, useRef, useState } from "react";
import { QRCodeSVG } from "qrcode.react";
import { api, errorMessage, fieldErrors } from "@/components/trpc/react";
import { Alert, Button, Card, Field, Loading } from "@/components/ui";
import { useRefresh } from "./order-detail";

// The camera scanner (and its QR library) loads only when a host presses "Scan with camera".
const CameraScanner = dynamic(() => import("@/components/camera-scanner").then((m) => m.CameraScanner), {
  ssr: false,
  loading: () => <Loading label="Starting the camera…" />,
});

export function CheckinQr({ orderId }: { orderId: string }) {
  const issue = api.orders.checkinCode.useMutation();
  const [now, setNow] = useState(() => Date.now());
  const requestCode = useEffectEvent((input: { orderId: string }) => issue.mutate(input));
  const started = useRef(false);
  useEffect(() => {
    if (!started.current) {
      started.current = true;
      requestCode({ orderId });
    }
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [orderId]);
  const code = issue.data;
  const expired = code ? code.expiresAt.getTime() <= now : false;
  const left = code ? Math.max(0, Math.round((code.expiresAt.getTime() - now) / 1000)) : 0;
  return (
    <Card title="Your check-in code">
      {issue.isPending && <Loading label="Preparing your code…" />}
      {issue.error && <Alert>{errorMessage(issue.error)}</Alert>}
      {code && !expired && (
        <div className="flex flex-col items-center gap-2 text-center">
          <div className="rounded-md bg-white p-2 ring-1 ring-slate-200">
            <QRCodeSVG
              value={code.token}
              size={200}
              level="M"
              marginSize={2}
              role="img"
              aria-label="Check-in QR code"
              data-testid="checkin-qr"
            />
          </div>
          <p className="text-sm text-slate-600">Or tell the host this code:</p>
          <p className="font-mono text-2xl font-semibold tracking-widest text-slate-900" data-testid="checkin-short-code">
            {code.shortCode}
          </p>
          <p className="text-xs text-slate-500">
            Works once, for {Math.floor(left / 60)}:{String(left % 60).padStart(2, "0")} more.
          </p>
        </div>
      )}
      {code && expired && <p className="text-sm text-slate-600">This code has expired.</p>}
      {(expired || issue.error) && (
        <Button className="mt-3" variant="secondary" onClick={() => issue.mutate({ orderId })}>
          Show a new code
        </Button>
      )}
    </Card>
  );
}

export function CheckinForm({ orderId }: { orderId: string }) {
  const refresh = useRefresh(orderId);
  const checkIn = api.orders.checkIn.useMutation({ onSuccess: refresh });
  const [code, setCode] = useState("");
  const [scanning, setScanning] = useState(false);
  return (
    <Card title="Check the traveler in">
      <form
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          checkIn.mutate({ orderId, code });
        }}
      >
        <Field
          label="Traveler's check-in code"
          hint="Scan their QR code into this field, or type the eight characters under it."
          error={fieldErrors(checkIn.error).code}
        >
          {(props) => (
            <input
              {...props}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              className="block w-full rounded-md border-0 px-3 py-2 font-mono text-sm uppercase text-slate-900 shadow-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-teal-600"
              placeholder="ABCD-EFGH"
            />
          )}
        </Field>
        {checkIn.error && !fieldErrors(checkIn.error).code && <Alert>{errorMessage(checkIn.error)}</Alert>}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" busy={checkIn.isPending} disabled={code.trim().length === 0}>
            Check in and start
          </Button>
          <Button type="button" variant="secondary" onClick={() => setScanning((s) => !s)} aria-expanded={scanning}>
            {scanning ? "Stop camera" : "Scan with camera"}
          </Button>
        </div>
      </form>
      {scanning && (
        <div className="mt-4">
          <CameraScanner
            what="the traveler's check-in code"
            fallback="type the code under their QR code"
            onScan={(text) => {
              setScanning(false);
              setCode(text);
              checkIn.mutate({ orderId, code: text });
            }}
          />
        </div>
      )}
    </Card>
  );
}
