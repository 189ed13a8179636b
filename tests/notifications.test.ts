// Notifications: the outbox written with the change it is about, delivered by e-mail over real SMTP
// (a catcher, never a mocked transport), exactly once, with people's choices and confirmed
// addresses respected, and surviving a mail-server outage.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { kioskDevices, notifications, users } from "@/db/schema";
import { CHOOSABLE_KINDS, KIND_RECIPIENTS } from "@/server/notifications/kinds";
import { notify } from "@/server/notifications/notify";
import { deliverDueEmails } from "@/server/notifications/deliver";
import { reportOfflineKiosks } from "@/server/notifications/kiosk-offline";
import { smtpSender } from "@/server/mail/transport";
import { approvedListing, auditRows, expectError, outcome, PAROS, seededWorld, type DemoUser, type TestWorld } from "./helpers";
import { openSecretLink, sealSecretLink } from "@/server/notifications/secret-link";
import { startSmtpCatcher, type SmtpCatcher } from "./support/smtp-catcher";
import { openDatabase } from "@/db/client";
import { onPostgres } from "./db";

let world: TestWorld;
let catcher: SmtpCatcher;
let host: DemoUser;
let traveler: DemoUser;

beforeAll(async () => {
  world = await seededWorld();
  catcher = await startSmtpCatcher();
  host = world.demo.HOST;
  traveler = await world.addUser({ role: "TRAVELER", district: PAROS, kycStatus: "VERIFIED", displayName: "Petra from Paros" });
});
afterAll(async () => {
  await catcher?.close();
  await world?.close();
});

async function rowsFor(userId: string, kind?: string) {
  const rows = await world.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), kind ? eq(notifications.kind, kind) : undefined));
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

const sender = () => smtpSender(catcher.url, "Tessera <no-reply@tessera.test>");

describe("what notifies, and whom", () => {
  it("every order transition tells the other side, with a link to the order in their area", async () => {
    const listingId = await approvedListing(world, host);
    const t = await world.as(traveler);
    const h = await world.as(host);
    const asked = await t.orders.ask({ listingId, body: "Is it open on Sunday?" });
    await t.orders.ask({ listingId, body: "And on Monday?" });
    await h.messages.send({ orderId: asked.orderId, body: "Both days." });
    await t.orders.request({ listingId, note: "Sunday, two people." });
    await h.orders.accept({ orderId: asked.orderId });
    const code = await t.orders.checkinCode({ orderId: asked.orderId });
    await h.orders.checkIn({ orderId: asked.orderId, code: code.shortCode });
    await h.orders.complete({ orderId: asked.orderId });

    const toHost = (await rowsFor(host.id)).filter((r) => r.subjectId === asked.orderId);
    const toTraveler = (await rowsFor(traveler.id)).filter((r) => r.subjectId === asked.orderId);
    expect(toHost.map((r) => r.kind)).toEqual(["ORDER_QUESTION", "MESSAGE_RECEIVED", "ORDER_REQUESTED"]);
    expect(toTraveler.map((r) => r.kind)).toEqual(["MESSAGE_RECEIVED", "ORDER_ACCEPTED", "ORDER_STARTED", "ORDER_COMPLETED"]);
    expect(new Set(toHost.map((r) => r.link))).toEqual(new Set([`/host/orders/${asked.orderId}`]));
    expect(new Set(toTraveler.map((r) => r.link))).toEqual(new Set([`/orders/${asked.orderId}`]));

    // The bell: the traveler's unread count and list, newest first, in the product's words.
    const list = await t.notifications.list({ limit: 10 });
    expect(list.items[0]).toMatchObject({ kind: "ORDER_COMPLETED", read: false, link: `/orders/${asked.orderId}` });
    expect(list.items[0]!.title).toContain("completed");
    expect((await t.notifications.unreadCount()).count).toBeGreaterThanOrEqual(3);

    // A decline and a cancellation on other orders.
    const second = await approvedListing(world, host);
    const declined = await t.orders.request({ listingId: second, note: null });
    await h.orders.decline({ orderId: declined.orderId });
    const third = await approvedListing(world, host);
    const cancelled = await t.orders.request({ listingId: third, note: null });
    await t.orders.cancel({ orderId: cancelled.orderId });
    expect((await rowsFor(traveler.id, "ORDER_DECLINED")).map((r) => r.subjectId)).toEqual([declined.orderId]);
    expect((await rowsFor(host.id, "ORDER_CANCELLED")).map((r) => r.subjectId)).toEqual([cancelled.orderId]);
  });

  it("a rolled-back change notifies nobody", async () => {
    const before = (await rowsFor(host.id)).length;
    await world.db
      .transaction(async (tx) => {
        await notify(tx as unknown as Database, {
          userId: host.id,
          kind: "ORDER_REQUESTED",
          subjectType: "order",
          subjectId: "x",
          link: "/host/orders/x",
        });
        throw new Error("the change fails after the notification was written");
      })
      .catch(() => {});
    expect((await rowsFor(host.id)).length).toBe(before);
    // And through a procedure that fails: accepting an order that is not requested changes nothing.
    const listingId = await approvedListing(world, host);
    const t = await world.as(traveler);
    const asked = await t.orders.ask({ listingId, body: "Hello?" });
    const count = (await rowsFor(traveler.id)).length;
    await expectError((await world.as(host)).orders.accept({ orderId: asked.orderId }), "BAD_REQUEST", "INVALID_STATE");
    expect((await rowsFor(traveler.id)).length).toBe(count);
  });

  it("marking read: one, then all; someone else's ids change nothing", async () => {
    const t = await world.as(traveler);
    const h = await world.as(host);
    const [first] = (await t.notifications.list({ limit: 1, unreadOnly: true })).items;
    expect((await h.notifications.markRead({ ids: [first!.id] })).marked).toBe(0);
    expect((await t.notifications.markRead({ ids: [first!.id] })).marked).toBe(1);
    await t.notifications.markRead({ ids: "all" });
    expect((await t.notifications.unreadCount()).count).toBe(0);
  });

  it("a kiosk silent for 10 minutes is reported once to its region's admins", async () => {
    const [kiosk] = await world.db.select().from(kioskDevices).limit(1);
    const lastSeenAt = new Date(Date.now() - 11 * 60_000);
    await world.db.update(kioskDevices).set({ lastSeenAt, active: true }).where(eq(kioskDevices.id, kiosk!.id));
    expect(await reportOfflineKiosks(world.db, 10)).toBe(1);
    expect(await reportOfflineKiosks(world.db, 10)).toBe(0);
    const rows = await world.db.select().from(notifications).where(eq(notifications.kind, "KIOSK_OFFLINE"));
    const recipients = await world.db.select({ id: users.id, role: users.role }).from(users);
    const roles = new Set(rows.map((r) => recipients.find((u) => u.id === r.userId)!.role));
    expect(rows.length).toBeGreaterThan(0);
    expect(roles).toEqual(new Set(["ADMIN"]));
    expect(rows.map((r) => r.userId)).toContain(world.demo.ADMIN.id);
    // On the record, once, as the system (which is also what tells the admins' bells live).
    const events = await auditRows(world.db, { action: "KIOSK_REPORTED_OFFLINE", targetId: kiosk!.id });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: "SYSTEM", changes: { lastSeenAt: lastSeenAt.toISOString() } });
  });
});

/** An approved listing, with the mail its approval queued (a decision on the host's content) set aside. */
async function quietListing(owner: DemoUser) {
  const id = await approvedListing(world, owner);
  await world.db.update(notifications).set({ emailStatus: "SKIPPED" }).where(eq(notifications.emailStatus, "PENDING"));
  return id;
}

describe("e-mail delivery", () => {
  it("mail arrives over SMTP with a link to the order and no secret in it; sent once", async () => {
    catcher.mails.length = 0;
    await world.db.update(notifications).set({ emailStatus: "SKIPPED" }).where(eq(notifications.emailStatus, "PENDING"));
    const listingId = await quietListing(host);
    const requested = await (await world.as(traveler)).orders.request({ listingId, note: null });
    expect(await deliverDueEmails(world.db, sender())).toBe(1);
    const mail = await catcher.waitFor((m) => m.to.includes(host.email));
    expect(mail.subject).toMatch(/^New request for/);
    expect(mail.text).toContain(`http://localhost:3000/host/orders/${requested.orderId}`);
    expect(mail.html).toContain(`/host/orders/${requested.orderId}`);
    expect(mail.text).toContain("Petra from Paros");
    // Nothing of the traveler's contact details, and no token of any kind.
    expect(mail.text + mail.html).not.toContain(traveler.email);
    expect(mail.text).not.toMatch(/token=|invite=|tsk_|[A-Za-z0-9_]{32,}/);
    expect(await deliverDueEmails(world.db, sender())).toBe(0);
    const [row] = await rowsFor(host.id, "ORDER_REQUESTED").then((r) => r.filter((x) => x.subjectId === requested.orderId));
    expect(row).toMatchObject({ emailStatus: "SENT", emailAttempts: 1 });
    expect(row!.emailSentAt).toBeInstanceOf(Date);
  });

  it("a reset link waits in the outbox only sealed: no token in the database, the mail carries it, then the row forgets it", async () => {
    catcher.mails.length = 0;
    await world.db.update(notifications).set({ emailStatus: "SKIPPED" }).where(eq(notifications.emailStatus, "PENDING"));
    const person = await world.addUser({ role: "TRAVELER", district: PAROS, emailConfirmed: true });
    const requestReset = async (ip: string) => (await world.anonymous({ ip })).auth.requestPasswordReset({ email: person.email });
    await requestReset("10.9.0.1");
    const [waiting] = await rowsFor(person.id, "PASSWORD_RESET");
    expect(waiting!.secretLink).toMatch(/^v1\.[A-Za-z0-9_-]{40,}$/);
    expect(JSON.stringify(waiting)).not.toMatch(/token=|reset-password/);
    expect(await deliverDueEmails(world.db, sender())).toBe(1);
    const mail = await catcher.waitFor((m) => m.to.includes(person.email));
    expect(mail.text).toMatch(/http:\/\/localhost:3000\/reset-password\?token=[A-Za-z0-9_-]{20,}/);
    const [sent] = await rowsFor(person.id, "PASSWORD_RESET");
    expect(sent).toMatchObject({ emailStatus: "SENT", secretLink: null });

    // A sealed link that does not open (altered, or AUTH_SECRET changed) sends no mail at all.
    await requestReset("10.9.0.2");
    const [second] = (await rowsFor(person.id, "PASSWORD_RESET")).filter((r) => r.emailStatus === "PENDING");
    const altered = second!.secretLink!.slice(0, -4) + (second!.secretLink!.endsWith("AAAA") ? "BBBB" : "AAAA");
    await world.db.update(notifications).set({ secretLink: altered }).where(eq(notifications.id, second!.id));
    catcher.mails.length = 0;
    await deliverDueEmails(world.db, sender());
    const [skipped] = (await rowsFor(person.id, "PASSWORD_RESET")).filter((r) => r.id === second!.id);
    expect(skipped).toMatchObject({ emailStatus: "SKIPPED", secretLink: null });
    expect(catcher.mails.filter((m) => m.to.includes(person.email))).toHaveLength(0);
  });

  it("secret links: sealed ones open, altered ones do not, and a plain path queued before sealing still goes out", () => {
    const sealed = sealSecretLink("/reset-password?token=abc");
    expect(openSecretLink(sealed)).toBe("/reset-password?token=abc");
    expect(openSecretLink(sealed.slice(0, -2) + (sealed.endsWith("AA") ? "BB" : "AA"))).toBeNull();
    expect(openSecretLink("/confirm-email?token=legacy")).toBe("/confirm-email?token=legacy");
    expect(openSecretLink("//evil.example/x")).toBeNull();
    expect(openSecretLink("https://evil.example/x")).toBeNull();
  });

  it("preferences: off writes nothing, in-app only sends no mail; security kinds cannot be turned off", async () => {
    catcher.mails.length = 0;
    const h = await world.as(host);
    await h.notifications.setPreference({ kind: "ORDER_REQUESTED", channel: "OFF" });
    await h.notifications.setPreference({ kind: "ORDER_CANCELLED", channel: "IN_APP" });
    const prefs = await h.notifications.preferences();
    expect(prefs.items.find((p) => p.kind === "ORDER_REQUESTED")!.channel).toBe("OFF");
    expect(prefs.items.some((p) => p.kind === "PASSWORD_RESET")).toBe(false);
    // Only what can concern a host: their listings' requests, never a kiosk's silence.
    expect(prefs.items.some((p) => p.kind === "KIOSK_OFFLINE")).toBe(false);
    const travelerKinds = (await (await world.as(traveler)).notifications.preferences()).items.map((p) => p.kind);
    expect(travelerKinds).toContain("ORDER_ACCEPTED");
    expect(travelerKinds).not.toContain("ORDER_REQUESTED");
    // Every kind a person may choose for has its recipients named (else nobody could choose it).
    expect(CHOOSABLE_KINDS.filter((k) => !KIND_RECIPIENTS[k]?.length)).toEqual([]);
    await expectError(
      h.notifications.setPreference({ kind: "PASSWORD_CHANGED", channel: "OFF" }),
      "BAD_REQUEST",
      "INVALID_INPUT",
      "SECURITY_KIND",
    );

    const t = await world.as(traveler);
    const listingId = await quietListing(host);
    const r = await t.orders.request({ listingId, note: null });
    await t.orders.cancel({ orderId: r.orderId });
    expect((await rowsFor(host.id, "ORDER_REQUESTED")).filter((x) => x.subjectId === r.orderId)).toHaveLength(0);
    const [cancelled] = (await rowsFor(host.id, "ORDER_CANCELLED")).filter((x) => x.subjectId === r.orderId);
    expect(cancelled).toMatchObject({ emailStatus: "SKIPPED" });
    await deliverDueEmails(world.db, sender());
    expect(catcher.mails.filter((m) => m.to.includes(host.email))).toHaveLength(0);
    await h.notifications.setPreference({ kind: "ORDER_REQUESTED", channel: "EMAIL" });
    await h.notifications.setPreference({ kind: "ORDER_CANCELLED", channel: "EMAIL" });
  });

  it("no mail to an unconfirmed address; phone-only people get the bell only", async () => {
    catcher.mails.length = 0;
    const unconfirmed = await world.addUser({ role: "HOST", district: PAROS, kycStatus: "VERIFIED", emailConfirmed: false });
    const listingId = await quietListing(unconfirmed);
    await (await world.as(traveler)).orders.request({ listingId, note: null });
    await deliverDueEmails(world.db, sender());
    const [row] = await rowsFor(unconfirmed.id, "ORDER_REQUESTED");
    expect(row).toMatchObject({ emailStatus: "SKIPPED", emailNote: "the e-mail address is not confirmed" });
    expect(catcher.mails.filter((m) => m.to.includes(unconfirmed.email))).toHaveLength(0);
    const bell = await (await world.as(unconfirmed)).notifications.list({ limit: 10, unreadOnly: true });
    expect(bell.items.filter((i) => i.kind === "ORDER_REQUESTED")).toHaveLength(1);
  });

  it("messages: mailed only if still unread after the delay, one digest per conversation", async () => {
    catcher.mails.length = 0;
    const listingId = await quietListing(host);
    const t = await world.as(traveler);
    const h = await world.as(host);
    const asked = await t.orders.ask({ listingId, body: "First question" });
    await world.db.update(notifications).set({ emailStatus: "SKIPPED" }).where(eq(notifications.emailStatus, "PENDING"));
    await h.messages.send({ orderId: asked.orderId, body: "One" });
    await h.messages.send({ orderId: asked.orderId, body: "Two" });
    await h.messages.send({ orderId: asked.orderId, body: "Three" });
    // Not yet due (the delay has not passed).
    expect(await deliverDueEmails(world.db, sender())).toBe(0);
    const later = () => new Date(Date.now() + 10 * 60_000);
    expect(await deliverDueEmails(world.db, sender(), { now: later })).toBe(1);
    const mail = await catcher.waitFor((m) => m.to.includes(traveler.email));
    expect(mail.subject).toMatch(/^3 new messages about/);
    expect(mail.text).not.toContain("One");

    // Read in the app in time: no mail.
    await h.messages.send({ orderId: asked.orderId, body: "Four" });
    await t.messages.markRead({ orderId: asked.orderId });
    expect(await deliverDueEmails(world.db, sender(), { now: later })).toBe(0);
    expect(catcher.mails.filter((m) => m.to.includes(traveler.email))).toHaveLength(1);
  });

  it("two workers racing deliver every mail exactly once", async () => {
    catcher.mails.length = 0;
    await world.db.update(notifications).set({ emailStatus: "SKIPPED" }).where(eq(notifications.emailStatus, "PENDING"));
    const n = 30;
    for (let i = 0; i < n; i++) {
      await notify(world.db, {
        userId: host.id,
        kind: "REVIEW_RECEIVED",
        subjectType: "race",
        subjectId: String(i),
        link: "/host",
        data: { listingTitle: `Race ${i}`, rating: 5 },
      });
    }
    // On PostgreSQL the second worker has its own connections (another server, in effect).
    const other = onPostgres
      ? await openDatabase({ url: process.env.DATABASE_URL!.replace(/\/[^/]*$/, `/${await dbName(world.db)}`) })
      : null;
    const [a, b] = await Promise.all([
      deliverDueEmails(world.db, sender(), { limit: n }),
      deliverDueEmails(other?.db ?? world.db, sender(), { limit: n }),
    ]);
    await other?.close();
    expect(a + b).toBe(n);
    const subjects = catcher.mails.map((m) => m.subject);
    expect(subjects).toHaveLength(n);
    expect(new Set(subjects).size).toBe(n);
  });

  it("an SMTP outage loses nothing: mail waits, is retried with backoff, and arrives once", async () => {
    catcher.mails.length = 0;
    await world.db.update(notifications).set({ emailStatus: "SKIPPED" }).where(eq(notifications.emailStatus, "PENDING"));
    await catcher.stop();
    for (let i = 0; i < 5; i++) {
      await notify(world.db, {
        userId: host.id,
        kind: "REVIEW_RECEIVED",
        subjectType: "outage",
        subjectId: String(i),
        link: "/host",
        data: { listingTitle: `Outage ${i}`, rating: 4 },
      });
    }
    const opts = { baseDelayMs: 200, maxAttempts: 20 };
    expect(await deliverDueEmails(world.db, sender(), opts)).toBe(0);
    const waiting = await world.db.select().from(notifications).where(eq(notifications.subjectType, "outage"));
    expect(waiting.every((r) => r.emailStatus === "PENDING")).toBe(true);
    expect(waiting.some((r) => r.emailAttempts === 1 && r.emailNote)).toBe(true);
    // The outage goes on: more rounds, more attempts, nothing lost, nothing sent.
    const until = Date.now() + 1500;
    while (Date.now() < until) {
      await deliverDueEmails(world.db, sender(), opts);
      await new Promise((r) => setTimeout(r, 100));
    }
    await catcher.start();
    const stopAt = Date.now() + 15_000;
    while (catcher.mails.length < 5 && Date.now() < stopAt) {
      await deliverDueEmails(world.db, sender(), opts);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(catcher.mails.map((m) => m.subject).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `New review of “Outage ${i}”`));
    const sent = await world.db.select().from(notifications).where(eq(notifications.subjectType, "outage"));
    expect(sent.every((r) => r.emailStatus === "SENT")).toBe(true);
  });

  it("anonymous callers have no notifications", async () => {
    const out = await outcome((await world.anonymous()).notifications.unreadCount());
    expect(out).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
  });
});

async function dbName(db: Database): Promise<string> {
  const rows = (await db.execute(`select current_database() as name` as never)) as unknown;
  const list = Array.isArray(rows) ? rows : (rows as { rows: { name: string }[] }).rows;
  return (list[0] as { name: string }).name;
}
