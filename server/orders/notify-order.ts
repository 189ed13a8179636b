// Tells the other side of an order what just happened to it (in the caller's transaction).
import type { Database } from "@/db/client";
import type { Order } from "@/db/schema/orders";
import { notify, type NotificationKind } from "@/server/notifications/notify";
import { orderLink } from "@/server/notifications/links";

export async function notifyOtherSide(
  db: Database,
  order: Pick<Order, "id" | "travelerId" | "hostId" | "listingTitle">,
  actor: { id: string; displayName: string },
  kind: NotificationKind,
  data: Record<string, string | number | boolean | null> = {},
): Promise<void> {
  const toHost = actor.id !== order.hostId;
  await notify(db, {
    userId: toHost ? order.hostId : order.travelerId,
    kind,
    subjectType: "order",
    subjectId: order.id,
    link: orderLink(toHost, order.id),
    data: { listingTitle: order.listingTitle, actorName: actor.displayName, ...data },
  });
}
