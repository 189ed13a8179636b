// Check-in codes: the traveler of an accepted order shows a QR holding a signed, single-use,
// short-lived token; the host scans it (or types its short form) to start the work. The token
// names one stored code row, whose single use is one conditional UPDATE.
import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { checkinCodes, type Order } from "@/db/schema/orders";
import type { Deps } from "@/server/context";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { actorIn, moveOrder, orderForParticipant } from "./move-order";

export const CHECKIN_TTL_MS = 10 * 60 * 1000;
const PREFIX = "TC1";
/** Readable: no 0/O, 1/I/L. */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

function key(): Buffer {
  if (env.CHECKIN_HMAC_KEY) return Buffer.from(env.CHECKIN_HMAC_KEY);
  return createHmac("sha256", env.AUTH_SECRET).update("tessera/checkin-code-key/v1").digest();
}

function sign(text: string): string {
  return createHmac("sha256", key()).update(text).digest("base64url");
}

function shortFormOf(codeId: string): string {
  const bytes = createHmac("sha256", key()).update(`short:${codeId}`).digest();
  let out = "";
  for (let i = 0; i < 8; i++) out += ALPHABET[bytes[i]! % ALPHABET.length];
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}

function normalizeShort(code: string): string | null {
  const s = code.toUpperCase().replace(/[\s-]/g, "");
  return /^[A-Z2-9]{8}$/.test(s) ? s : null;
}

function hashShort(normalized: string): string {
  return createHash("sha256").update(normalized).digest("hex");
}

/** The traveler asks for a code to show; earlier unused codes of the order stop working. */
export async function issueCheckinCode(deps: Deps, orderId: string) {
  const order = await orderForParticipant(deps, orderId);
  if (actorIn(order, deps.user.id) !== "TRAVELER") {
    throw new AppError("INVALID_STATE", "The traveler shows the check-in code; the host scans it.", { reason: "TRAVELER_ONLY" });
  }
  if (order.status !== "ACCEPTED") {
    throw new AppError("INVALID_STATE", "A check-in code is ready once the host accepts the order, until the work starts.", {
      reason: "NOT_ACCEPTED",
    });
  }
  const now = new Date();
  await deps.db
    .update(checkinCodes)
    .set({ expiresAt: now })
    .where(and(eq(checkinCodes.orderId, order.id), isNull(checkinCodes.usedAt), gt(checkinCodes.expiresAt, now)));
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + CHECKIN_TTL_MS);
  const shortCode = shortFormOf(id);
  await deps.db
    .insert(checkinCodes)
    .values({ id, orderId: order.id, shortCodeHash: hashShort(normalizeShort(shortCode)!), expiresAt });
  const exp = Math.floor(expiresAt.getTime() / 1000);
  const body = `${PREFIX}.${id}.${order.id}.${exp}`;
  deps.audit({
    action: "CHECKIN_CODE_ISSUED",
    targetType: "order",
    targetId: order.id,
    changes: { codeId: id, expiresAt: expiresAt.toISOString() },
  });
  return { token: `${body}.${sign(body)}`, shortCode, expiresAt };
}

const refuse = (message: string, reason: string) => new AppError("CHECKIN_INVALID", message, { reason });

/** Verifies a scanned token or a typed short form for this order and uses it up; the work starts. */
export async function checkIn(deps: Deps, orderId: string, code: string): Promise<Order> {
  const order = await orderForParticipant(deps, orderId);
  if (actorIn(order, deps.user.id) !== "HOST") {
    throw new AppError("INVALID_STATE", "Only the host checks the traveler in.", { reason: "HOST_ONLY" });
  }
  const trimmed = code.trim();
  let used: { id: string }[];
  if (trimmed.startsWith(`${PREFIX}.`)) {
    const parts = trimmed.split(".");
    if (parts.length !== 5) throw refuse("That is not a Tessera check-in code.", "MALFORMED");
    const [, codeId, tokenOrder, exp, mac] = parts as [string, string, string, string, string];
    const expected = Buffer.from(sign(parts.slice(0, 4).join(".")));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw refuse("This check-in code is not genuine.", "BAD_SIGNATURE");
    }
    if (tokenOrder !== order.id) throw refuse("This check-in code belongs to another order.", "OTHER_ORDER");
    if (Number(exp) * 1000 <= Date.now())
      throw refuse("This check-in code has expired. Ask the traveler to show a fresh one.", "EXPIRED");
    used = await deps.db
      .update(checkinCodes)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(checkinCodes.id, codeId),
          eq(checkinCodes.orderId, order.id),
          isNull(checkinCodes.usedAt),
          sql`${checkinCodes.expiresAt} > now()`,
        ),
      )
      .returning({ id: checkinCodes.id });
    if (used.length === 0) {
      const [row] = await deps.db.select().from(checkinCodes).where(eq(checkinCodes.id, codeId)).limit(1);
      if (row?.usedAt) throw refuse("This check-in code has already been used.", "REPLAYED");
      throw refuse("This check-in code has expired. Ask the traveler to show a fresh one.", "EXPIRED");
    }
  } else {
    const normalized = normalizeShort(trimmed);
    if (!normalized) throw refuse("Type the eight letters and digits under the traveler's QR code, or scan it.", "MALFORMED");
    const hash = hashShort(normalized);
    used = await deps.db
      .update(checkinCodes)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(checkinCodes.orderId, order.id),
          eq(checkinCodes.shortCodeHash, hash),
          isNull(checkinCodes.usedAt),
          sql`${checkinCodes.expiresAt} > now()`,
        ),
      )
      .returning({ id: checkinCodes.id });
    if (used.length === 0) {
      const [row] = await deps.db
        .select()
        .from(checkinCodes)
        .where(and(eq(checkinCodes.orderId, order.id), eq(checkinCodes.shortCodeHash, hash)))
        .limit(1);
      if (row?.usedAt) throw refuse("This check-in code has already been used.", "REPLAYED");
      throw refuse("That code is not right for this order, or it has expired.", "UNKNOWN_CODE");
    }
  }
  return moveOrder(deps, order, "start", "HOST");
}
