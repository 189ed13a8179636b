// Account recovery and address confirmation by e-mail, through the real procedures and a real SMTP
// catcher: the same answer whether or not an account exists, single-use links that expire, every
// session ended by a reset, and no mail but the confirmation to an address not yet confirmed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { invites, notifications, passwordResets, users } from "@/db/schema";
import { deliverDueEmails } from "@/server/notifications/deliver";
import { smtpSender } from "@/server/mail/transport";
import { notify } from "@/server/notifications/notify";
import { auditRows, expectError, NAXOS, outcome, seededWorld, type TestWorld } from "./helpers";
import { DEMO_PASSWORD } from "@/db/demo";
import { startSmtpCatcher, type CaughtMail, type SmtpCatcher } from "./support/smtp-catcher";

let world: TestWorld;
let catcher: SmtpCatcher;
const deliver = () => deliverDueEmails(world.db, smtpSender(catcher.url, "Tessera <no-reply@tessera.test>"));

beforeAll(async () => {
  world = await seededWorld();
  catcher = await startSmtpCatcher();
});
afterAll(async () => {
  await catcher?.close();
  await world?.close();
});

function linkIn(mail: CaughtMail, path: string): string {
  const m = mail.text.match(new RegExp(`https?://[^\\s]+${path.replace("?", "\\?")}=([A-Za-z0-9_-]+)`));
  if (!m) throw new Error(`no ${path} link in: ${mail.text}`);
  return m[1]!;
}

describe("forgot password", () => {
  it("answers the same, in status, body and time, whether or not the account exists", async () => {
    const ask = async (email: string, ip: string) => {
      const started = performance.now();
      const out = await outcome((await world.anonymous({ ip })).auth.requestPasswordReset({ email }));
      return { out, ms: performance.now() - started };
    };
    const times = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 3; i++) {
      const known = await ask(world.demo.MODERATOR.email, `10.1.0.${i}`);
      const unknown = await ask(`nobody-${i}@tessera.test`, `10.2.0.${i}`);
      expect(known.out).toEqual(unknown.out);
      expect(known.out).toMatchObject({ ok: true });
      times.known.push(known.ms);
      times.unknown.push(unknown.ms);
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
    // Both are padded to the same floor; what is left is noise.
    expect(Math.abs(median(times.known) - median(times.unknown))).toBeLessThan(100);
    expect(Math.min(...times.unknown)).toBeGreaterThanOrEqual(395);
  });

  it("mails a single-use link that sets a new password, ends every session and tells the person", async () => {
    catcher.mails.length = 0;
    const person = world.demo.HOST;
    const before = await world.reload(person.id);
    await (await world.anonymous({ ip: "10.3.0.1" })).auth.requestPasswordReset({ email: person.email });
    await deliver();
    const mail = await catcher.waitFor((m) => m.to.includes(person.email) && /Reset/.test(m.subject));
    const token = linkIn(mail, "/reset-password?token");
    expect(mail.text).toContain("http://localhost:3000/reset-password?token=");
    // Only the hash is stored; the link is not kept once sent.
    const stored = await world.db.select().from(passwordResets).where(eq(passwordResets.userId, person.id));
    expect(stored.some((t) => t.tokenHash === token)).toBe(false);
    const [row] = await world.db.select().from(notifications).where(eq(notifications.kind, "PASSWORD_RESET"));
    expect(row).toMatchObject({ emailStatus: "SENT", secretLink: null });

    const anon = await world.anonymous({ ip: "10.3.0.2" });
    await expectError(anon.auth.resetPassword({ token, newPassword: "short" }), "BAD_REQUEST", "WEAK_PASSWORD");
    await anon.auth.resetPassword({ token, newPassword: "a-fresh-harbour-password-42" });
    const after = await world.reload(person.id);
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    // The old session is refused.
    await expectError((await world.as(before)).auth.me(), "UNAUTHORIZED", "SESSION_REVOKED");
    // Used once: the same link is refused.
    await expectError(
      anon.auth.resetPassword({ token, newPassword: "another-harbour-password-43" }),
      "BAD_REQUEST",
      "RESET_LINK_INVALID",
      "USED",
    );
    expect(await auditRows(world.db, { action: "PASSWORD_RESET", targetId: person.id })).toHaveLength(1);
    await deliver();
    const told = await catcher.waitFor((m) => m.to.includes(person.email) && /password was changed/.test(m.subject));
    expect(told.text).not.toContain("token=");
  });

  it("a link expires after 30 minutes; an unknown link is refused the same way", async () => {
    catcher.mails.length = 0;
    const person = world.demo.ORG_USER;
    await (await world.anonymous({ ip: "10.4.0.1" })).auth.requestPasswordReset({ email: person.email });
    await deliver();
    const token = linkIn(await catcher.waitFor((m) => m.to.includes(person.email)), "/reset-password?token");
    await world.db
      .update(passwordResets)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(passwordResets.userId, person.id), eq(passwordResets.purpose, "EMAILED")));
    const anon = await world.anonymous({ ip: "10.4.0.2" });
    await expectError(
      anon.auth.resetPassword({ token, newPassword: "a-fresh-harbour-password-42" }),
      "BAD_REQUEST",
      "RESET_LINK_INVALID",
      "EXPIRED",
    );
    await expectError(
      anon.auth.resetPassword({ token: "x".repeat(43), newPassword: "a-fresh-harbour-password-42" }),
      "BAD_REQUEST",
      "RESET_LINK_INVALID",
      "UNKNOWN",
    );
  });

  it("is throttled per account (quietly: no more mail) and per address (refused)", async () => {
    catcher.mails.length = 0;
    const email = world.demo.MODERATOR.email;
    for (let i = 0; i < 6; i++) await (await world.anonymous({ ip: `10.5.0.${i}` })).auth.requestPasswordReset({ email });
    await deliver();
    // The first requests of this test file already counted: at most the account's free three are mailed.
    expect(catcher.mails.filter((m) => m.to.includes(email)).length).toBeLessThanOrEqual(3);
    const anon = await world.anonymous({ ip: "10.6.0.1" });
    for (let i = 0; i < 10; i++) await anon.auth.requestPasswordReset({ email: `someone-${i}@tessera.test` });
    await expectError(anon.auth.requestPasswordReset({ email: "someone-else@tessera.test" }), "TOO_MANY_REQUESTS", "THROTTLED");
  });
});

describe("e-mail confirmation and invites by mail", () => {
  it("an invite mailed to an address: whoever signs up with it, the address is confirmed only from its own mail", async () => {
    catcher.mails.length = 0;
    // A host invites someone by mail, and is shown the very code the mail carries.
    const host = await world.as(await world.addUser({ role: "HOST", district: NAXOS }));
    const invited = await host.invites.create({
      role: "TRAVELER",
      districtId: world.district(NAXOS),
      maxUses: 2,
      expiresInDays: 3,
      email: "new.traveler@tessera.test",
    });
    await deliver();
    const inviteMail = await catcher.waitFor((m) => m.to.includes("new.traveler@tessera.test"));
    expect(inviteMail.subject).toBe("You are invited to Tessera");
    expect(inviteMail.text).toContain(`/signup?invite=${encodeURIComponent(invited.code)}`);
    const [invite] = await world.db.select().from(invites).where(eq(invites.id, invited.id));
    expect(invite!.email).toBe("new.traveler@tessera.test");

    // The host signs up as the invited address before its owner does: the account exists, but the
    // address is not confirmed, so it cannot ask for a reset link, and only the confirmation
    // mail (which the host cannot read) reaches it.
    const anon = await world.anonymous({ ip: "10.7.0.1" });
    const a = await anon.auth.signup({
      inviteCode: invited.code,
      email: "new.traveler@tessera.test",
      password: "a-long-harbour-password-1",
      displayName: "Not The Invitee",
    });
    const b = await anon.auth.signup({
      inviteCode: invited.code,
      email: "other.traveler@tessera.test",
      password: "a-long-harbour-password-2",
      displayName: "Other Traveler",
    });
    const [ua] = await world.db.select().from(users).where(eq(users.id, a.userId));
    const [ub] = await world.db.select().from(users).where(eq(users.id, b.userId));
    expect(ua!.emailVerifiedAt).toBeNull();
    expect(ub!.emailVerifiedAt).toBeNull();
    await (await world.anonymous({ ip: "10.7.0.4" })).auth.requestPasswordReset({ email: "new.traveler@tessera.test" });
    expect(await world.db.select().from(passwordResets).where(eq(passwordResets.userId, a.userId))).toEqual([]);
    await deliver();
    const toA = catcher.mails.filter((m) => m.to.includes("new.traveler@tessera.test"));
    expect(toA.map((m) => m.subject)).toEqual(["You are invited to Tessera", "Confirm your e-mail address"]);

    // Until confirmed, nothing but the confirmation reaches the unconfirmed address.
    await notify(world.db, {
      userId: b.userId,
      kind: "ENROLLMENT_APPROVED",
      subjectType: "user",
      subjectId: b.userId,
      link: "/identity",
    });
    await deliver();
    const toB = catcher.mails.filter((m) => m.to.includes("other.traveler@tessera.test"));
    expect(toB.map((m) => m.subject)).toEqual(["Confirm your e-mail address"]);
    const token = linkIn(toB[0]!, "/confirm-email?token");
    await (await world.anonymous({ ip: "10.7.0.2" })).auth.confirmEmail({ token });
    const [confirmed] = await world.db.select().from(users).where(eq(users.id, b.userId));
    expect(confirmed!.emailVerifiedAt).toBeInstanceOf(Date);
    await expectError((await world.anonymous({ ip: "10.7.0.3" })).auth.confirmEmail({ token }), "BAD_REQUEST", "LINK_INVALID");
  });
});

describe("changing one's e-mail address", () => {
  it("the current password, then the new address confirms itself; the old one is told and mail follows the new one", async () => {
    catcher.mails.length = 0;
    const person = await world.addUser({ role: "TRAVELER", district: NAXOS });
    const me = await world.as(person);
    const newEmail = `moved-${Date.now()}@tessera.test`;

    // The wrong password changes nothing and sends nothing.
    await expectError(me.account.changeEmail({ currentPassword: "not-it", newEmail }), "BAD_REQUEST", "WRONG_PASSWORD");
    await expectError(me.account.changeEmail({ currentPassword: "x", newEmail: "not an address" }), "BAD_REQUEST");

    expect(await me.account.changeEmail({ currentPassword: DEMO_PASSWORD, newEmail: ` ${newEmail.toUpperCase()} ` })).toEqual({
      sentTo: newEmail,
    });
    // Until the link is opened the account keeps its address.
    expect((await me.account.profile()).email).toBe(person.email);
    await deliver();
    const confirmation = await catcher.waitFor((m) => m.to.includes(newEmail));
    expect(catcher.mails.filter((m) => m.to.includes(person.email))).toHaveLength(0);

    await (await world.anonymous({ ip: "10.8.0.1" })).auth.confirmEmail({ token: linkIn(confirmation, "/confirm-email?token") });
    expect((await me.account.profile()).email).toBe(newEmail);
    expect((await me.notifications.preferences()).emailConfirmed).toBe(true);
    // The old address hears of it (a security notice), and nothing else goes there any more.
    await deliver();
    const told = await catcher.waitFor((m) => m.to.includes(person.email));
    expect(told.subject).toBe("Your Tessera e-mail address was changed");
    expect(told.text + told.html).not.toContain(newEmail);
    expect(await auditRows(world.db, { action: "EMAIL_CHANGED", targetId: person.id })).toHaveLength(1);
    // The link worked once.
    await expectError(
      (await world.anonymous({ ip: "10.8.0.2" })).auth.confirmEmail({ token: linkIn(confirmation, "/confirm-email?token") }),
      "BAD_REQUEST",
      "LINK_INVALID",
    );

    // "This wasn't me": whoever changed it also asked for a reset link at the new address; the old
    // address's link undoes the change, signs every device out, and voids that reset link.
    catcher.mails.length = 0;
    await (await world.anonymous({ ip: "10.8.0.5" })).auth.requestPasswordReset({ email: newEmail });
    await deliver();
    const attackersReset = await catcher.waitFor((m) => m.to.includes(newEmail));
    const before = await world.reload(person.id);
    const anon = await world.anonymous({ ip: "10.8.0.6" });
    await anon.auth.revertEmailChange({ token: linkIn(told, "/confirm-email?revert") });
    expect((await world.reload(person.id)).email).toBe(person.email);
    await expectError((await world.as(before)).auth.me(), "UNAUTHORIZED", "SESSION_REVOKED");
    await expectError(
      anon.auth.resetPassword({
        token: linkIn(attackersReset, "/reset-password?token"),
        newPassword: "a-fresh-harbour-password-77",
      }),
      "BAD_REQUEST",
      "RESET_LINK_INVALID",
      "USED",
    );
    await expectError(
      anon.auth.revertEmailChange({ token: linkIn(told, "/confirm-email?revert") }),
      "BAD_REQUEST",
      "LINK_INVALID",
    );
    expect(await auditRows(world.db, { action: "EMAIL_CHANGE_REVERTED", targetId: person.id })).toHaveLength(1);
    // The owner takes it from here: a reset link reaches the old address again.
    await anon.auth.requestPasswordReset({ email: person.email });
    await deliver();
    await catcher.waitFor((m) => m.to.includes(person.email) && /Reset/.test(m.subject));
  });

  it("an address another account uses answers the same but sends nothing; only the newest link works", async () => {
    catcher.mails.length = 0;
    const person = await world.addUser({ role: "HOST", district: NAXOS });
    const me = await world.as(person);
    const answer = await me.account.changeEmail({ currentPassword: DEMO_PASSWORD, newEmail: world.demo.MODERATOR.email });
    expect(answer).toEqual({ sentTo: world.demo.MODERATOR.email });
    await deliver();
    expect(catcher.mails.filter((m) => m.to.includes(world.demo.MODERATOR.email))).toHaveLength(0);

    const first = `first-${Date.now()}@tessera.test`;
    const second = `second-${Date.now()}@tessera.test`;
    await me.account.changeEmail({ currentPassword: DEMO_PASSWORD, newEmail: first });
    await me.account.changeEmail({ currentPassword: DEMO_PASSWORD, newEmail: second });
    await deliver();
    const stale = await catcher.waitFor((m) => m.to.includes(first));
    await expectError(
      (await world.anonymous({ ip: "10.8.0.3" })).auth.confirmEmail({ token: linkIn(stale, "/confirm-email?token") }),
      "BAD_REQUEST",
      "LINK_INVALID",
    );
    expect((await me.account.profile()).email).toBe(person.email);

    // Requests for an address in use count toward the daily cap like any other, so the cap cannot
    // tell the two apart either.
    const prober = await world.as(await world.addUser({ role: "TRAVELER", district: NAXOS }));
    for (let i = 0; i < 5; i++)
      await prober.account.changeEmail({ currentPassword: DEMO_PASSWORD, newEmail: world.demo.MODERATOR.email });
    const sixth = await outcome(
      prober.account.changeEmail({ currentPassword: DEMO_PASSWORD, newEmail: `free-${Date.now()}@tessera.test` }),
    );
    expect(sixth).toMatchObject({ ok: false, appCode: "THROTTLED" });
  });

  it("resending the confirmation: only for an unconfirmed address, at most five links a day", async () => {
    catcher.mails.length = 0;
    const confirmed = await world.as(await world.addUser({ role: "TRAVELER", district: NAXOS }));
    await expectError(confirmed.account.resendConfirmation(), "BAD_REQUEST", "INVALID_STATE");

    const person = await world.addUser({ role: "TRAVELER", district: NAXOS, emailConfirmed: false });
    const me = await world.as(person);
    for (let i = 0; i < 5; i++) expect(await me.account.resendConfirmation()).toEqual({ sentTo: person.email });
    const refused = await outcome(me.account.resendConfirmation());
    expect(refused).toMatchObject({ ok: false, appCode: "THROTTLED" });
    await deliver();
    const links = catcher.mails.filter((m) => m.to.includes(person.email));
    expect(links).toHaveLength(5);
    // Each new link voids the ones before: exactly one of the five works, and it confirms the address.
    const anon = await world.anonymous({ ip: "10.8.0.4" });
    const tried = [];
    for (const mail of links)
      tried.push((await outcome(anon.auth.confirmEmail({ token: linkIn(mail, "/confirm-email?token") }))).ok);
    expect(tried.filter(Boolean)).toHaveLength(1);
    expect((await me.notifications.preferences()).emailConfirmed).toBe(true);
  });
});
