// What the order page's sections share: the order as the server sends it, and a refresh after an action.
import { api } from "@/components/trpc/react";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/root";

export type Detail = inferRouterOutputs<AppRouter>["orders"]["get"];

export function useRefresh(orderId: string) {
  const utils = api.useUtils();
  return () =>
    Promise.all([utils.orders.get.invalidate({ orderId }), utils.orders.mine.invalidate(), utils.orders.hosted.invalidate()]);
}
