"use client";
// The button. A submit button stays disabled until the page has hydrated: submitted natively before
// that, a form would go out as a GET with its fields in the URL, or lose what was typed.
import { forwardRef } from "react";
import { useHydrated } from "@/components/use-hydrated";
import { cn } from "./cn";
import { Spinner } from "./spinner";

type ButtonVariant = "primary" | "secondary" | "danger" | "ghost";
const VARIANTS: Record<ButtonVariant, string> = {
  primary: "bg-teal-700 text-white hover:bg-teal-800 disabled:bg-teal-700/50",
  secondary: "bg-white text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 disabled:text-slate-400",
  danger: "bg-rose-700 text-white hover:bg-rose-800 disabled:bg-rose-700/50",
  ghost: "text-slate-700 hover:bg-slate-100",
};

export const Button = forwardRef<
  HTMLButtonElement,
  React.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; busy?: boolean }
>(function Button({ variant = "primary", busy, className, children, disabled, ...props }, ref) {
  const hydrated = useHydrated();
  const waiting = props.type === "submit" && !hydrated;
  return (
    <button
      ref={ref}
      className={cn(
        "inline-flex items-center justify-center gap-2 rounded-md px-3.5 py-2 text-sm font-medium shadow-sm transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-600 disabled:cursor-not-allowed",
        VARIANTS[variant],
        className,
      )}
      disabled={disabled || busy || waiting}
      aria-busy={busy || undefined}
      {...props}
    >
      {busy && <Spinner className="h-4 w-4" />}
      {children}
    </button>
  );
});
