// Small accessible primitives shared by every page.
import Link from "next/link";
import { forwardRef, useId } from "react";

import { cn } from "./cn";
import { Spinner } from "./spinner";

// cn and Spinner live in their own modules so Button can use them without importing this index
// (which re-exports Button): no import loop.
export { cn, Spinner };
export { Button } from "./button";

export function Field({
  label,
  error,
  hint,
  children,
  id: givenId,
}: {
  label: string;
  error?: string | string[] | null;
  hint?: string;
  id?: string;
  children: (props: { id: string; "aria-invalid"?: boolean; "aria-describedby"?: string }) => React.ReactNode;
}) {
  const autoId = useId();
  const id = givenId ?? autoId;
  const message = Array.isArray(error) ? error[0] : error;
  const describedBy = [message ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children({ id, "aria-invalid": message ? true : undefined, "aria-describedby": describedBy })}
      {hint && !message && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {message && (
        <p id={`${id}-error`} className="text-sm text-rose-700" role="alert">
          {message}
        </p>
      )}
    </div>
  );
}

const inputClass =
  "block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-teal-600 aria-[invalid=true]:ring-rose-500";

export const Input = forwardRef<HTMLInputElement, React.InputHTMLAttributes<HTMLInputElement>>(function Input(
  { className, ...props },
  ref,
) {
  return <input ref={ref} className={cn(inputClass, className)} {...props} />;
});

export const Select = forwardRef<HTMLSelectElement, React.SelectHTMLAttributes<HTMLSelectElement>>(function Select(
  { className, ...props },
  ref,
) {
  return <select ref={ref} className={cn(inputClass, "bg-white pr-8", className)} {...props} />;
});

export function Card({
  title,
  actions,
  children,
  className,
}: {
  title?: string;
  actions?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <section className={cn("min-w-0 rounded-lg bg-white shadow-sm ring-1 ring-slate-200", className)}>
      {(title || actions) && (
        <header className="flex items-center justify-between gap-4 border-b border-slate-200 px-5 py-3">
          {title && <h2 className="text-base font-semibold text-slate-900">{title}</h2>}
          {actions}
        </header>
      )}
      <div className="p-5">{children}</div>
    </section>
  );
}

export function PageHeader({ title, description, actions }: { title: string; description?: string; actions?: React.ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {description && <p className="mt-1 max-w-2xl text-sm text-slate-600">{description}</p>}
      </div>
      {actions}
    </div>
  );
}

const BADGE_TONES = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-300",
  good: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  warn: "bg-amber-50 text-amber-800 ring-amber-300",
  bad: "bg-rose-50 text-rose-800 ring-rose-300",
  info: "bg-sky-50 text-sky-800 ring-sky-300",
} as const;

export function Badge({ tone = "neutral", children }: { tone?: keyof typeof BADGE_TONES; children: React.ReactNode }) {
  return (
    <span
      className={cn("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", BADGE_TONES[tone])}
    >
      {children}
    </span>
  );
}

export function Alert({
  tone = "bad",
  title,
  children,
}: {
  tone?: "bad" | "warn" | "good" | "info";
  title?: string;
  children?: React.ReactNode;
}) {
  const tones = {
    bad: "bg-rose-50 text-rose-900 ring-rose-200",
    warn: "bg-amber-50 text-amber-900 ring-amber-200",
    good: "bg-emerald-50 text-emerald-900 ring-emerald-200",
    info: "bg-sky-50 text-sky-900 ring-sky-200",
  };
  return (
    <div role={tone === "bad" ? "alert" : "status"} className={cn("rounded-md p-3 text-sm ring-1", tones[tone])}>
      {title && <p className="font-medium">{title}</p>}
      {children && <div className={title ? "mt-1" : undefined}>{children}</div>}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 px-6 py-10 text-center">
      <p className="font-medium text-slate-800">{title}</p>
      {children && <div className="mt-1 text-sm text-slate-600">{children}</div>}
    </div>
  );
}

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div role="status" className="flex items-center gap-2 py-8 text-sm text-slate-600">
      <Spinner /> {label}
    </div>
  );
}

export function TextLink({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <Link href={href} className="font-medium text-teal-700 underline-offset-2 hover:underline">
      {children}
    </Link>
  );
}

export function Table({
  children,
  caption,
  stack = false,
}: {
  children: React.ReactNode;
  caption?: string;
  /** On a phone, each row as a card of labelled lines (see DataTable and globals.css). */
  stack?: boolean;
}) {
  return (
    // On a narrow screen the table scrolls inside its own region, which the keyboard can reach too.
    <div
      className="relative max-w-full overflow-x-auto focus-visible:outline-2 focus-visible:outline-teal-600"
      tabIndex={0}
      role="region"
      aria-label={caption ?? "Table"}
    >
      <table className={cn("min-w-full divide-y divide-slate-200 text-sm", stack && "stack-table")}>
        {caption && <caption className="sr-only">{caption}</caption>}
        {children}
      </table>
    </div>
  );
}

export function Th({ children, className }: { children?: React.ReactNode; className?: string }) {
  return (
    <th scope="col" className={cn("px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500", className)}>
      {children}
    </th>
  );
}

export function Td({
  children,
  className,
  label,
  ...props
}: React.TdHTMLAttributes<HTMLTableCellElement> & {
  /** The column's name, shown above the value when the table is stacked on a phone. */
  label?: string;
}) {
  return (
    <td className={cn("px-3 py-2 align-top text-slate-800", className)} data-label={label} {...props}>
      {children}
    </td>
  );
}
