// Demo identity data: the demo traveler and host are verified, with a citizen profile and an
// approved case; with `sampleCases`, two more people: one whose case waits in the moderation queue
// with its documents (small generated images), one who was asked for changes. Idempotent.
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Database } from "./client";
import { encodePng } from "./sample-png";
import {
  citizenProfiles,
  enrollmentCases,
  enrollmentDocuments,
  moderationHistory,
  moderationItems,
  uploadAssets,
  users,
} from "./schema";
import type { EnrollmentDocumentKind, EnrollmentStatus } from "./schema/values";
import { digestNationalId, normaliseNationalId } from "@/server/identity/nid";
import { localUrl } from "@/server/uploads/local";
import { globalAlias } from "@/server/verification/aliases";
import { localUploadsDir } from "@/server/uploads/provider";

/** Made-up people; the numbers are fictional and exist only in this seed. */
export const DEMO_IDENTITIES: {
  email: string;
  displayName?: string;
  role?: "TRAVELER" | "HOST";
  legalName: string;
  dateOfBirth: string;
  nationalId: string;
  status: EnrollmentStatus;
  note?: string;
  sample?: boolean;
}[] = [
  {
    email: "traveler@tessera.test",
    legalName: "Theodoros Papadakis",
    dateOfBirth: "1991-04-17",
    nationalId: "AK-908172",
    status: "APPROVED",
  },
  {
    email: "host@tessera.test",
    legalName: "Helena Markou",
    dateOfBirth: "1984-09-02",
    nationalId: "AM-445129",
    status: "APPROVED",
  },
  {
    email: "pending@tessera.test",
    displayName: "Petra Pending",
    role: "TRAVELER",
    legalName: "Petra Nikolaidou",
    dateOfBirth: "1996-01-23",
    nationalId: "AN-771035",
    status: "SUBMITTED",
    sample: true,
  },
  {
    email: "changes@tessera.test",
    displayName: "Costas's Kayak Tours",
    role: "HOST",
    legalName: "Konstantinos Vlachos",
    dateOfBirth: "1979-06-30",
    nationalId: "AE-302218",
    status: "CHANGES_REQUESTED",
    note: "The back of the ID card is blurred; please upload a sharper photo of it.",
    sample: true,
  },
];

/** A solid PNG with a darker band, so the two sides of a card look different. */
function cardImage(width: number, height: number, rgb: [number, number, number]): Buffer {
  return encodePng(width, height, (x, y) => {
    const band = y > height * 0.15 && y < height * 0.3;
    const dark = band || (x > width * 0.08 && x < width * 0.3 && y > height * 0.4 && y < height * 0.85);
    return dark ? [Math.floor(rgb[0] * 0.55), Math.floor(rgb[1] * 0.55), Math.floor(rgb[2] * 0.55)] : rgb;
  });
}

async function storeDemoDocument(db: Database, ownerId: string, kind: EnrollmentDocumentKind) {
  const colours: Record<EnrollmentDocumentKind, [number, number, number]> = {
    ID_FRONT: [120, 170, 210],
    ID_BACK: [170, 200, 160],
    PROOF_OF_ADDRESS: [230, 225, 210],
  };
  const bytes = kind === "PROOF_OF_ADDRESS" ? cardImage(420, 594, colours[kind]) : cardImage(540, 340, colours[kind]);
  const name = `${randomBytes(16).toString("hex")}.png`;
  const dir = localUploadsDir();
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, name), bytes, { mode: 0o640 });
  const [asset] = await db
    .insert(uploadAssets)
    .values({
      ownerId,
      provider: "LOCAL",
      publicId: name,
      url: "pending",
      format: "png",
      bytes: bytes.length,
      width: kind === "PROOF_OF_ADDRESS" ? 420 : 540,
      height: kind === "PROOF_OF_ADDRESS" ? 594 : 340,
      purpose: "ENROLLMENT_DOCUMENT",
    })
    .returning({ id: uploadAssets.id });
  await db
    .update(uploadAssets)
    .set({ url: localUrl(asset!.id) })
    .where(eq(uploadAssets.id, asset!.id));
  return asset!.id;
}

export async function seedIdentity(
  db: Database,
  opts: { passwordHash: string; districtId: string; moderatorId: string | null; sampleCases: boolean },
): Promise<{ profilesCreated: number }> {
  let profilesCreated = 0;
  for (const person of DEMO_IDENTITIES) {
    if (person.sample && !opts.sampleCases) continue;
    if (person.sample) {
      await db
        .insert(users)
        .values({
          email: person.email,
          passwordHash: opts.passwordHash,
          displayName: person.displayName!,
          role: person.role!,
          districtId: opts.districtId,
        })
        .onConflictDoNothing();
    }
    const [user] = await db
      .select({ id: users.id, districtId: users.districtId })
      .from(users)
      .where(eq(users.email, person.email));
    if (!user) continue;
    const [existing] = await db
      .select({ id: citizenProfiles.id })
      .from(citizenProfiles)
      .where(eq(citizenProfiles.userId, user.id));
    if (existing) continue;

    const digest = digestNationalId(normaliseNationalId(person.nationalId));
    await db.insert(citizenProfiles).values({
      userId: user.id,
      legalName: person.legalName,
      dateOfBirth: person.dateOfBirth,
      districtId: user.districtId ?? opts.districtId,
      nidHash: digest.hash,
      nidKeyVersion: digest.version,
      nidLast4: digest.last4,
    });
    profilesCreated += 1;
    const decided = person.status === "APPROVED" || person.status === "CHANGES_REQUESTED";
    const [enrollment] = await db
      .insert(enrollmentCases)
      .values({
        userId: user.id,
        status: person.status,
        submittedAt: new Date(Date.now() - 2 * 86_400_000),
        decidedAt: decided ? new Date(Date.now() - 86_400_000) : null,
        decidedBy: decided ? opts.moderatorId : null,
        decisionNote: person.note ?? null,
      })
      .returning({ id: enrollmentCases.id });
    await db
      .update(users)
      .set({ kycStatus: person.status === "APPROVED" ? "VERIFIED" : "PENDING" })
      .where(eq(users.id, user.id));
    // An approved enrollment issues the person's global alias, as a moderator's approval does.
    if (person.status === "APPROVED") await globalAlias(db, user.id);
    if (!person.sample) continue;

    const kinds: EnrollmentDocumentKind[] =
      person.status === "SUBMITTED" ? ["ID_FRONT", "ID_BACK", "PROOF_OF_ADDRESS"] : ["ID_FRONT", "ID_BACK"];
    for (const kind of kinds) {
      await db
        .insert(enrollmentDocuments)
        .values({ caseId: enrollment!.id, kind, assetId: await storeDemoDocument(db, user.id, kind) });
    }
    // The pending case waits in the queue; the one sent back was decided there.
    const [item] = await db
      .insert(moderationItems)
      .values({
        targetType: "ENROLLMENT_CASE",
        targetId: enrollment!.id,
        reasons: [{ kind: "SUBMITTED" }],
        ...(person.status === "CHANGES_REQUESTED"
          ? {
              status: "RESOLVED" as const,
              decision: "REQUEST_CHANGES" as const,
              decisionReason: person.note!,
              decidedBy: opts.moderatorId,
              decidedAt: new Date(Date.now() - 86_400_000),
            }
          : {}),
      })
      .onConflictDoNothing()
      .returning({ id: moderationItems.id });
    if (item) {
      await db
        .insert(moderationHistory)
        .values({ itemId: item.id, actorId: user.id, event: "OPENED", details: { reason: { kind: "SUBMITTED" } } });
      if (person.status === "CHANGES_REQUESTED") {
        await db.insert(moderationHistory).values({
          itemId: item.id,
          actorId: opts.moderatorId,
          event: "DECIDED",
          details: { decision: "REQUEST_CHANGES", reason: person.note },
        });
      }
    }
  }
  return { profilesCreated };
}
