"use client";
// One photo of a listing: its thumbnail and number, "Make cover", move earlier / later, and
// remove (asked twice). Every control has an id the manager returns focus to after a change.
import { Badge, Button, cn } from "@/components/ui";

export type Media = {
  assetId: string;
  url: string;
  cardUrl: string;
  width: number | null;
  height: number | null;
  position: number;
};

export function PhotoRow({
  photo: m,
  index: i,
  count,
  isCover,
  confirming,
  busy,
  removing,
  onMakeCover,
  onMove,
  onAskRemove,
  onRemove,
  onKeep,
}: {
  photo: Media;
  index: number;
  count: number;
  isCover: boolean;
  confirming: boolean;
  busy: boolean;
  removing: boolean;
  onMakeCover: () => void;
  onMove: (delta: -1 | 1) => void;
  onAskRemove: () => void;
  onRemove: () => void;
  onKeep: () => void;
}) {
  const n = i + 1;
  return (
    <li className={cn("flex gap-3 rounded-lg bg-white p-2 ring-1", isCover ? "ring-2 ring-teal-600" : "ring-slate-200")}>
      <div className="relative h-20 w-28 shrink-0 overflow-hidden rounded-md bg-slate-100">
        {/* eslint-disable-next-line @next/next/no-img-element -- served by our authorised route or by Cloudinary */}
        <img
          src={m.cardUrl}
          alt={`Photo ${n} of ${count}${isCover ? " (cover)" : ""}`}
          width={m.width ?? undefined}
          height={m.height ?? undefined}
          className="h-full w-full object-cover"
        />
        <span
          aria-hidden="true"
          className="absolute left-1 top-1 rounded bg-white/90 px-1.5 text-xs font-semibold text-slate-800"
        >
          {n}
        </span>
      </div>
      <div className="flex min-w-0 flex-1 flex-col justify-between gap-2">
        <div className="flex items-center justify-between gap-2">
          {isCover ? (
            <span id={`${m.assetId}-cover`} tabIndex={-1} className="outline-none">
              <Badge tone="good">Cover</Badge>
            </span>
          ) : (
            <button
              type="button"
              className="rounded text-xs font-medium text-teal-700 hover:underline focus-visible:outline-2 focus-visible:outline-teal-600 disabled:text-slate-400 disabled:no-underline"
              aria-label={`Make photo ${n} the cover`}
              disabled={busy}
              onClick={onMakeCover}
            >
              Make cover
            </button>
          )}
          {m.width && m.height && (
            <span className="text-xs tabular-nums text-slate-500">
              {m.width}×{m.height}
            </span>
          )}
        </div>
        {confirming ? (
          <div key="confirm" className="flex flex-wrap items-center gap-1.5" role="group" aria-label={`Remove photo ${n}?`}>
            <Button
              variant="danger"
              className="px-2 py-1 text-xs"
              aria-label={`Confirm removing photo ${n}`}
              autoFocus
              busy={removing}
              onClick={onRemove}
            >
              Remove
            </Button>
            <Button variant="secondary" className="px-2 py-1 text-xs" aria-label={`Keep photo ${n}`} onClick={onKeep}>
              Keep
            </Button>
          </div>
        ) : (
          <div key="controls" className="flex flex-wrap items-center gap-1">
            <Button
              id={`${m.assetId}-up`}
              variant="secondary"
              className="h-8 w-8 px-0 py-0"
              aria-label={`Move photo ${n} earlier`}
              title="Move earlier"
              disabled={busy || i === 0}
              onClick={() => onMove(-1)}
            >
              <span aria-hidden="true">↑</span>
            </Button>
            <Button
              id={`${m.assetId}-down`}
              variant="secondary"
              className="h-8 w-8 px-0 py-0"
              aria-label={`Move photo ${n} later`}
              title="Move later"
              disabled={busy || i === count - 1}
              onClick={() => onMove(1)}
            >
              <span aria-hidden="true">↓</span>
            </Button>
            <Button
              id={`${m.assetId}-remove`}
              variant="ghost"
              className="ml-auto px-2 py-1 text-xs text-rose-700 hover:bg-rose-50"
              aria-label={`Remove photo ${n}`}
              disabled={busy}
              onClick={onAskRemove}
            >
              Remove
            </Button>
          </div>
        )}
      </div>
    </li>
  );
}
