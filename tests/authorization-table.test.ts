// The authorisation table: every procedure of appRouter × every kind of caller → allowed, or the
// exact error a client sees. Each row is written out by hand; a procedure missing from the table
// fails the suite (and is probed as deny-expected for everyone), so a new procedure cannot slip in
// unreviewed. Denials of admin-level procedures must leave an ACCESS_DENIED security event.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desc, eq, gt, sql } from "drizzle-orm";
import { auditEvents, loginThrottles, users } from "@/db/schema";
import { appRouter } from "@/server/root";
import type { Meta } from "@/server/trpc";
import { AEGEAN, NAXOS, outcome, seededWorld, type Caller, type TestWorld } from "./helpers";

import {
  BAN,
  GATE_APP_CODES,
  OK,
  REVOKED,
  ROLE,
  SUBJECTS,
  SUSP,
  UNAUTH,
  type Row,
  type SubjectName,
} from "./authorization/cells";
import { IDENTITY_ROWS } from "./authorization/identity";
import { KIOSK_ROWS } from "./authorization/kiosk";
import { ORDERS_ROWS } from "./authorization/orders";
import { VERIFICATION_ROWS } from "./authorization/verification";
import { SESSIONS_ROWS } from "./authorization/sessions";
import { NOTIFICATIONS_ROWS } from "./authorization/notifications";

// One file of rows per new domain; spread here.
const DOMAIN_ROWS: Record<string, Row>[] = [
  KIOSK_ROWS,
  IDENTITY_ROWS,
  VERIFICATION_ROWS,
  ORDERS_ROWS,
  SESSIONS_ROWS,
  NOTIFICATIONS_ROWS,
];

// prettier-ignore
const TABLE: Record<string, Row> = {
  //                                anonymous TRAVELER HOST  ORG_USER MODERATOR ADMIN SUPER  suspended banned stale
  "auth.signup": {
    expect:                         [OK,      OK,      OK,   OK,      OK,       OK,   OK,    OK,       OK,    OK],
    input: (_w, n) => ({ inviteCode: "NOPE-NOPE-NOPE", email: `table-${n}@tessera.test`, password: "a-long-enough-password", displayName: "Table Test" }),
    reached: "INVITE_INVALID",
  },
  "auth.me": {
    expect:                         [UNAUTH,  OK,      OK,   OK,      OK,       OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "auth.changePassword": {
    expect:                         [UNAUTH,  OK,      OK,   OK,      OK,       OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => ({ currentPassword: "definitely-not-the-password", newPassword: "a-brand-new-password-123" }),
    reached: "WRONG_PASSWORD",
  },
  "invites.create": {
    expect:                         [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: (w) => ({ role: "TRAVELER", districtId: w.district(NAXOS), maxUses: 1, expiresInDays: 1 }),
    reached: "ok",
  },
  "invites.options": {
    expect:                         [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "invites.list": {
    expect:                         [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => ({ limit: 5 }),
    reached: "ok",
  },
  "invites.revoke": {
    expect:                         [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => ({ inviteId: randomUUID() }),
    reached: "NOT_FOUND",
  },
  "people.stats": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "people.list": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => ({ limit: 5 }),
    reached: "ok",
  },
  "people.suspend": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => ({ userId: randomUUID(), reason: "authorisation table" }),
    reached: "NOT_FOUND",
  },
  "people.ban": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => ({ userId: randomUUID(), reason: "authorisation table" }),
    reached: "NOT_FOUND",
  },
  "people.reinstate": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => ({ userId: randomUUID(), reason: "authorisation table" }),
    reached: "NOT_FOUND",
  },
  "people.changeRole": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => ({ userId: randomUUID(), role: "HOST", reason: "authorisation table" }),
    reached: "NOT_FOUND",
  },
  "geography.districts": {
    expect:                         [OK,      OK,      OK,   OK,      OK,       OK,   OK,    OK,       OK,    OK],
    input: () => undefined,
    reached: "ok",
  },
  "geography.regions": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "geography.adminDistricts": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "geography.createRegion": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     ROLE, OK,    SUSP,     BAN,   REVOKED],
    input: () => ({ name: AEGEAN }), // exists already: an allowed caller reaches the uniqueness check
    reached: "CONFLICT",
  },
  "geography.createDistrict": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     ROLE, OK,    SUSP,     BAN,   REVOKED],
    input: (w) => ({ regionId: w.region(AEGEAN), name: NAXOS }),
    reached: "CONFLICT",
  },
  "geography.updateDistrict": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => ({ districtId: randomUUID(), crowdDensity: 10 }),
    reached: "NOT_FOUND",
  },
  "flags.list": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "flags.update": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => ({ key: "EMERGENCY_MODE" }), // no change requested: an allowed caller hears "nothing to change"
    reached: "INVALID_STATE",
  },
  "audit.list": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => ({ limit: 5 }),
    reached: "ok",
  },
  "audit.daily": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "audit.actions": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "audit.status": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "audit.prove": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    ROLE,     OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => ({ eventId: randomUUID() }),
    reached: "NOT_FOUND",
  },
  // ---------------------------------------------------------------- listings (hosts; reading is public)
  "listings.canCreate": {
    expect:                         [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "listings.create": {
    expect:                         [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: (_w, n) => ({ kind: "SERVICE", title: `Table listing ${n}`, description: "A listing made by the authorisation table.", category: "tours", price: null, contact: null, meetingPoint: null }),
    reached: "ok",
  },
  "listings.update": {
    expect:                         [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ listingId: randomUUID(), title: "A new title" }),
    reached: "NOT_FOUND",
  },
  "listings.submit": {
    expect:                         [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ listingId: randomUUID() }),
    reached: "NOT_FOUND",
  },
  "listings.archive": {
    expect:                         [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ listingId: randomUUID() }),
    reached: "NOT_FOUND",
  },
  "listings.addPhoto": {
    expect:                         [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ listingId: randomUUID(), assetId: randomUUID() }),
    reached: "NOT_FOUND",
  },
  "listings.removePhoto": {
    expect:                         [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ listingId: randomUUID(), assetId: randomUUID() }),
    reached: "NOT_FOUND",
  },
  "listings.arrangePhotos": {
    expect:                         [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => {
      const asset = randomUUID();
      return { listingId: randomUUID(), order: [asset], coverAssetId: asset };
    },
    reached: "NOT_FOUND",
  },
  "listings.mine": {
    expect:                         [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "listings.forEdit": {
    expect:                         [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ listingId: randomUUID() }),
    reached: "NOT_FOUND",
  },
  "listings.get": {
    expect:                         [OK,      OK,      OK,   OK,      OK,       OK,   OK,    OK,       OK,    OK],
    input: () => ({ listingId: randomUUID() }),
    reached: "NOT_FOUND",
  },
  "listings.explore": {
    expect:                         [OK,      OK,      OK,   OK,      OK,       OK,   OK,    OK,       OK,    OK],
    input: () => ({ q: "harbour" }),
    reached: "ok",
  },
  "listings.suggest": {
    expect:                         [OK,      OK,      OK,   OK,      OK,       OK,   OK,    OK,       OK,    OK],
    input: () => ({ q: "harb" }),
    reached: "ok",
  },
  // ---------------------------------------------------------------- promotions (hosts)
  "promotions.mine": {
    expect:                         [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "promotions.issue": {
    expect:                         [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ listingId: randomUUID(), title: "Table offer", discountPercent: null, startsAt: new Date(), endsAt: new Date(Date.now() + 86_400_000) }),
    reached: "NOT_FOUND",
  },
  "promotions.cancel": {
    expect:                         [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ promotionId: randomUUID() }),
    reached: "NOT_FOUND",
  },
  // ---------------------------------------------------------------- moderation (moderators only; reports from anyone signed in)
  "moderation.queue": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    OK,       ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({}),
    reached: "ok",
  },
  "moderation.counts": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    OK,       ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "moderation.item": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    OK,       ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ itemId: randomUUID() }),
    reached: "NOT_FOUND",
  },
  "moderation.claim": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    OK,       ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ itemId: randomUUID() }),
    reached: "NOT_FOUND",
  },
  "moderation.release": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    OK,       ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ itemId: randomUUID() }),
    reached: "NOT_FOUND",
  },
  "moderation.decide": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    OK,       ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ itemId: randomUUID(), version: 1, decision: "REJECT", reason: "authorisation table" }),
    reached: "NOT_FOUND",
  },
  "moderation.keywords": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    OK,       ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "ok",
  },
  "moderation.addKeyword": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    OK,       ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: (_w, n) => ({ term: `table term ${n}`, action: "FLAG" }),
    reached: "ok",
  },
  "moderation.removeKeyword": {
    expect:                         [UNAUTH,  ROLE,    ROLE, ROLE,    OK,       ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ keywordId: randomUUID() }),
    reached: "NOT_FOUND",
  },
  "moderation.report": {
    expect:                         [UNAUTH,  OK,      OK,   OK,      OK,       OK,   OK,    SUSP,     BAN,   REVOKED],
    input: () => ({ targetType: "LISTING", targetId: randomUUID(), reason: "authorisation table" }),
    reached: "NOT_FOUND",
  },
  // ---------------------------------------------------------------- uploads (hosts; Cloudinary is not configured in tests)
  "uploads.uploadLocal": {
    expect:                         [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => new FormData(), // no file: an allowed caller hears which field is missing
    reached: "INVALID_INPUT",
  },
  "uploads.signCloudinary": {
    expect:                         [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => undefined,
    reached: "INVALID_STATE",
  },
  "uploads.signCloudinaryParams": {
    expect:                         [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({ purpose: "LISTING_MEDIA", paramsToSign: { timestamp: 1_700_000_000, source: "uw" } }),
    reached: "INVALID_STATE",
  },
  "uploads.registerCloudinary": {
    expect:                         [UNAUTH,  ROLE,    OK,   ROLE,    ROLE,     ROLE, ROLE,  SUSP,     BAN,   REVOKED],
    input: () => ({
      purpose: "LISTING_MEDIA",
      public_id: "tessera/table-test",
      version: 1,
      signature: "0".repeat(40),
      format: "jpg",
      bytes: 1000,
      width: 10,
      height: 10,
      secure_url: "https://res.cloudinary.com/demo/image/upload/v1/tessera/table-test.jpg",
      resource_type: "image",
    }),
    reached: "INVALID_STATE",
  },
  ...Object.assign({}, ...DOMAIN_ROWS),
};

// ---------------------------------------------------------------- the walk

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { meta?: Meta } }>;
const ALL_PATHS = Object.keys(procedures).sort();
/** An unlisted procedure fails the listing test above, and is also probed here as deny-expected for everyone. */
const DENY_ALL: Row = {
  expect: [UNAUTH, ROLE, ROLE, ROLE, ROLE, ROLE, ROLE, SUSP, BAN, REVOKED],
  input: () => undefined,
  reached: "ok",
};

/** Admin-level: only ADMIN and SUPER_ADMIN may call it. Every denial of one must be audited. */
function isAdminLevel(path: string): boolean {
  const policy = procedures[path]?._def.meta?.policy;
  return policy?.kind === "roles" && policy.roles.every((r) => r === "ADMIN" || r === "SUPER_ADMIN");
}

function callPath(caller: Caller, path: string, input: unknown): Promise<unknown> {
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  return (fn as (i: unknown) => Promise<unknown>)(input);
}

describe("authorization table", () => {
  let world: TestWorld;
  let callers: Record<SubjectName, () => Promise<Caller>>;
  let subjectIds: Record<SubjectName, string | null>;
  let n = 0;

  beforeAll(async () => {
    world = await seededWorld();
    const suspended = await world.addUser({ role: "TRAVELER", district: NAXOS, status: "SUSPENDED" });
    const banned = await world.addUser({ role: "TRAVELER", district: NAXOS, status: "BANNED" });
    // An admin whose token predates a version bump (e.g. a password change): the old token is dead.
    const stale = await world.addUser({ role: "ADMIN", district: NAXOS });
    await world.db
      .update(users)
      .set({ sessionVersion: stale.sessionVersion + 1 })
      .where(eq(users.id, stale.id));
    const d = world.demo;
    // With the current session version: account.endAllSessions (allowed for each) moves it on.
    const current = async (id: string) => world.as(await world.reload(id));
    callers = {
      anonymous: () => world.anonymous(),
      TRAVELER: () => current(d.TRAVELER.id),
      HOST: () => current(d.HOST.id),
      ORG_USER: () => current(d.ORG_USER.id),
      MODERATOR: () => current(d.MODERATOR.id),
      ADMIN: () => current(d.ADMIN.id),
      SUPER_ADMIN: () => current(d.SUPER_ADMIN.id),
      "suspended TRAVELER": () => world.as(suspended),
      "banned TRAVELER": () => world.as(banned),
      "stale-session ADMIN": () => world.as(stale), // claims carry the old version
    };
    subjectIds = {
      anonymous: null,
      TRAVELER: d.TRAVELER.id,
      HOST: d.HOST.id,
      ORG_USER: d.ORG_USER.id,
      MODERATOR: d.MODERATOR.id,
      ADMIN: d.ADMIN.id,
      SUPER_ADMIN: d.SUPER_ADMIN.id,
      "suspended TRAVELER": null, // not signed in as far as the server is concerned
      "banned TRAVELER": null,
      "stale-session ADMIN": null,
    };
  });
  afterAll(async () => {
    await world?.close();
  });

  it("lists every procedure of appRouter, and nothing that does not exist", () => {
    expect(ALL_PATHS.filter((p) => !(p in TABLE))).toEqual([]);
    expect(Object.keys(TABLE).filter((p) => !ALL_PATHS.includes(p))).toEqual([]);
  });

  it("the table agrees with no procedure being public except those listed as open to all", () => {
    const openToAll = Object.entries(TABLE)
      .filter(([, row]) => row.expect.every((c) => c === OK))
      .map(([p]) => p)
      .sort();
    expect(openToAll).toEqual([
      "auth.confirmEmail",
      "auth.requestPasswordReset",
      "auth.resetPassword",
      "auth.revertEmailChange",
      "auth.signup",
      "geography.districts",
      "listings.explore",
      "listings.get",
      "listings.suggest",
      "reviews.forListing",
    ]);
  });

  it.each(ALL_PATHS)("%s", async (path) => {
    // Each row asks who gets through, not how often: the link procedures share one per-address
    // throttle (tests/recovery.test.ts covers it), which the rows before would otherwise use up.
    await world.db.delete(loginThrottles).where(sql`true`);
    const row = TABLE[path] ?? DENY_ALL;
    const actual: Record<string, string> = {};
    const expected: Record<string, string> = {};
    const problems: string[] = [];
    for (const [i, subject] of SUBJECTS.entries()) {
      const want = row.expect[i]!;
      expected[subject] = want;
      const [last] = await world.db.select({ seq: auditEvents.seq }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
      const before = last?.seq ?? 0;
      const caller = await callers[subject]();
      n += 1;
      const out = await outcome(callPath(caller, path, row.input(world, n)));
      const fresh = await world.db.select().from(auditEvents).where(gt(auditEvents.seq, before));

      if (out.ok) {
        actual[subject] = OK;
        if (row.reached !== "ok") problems.push(`${subject}: expected the procedure to answer ${row.reached}, it succeeded`);
      } else if (out.appCode && GATE_APP_CODES.has(out.appCode)) {
        actual[subject] = `${out.code}/${out.appCode}`;
      } else {
        actual[subject] = OK; // the gate let it through; the procedure refused for its own reasons
        if (out.appCode !== row.reached) {
          problems.push(`${subject}: allowed call ended in ${out.code}/${out.appCode} (${out.message}), expected ${row.reached}`);
        }
      }

      const denials = fresh.filter((e) => e.action === "ACCESS_DENIED" && e.targetId === path);
      if (actual[subject] !== OK) {
        // A refused call changes nothing: at most the security event of its refusal.
        const other = fresh.filter((e) => e.action !== "ACCESS_DENIED");
        if (other.length) problems.push(`${subject}: refused call wrote ${other.map((e) => e.action).join(", ")}`);
        if (isAdminLevel(path)) {
          if (denials.length !== 1) {
            problems.push(`${subject}: denial of admin-level ${path} wrote ${denials.length} ACCESS_DENIED events, expected 1`);
          } else {
            const event = denials[0]!;
            const code = actual[subject]!.split("/")[1];
            if ((event.changes as { code?: string } | null)?.code !== code) {
              problems.push(`${subject}: ACCESS_DENIED records code ${JSON.stringify(event.changes)}, expected ${code}`);
            }
            if (event.actorId !== subjectIds[subject]) {
              problems.push(`${subject}: ACCESS_DENIED actor ${event.actorId}, expected ${subjectIds[subject]}`);
            }
            if (event.ip !== "127.0.0.1" || event.userAgent !== "vitest")
              problems.push(`${subject}: ACCESS_DENIED lacks ip/user agent`);
          }
        }
      } else if (denials.length) {
        problems.push(`${subject}: allowed call wrote an ACCESS_DENIED event`);
      }
    }
    expect(actual).toEqual(expected);
    expect(problems).toEqual([]);
  });
});
