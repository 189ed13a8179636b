// kiosk: what a registered kiosk device reads (its district's public information, a heartbeat),
// and how admins of the district's region register, rotate and revoke kiosks.
import { z } from "zod";
import { listKiosks, registerKiosk, revokeKiosk, rotateKioskKey } from "@/server/kiosk/devices";
import { kioskHeartbeatView, kioskHome, kioskHomeView, recordHeartbeat } from "@/server/kiosk/public-views";
import { ADMINS } from "@/server/policy/roles";
import { auditedHasRole, hasRole, kioskProcedure, router } from "@/server/trpc";
import { strictInput, text } from "@/server/validation";

const kioskAdminView = z.object({
  id: z.string().uuid(),
  name: z.string(),
  districtId: z.string().uuid(),
  districtName: z.string(),
  regionName: z.string(),
  keyPrefix: z.string(),
  active: z.boolean(),
  online: z.boolean(),
  lastSeenAt: z.date().nullable(),
  createdAt: z.date(),
  createdByName: z.string().nullable(),
  rotatedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

/** The key is in this answer only, once; nothing can read it again. */
const keyShownOnce = z.object({ device: kioskAdminView, key: z.string() });

const kioskId = z.string().uuid();

export const kioskRouter = router({
  // ---------------------------------------------------------------- the device
  /** The kiosk's home: its district's approved listings (public fields) and the emergency state. */
  home: kioskProcedure.output(kioskHomeView).query(async ({ ctx }) => kioskHome(ctx, ctx.kiosk)),

  /** "Still here", once a minute: updates lastSeenAt and nothing else (see recordHeartbeat on why it is not audited). */
  heartbeat: kioskProcedure
    .meta({ auditExempt: "A liveness ping: touches only kiosk_devices.last_seen_at, once a minute." })
    .output(kioskHeartbeatView)
    .mutation(({ ctx }) => recordHeartbeat(ctx.db, ctx.kiosk)),

  // ---------------------------------------------------------------- admins
  devices: hasRole(ADMINS)
    .output(z.array(kioskAdminView))
    .query(({ ctx }) => listKiosks(ctx)),

  register: auditedHasRole(ADMINS)
    .input(
      strictInput({
        districtId: z.string().uuid("Choose a district."),
        name: text(80, 3, "Name it in at least 3 characters (where it stands)."),
      }),
    )
    .output(keyShownOnce)
    .mutation(({ ctx, input }) => registerKiosk(ctx, input)),

  rotateKey: auditedHasRole(ADMINS)
    .input(strictInput({ kioskId }))
    .output(keyShownOnce)
    .mutation(({ ctx, input }) => rotateKioskKey(ctx, input.kioskId)),

  revoke: auditedHasRole(ADMINS)
    .input(strictInput({ kioskId }))
    .output(kioskAdminView)
    .mutation(({ ctx, input }) => revokeKiosk(ctx, input.kioskId)),
});
