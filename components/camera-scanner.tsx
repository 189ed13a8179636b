"use client";
// Camera scanning of a QR code (verifier staff scanning a wallet token, a host scanning a traveler's
// check-in code): the camera is asked for only when someone presses "Scan with camera", and released
// when scanning stops. Each frame is decoded by the same function the unit test exercises. The
// camera is allowed by Permissions-Policy only on the pages that scan (proxy.ts).
import { useEffect, useEffectEvent, useRef, useState } from "react";
import { BrowserCodeReader } from "@zxing/browser";
import { decodeQrFromRgba } from "@/components/verification/qr-decode";
import { Alert } from "@/components/ui";

export function CameraScanner({
  onScan,
  what = "the traveler's code",
  fallback = "paste the token instead",
}: {
  onScan: (text: string) => void;
  /** What is scanned, for the video's label and the hint. */
  what?: string;
  /** What to do without a camera, in the words of the page. */
  fallback?: string;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [deviceId, setDeviceId] = useState<string | undefined>(undefined);
  // The latest onScan, called from the scanning interval without restarting the camera when it changes.
  const done = useEffectEvent((text: string) => onScan(text));

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setInterval> | null = null;
    let stopped = false;
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: deviceId ? { deviceId: { exact: deviceId } } : { facingMode: "environment" },
          audio: false,
        });
        if (stopped) return;
        const el = video.current!;
        el.srcObject = stream;
        await el.play();
        // Labels of the cameras are only readable once permission is given.
        setCameras(await BrowserCodeReader.listVideoInputDevices().catch(() => []));
        timer = setInterval(() => {
          if (!context || el.videoWidth === 0) return;
          canvas.width = el.videoWidth;
          canvas.height = el.videoHeight;
          context.drawImage(el, 0, 0);
          const frame = context.getImageData(0, 0, canvas.width, canvas.height);
          const text = decodeQrFromRgba(frame.data, frame.width, frame.height);
          if (text) {
            stopped = true;
            if (timer) clearInterval(timer);
            done(text);
          }
        }, 250);
      } catch (err) {
        setProblem((err as Error).name);
      }
    })();
    return () => {
      stopped = true;
      if (timer) clearInterval(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [deviceId]);

  if (problem)
    return (
      <Alert tone="warn">
        {problem === "NotAllowedError"
          ? `The camera was not allowed. Allow it in the browser's site settings, or ${fallback}.`
          : problem === "NotFoundError"
            ? `No camera was found on this device: ${fallback}.`
            : `The camera could not be started: ${fallback}.`}
      </Alert>
    );
  return (
    <div className="space-y-2">
      <video
        ref={video}
        muted
        playsInline
        className="aspect-video w-full rounded-md bg-slate-900"
        aria-label={`Camera view for scanning ${what}`}
      />
      {cameras.length > 1 && (
        <label className="block text-sm text-slate-700">
          Camera{" "}
          <select
            className="ml-2 rounded-md px-2 py-1 ring-1 ring-slate-300"
            value={deviceId ?? ""}
            onChange={(e) => setDeviceId(e.target.value || undefined)}
          >
            <option value="">Back camera</option>
            {cameras.map((c) => (
              <option key={c.deviceId} value={c.deviceId}>
                {c.label || "Camera"}
              </option>
            ))}
          </select>
        </label>
      )}
      <p className="text-xs text-slate-600">Hold {what} inside the frame.</p>
    </div>
  );
}
