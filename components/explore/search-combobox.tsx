"use client";
// Explore's search box with suggestions as one types (the ARIA 1.2 combobox pattern): after two
// characters, a debounced request for districts, categories and titles; a newer keystroke aborts
// the request before it. The input stays a plain `name="q"` field of the form, so a search typed
// before hydration, or without choosing a suggestion, is an ordinary submit.
import { forwardRef, useEffect, useId, useImperativeHandle, useRef, useState } from "react";
import { api } from "@/components/trpc/react";
import { cn, Input } from "@/components/ui";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/root";

export type Suggestion = inferRouterOutputs<AppRouter>["listings"]["suggest"]["suggestions"][number];

const KIND_LABELS: Record<Suggestion["kind"], string> = { district: "District", category: "Category", listing: "Listing" };
const DEBOUNCE_MS = 180;

type InputProps = { id: string; "aria-invalid"?: boolean; "aria-describedby"?: string };

export const SearchCombobox = forwardRef<
  HTMLInputElement,
  InputProps & { defaultValue: string; onChoose: (s: Suggestion) => void; placeholder?: string }
>(function SearchCombobox({ defaultValue, onChoose, placeholder, ...field }, ref) {
  const utils = api.useUtils();
  const listId = useId();
  // Uncontrolled (as before): words typed before hydration are kept.
  const input = useRef<HTMLInputElement>(null);
  useImperativeHandle(ref, () => input.current!, []);
  const [items, setItems] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState("");
  const pending = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      pending.current?.abort();
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  function request(q: string) {
    if (timer.current) clearTimeout(timer.current);
    pending.current?.abort();
    pending.current = null;
    const words = q.trim();
    if (words.length < 2 || words.length > 64) {
      setItems([]);
      setOpen(false);
      setActive(-1);
      return;
    }
    timer.current = setTimeout(() => {
      const controller = new AbortController();
      pending.current = controller;
      utils.client.listings.suggest
        .query({ q: words }, { signal: controller.signal })
        .then((res) => {
          if (controller.signal.aborted) return;
          setItems(res.suggestions);
          setActive(-1);
          setOpen(res.suggestions.length > 0);
          setStatus(
            res.suggestions.length === 0
              ? ""
              : `${res.suggestions.length} suggestion${res.suggestions.length === 1 ? "" : "s"}; arrow keys to choose.`,
          );
        })
        // An aborted or failed suggestion is no news: the search itself still works.
        .catch(() => {
          if (!controller.signal.aborted) setOpen(false);
        });
    }, DEBOUNCE_MS);
  }

  function choose(s: Suggestion) {
    setOpen(false);
    setActive(-1);
    pending.current?.abort();
    onChoose(s);
  }

  const optionId = (i: number) => `${listId}-option-${i}`;
  const expanded = open && items.length > 0;

  return (
    <div className="relative">
      <Input
        {...field}
        ref={input}
        type="search"
        name="q"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        autoComplete="off"
        defaultValue={defaultValue}
        maxLength={200}
        placeholder={placeholder}
        onChange={(e) => request(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            if (!expanded) {
              if (items.length > 0) setOpen(true);
              return;
            }
            e.preventDefault();
            const step = e.key === "ArrowDown" ? 1 : -1;
            // -1 is the text itself: the list wraps through it, as in a native autocomplete.
            setActive((i) => {
              const next = i + step;
              return next >= items.length ? -1 : next < -1 ? items.length - 1 : next;
            });
          } else if (e.key === "Enter" && expanded && active >= 0 && items[active]) {
            e.preventDefault();
            choose(items[active]);
          } else if (e.key === "Escape") {
            if (expanded) {
              e.preventDefault();
              setOpen(false);
              setActive(-1);
            } else if (e.currentTarget.value) {
              e.preventDefault();
              e.currentTarget.value = "";
              request("");
            }
          } else if (e.key === "Tab") {
            setOpen(false);
          }
        }}
        onBlur={() => setOpen(false)}
        onFocus={(e) => items.length > 0 && e.currentTarget.value.trim().length >= 2 && setOpen(true)}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label="Suggestions"
        hidden={!expanded}
        className="absolute inset-x-0 top-full z-20 mt-1 max-h-80 overflow-auto rounded-md bg-white py-1 shadow-lg ring-1 ring-slate-200"
      >
        {items.map((s, i) => (
          <li
            key={`${s.kind}-${s.id}`}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            // mousedown, not click: the input keeps its focus (no blur closing the list first).
            onMouseDown={(e) => {
              e.preventDefault();
              choose(s);
            }}
            onMouseMove={() => setActive(i)}
            className={cn(
              "flex cursor-pointer items-baseline justify-between gap-3 px-3 py-2 text-sm",
              i === active ? "bg-teal-50 text-teal-900" : "text-slate-800",
            )}
          >
            <span className="min-w-0 truncate">{s.label}</span>
            <span className="shrink-0 text-xs text-slate-500">{KIND_LABELS[s.kind]}</span>
          </li>
        ))}
      </ul>
      <p aria-live="polite" className="sr-only">
        {expanded ? status : ""}
      </p>
    </div>
  );
});
