// Demo data: regions and districts, one account per role, the known flags, an invite per role.
// Idempotent: running it again adds nothing that is already there.
import { eq, sql } from "drizzle-orm";
import type { Database } from "./client";
import { districts, featureFlags, invites, listings, regions, users, type Role } from "./schema";
import { KNOWN_FLAGS, type FlagKey } from "@/server/flags";
import { hashPassword } from "@/server/auth/password";
import { hashInviteCode, inviteCodeHint } from "@/server/accounts/invite-codes";
import { appendAuditEvents } from "@/server/audit";
import { seedKiosk } from "./seed-kiosk";
import { seedIdentity } from "./seed-identity";
import { seedVerification } from "./seed-verification";
import { seedDemoOrders } from "./seed-orders";
import { seedListingPhotos } from "./seed-photos";

export const DEMO_PASSWORD = "tessera-demo-pass";

export const DEMO_GEOGRAPHY = {
  "Aegean Islands": [
    { name: "Naxos Old Town", crowdDensity: 35, densityThreshold: 80 },
    { name: "Paros Harbour", crowdDensity: 92, densityThreshold: 75 },
    { name: "Syros Hermoupolis", crowdDensity: 20, densityThreshold: 85 },
  ],
  "Northern Highlands": [
    { name: "Zagori Villages", crowdDensity: 15, densityThreshold: 70 },
    { name: "Metsovo", crowdDensity: 40, densityThreshold: 80 },
  ],
} as const;

export const DEMO_ACCOUNTS: {
  role: Exclude<Role, "PUBLIC_KIOSK">;
  email: string;
  displayName: string;
  district: string | null;
  kyc: "UNVERIFIED" | "VERIFIED";
}[] = [
  { role: "SUPER_ADMIN", email: "superadmin@tessera.test", displayName: "Sofia (super admin)", district: null, kyc: "VERIFIED" },
  {
    role: "ADMIN",
    email: "admin@tessera.test",
    displayName: "Andreas (Aegean admin)",
    district: "Naxos Old Town",
    kyc: "VERIFIED",
  },
  {
    role: "MODERATOR",
    email: "moderator@tessera.test",
    displayName: "Maria (moderator)",
    district: "Naxos Old Town",
    kyc: "VERIFIED",
  },
  {
    role: "ORG_USER",
    email: "verifier@tessera.test",
    displayName: "Victor (verifier)",
    district: "Naxos Old Town",
    kyc: "VERIFIED",
  },
  { role: "HOST", email: "host@tessera.test", displayName: "Helena's Naxos Walks", district: "Naxos Old Town", kyc: "VERIFIED" },
  { role: "TRAVELER", email: "traveler@tessera.test", displayName: "Theo Traveler", district: "Naxos Old Town", kyc: "VERIFIED" },
];

/** Fixed demo invite codes (from the readable alphabet), so a re-run prints the same ones. */
export const DEMO_INVITES: { role: Role; code: string; district: string }[] = [
  { role: "TRAVELER", code: "TSRA-TRAV-2345", district: "Naxos Old Town" },
  { role: "HOST", code: "TSRA-HSTS-2345", district: "Naxos Old Town" },
  { role: "ORG_USER", code: "TSRA-VRFY-2345", district: "Naxos Old Town" },
  { role: "MODERATOR", code: "TSRA-MDRT-2345", district: "Naxos Old Town" },
  { role: "ADMIN", code: "TSRA-ADMN-2345", district: "Syros Hermoupolis" },
];

export const DEMO_LISTINGS = [
  {
    kind: "SERVICE" as const,
    title: "Sunset walk to the Portara",
    description:
      "An easy hour along the causeway to the marble gate of the unfinished temple of Apollo, timed for the sunset.\nWe meet in the Old Town and walk at an unhurried pace; stories of the island's myths on the way.",
    category: "tours",
    priceMinor: 1500,
    currency: "EUR",
    contact: "Helena, +30 694 000 0001",
    meetingPoint: "The fountain at the bottom of the Old Town steps, next to the bakery",
  },
  {
    kind: "SERVICE" as const,
    title: "Kitron distillery tasting",
    description:
      "Taste the island's citron liqueur where it has been distilled since 1896, with a short tour of the copper stills.",
    category: "food-drink",
    priceMinor: 1000,
    currency: "EUR",
    contact: "Ask for Nikos at the shop counter",
    meetingPoint: "The distillery shop on the main square",
  },
  {
    kind: "SERVICE" as const,
    title: "Old Town pottery workshop",
    description: "Two hours at the wheel with a local potter. You leave with your own cup, glazed in the island's blue.",
    category: "crafts",
    priceMinor: 3500,
    currency: "EUR",
    contact: "workshop@naxos-pottery.example",
    meetingPoint: "The blue door behind the castle's north gate",
  },
  {
    kind: "HOTSPOT" as const,
    title: "Apeiranthos marble village",
    description:
      "A mountain village paved in marble, with small museums, a Venetian tower and tavernas on the square. Free to wander.",
    category: "culture",
    priceMinor: null,
    currency: null,
    contact: null,
    meetingPoint: null,
  },
  {
    // A host who writes in Greek: found from Greek, from Latin letters, with or without accents.
    kind: "SERVICE" as const,
    title: "Μαθήματα μαγειρικής στη Χώρα της Νάξου",
    description:
      "Μαγειρεύουμε κεφτέδες και τυρόπιτα με γραβιέρα Νάξου στην κουζίνα της γιαγιάς μας. Cooking class in Greek and English.",
    category: "food-drink",
    priceMinor: 4000,
    currency: "EUR",
    contact: "Μαρία, +30 694 000 0005",
    meetingPoint: "Η πράσινη πόρτα δίπλα στο φούρνο της Χώρας",
  },
];

const FLAG_DEFAULTS: Record<FlagKey, boolean> = {
  PILOT_ACTIVE: true,
  HOST_ONBOARDING_ENABLED: true,
  PROMOTIONS_ENABLED: true,
  MESSAGING_ENABLED: true,
  EMERGENCY_MODE: false,
};

export async function seedDemo(db: Database, options: { listings?: boolean } = {}) {
  const districtIds = new Map<string, string>();
  for (const [regionName, list] of Object.entries(DEMO_GEOGRAPHY)) {
    await db.insert(regions).values({ name: regionName }).onConflictDoNothing();
    const [region] = await db.select().from(regions).where(eq(regions.name, regionName));
    for (const d of list) {
      await db
        .insert(districts)
        .values({ regionId: region!.id, ...d })
        .onConflictDoNothing();
      const [row] = await db
        .select({ id: districts.id })
        .from(districts)
        .where(sql`${districts.regionId} = ${region!.id} and ${districts.name} = ${d.name}`);
      districtIds.set(d.name, row!.id);
    }
  }

  for (const [key, description] of Object.entries(KNOWN_FLAGS) as [FlagKey, string][]) {
    await db
      .insert(featureFlags)
      .values({ key, description, isGlobalEnabled: FLAG_DEFAULTS[key], rolloutPercentage: 100 })
      .onConflictDoNothing();
  }

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let superAdminId: string | null = null;
  const created: string[] = [];
  for (const account of DEMO_ACCOUNTS) {
    const inserted = await db
      .insert(users)
      .values({
        email: account.email,
        passwordHash,
        displayName: account.displayName,
        role: account.role,
        districtId: account.district ? districtIds.get(account.district)! : null,
        kycStatus: account.kyc,
        invitedBy: superAdminId,
        // The demo's addresses are its own: nothing to confirm.
        emailVerifiedAt: new Date(),
      })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (inserted[0]) created.push(inserted[0].id);
    const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, account.email));
    if (account.role === "SUPER_ADMIN") superAdminId = row!.id;
  }

  for (const invite of DEMO_INVITES) {
    await db
      .insert(invites)
      .values({
        codeHash: hashInviteCode(invite.code),
        codeHint: inviteCodeHint(invite.code),
        role: invite.role,
        districtId: districtIds.get(invite.district)!,
        maxUses: 50,
        expiresAt: new Date(Date.now() + 365 * 86_400_000),
        createdBy: superAdminId,
        note: "Demo invite",
      })
      .onConflictDoNothing();
  }

  // A few approved listings by the demo host, so Explore has something to show.
  const [host] = await db
    .select({ id: users.id, districtId: users.districtId })
    .from(users)
    .where(eq(users.email, "host@tessera.test"));
  let listingsCreated = 0;
  for (const listing of options.listings === false ? [] : DEMO_LISTINGS) {
    const [existing] = await db
      .select({ id: listings.id })
      .from(listings)
      .where(sql`${listings.hostId} = ${host!.id} and ${listings.title} = ${listing.title}`);
    if (existing) continue;
    await db.insert(listings).values({
      ...listing,
      hostId: host!.id,
      districtId: host!.districtId!,
      status: "APPROVED",
      submittedAt: new Date(),
      approvedAt: new Date(),
    });
    listingsCreated += 1;
  }

  // Photos for the listings that have none, through the upload path (a demo that looks alive).
  if (options.listings !== false) await seedListingPhotos(db, "host@tessera.test");

  const kiosk = await seedKiosk(db, districtIds);

  const [moderator] = await db.select({ id: users.id }).from(users).where(eq(users.email, "moderator@tessera.test"));
  const { profilesCreated } = await seedIdentity(db, {
    passwordHash,
    districtId: districtIds.get("Naxos Old Town")!,
    moderatorId: moderator?.id ?? null,
    sampleCases: options.listings !== false,
  });

  // After identity: the demo traveler's profile comes from there (verification adds one only if absent).
  await seedVerification(db);

  if (created.length > 0 || listingsCreated > 0 || kiosk.created || profilesCreated > 0) {
    await appendAuditEvents(
      db,
      { actorType: "SYSTEM", actorId: null, actorRole: null, ip: null, userAgent: "db:seed", requestId: null },
      [
        {
          action: "DEMO_DATA_SEEDED",
          targetType: "system",
          changes: { usersCreated: created.length, listingsCreated, kiosksCreated: kiosk.created ? 1 : 0, profilesCreated },
        },
      ],
    );
  }
  if (options.listings !== false)
    await seedDemoOrders(
      db,
      DEMO_LISTINGS.map((l) => l.title),
    );
  return { districtIds, createdUsers: created.length, kiosk };
}
