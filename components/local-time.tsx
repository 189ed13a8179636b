"use client";
// A date and time in the reader's time zone. The server's render, and the first render in the
// browser that hydrates it, are in UTC (so the two agree whatever zone each is in); the reader's own
// zone follows right after hydration, in the same format and width (no layout shift).
import { useHydrated } from "@/components/use-hydrated";

const local = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });
const utc = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function LocalTime({ date }: { date: Date }) {
  const hydrated = useHydrated();
  return <time dateTime={date.toISOString()}>{(hydrated ? local : utc).format(date)}</time>;
}
