// Kiosks that have gone quiet: once per silence (the last heartbeat it stopped at), every admin of
// the kiosk's region is told, and the report is audited as the system. One server at a time checks
// (a transaction-scoped advisory lock).
import "server-only";
import { and, eq, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { rowsOf, type Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { districts } from "@/db/schema/geography";
import { kioskDevices } from "@/db/schema/kiosk";
import { notifications } from "@/db/schema/notifications";
import { appendAuditEvents } from "@/server/audit/log";
import { SYSTEM_ACTOR } from "@/server/scheduler/timer";
import { notify } from "./notify";

/** Reports kiosks silent for `offlineMinutes`; returns how many kiosks were reported. */
export async function reportOfflineKiosks(db: Database, offlineMinutes: number, now = new Date()): Promise<number> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    const [lock] = rowsOf<{ ok: boolean }>(
      await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext('tessera:kiosk-offline')) as ok`),
    );
    if (!lock?.ok) return 0;
    const cutoff = new Date(now.getTime() - offlineMinutes * 60_000);
    const quiet = await tx
      .select({
        id: kioskDevices.id,
        name: kioskDevices.name,
        lastSeenAt: kioskDevices.lastSeenAt,
        districtName: districts.name,
        regionId: districts.regionId,
      })
      .from(kioskDevices)
      .innerJoin(districts, eq(districts.id, kioskDevices.districtId))
      .where(and(eq(kioskDevices.active, true), isNotNull(kioskDevices.lastSeenAt), lt(kioskDevices.lastSeenAt, cutoff)));
    let reported = 0;
    const adminDistrict = alias(districts, "admin_district");
    for (const kiosk of quiet) {
      const lastSeenAt = kiosk.lastSeenAt!.toISOString();
      const [already] = await tx
        .select({ id: notifications.id })
        .from(notifications)
        .where(
          and(
            eq(notifications.kind, "KIOSK_OFFLINE"),
            eq(notifications.subjectId, kiosk.id),
            sql`${notifications.data}->>'lastSeenAt' = ${lastSeenAt}`,
          ),
        )
        .limit(1);
      if (already) continue;
      const admins = await tx
        .select({ id: users.id })
        .from(users)
        .innerJoin(adminDistrict, eq(adminDistrict.id, users.districtId))
        .where(and(inArray(users.role, ["ADMIN"]), eq(users.status, "ACTIVE"), eq(adminDistrict.regionId, kiosk.regionId)));
      for (const admin of admins) {
        await notify(tx, {
          userId: admin.id,
          kind: "KIOSK_OFFLINE",
          subjectType: "kiosk",
          subjectId: kiosk.id,
          link: "/admin/kiosks",
          data: { kioskName: kiosk.name, districtName: kiosk.districtName, lastSeenAt },
        });
      }
      // On the record (and so sequenced: the admins' bells hear of it live, server/live).
      await appendAuditEvents(tx, SYSTEM_ACTOR, [
        {
          action: "KIOSK_REPORTED_OFFLINE",
          targetType: "kiosk",
          targetId: kiosk.id,
          changes: { lastSeenAt, adminsTold: admins.length },
        },
      ]);
      reported++;
    }
    return reported;
  });
}
