// The audit domain: the append-only, hash-chained log (log.ts), its admin browser (browse.ts), views.
export * from "./log";
