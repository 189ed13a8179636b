"use client";
// A verification token as a QR code, with its remaining time and the token text to copy.
import { useEffect, useState } from "react";
import { QRCodeSVG } from "qrcode.react";
import { Button } from "@/components/ui";

function useSecondsLeft(expiresAt: Date) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, Math.round((expiresAt.getTime() - now) / 1000));
}

export function TokenQr({ token, expiresAt, organizationName }: { token: string; expiresAt: Date; organizationName: string }) {
  const left = useSecondsLeft(expiresAt);
  const [copied, setCopied] = useState(false);
  return (
    <figure className="flex flex-col items-center gap-3">
      <div className="rounded-lg bg-white p-3 ring-1 ring-slate-200" data-testid="wallet-qr">
        <QRCodeSVG value={token} size={264} level="L" marginSize={4} title={`Verification code for ${organizationName}`} />
      </div>
      <figcaption className="text-center text-sm text-slate-600" aria-live="polite">
        {left > 0 ? (
          <>
            For <span className="font-medium text-slate-900">{organizationName}</span> · valid for{" "}
            <span className="tabular-nums">
              {Math.floor(left / 60)}:{String(left % 60).padStart(2, "0")}
            </span>
          </>
        ) : (
          "This code has expired."
        )}
      </figcaption>
      <details className="w-full text-sm">
        <summary className="cursor-pointer text-slate-600">Show the code as text (to paste)</summary>
        <textarea
          readOnly
          aria-label="Verification token"
          data-testid="wallet-token"
          value={token}
          rows={4}
          className="mt-2 block w-full break-all rounded-md p-2 font-mono text-xs ring-1 ring-slate-300"
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button
          type="button"
          variant="secondary"
          className="mt-2"
          onClick={async () => {
            await navigator.clipboard?.writeText(token).catch(() => {});
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy token"}
        </Button>
      </details>
    </figure>
  );
}
