// Admin work on people (suspend, ban, reinstate, change role, list), invites, and districts: what the
// acting admin and the affected person each see, region scoping, and the audit trail of each.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { districts, invites, notifications } from "@/db/schema";
import { env } from "@/server/env";
import { wordsFor } from "@/server/notifications/kinds";
import { organizationInvites, organizations } from "@/db/schema/verification";
import { hashInviteCode, INVITE_ALPHABET, normalizeInviteCode } from "@/server/accounts/invite-codes";
import {
  AEGEAN,
  auditRows,
  expectError,
  HIGHLANDS,
  METSOVO,
  NAXOS,
  PAROS,
  seededWorld,
  SYROS,
  ZAGORI,
  type DemoUser,
  type TestWorld,
} from "./helpers";

let world: TestWorld;
beforeAll(async () => {
  world = await seededWorld();
});
afterAll(async () => {
  await world?.close();
});

const lastEvent = async (action: string, targetId?: string) => (await auditRows(world.db, { action, targetId })).slice(-1)[0];

describe("suspend, reinstate, ban: sessions end at once", () => {
  it("a suspended traveler's open session is refused as suspended; after reinstatement that old session stays dead", async () => {
    const traveler = await world.addUser({ role: "TRAVELER", district: NAXOS });
    const oldSession = { id: traveler.id, sessionVersion: traveler.sessionVersion };
    expect((await (await world.as(oldSession)).auth.me()).id).toBe(traveler.id);

    const admin = await world.as(world.demo.ADMIN);
    expect(await admin.people.suspend({ userId: traveler.id, reason: "Spam reports" })).toEqual({ ok: true });
    await expectError((await world.as(oldSession)).auth.me(), "UNAUTHORIZED", "ACCOUNT_SUSPENDED");
    const suspended = await world.reload(traveler.id);
    expect(suspended.status).toBe("SUSPENDED");
    expect(suspended.sessionVersion).toBeGreaterThan(traveler.sessionVersion);
    expect(await lastEvent("USER_SUSPENDED", traveler.id)).toMatchObject({
      actorId: world.demo.ADMIN.id,
      targetType: "user",
      changes: { status: { before: "ACTIVE", after: "SUSPENDED" }, reason: "Spam reports" },
    });

    expect(await admin.people.reinstate({ userId: traveler.id, reason: "Appeal accepted" })).toEqual({ ok: true });
    await expectError((await world.as(oldSession)).auth.me(), "UNAUTHORIZED", "SESSION_REVOKED");
    const reinstated = await world.reload(traveler.id);
    expect(reinstated.status).toBe("ACTIVE");
    expect(reinstated.sessionVersion).toBeGreaterThan(suspended.sessionVersion);
    // A new sign-in (current version) works.
    expect((await (await world.as(reinstated)).auth.me()).id).toBe(traveler.id);
    expect(await lastEvent("USER_REINSTATED", traveler.id)).toMatchObject({
      changes: { status: { before: "SUSPENDED", after: "ACTIVE" } },
    });

    // Suspending twice is refused clearly, and changes nothing.
    await admin.people.suspend({ userId: traveler.id, reason: "Again" });
    const v = (await world.reload(traveler.id)).sessionVersion;
    await expectError(admin.people.suspend({ userId: traveler.id, reason: "Again" }), "BAD_REQUEST", "INVALID_STATE");
    expect((await world.reload(traveler.id)).sessionVersion).toBe(v);
  });

  it("a banned host's session is refused as banned, in every procedure", async () => {
    const host = await world.addUser({ role: "HOST", district: PAROS });
    const admin = await world.as(world.demo.ADMIN);
    await admin.people.ban({ userId: host.id, reason: "Fraud" });
    const session = await world.as(host);
    await expectError(session.auth.me(), "UNAUTHORIZED", "ACCOUNT_BANNED");
    await expectError(session.invites.list({}), "UNAUTHORIZED", "ACCOUNT_BANNED");
    expect(await lastEvent("USER_BANNED", host.id)).toMatchObject({
      changes: { status: { before: "ACTIVE", after: "BANNED" }, reason: "Fraud" },
    });
  });

  it("the person is told of a suspension or a ban, by mail and in the app; a reinstatement or a refused change tells nobody", async () => {
    const toldOf = (userId: string) =>
      world.db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(notifications.createdAt);
    const admin = await world.as(world.demo.ADMIN);
    const traveler = await world.addUser({ role: "TRAVELER", district: NAXOS });
    await admin.people.suspend({ userId: traveler.id, reason: "Spam reports" });
    const [suspended] = await toldOf(traveler.id);
    expect(suspended).toMatchObject({
      kind: "ACCOUNT_SUSPENDED",
      link: "/login",
      data: { reason: "Spam reports", status: "SUSPENDED" },
      emailStatus: "PENDING",
    });
    expect(wordsFor("ACCOUNT_SUSPENDED", suspended!.data).body).toContain("Reason: Spam reports");
    await admin.people.reinstate({ userId: traveler.id, reason: "Appeal accepted" });
    await admin.people.ban({ userId: traveler.id, reason: "Fraud" });
    const told = await toldOf(traveler.id);
    expect(told.map((n) => n.data)).toEqual([
      { reason: "Spam reports", status: "SUSPENDED" },
      { reason: "Fraud", status: "BANNED" },
    ]);
    expect(wordsFor("ACCOUNT_SUSPENDED", told[1]!.data)).toMatchObject({
      title: "Your account is banned",
      body: expect.stringContaining("can no longer sign in"),
    });
    // A security notice: always queued for mail.
    expect(told[1]).toMatchObject({ emailStatus: "PENDING" });

    // Refused: already banned; someone of another region. Nobody is told anything.
    await expectError(admin.people.ban({ userId: traveler.id, reason: "Again" }), "BAD_REQUEST", "INVALID_STATE");
    const faraway = await world.addUser({ role: "TRAVELER", district: ZAGORI });
    await expectError(
      admin.people.suspend({ userId: faraway.id, reason: "Not mine" }),
      "FORBIDDEN",
      "RULE_DENIED",
      "OUT_OF_REGION",
    );
    expect(await toldOf(traveler.id)).toHaveLength(2);
    expect(await toldOf(faraway.id)).toEqual([]);
  });

  it("an admin cannot act on someone in another region: OUT_OF_REGION, recorded even though the call failed", async () => {
    const faraway = await world.addUser({ role: "TRAVELER", district: ZAGORI });
    const admin = await world.as(world.demo.ADMIN);
    const deniedBefore = (await auditRows(world.db, { action: "ACCESS_DENIED" })).length;
    for (const call of [
      () => admin.people.suspend({ userId: faraway.id, reason: "Not mine" }),
      () => admin.people.ban({ userId: faraway.id, reason: "Not mine" }),
      () => admin.people.changeRole({ userId: faraway.id, role: "HOST", reason: "Not mine" }),
    ]) {
      await expectError(call(), "FORBIDDEN", "RULE_DENIED", "OUT_OF_REGION");
    }
    const denials = (await auditRows(world.db, { action: "ACCESS_DENIED" })).slice(deniedBefore);
    expect(denials).toHaveLength(3);
    for (const d of denials) {
      expect(d).toMatchObject({
        actorId: world.demo.ADMIN.id,
        actorRole: "ADMIN",
        targetType: "rule",
        targetId: "user.manage",
        changes: { reason: "OUT_OF_REGION" },
      });
    }
    const after = await world.reload(faraway.id);
    expect(after).toMatchObject({ status: "ACTIVE", role: "TRAVELER", sessionVersion: faraway.sessionVersion });
    expect(await auditRows(world.db, { targetId: faraway.id })).toEqual([]);

    // The super admin acts anywhere.
    await (await world.as(world.demo.SUPER_ADMIN)).people.suspend({ userId: faraway.id, reason: "Region-wide issue" });
    expect((await world.reload(faraway.id)).status).toBe("SUSPENDED");
  });

  it("an admin cannot ban another admin, a super admin, or themselves", async () => {
    const peer = await world.addUser({ role: "ADMIN", district: SYROS });
    const admin = await world.as(world.demo.ADMIN);
    await expectError(admin.people.ban({ userId: peer.id, reason: "Rivalry" }), "FORBIDDEN", "RULE_DENIED", "TARGET_OUTRANKS");
    await expectError(
      admin.people.suspend({ userId: peer.id, reason: "Rivalry" }),
      "FORBIDDEN",
      "RULE_DENIED",
      "TARGET_OUTRANKS",
    );
    await expectError(
      admin.people.ban({ userId: world.demo.SUPER_ADMIN.id, reason: "Coup" }),
      "FORBIDDEN",
      "RULE_DENIED",
      "TARGET_OUTRANKS",
    );
    await expectError(
      admin.people.ban({ userId: world.demo.ADMIN.id, reason: "Oops" }),
      "FORBIDDEN",
      "RULE_DENIED",
      "SELF_ACTION",
    );
    expect((await world.reload(peer.id)).status).toBe("ACTIVE");
    expect((await world.reload(world.demo.SUPER_ADMIN.id)).status).toBe("ACTIVE");
    // A super admin may ban an admin; nobody may ban a super admin.
    const sa = await world.as(world.demo.SUPER_ADMIN);
    await sa.people.ban({ userId: peer.id, reason: "Abuse of power" });
    expect((await world.reload(peer.id)).status).toBe("BANNED");
    const otherSa = await world.addUser({ role: "SUPER_ADMIN", district: null });
    await expectError(sa.people.ban({ userId: otherSa.id, reason: "Coup" }), "FORBIDDEN", "RULE_DENIED", "TARGET_OUTRANKS");
  });

  it("changeRole bumps the session version, is audited, and gives only roles below the admin's own", async () => {
    const traveler = await world.addUser({ role: "TRAVELER", district: NAXOS });
    const admin = await world.as(world.demo.ADMIN);
    await admin.people.changeRole({ userId: traveler.id, role: "HOST", reason: "Registered a business" });
    await expectError((await world.as(traveler)).auth.me(), "UNAUTHORIZED", "SESSION_REVOKED");
    const now = await world.reload(traveler.id);
    expect(now).toMatchObject({ role: "HOST", sessionVersion: traveler.sessionVersion + 1 });
    expect((await (await world.as(now)).auth.me()).role).toBe("HOST");
    expect(await lastEvent("USER_ROLE_CHANGED", traveler.id)).toMatchObject({
      changes: { role: { before: "TRAVELER", after: "HOST" }, reason: "Registered a business" },
    });

    await expectError(
      admin.people.changeRole({ userId: traveler.id, role: "ADMIN", reason: "Promote" }),
      "FORBIDDEN",
      "RULE_DENIED",
      "INVITE_ROLE_NOT_ALLOWED",
    );
    await expectError(
      admin.people.changeRole({ userId: traveler.id, role: "SUPER_ADMIN", reason: "Promote" }),
      "FORBIDDEN",
      "RULE_DENIED",
      "INVITE_ROLE_NOT_ALLOWED",
    );
    await expectError(
      admin.people.changeRole({ userId: traveler.id, role: "PUBLIC_KIOSK", reason: "Kiosk" }),
      "FORBIDDEN",
      "RULE_DENIED",
      "INVITE_ROLE_NOT_ALLOWED",
    );
    await expectError(
      admin.people.changeRole({ userId: traveler.id, role: "HOST", reason: "Same" }),
      "BAD_REQUEST",
      "INVALID_STATE",
    );
    expect((await world.reload(traveler.id)).role).toBe("HOST");
  });

  it("the reason is required, beside its field", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const out = await expectError(
      admin.people.suspend({ userId: world.demo.TRAVELER.id, reason: " " }),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
    expect(out.fieldErrors).toEqual({ reason: ["Say why (3 characters or more)."] });
  });
});

describe("people.list", () => {
  let highlander: DemoUser;
  let parosOne: DemoUser;
  beforeAll(async () => {
    highlander = await world.addUser({ role: "TRAVELER", district: METSOVO, displayName: "Hilda Highlander" });
    parosOne = await world.addUser({ role: "MODERATOR", district: PAROS, displayName: "Pavlos 100% Paros_mod" });
  });

  it("an ADMIN sees only their region; a SUPER_ADMIN sees everyone", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const sa = await world.as(world.demo.SUPER_ADMIN);
    const seenByAdmin = (await admin.people.list({ limit: 100 })).items;
    const aegean = new Set([world.district(NAXOS), world.district(PAROS), world.district(SYROS)]);
    expect(seenByAdmin.length).toBeGreaterThan(5);
    expect(seenByAdmin.every((u) => u.districtId && aegean.has(u.districtId))).toBe(true);
    expect(seenByAdmin.map((u) => u.id)).not.toContain(highlander.id);
    expect(seenByAdmin.map((u) => u.id)).not.toContain(world.demo.SUPER_ADMIN.id);
    // Even asked directly, by name or by district.
    expect((await admin.people.list({ search: "Hilda", limit: 10 })).items).toEqual([]);
    expect((await admin.people.list({ districtId: world.district(METSOVO), limit: 10 })).items).toEqual([]);

    const seenBySa = (await sa.people.list({ search: "hilda", limit: 10 })).items;
    expect(seenBySa.map((u) => u.id)).toEqual([highlander.id]);
  });

  it("searches name, email and phone (case-insensitive, wildcards taken literally) and filters role, district, status", async () => {
    const admin = await world.as(world.demo.ADMIN);
    expect((await admin.people.list({ search: "THEO", limit: 10 })).items.map((u) => u.id)).toEqual([world.demo.TRAVELER.id]);
    expect((await admin.people.list({ search: "host@tessera", limit: 10 })).items.map((u) => u.id)).toEqual([world.demo.HOST.id]);
    expect((await admin.people.list({ search: "100%", limit: 10 })).items.map((u) => u.id)).toEqual([parosOne.id]);
    expect((await admin.people.list({ search: "s_m", limit: 10 })).items.map((u) => u.id)).toEqual([parosOne.id]);
    expect((await admin.people.list({ search: "%", limit: 100 })).items.map((u) => u.id)).toEqual([parosOne.id]);

    const moderators = (await admin.people.list({ role: "MODERATOR", limit: 100 })).items;
    expect(moderators.length).toBeGreaterThanOrEqual(2);
    expect(moderators.every((u) => u.role === "MODERATOR")).toBe(true);

    const inParos = (await admin.people.list({ districtId: world.district(PAROS), limit: 100 })).items;
    expect(inParos.map((u) => u.id)).toContain(parosOne.id);
    expect(inParos.every((u) => u.districtId === world.district(PAROS))).toBe(true);

    const suspendedOnes = (await admin.people.list({ status: "SUSPENDED", limit: 100 })).items;
    expect(suspendedOnes.every((u) => u.status === "SUSPENDED")).toBe(true);
    expect((await admin.people.list({ status: "BANNED", role: "HOST", limit: 100 })).items.length).toBeGreaterThanOrEqual(1);
  });

  it("pages with a cursor, newest first, without repeats", async () => {
    const sa = await world.as(world.demo.SUPER_ADMIN);
    const all = (await sa.people.list({ limit: 100 })).items.map((u) => u.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 100; i++) {
      const page: { items: { id: string }[]; nextCursor: string | null } = await sa.people.list({ limit: 3, cursor });
      paged.push(...page.items.map((u) => u.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(paged).toEqual(all);
    expect(new Set(paged).size).toBe(paged.length);
  });
});

describe("invites", () => {
  const codePattern = new RegExp(`^[${INVITE_ALPHABET}]{4}-[${INVITE_ALPHABET}]{4}-[${INVITE_ALPHABET}]{4}$`);

  it("the invite form offers exactly what the rule allows: a host travelers at home, an admin four roles in the region, a super admin five anywhere", async () => {
    const names = (o: { districts: { name: string }[] }) => o.districts.map((d) => d.name).sort();
    const host = await (await world.as(world.demo.HOST)).invites.options();
    expect(host.roles).toEqual(["TRAVELER"]);
    expect(names(host)).toEqual([NAXOS]);
    const admin = await (await world.as(world.demo.ADMIN)).invites.options();
    expect(admin.roles).toEqual(["TRAVELER", "HOST", "ORG_USER", "MODERATOR"]);
    expect(names(admin)).toEqual([NAXOS, PAROS, SYROS].sort());
    const sa = await (await world.as(world.demo.SUPER_ADMIN)).invites.options();
    expect(sa.roles).toEqual(["TRAVELER", "HOST", "ORG_USER", "MODERATOR", "ADMIN"]);
    expect(names(sa)).toEqual(expect.arrayContaining([NAXOS, PAROS, SYROS, ZAGORI, METSOVO]));
  });

  it("a host invites travelers into their own district only", async () => {
    const host = await world.as(world.demo.HOST);
    const created = await host.invites.create({
      role: "TRAVELER",
      districtId: world.district(NAXOS),
      maxUses: 2,
      expiresInDays: 7,
    });
    expect(created.code).toMatch(codePattern);
    expect(created.signupUrl).toBe(`http://localhost:3000/signup?invite=${encodeURIComponent(created.code)}`);
    await expectError(
      host.invites.create({ role: "TRAVELER", districtId: world.district(PAROS), maxUses: 2, expiresInDays: 7 }),
      "FORBIDDEN",
      "RULE_DENIED",
      "INVITE_DISTRICT_NOT_ALLOWED",
    );
    await expectError(
      host.invites.create({ role: "HOST", districtId: world.district(NAXOS), maxUses: 1, expiresInDays: 7 }),
      "FORBIDDEN",
      "RULE_DENIED",
      "INVITE_ROLE_NOT_ALLOWED",
    );
  });

  it("an admin invites roles below their own, in their region; never an admin or a kiosk", async () => {
    const admin = await world.as(world.demo.ADMIN);
    await admin.invites.create({ role: "MODERATOR", districtId: world.district(PAROS), maxUses: 1, expiresInDays: 7 });
    await admin.invites.create({ role: "HOST", districtId: world.district(SYROS), maxUses: 1, expiresInDays: 7 });
    const before = (await auditRows(world.db, { action: "INVITE_CREATED" })).length;
    await expectError(
      admin.invites.create({ role: "ADMIN", districtId: world.district(NAXOS), maxUses: 1, expiresInDays: 7 }),
      "FORBIDDEN",
      "RULE_DENIED",
      "INVITE_ROLE_NOT_ALLOWED",
    );
    await expectError(
      admin.invites.create({ role: "SUPER_ADMIN", districtId: world.district(NAXOS), maxUses: 1, expiresInDays: 7 }),
      "FORBIDDEN",
      "RULE_DENIED",
      "INVITE_ROLE_NOT_ALLOWED",
    );
    await expectError(
      admin.invites.create({ role: "PUBLIC_KIOSK", districtId: world.district(NAXOS), maxUses: 1, expiresInDays: 7 }),
      "FORBIDDEN",
      "RULE_DENIED",
      "INVITE_ROLE_NOT_ALLOWED",
    );
    await expectError(
      admin.invites.create({ role: "TRAVELER", districtId: world.district(ZAGORI), maxUses: 1, expiresInDays: 7 }),
      "FORBIDDEN",
      "RULE_DENIED",
      "OUT_OF_REGION",
    );
    expect((await auditRows(world.db, { action: "INVITE_CREATED" })).length).toBe(before);
    const [denial] = (await auditRows(world.db, { action: "ACCESS_DENIED" })).slice(-1);
    expect(denial).toMatchObject({
      actorId: world.demo.ADMIN.id,
      targetId: "invite.create",
      changes: { reason: "OUT_OF_REGION" },
    });
  });

  it("verifier staff invites: an admin only into an organization their region governs, and only into districts it serves", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const sa = await world.as(world.demo.SUPER_ADMIN);
    const highlandAdmin = await world.as(await world.addUser({ role: "ADMIN", district: ZAGORI }));
    const [ferries] = await world.db.select().from(organizations).where(eq(organizations.name, "Harbour Ferries"));
    const { id: guides } = await sa.verification.createOrganization({
      name: "Metsovo Mountain Guides",
      scopePolicy: ["identity.verified"],
      regionId: world.region(HIGHLANDS),
    });
    const staffInvite = (organizationId: string, district: string) => ({
      role: "ORG_USER" as const,
      organizationId,
      orgRole: "ORG_ADMIN" as const,
      districtId: world.district(district),
      maxUses: 1,
      expiresInDays: 7,
    });
    const written = async () => ({
      invites: (await world.db.select().from(invites)).length,
      staff: (await world.db.select().from(organizationInvites)).length,
      events: (await auditRows(world.db, { action: "INVITE_CREATED" })).length,
    });

    // The Aegean admin, into the Highlands' organization, even with a district of their own region.
    const before = await written();
    const deniedBefore = (await auditRows(world.db, { action: "ACCESS_DENIED" })).length;
    await expectError(admin.invites.create(staffInvite(guides, NAXOS)), "FORBIDDEN", "RULE_DENIED", "ORGANIZATION_OUT_OF_REGION");
    await expectError(admin.invites.create(staffInvite(guides, METSOVO)), "FORBIDDEN", "RULE_DENIED", "OUT_OF_REGION");
    // Their own region's organization, but a district outside their region.
    await expectError(admin.invites.create(staffInvite(ferries!.id, ZAGORI)), "FORBIDDEN", "RULE_DENIED", "OUT_OF_REGION");
    // A super admin governs all, but staff live where the organization serves.
    await expectError(
      sa.invites.create(staffInvite(ferries!.id, ZAGORI)),
      "FORBIDDEN",
      "RULE_DENIED",
      "ORGANIZATION_DISTRICT_NOT_SERVED",
    );
    expect(await written()).toEqual(before);
    const [denial] = (await auditRows(world.db, { action: "ACCESS_DENIED" })).slice(deniedBefore);
    expect(denial).toMatchObject({ targetId: "invite.create", changes: { reason: "ORGANIZATION_OUT_OF_REGION" } });

    // Each region's admin invites into its own organizations.
    await admin.invites.create(staffInvite(ferries!.id, PAROS));
    await highlandAdmin.invites.create(staffInvite(guides, METSOVO));
    await sa.invites.create(staffInvite(guides, ZAGORI));

    // Once a super admin lets the guides serve the Aegean too, its admin may invite their staff there.
    await sa.verification.setOrganizationRegions({
      organizationId: guides,
      regionId: world.region(HIGHLANDS),
      servedRegionIds: [world.region(AEGEAN)],
    });
    const created = await admin.invites.create(staffInvite(guides, NAXOS));
    const [link] = await world.db.select().from(organizationInvites).where(eq(organizationInvites.inviteId, created.id));
    expect(link).toMatchObject({ organizationId: guides, orgRole: "ORG_ADMIN" });
    await expectError(highlandAdmin.invites.create(staffInvite(guides, NAXOS)), "FORBIDDEN", "RULE_DENIED", "OUT_OF_REGION");

    // An organization's own admin still invites their staff.
    const orgAdmin = await world.as(world.demo.ORG_USER);
    const staff = await orgAdmin.verification.inviteStaff({ orgRole: "STAFF", maxUses: 1, expiresInDays: 3 });
    expect(staff.code).toMatch(codePattern);
  });

  it("a super admin invites admins, anywhere; but not another super admin", async () => {
    const sa = await world.as(world.demo.SUPER_ADMIN);
    const created = await sa.invites.create({ role: "ADMIN", districtId: world.district(ZAGORI), maxUses: 1, expiresInDays: 30 });
    const result = await (
      await world.anonymous()
    ).auth.signup({
      inviteCode: created.code,
      email: "highland.admin@example.com",
      password: "a-highland-password",
      displayName: "Highland Admin",
    });
    expect(result).toMatchObject({ role: "ADMIN", home: "/admin" });
    await expectError(
      sa.invites.create({ role: "SUPER_ADMIN", districtId: world.district(ZAGORI), maxUses: 1, expiresInDays: 30 }),
      "FORBIDDEN",
      "RULE_DENIED",
      "INVITE_ROLE_NOT_ALLOWED",
    );
  });

  it("mailing invites is capped per person in any 24 hours: past the cap, 429 and nothing written; unmailed invites go on", async () => {
    const host = await world.addUser({ role: "HOST", district: NAXOS });
    const h = await world.as(host);
    const limit = env.INVITE_MAILS_PER_DAY;
    expect(limit).toBe(20);
    const invite = (email?: string) =>
      h.invites.create({ role: "TRAVELER", districtId: world.district(NAXOS), maxUses: 1, expiresInDays: 1, email });
    const first = await invite("friend-0@example.com");
    for (let i = 1; i < limit; i++) await invite(`friend-${i}@example.com`);

    const written = async () => ({
      invites: (await world.db.select().from(invites)).length,
      mails: (await world.db.select().from(notifications)).length,
      events: (await auditRows(world.db, { action: "INVITE_CREATED" })).length,
    });
    const before = await written();
    const out = await expectError(invite("one-too-many@example.com"), "TOO_MANY_REQUESTS", "THROTTLED");
    expect(out.message).toMatch(new RegExp(`mailed ${limit} invites in the last 24 hours.*without an address`));
    expect(await written()).toEqual(before);
    const [throttled] = (await auditRows(world.db, { action: "THROTTLED" })).filter((e) => e.actorId === host.id);
    expect(throttled).toMatchObject({ targetId: "invites.mail", changes: { limit } });

    // An invite without an address is still made (its link is shared by hand), and others are not held.
    await invite();
    await (
      await world.as(await world.addUser({ role: "HOST", district: NAXOS }))
    ).invites.create({
      role: "TRAVELER",
      districtId: world.district(NAXOS),
      maxUses: 1,
      expiresInDays: 1,
      email: "someone-else@example.com",
    });
    // Once the oldest mailing is more than a day old, one more may go.
    await world.db
      .update(invites)
      .set({ createdAt: new Date(Date.now() - 25 * 3_600_000) })
      .where(eq(invites.id, first.id));
    await invite("next-day@example.com");
    await expectError(invite("and-again@example.com"), "TOO_MANY_REQUESTS", "THROTTLED");
  });

  it("the code is shown once: only its hash is stored, and neither the list nor the audit log holds it", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const created = await admin.invites.create({
      role: "TRAVELER",
      districtId: world.district(NAXOS),
      maxUses: 3,
      expiresInDays: 7,
      note: "Harbour festival",
    });
    const [row] = await world.db.select().from(invites).where(eq(invites.id, created.id));
    const stored = JSON.stringify(row);
    const bare = normalizeInviteCode(created.code);
    expect(stored).not.toContain(created.code);
    expect(stored).not.toContain(bare);
    expect(row!.codeHash).toBe(hashInviteCode(created.code));
    expect(row!.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.codeHint).toBe(bare.slice(-4));

    const listed = (await admin.invites.list({ limit: 100 })).items.find((i) => i.id === created.id)!;
    expect(JSON.stringify(listed)).not.toContain(bare);
    expect(listed).not.toHaveProperty("code");
    expect(listed).toMatchObject({
      codeHint: bare.slice(-4),
      role: "TRAVELER",
      districtName: NAXOS,
      regionName: AEGEAN,
      maxUses: 3,
      uses: 0,
      usesLeft: 3,
      state: "ACTIVE",
      note: "Harbour festival",
    });

    const event = await lastEvent("INVITE_CREATED", created.id);
    expect(event).toMatchObject({
      actorId: world.demo.ADMIN.id,
      changes: { role: "TRAVELER", districtId: world.district(NAXOS), maxUses: 3 },
    });
    expect(JSON.stringify(event)).not.toContain(bare);

    // Uses left follow signups.
    await (
      await world.anonymous()
    ).auth.signup({
      inviteCode: created.code,
      email: "festival-1@example.com",
      password: "a-festival-password",
      displayName: "Festival One",
    });
    const again = (await admin.invites.list({ limit: 100 })).items.find((i) => i.id === created.id)!;
    expect(again).toMatchObject({ uses: 1, usesLeft: 2, state: "ACTIVE" });
  });

  it("an invite into a district that does not exist is refused and creates nothing", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const before = {
      invites: (await world.db.select().from(invites)).length,
      events: (await auditRows(world.db, { action: "INVITE_CREATED" })).length,
    };
    const out = await expectError(
      admin.invites.create({
        role: "TRAVELER",
        districtId: "00000000-0000-4000-8000-000000000000",
        maxUses: 1,
        expiresInDays: 1,
      }),
      "NOT_FOUND",
      "NOT_FOUND",
    );
    expect(out.fieldErrors).toEqual({ districtId: ["Choose a district."] });
    expect((await world.db.select().from(invites)).length).toBe(before.invites);
    expect((await auditRows(world.db, { action: "INVITE_CREATED" })).length).toBe(before.events);
  });

  it("each inviter sees their own invites (hosts) or their region's (admins)", async () => {
    const host = await world.as(world.demo.HOST);
    const hostSees = (await host.invites.list({ limit: 100 })).items;
    expect(hostSees.length).toBeGreaterThanOrEqual(1);
    const creators = await world.db.select({ id: invites.id, createdBy: invites.createdBy }).from(invites);
    const byId = new Map(creators.map((c) => [c.id, c.createdBy]));
    expect(hostSees.every((i) => byId.get(i.id) === world.demo.HOST.id)).toBe(true);

    const admin = await world.as(world.demo.ADMIN);
    const adminSees = (await admin.invites.list({ limit: 100 })).items;
    expect(adminSees.every((i) => i.regionName === AEGEAN)).toBe(true);
    expect(adminSees.some((i) => byId.get(i.id) === world.demo.SUPER_ADMIN.id)).toBe(true); // the demo invites in the region
    const sa = await world.as(world.demo.SUPER_ADMIN);
    expect((await sa.invites.list({ limit: 100 })).items.some((i) => i.regionName === HIGHLANDS)).toBe(true);
  });

  it("revoking works, is audited, and the code is refused at signup; others' invites are out of reach", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const created = await admin.invites.create({ role: "HOST", districtId: world.district(PAROS), maxUses: 5, expiresInDays: 7 });

    // A host cannot revoke the admin's invite; an admin of another region cannot either; and both
    // are told exactly what a random id gets, so invite ids cannot be confirmed by probing.
    const host = await world.as(world.demo.HOST);
    const highlandAdmin = await world.addUser({ role: "ADMIN", district: ZAGORI });
    const highland = await world.as(highlandAdmin);
    for (const caller of [host, highland]) {
      const theirs = await expectError(caller.invites.revoke({ inviteId: created.id }), "NOT_FOUND");
      const none = await expectError(caller.invites.revoke({ inviteId: randomUUID() }), "NOT_FOUND");
      const seen = ({ code, appCode, reason, message }: typeof none) => ({ code, appCode, reason, message });
      expect(seen(theirs)).toEqual(seen(none));
    }
    expect((await world.db.select().from(invites).where(eq(invites.id, created.id)))[0]!.isActive).toBe(true);

    expect(await admin.invites.revoke({ inviteId: created.id })).toEqual({ ok: true });
    expect(await lastEvent("INVITE_REVOKED", created.id)).toMatchObject({
      actorId: world.demo.ADMIN.id,
      changes: { isActive: { before: true, after: false } },
    });
    const listed = (await admin.invites.list({ limit: 100 })).items.find((i) => i.id === created.id)!;
    expect(listed).toMatchObject({ isActive: false, state: "REVOKED" });
    expect((await admin.invites.list({ limit: 100, activeOnly: true })).items.map((i) => i.id)).not.toContain(created.id);

    await expectError(
      (await world.anonymous()).auth.signup({
        inviteCode: created.code,
        email: "too-late@example.com",
        password: "a-too-late-password",
        displayName: "Too Late",
      }),
      "BAD_REQUEST",
      "INVITE_REVOKED",
    );
    await expectError(admin.invites.revoke({ inviteId: created.id }), "BAD_REQUEST", "INVALID_STATE");
    // The super admin may revoke anyone's.
    const hostInvite = await host.invites.create({
      role: "TRAVELER",
      districtId: world.district(NAXOS),
      maxUses: 1,
      expiresInDays: 1,
    });
    await (await world.as(world.demo.SUPER_ADMIN)).invites.revoke({ inviteId: hostInvite.id });
  });

  it("validation errors come back beside each field", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const out = await expectError(
      admin.invites.create({ role: "TRAVELER", districtId: "nope", maxUses: 0, expiresInDays: 365 }),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
    expect(out.fieldErrors).toEqual({
      districtId: ["Choose a district."],
      maxUses: ["At least 1 use."],
      expiresInDays: ["At most 90 days."],
    });
  });
});

describe("geography", () => {
  const densityOf = async (name: string) =>
    (
      await world.db
        .select()
        .from(districts)
        .where(eq(districts.id, world.district(name)))
    )[0]!;

  it("an admin updates crowd density in their own region, audited with before and after", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const before = await densityOf(PAROS);
    const updated = await admin.geography.updateDistrict({
      districtId: world.district(PAROS),
      crowdDensity: 60,
      densityThreshold: before.densityThreshold,
    });
    expect(updated).toMatchObject({ crowdDensity: 60, densityThreshold: before.densityThreshold });
    const event = await lastEvent("DISTRICT_UPDATED", world.district(PAROS));
    expect(event).toMatchObject({ actorId: world.demo.ADMIN.id, targetType: "district" });
    // Only the fields that changed.
    expect(event!.changes).toEqual({ crowdDensity: { before: before.crowdDensity, after: 60 } });
    const figures = (await admin.geography.adminDistricts()).find((d) => d.id === world.district(PAROS));
    expect(figures).toMatchObject({ crowdDensity: 60, regionName: AEGEAN });
  });

  it("an admin is refused in the other region (OUT_OF_REGION, recorded) and nothing changes", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const before = await densityOf(ZAGORI);
    await expectError(
      admin.geography.updateDistrict({ districtId: world.district(ZAGORI), crowdDensity: 99 }),
      "FORBIDDEN",
      "RULE_DENIED",
      "OUT_OF_REGION",
    );
    expect(await densityOf(ZAGORI)).toEqual(before);
    expect(await auditRows(world.db, { action: "DISTRICT_UPDATED", targetId: world.district(ZAGORI) })).toEqual([]);
    const [denial] = (await auditRows(world.db, { action: "ACCESS_DENIED" })).slice(-1);
    expect(denial).toMatchObject({ actorId: world.demo.ADMIN.id, targetId: "admin.scope", changes: { reason: "OUT_OF_REGION" } });
    // The super admin may.
    await (
      await world.as(world.demo.SUPER_ADMIN)
    ).geography.updateDistrict({ districtId: world.district(ZAGORI), crowdDensity: 99 });
    expect((await densityOf(ZAGORI)).crowdDensity).toBe(99);
  });

  it("density outside 0–100 is refused beside the field; a no-op update is refused", async () => {
    const admin = await world.as(world.demo.ADMIN);
    const out = await expectError(
      admin.geography.updateDistrict({ districtId: world.district(NAXOS), crowdDensity: 101 }),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
    expect(out.fieldErrors).toEqual({ crowdDensity: ["0 to 100."] });
    const current = await densityOf(NAXOS);
    await expectError(
      admin.geography.updateDistrict({ districtId: world.district(NAXOS), crowdDensity: current.crowdDensity }),
      "BAD_REQUEST",
      "INVALID_STATE",
    );
  });

  it("the public district list carries names only, no crowd figures", async () => {
    const list = await (await world.anonymous()).geography.districts();
    expect(list.length).toBe(5);
    for (const d of list) expect(Object.keys(d).sort()).toEqual(["id", "name", "regionId", "regionName"]);
  });
});
