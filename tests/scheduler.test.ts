// The scheduler's timed transitions, run with a controlled clock (`now` passed in): exact at the
// boundary, idempotent, audited as the system, and racing a person's move leaves one outcome.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { consentGrants, enrollmentCases, messages, orderEvents, orders, organizations, verificationRequests } from "@/db/schema";
import { runTimers } from "@/server/scheduler";
import { closeIdleInquiries, expireRequests } from "@/server/orders/timers";
import { closeReviewWindows } from "@/server/reviews/timers";
import { reviewCreate } from "@/server/policy/rules";
import { closeLapsedChangeRequests, LAPSED_NOTE } from "@/server/identity/timers";
import { expireVerificationRequests, warnLapsingConsents } from "@/server/verification/timers";
import { approvedListing, auditRows, outcome, PAROS, seededWorld, type DemoUser, type TestWorld } from "./helpers";

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;

let world: TestWorld;
let host: DemoUser;
let listingId: string;

beforeAll(async () => {
  world = await seededWorld();
  host = world.demo.HOST;
  listingId = await approvedListing(world, host);
});
afterAll(async () => {
  await world?.close();
});

/** A new traveler's order on the listing, in `kind`, whose last activity was at `since`. */
async function orderWaitingSince(kind: "REQUESTED" | "INQUIRY", since: Date) {
  const traveler = await world.addUser({ role: "TRAVELER", district: PAROS, kycStatus: "VERIFIED" });
  const t = await world.as(traveler);
  const orderId =
    kind === "REQUESTED"
      ? (await t.orders.request({ listingId })).orderId
      : (await t.orders.ask({ listingId, body: "Is it open in winter?" })).orderId;
  await backdate(orderId, since);
  return { orderId, traveler: t };
}

/** Everything that happened on the order so far happened at `since`. */
async function backdate(orderId: string, since: Date) {
  await world.db.update(orders).set({ updatedAt: since }).where(eq(orders.id, orderId));
  await world.db.update(orderEvents).set({ createdAt: since }).where(eq(orderEvents.orderId, orderId));
  await world.db.update(messages).set({ createdAt: since }).where(eq(messages.orderId, orderId));
}

describe("a request nobody answers expires after 48 hours", () => {
  it("not at 47h59m, at exactly 48h, once, audited as the system, and the traveler sees EXPIRED", async () => {
    const since = new Date(Date.now() - 1000);
    const { orderId, traveler } = await orderWaitingSince("REQUESTED", since);

    await runTimers(world.db, new Date(since.getTime() + 47 * HOUR + 59 * MINUTE));
    expect((await traveler.orders.get({ orderId })).status).toBe("REQUESTED");

    const first = await runTimers(world.db, new Date(since.getTime() + 48 * HOUR));
    expect(first[expireRequests.name]).toBeGreaterThanOrEqual(1);
    const seen = await traveler.orders.get({ orderId });
    expect(seen.status).toBe("EXPIRED");
    expect(seen.timeline.at(-1)).toMatchObject({ event: "ORDER_EXPIRED" });

    // Running again (a restart, a second server) moves nothing.
    const again = await runTimers(world.db, new Date(since.getTime() + 49 * HOUR));
    expect(again[expireRequests.name]).toBe(0);
    const audit = await auditRows(world.db, { action: "ORDER_EXPIRED", targetId: orderId });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorType: "SYSTEM",
      actorId: null,
      changes: { status: { before: "REQUESTED", after: "EXPIRED" } },
    });

    // Silence is not a decline: the host can no longer accept, and is told why.
    const h = await world.as(host);
    const late = await outcome(h.orders.accept({ orderId }));
    expect(late).toMatchObject({ ok: false, appCode: "INVALID_STATE", reason: "ILLEGAL_TRANSITION" });
    expect(late.ok ? "" : late.message).toContain("expired unanswered");
  });

  it("the traveler's own nudges do not keep it alive; a message from the host does", async () => {
    const since = new Date(Date.now() - 1000);
    const { orderId, traveler } = await orderWaitingSince("REQUESTED", since);
    // A day later the traveler asks again (really now; then dated one day in).
    await traveler.messages.send({ orderId, body: "Are you there? We would love to come." });
    await world.db
      .update(messages)
      .set({ createdAt: new Date(since.getTime() + DAY) })
      .where(eq(messages.orderId, orderId));
    await world.db
      .update(orders)
      .set({ updatedAt: new Date(since.getTime() + DAY) })
      .where(eq(orders.id, orderId));
    await runTimers(world.db, new Date(since.getTime() + 48 * HOUR), [expireRequests]);
    expect((await traveler.orders.get({ orderId })).status).toBe("EXPIRED");

    // Another request: its host answers a day in, so it expires 48 hours after that answer.
    const second = await orderWaitingSince("REQUESTED", since);
    await (await world.as(host)).messages.send({ orderId: second.orderId, body: "Let me check the weather first." });
    await world.db
      .update(messages)
      .set({ createdAt: new Date(since.getTime() + DAY) })
      .where(eq(messages.orderId, second.orderId));
    await runTimers(world.db, new Date(since.getTime() + 48 * HOUR), [expireRequests]);
    expect((await second.traveler.orders.get({ orderId: second.orderId })).status).toBe("REQUESTED");
    await runTimers(world.db, new Date(since.getTime() + DAY + 48 * HOUR), [expireRequests]);
    expect((await second.traveler.orders.get({ orderId: second.orderId })).status).toBe("EXPIRED");
  });

  it("a host accepting as it expires: exactly one outcome", async () => {
    for (let i = 0; i < 4; i++) {
      const since = new Date(Date.now() - 1000);
      const { orderId } = await orderWaitingSince("REQUESTED", since);
      const h = await world.as(host);
      const [accepted, tick] = await Promise.all([
        outcome(h.orders.accept({ orderId })),
        runTimers(world.db, new Date(since.getTime() + 48 * HOUR), [expireRequests]),
      ]);
      const [row] = await world.db.select().from(orders).where(eq(orders.id, orderId));
      const expired = await auditRows(world.db, { action: "ORDER_EXPIRED", targetId: orderId });
      const acceptedAudit = await auditRows(world.db, { action: "ORDER_ACCEPTED", targetId: orderId });
      if (accepted.ok) {
        expect(row!.status).toBe("ACCEPTED");
        expect(expired).toHaveLength(0);
        expect(acceptedAudit).toHaveLength(1);
      } else {
        expect(accepted).toMatchObject({ appCode: "INVALID_STATE" });
        expect(row!.status).toBe("EXPIRED");
        expect(expired).toHaveLength(1);
        expect(acceptedAudit).toHaveLength(0);
      }
      expect(tick[expireRequests.name]).toBeGreaterThanOrEqual(0);
      // Leave nothing due for the next round's run.
      if (accepted.ok) await h.orders.cancel({ orderId }).catch(() => undefined);
    }
  });
});

describe("two servers ticking at once", () => {
  it("split the work: each due request expires once", async () => {
    const since = new Date(Date.now() - 1000);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await orderWaitingSince("REQUESTED", since)).orderId);
    const at = new Date(since.getTime() + 48 * HOUR);
    const [a, b] = await Promise.all([runTimers(world.db, at, [expireRequests]), runTimers(world.db, at, [expireRequests])]);
    expect(a[expireRequests.name]! + b[expireRequests.name]!).toBeGreaterThanOrEqual(ids.length);
    for (const id of ids) {
      expect(await auditRows(world.db, { action: "ORDER_EXPIRED", targetId: id })).toHaveLength(1);
      const [row] = await world.db.select({ status: orders.status }).from(orders).where(eq(orders.id, id));
      expect(row!.status).toBe("EXPIRED");
    }
  });
});

describe("a question idle for 14 days closes", () => {
  it("not at 13d23h59m, at 14d, as CANCELLED by the system; a message restarts the clock", async () => {
    const since = new Date(Date.now() - 1000);
    const { orderId, traveler } = await orderWaitingSince("INQUIRY", since);

    await runTimers(world.db, new Date(since.getTime() + 14 * DAY - MINUTE));
    expect((await traveler.orders.get({ orderId })).status).toBe("INQUIRY");

    // The host answers: the question is no longer idle from `since`.
    const h = await world.as(host);
    await h.messages.send({ orderId, body: "Yes, all year." });
    await runTimers(world.db, new Date(since.getTime() + 14 * DAY));
    expect((await traveler.orders.get({ orderId })).status).toBe("INQUIRY");

    await world.db.update(orders).set({ updatedAt: since }).where(eq(orders.id, orderId));
    const moved = await runTimers(world.db, new Date(since.getTime() + 14 * DAY));
    expect(moved[closeIdleInquiries.name]).toBeGreaterThanOrEqual(1);
    expect((await traveler.orders.get({ orderId })).status).toBe("CANCELLED");
    const audit = await auditRows(world.db, { action: "ORDER_INQUIRY_CLOSED", targetId: orderId });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "SYSTEM", changes: { status: { before: "INQUIRY", after: "CANCELLED" } } });
    expect((await runTimers(world.db, new Date(since.getTime() + 15 * DAY)))[closeIdleInquiries.name]).toBe(0);

    // Both sides are told, once: the conversation left their open orders, and may start again.
    for (const who of [traveler, h]) {
      const bell = (await who.notifications.list({ limit: 50 })).items.filter(
        (n) => n.kind === "ORDER_CANCELLED" && n.link.endsWith(orderId),
      );
      expect(bell).toHaveLength(1);
      expect(bell[0]!.title).toMatch(/^Conversation about “.+” closed$/);
      expect(bell[0]!.body).toContain("for 14 days");
    }
  });
});

describe("reviews can be written for 14 days after completion", () => {
  const completedAt = new Date("2026-05-01T10:00:00Z");
  const order = { status: "COMPLETED", travelerId: "t" };
  const windowMs = 14 * DAY;

  it("the rule: open at 13d23h59m, closed at exactly 14d", () => {
    const at = (ms: number) =>
      reviewCreate({ id: "t" }, order, { hasReview: false, completedAt, now: new Date(completedAt.getTime() + ms), windowMs });
    expect(at(14 * DAY - MINUTE)).toMatchObject({ allow: true });
    expect(at(14 * DAY)).toMatchObject({ allow: false, reason: "REVIEW_WINDOW_CLOSED" });
    // No completion on the timeline: refused, not guessed.
    expect(reviewCreate({ id: "t" }, order, { hasReview: false, completedAt: null, now: completedAt, windowMs })).toMatchObject({
      allow: false,
    });
  });

  it("through the procedure: a traveler whose order completed 14 days ago is refused and offered no review", async () => {
    const { orderId, traveler } = await orderWaitingSince("REQUESTED", new Date());
    // Fixture: the order completed (the check-in journey is covered in orders.test.ts) 14 days and a second ago.
    await world.db.update(orders).set({ status: "COMPLETED" }).where(eq(orders.id, orderId));
    const [done] = await world.db
      .insert(orderEvents)
      .values({
        orderId,
        actorId: host.id,
        event: "ORDER_COMPLETED",
        fromStatus: "IN_PROGRESS",
        toStatus: "COMPLETED",
        createdAt: new Date(Date.now() - 14 * DAY - 1000),
      })
      .returning();
    expect((await traveler.orders.get({ orderId })).canReview).toBe(false);
    const late = await outcome(traveler.reviews.create({ orderId, rating: 5, body: "Lovely walk." }));
    expect(late).toMatchObject({ ok: false, reason: "REVIEW_WINDOW_CLOSED" });

    // Completed a minute inside the window: offered and accepted.
    await world.db
      .update(orderEvents)
      .set({ createdAt: new Date(Date.now() - 14 * DAY + MINUTE) })
      .where(eq(orderEvents.id, done!.id));
    expect((await traveler.orders.get({ orderId })).canReview).toBe(true);
    expect(await outcome(traveler.reviews.create({ orderId, rating: 5, body: "Lovely walk." }))).toMatchObject({ ok: true });
  });

  it("the scheduler records each window's closing: not at 13d23h59m, at 14d, once, as the system", async () => {
    const { orderId } = await orderWaitingSince("REQUESTED", new Date());
    const done = new Date(Date.now() - 1000);
    await world.db.update(orders).set({ status: "COMPLETED" }).where(eq(orders.id, orderId));
    await world.db.insert(orderEvents).values({
      orderId,
      actorId: host.id,
      event: "ORDER_COMPLETED",
      fromStatus: "IN_PROGRESS",
      toStatus: "COMPLETED",
      createdAt: done,
    });
    const closedAt = async () =>
      (await world.db.select({ at: orders.reviewWindowClosedAt }).from(orders).where(eq(orders.id, orderId)))[0]!.at;

    await runTimers(world.db, new Date(done.getTime() + 14 * DAY - MINUTE), [closeReviewWindows]);
    expect(await closedAt()).toBeNull();
    const at = new Date(done.getTime() + 14 * DAY);
    expect((await runTimers(world.db, at, [closeReviewWindows]))[closeReviewWindows.name]).toBeGreaterThanOrEqual(1);
    expect(await closedAt()).toEqual(at);
    expect((await runTimers(world.db, new Date(at.getTime() + DAY), [closeReviewWindows]))[closeReviewWindows.name]).toBe(0);
    const audit = await auditRows(world.db, { action: "REVIEW_WINDOW_CLOSED", targetId: orderId });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "SYSTEM", actorId: null, changes: { reviewed: false } });
  });
});

describe("an enrollment sent back for changes and not answered in 30 days closes", () => {
  it("not at 29d23h59m, at 30d as REJECTED with a note, once, as the system; the person may start again", async () => {
    const person = await world.addUser({ role: "TRAVELER", district: PAROS, kycStatus: "PENDING" });
    const requestedAt = new Date(Date.now() - 1000);
    // Fixture: a case a moderator sent back (the moderation journey is covered in identity.test.ts).
    const [row] = await world.db
      .insert(enrollmentCases)
      .values({
        userId: person.id,
        status: "CHANGES_REQUESTED",
        decisionNote: "The photo is blurred.",
        decidedAt: requestedAt,
        decidedBy: world.demo.MODERATOR.id,
      })
      .returning();
    const me = await world.as(person);

    await runTimers(world.db, new Date(requestedAt.getTime() + 30 * DAY - MINUTE));
    expect((await me.identity.mine()).current).toMatchObject({ status: "CHANGES_REQUESTED", editable: true });

    const moved = await runTimers(world.db, new Date(requestedAt.getTime() + 30 * DAY));
    expect(moved[closeLapsedChangeRequests.name]).toBe(1);
    const mine = await me.identity.mine();
    expect(mine.kycStatus).toBe("REJECTED");
    expect(mine.canStart).toBe(true);
    expect(mine.history.find((h) => h.id === row!.id)).toMatchObject({ status: "REJECTED", decisionNote: LAPSED_NOTE });

    expect((await runTimers(world.db, new Date(requestedAt.getTime() + 31 * DAY)))[closeLapsedChangeRequests.name]).toBe(0);
    const audit = await auditRows(world.db, { action: "ENROLLMENT_LAPSED", targetId: row!.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorType: "SYSTEM",
      actorId: null,
      changes: { status: { before: "CHANGES_REQUESTED", after: "REJECTED" } },
    });
    expect((await auditRows(world.db, { action: "KYC_STATUS_CHANGED", targetId: person.id })).at(-1)).toMatchObject({
      actorType: "SYSTEM",
    });
  });
});

describe("a consent warns its traveler 3 days before it lapses, once", () => {
  it("not at 3d+1min before, at exactly 3d before, once; a renewal arms the next warning", async () => {
    const person = await world.addUser({ role: "TRAVELER", district: PAROS, kycStatus: "VERIFIED" });
    const [org] = await world.db.select({ id: organizations.id }).from(organizations).limit(1);
    const expiresAt = new Date(Date.now() + 10 * DAY);
    const [consent] = await world.db
      .insert(consentGrants)
      .values({ userId: person.id, organizationId: org!.id, scopes: ["identity.verified"], expiresAt })
      .returning();
    const warnings = () => auditRows(world.db, { action: "CONSENT_EXPIRY_WARNED", targetId: consent!.id });

    await runTimers(world.db, new Date(expiresAt.getTime() - 3 * DAY - MINUTE));
    expect(await warnings()).toHaveLength(0);
    const at = new Date(expiresAt.getTime() - 3 * DAY);
    expect((await runTimers(world.db, at))[warnLapsingConsents.name]).toBeGreaterThanOrEqual(1);
    expect((await runTimers(world.db, at))[warnLapsingConsents.name]).toBe(0);
    await runTimers(world.db, new Date(expiresAt.getTime() - DAY));
    expect(await warnings()).toHaveLength(1);
    expect((await warnings())[0]).toMatchObject({ actorType: "SYSTEM", changes: { expiresAt: expiresAt.toISOString() } });

    const renewed = new Date(expiresAt.getTime() + 30 * DAY);
    await world.db.update(consentGrants).set({ expiresAt: renewed }).where(eq(consentGrants.id, consent!.id));
    await runTimers(world.db, new Date(renewed.getTime() - 2 * DAY));
    expect(await warnings()).toHaveLength(2);
    // A lapsed or revoked consent is never warned about.
    await runTimers(world.db, new Date(renewed.getTime() + DAY));
    expect(await warnings()).toHaveLength(2);
  });
});

describe("a verification request nobody answered expires at its expiry", () => {
  it("not a millisecond before, at exactly its expiry, once, as the system; an answered one stays as it is", async () => {
    const [org] = await world.db.select({ id: organizations.id }).from(organizations).limit(1);
    const staff = world.demo.ORG_USER;
    const expiresAt = new Date(Date.now() + 15 * MINUTE);
    const request = (status: "PENDING" | "APPROVED") => ({
      organizationId: org!.id,
      requestedBy: staff.id,
      scopes: ["identity.verified" as const],
      nonce: crypto.randomUUID(),
      code: crypto.randomUUID().slice(0, 12),
      status,
      expiresAt,
    });
    const [pending, answered] = await world.db
      .insert(verificationRequests)
      .values([request("PENDING"), request("APPROVED")])
      .returning({ id: verificationRequests.id });
    const statusOf = async (id: string) =>
      (
        await world.db
          .select({ status: verificationRequests.status })
          .from(verificationRequests)
          .where(eq(verificationRequests.id, id))
      )[0]!.status;

    await runTimers(world.db, new Date(expiresAt.getTime() - 1));
    expect(await statusOf(pending!.id)).toBe("PENDING");
    expect((await runTimers(world.db, expiresAt))[expireVerificationRequests.name]).toBeGreaterThanOrEqual(1);
    expect(await statusOf(pending!.id)).toBe("EXPIRED");
    expect(await statusOf(answered!.id)).toBe("APPROVED");
    expect((await runTimers(world.db, expiresAt))[expireVerificationRequests.name]).toBe(0);
    const events = await auditRows(world.db, { action: "VERIFICATION_REQUEST_EXPIRED", targetId: pending!.id });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: "SYSTEM", changes: { status: { before: "PENDING", after: "EXPIRED" } } });
    expect(await auditRows(world.db, { action: "VERIFICATION_REQUEST_EXPIRED", targetId: answered!.id })).toHaveLength(0);

    // The staff member who asked is told, once, in their bell: only of the one that expired.
    const staffBell = await (await world.as(staff)).notifications.list({ limit: 50 });
    const told = staffBell.items.filter((n) => n.kind === "VERIFICATION_REQUEST_EXPIRED");
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ title: "Your verification request expired", link: "/verify/requests", read: false });
  });
});
