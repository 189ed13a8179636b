"use client";
// The tRPC React client and its providers (react-query underneath, superjson on the wire).
import { useState } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import {
  createTRPCReact,
  httpBatchLink,
  httpLink,
  httpSubscriptionLink,
  isNonJsonSerializable,
  loggerLink,
  splitLink,
  type TRPCClientError,
} from "@trpc/react-query";
import superjson from "superjson";
import type { AppRouter } from "@/server/root";

export const api = createTRPCReact<AppRouter>();

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (count, error) => {
          const status = (error as TRPCClientError<AppRouter>)?.data?.httpStatus ?? 500;
          return status >= 500 && count < 2;
        },
      },
    },
  });
}

export function TRPCProvider({ children }: { children: React.ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [client] = useState(() =>
    api.createClient({
      links: [
        loggerLink({
          enabled: (op) => process.env.NODE_ENV === "development" && op.direction === "down" && op.result instanceof Error,
        }),
        splitLink({
          // Subscriptions (live messages) over server-sent events; the browser's EventSource
          // reconnects by itself and tRPC sends the last event id, so nothing is lost.
          condition: (op) => op.type === "subscription",
          true: httpSubscriptionLink({ url: "/api/trpc", transformer: superjson }),
          // FormData (file uploads) cannot be batched as JSON: it goes alone through httpLink.
          false: splitLink({
            condition: (op) => isNonJsonSerializable(op.input),
            true: httpLink({ url: "/api/trpc", transformer: superjson }),
            // The server refuses batches over MAX_BATCH_SIZE (server/http/limits.ts): keep these equal.
            false: httpBatchLink({ url: "/api/trpc", transformer: superjson, maxItems: 10 }),
          }),
        }),
      ],
    }),
  );
  return (
    <api.Provider client={client} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </api.Provider>
  );
}

export type ApiError = TRPCClientError<AppRouter>;

/** Field messages from a failed call, for showing beside each input. */
export function fieldErrors(error: unknown): Record<string, string[]> {
  const data = (error as ApiError | null)?.data as { fieldErrors?: Record<string, string[]> | null } | undefined;
  return data?.fieldErrors ?? {};
}

export function errorMessage(error: unknown): string | null {
  if (!error) return null;
  return (error as Error).message || "Something went wrong. Please try again.";
}

/** The message to show above a form: the call's error when no field carries it, else nothing. */
export function formError(error: unknown): string | null {
  return error && Object.keys(fieldErrors(error)).length === 0 ? errorMessage(error) : null;
}
