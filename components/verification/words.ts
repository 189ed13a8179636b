// Words for verification pages: scopes, times, reasons.
import { CONSENT_SCOPE_LABELS, type ConsentScope } from "@/db/schema/values";

export function scopeList(scopes: readonly string[]): string {
  return scopes.map((s) => CONSENT_SCOPE_LABELS[s as ConsentScope] ?? s).join(", ");
}

const timeOnly = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });
const dateTime = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
const dateOnly = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });

/** "14:02" today, "3 Nov, 14:02" otherwise. */
export function when(date: Date): string {
  const today = new Date();
  return date.toDateString() === today.toDateString() ? timeOnly.format(date) : dateTime.format(date);
}

export function day(date: Date): string {
  return dateOnly.format(date);
}

export function attributeValue(value: string | boolean): string {
  return value === true ? "Yes" : value === false ? "No" : value;
}
