// Tells the other side of an order what just happened to it (in the caller's transaction).
import type { Database } from "@/db/client";
import type { Order } from "@/db/schema/orders";
import { notify, type NotificationKind } from "@/server/notifications/notify";
import { orderLinkFor } from "@/server/notifications/links";

export async function notifyOtherSide(
  db: Database,
  order: Pick<Order, "id" | "travelerId" | "hostId" | "listingTitle">,
  actor: { id: string; displayName: string },
  kind: NotificationKind,
  data: Record<string, string | number | boolean | null> = {},
): Promise<void> {
  const to = actor.id !== order.hostId ? order.hostId : order.travelerId;
  await notify(db, {
    userId: to,
    kind,
    subjectType: "order",
    subjectId: order.id,
    link: await orderLinkFor(db, to, order),
    data: { listingTitle: order.listingTitle, actorName: actor.displayName, ...data },
  });
}
