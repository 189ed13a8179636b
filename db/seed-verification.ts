// Demo data for verification: two organizations with staff (the demo verifier is Harbour Ferries'
// org admin), the demo traveler's consents to both, and a pending request from Naxos Museum.
// Idempotent. The demo traveler's citizen profile is inserted only when they have none.
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Database } from "./client";
import { citizenProfiles, districts, invites, regions, users } from "./schema";
import {
  consentGrants,
  organizationInvites,
  organizationMembers,
  organizations,
  verificationRequests,
} from "./schema/verification";
import type { ConsentScope } from "./schema/values";
import { hashInviteCode } from "@/server/accounts/invite-codes";
import { digestNationalId, normaliseNationalId } from "@/server/identity/nid";
import { pairwiseAlias } from "@/server/verification/aliases";

export const DEMO_ORGANIZATIONS: { name: string; region: string; scopePolicy: ConsentScope[] }[] = [
  {
    name: "Harbour Ferries",
    region: "Aegean Islands",
    scopePolicy: ["identity.verified", "identity.name", "identity.ageOver18"],
  },
  {
    name: "Naxos Museum",
    region: "Aegean Islands",
    scopePolicy: ["identity.verified", "identity.ageOver18", "identity.district"],
  },
];

/** Extra verifier staff (password: the demo password); the demo verifier is in DEMO_ACCOUNTS. */
export const DEMO_STAFF = [
  { email: "verifier@tessera.test", organization: "Harbour Ferries", orgRole: "ORG_ADMIN" as const, displayName: null },
  {
    email: "ferries.staff@tessera.test",
    organization: "Harbour Ferries",
    orgRole: "STAFF" as const,
    displayName: "Fotis (Harbour Ferries)",
  },
  {
    email: "museum@tessera.test",
    organization: "Naxos Museum",
    orgRole: "ORG_ADMIN" as const,
    displayName: "Myrto (Naxos Museum)",
  },
];

export async function seedVerification(db: Database) {
  const orgIds = new Map<string, string>();
  for (const org of DEMO_ORGANIZATIONS) {
    const [region] = await db.select({ id: regions.id }).from(regions).where(eq(regions.name, org.region));
    if (!region) throw new Error(`seed: no region ${org.region} for ${org.name}`);
    await db
      .insert(organizations)
      .values({ name: org.name, scopePolicy: org.scopePolicy, regionId: region.id })
      .onConflictDoNothing();
    const [row] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, org.name));
    orgIds.set(org.name, row!.id);
  }

  const [verifier] = await db.select().from(users).where(eq(users.email, "verifier@tessera.test"));
  if (!verifier) return;
  for (const staff of DEMO_STAFF) {
    if (staff.displayName) {
      await db
        .insert(users)
        .values({
          email: staff.email,
          passwordHash: verifier.passwordHash,
          displayName: staff.displayName,
          role: "ORG_USER",
          districtId: verifier.districtId,
          kycStatus: "VERIFIED",
          invitedBy: verifier.invitedBy,
        })
        .onConflictDoNothing();
    }
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, staff.email));
    await db
      .insert(organizationMembers)
      .values({ userId: user!.id, organizationId: orgIds.get(staff.organization)!, orgRole: staff.orgRole })
      .onConflictDoNothing();
  }

  // The demo verifier-staff invite makes its new people Harbour Ferries staff.
  const [staffInvite] = await db
    .select({ id: invites.id })
    .from(invites)
    .where(eq(invites.codeHash, hashInviteCode("TSRA-VRFY-2345")));
  if (staffInvite) {
    await db
      .insert(organizationInvites)
      .values({ inviteId: staffInvite.id, organizationId: orgIds.get("Harbour Ferries")!, orgRole: "STAFF" })
      .onConflictDoNothing();
  }

  const [traveler] = await db.select().from(users).where(eq(users.email, "traveler@tessera.test"));
  if (!traveler || traveler.kycStatus !== "VERIFIED") return;
  const [profile] = await db
    .select({ id: citizenProfiles.id })
    .from(citizenProfiles)
    .where(eq(citizenProfiles.userId, traveler.id));
  if (!profile) {
    const demoNid = digestNationalId(normaliseNationalId("DEMO-VERIFICATION-0001"));
    const [district] = traveler.districtId
      ? await db.select({ id: districts.id }).from(districts).where(eq(districts.id, traveler.districtId))
      : await db.select({ id: districts.id }).from(districts).limit(1);
    await db
      .insert(citizenProfiles)
      .values({
        userId: traveler.id,
        legalName: "Theodoros Papadakis",
        dateOfBirth: "1990-04-12",
        districtId: district!.id,
        // A made-up number, hashed by the identity domain like a real one.
        nidHash: demoNid.hash,
        nidKeyVersion: demoNid.version,
        nidLast4: demoNid.last4,
      })
      .onConflictDoNothing();
  }

  const consents: [string, ConsentScope[]][] = [
    ["Harbour Ferries", ["identity.verified", "identity.name", "identity.ageOver18"]],
    ["Naxos Museum", ["identity.verified", "identity.ageOver18"]],
  ];
  for (const [name, scopes] of consents) {
    const organizationId = orgIds.get(name)!;
    await db
      .insert(consentGrants)
      .values({ userId: traveler.id, organizationId, scopes, expiresAt: new Date(Date.now() + 90 * 86_400_000) })
      .onConflictDoNothing();
    await pairwiseAlias(db, traveler.id, organizationId);
  }

  const museum = orgIds.get("Naxos Museum")!;
  const [existing] = await db
    .select({ id: verificationRequests.id })
    .from(verificationRequests)
    .where(and(eq(verificationRequests.organizationId, museum), eq(verificationRequests.travelerId, traveler.id)));
  if (!existing) {
    const [museumStaff] = await db.select({ id: users.id }).from(users).where(eq(users.email, "museum@tessera.test"));
    await db.insert(verificationRequests).values({
      organizationId: museum,
      requestedBy: museumStaff!.id,
      travelerId: traveler.id,
      scopes: ["identity.ageOver18", "identity.district"],
      nonce: randomBytes(16).toString("base64url"),
      code: "MSEM-DEMO",
      note: "Resident discount: are you from the island, and over 18?",
      // Demo requests stay open for a month so the demo shows one; real ones last 15 minutes.
      expiresAt: new Date(Date.now() + 30 * 86_400_000),
    });
  }
}
