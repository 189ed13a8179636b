// A person starts their enrollment and says who they are. The national ID number goes in, is hashed
// at once (./nid.ts), and nothing of it but the last four characters ever comes back out.
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { districts } from "@/db/schema/geography";
import { citizenProfiles, enrollmentCases } from "@/db/schema/identity";
import type { Deps } from "@/server/context";
import { AppError } from "@/server/errors";
import { uniqueViolation } from "@/server/db-errors";
import { enforce } from "@/server/policy/authorize";
import { digestNationalId, isPlausibleNationalId, normaliseNationalId } from "./nid";
import { openCaseOf, editableCase, NATIONAL_ID_TAKEN_MESSAGE } from "./cases";

export async function startEnrollment(deps: Deps) {
  enforce(deps.securityEvents, "enrollment.start", deps.user, null);
  const open = await openCaseOf(deps.db, deps.user.id);
  if (open) {
    // Starting what is already open is a no-op (a second tab, a double click), recorded as such.
    deps.audit({
      action: "ENROLLMENT_STARTED",
      targetType: "enrollment_case",
      targetId: open.id,
      changes: { alreadyOpen: true },
    });
    return open;
  }
  try {
    const [created] = await deps.db.insert(enrollmentCases).values({ userId: deps.user.id }).returning();
    deps.audit({
      action: "ENROLLMENT_STARTED",
      targetType: "enrollment_case",
      targetId: created!.id,
      changes: { status: { before: null, after: "DRAFT" } },
    });
    return created!;
  } catch (err) {
    if (uniqueViolation(err)) throw new AppError("CONFLICT", "An enrollment is already in progress. Reload the page.");
    throw err;
  }
}

export interface DetailsInput {
  legalName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  districtId: string;
  /** As typed; optional when the profile already holds a number and it is not being changed. */
  nationalId?: string;
}

/** A date of birth that is a real day, in the past, and not more than 120 years ago. */
export function dateOfBirthProblem(value: string, now = new Date()): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== value) return "Enter the date of birth as a real date.";
  if (date.getTime() > now.getTime()) return "The date of birth cannot be in the future.";
  if (now.getUTCFullYear() - date.getUTCFullYear() > 120) return "Check the year of birth.";
  return null;
}

export async function saveEnrollmentDetails(deps: Deps, input: DetailsInput) {
  const current = await editableCase(deps);
  const dobProblem = dateOfBirthProblem(input.dateOfBirth);
  if (dobProblem) throw new AppError("INVALID_STATE", dobProblem, { fieldErrors: { dateOfBirth: [dobProblem] } });
  const [district] = await deps.db
    .select({ id: districts.id })
    .from(districts)
    .where(eq(districts.id, input.districtId))
    .limit(1);
  if (!district)
    throw new AppError("NOT_FOUND", "That district does not exist.", { fieldErrors: { districtId: ["Choose your district."] } });

  const [existing] = await deps.db.select().from(citizenProfiles).where(eq(citizenProfiles.userId, deps.user.id)).limit(1);
  let nid: { nidHash: string; nidKeyVersion: number; nidLast4: string } | null = null;
  if (input.nationalId !== undefined && input.nationalId !== "") {
    const normalised = normaliseNationalId(input.nationalId);
    if (!isPlausibleNationalId(normalised)) {
      const message = "Enter the national ID number as printed on the card: 6 to 20 letters and digits.";
      throw new AppError("INVALID_STATE", message, { fieldErrors: { nationalId: [message] } });
    }
    const digest = digestNationalId(normalised);
    const [taken] = await deps.db
      .select({ id: citizenProfiles.id })
      .from(citizenProfiles)
      .where(and(inArray(citizenProfiles.nidHash, digest.candidates), ne(citizenProfiles.userId, deps.user.id)))
      .limit(1);
    if (taken)
      throw new AppError("NATIONAL_ID_TAKEN", NATIONAL_ID_TAKEN_MESSAGE, {
        fieldErrors: { nationalId: [NATIONAL_ID_TAKEN_MESSAGE] },
      });
    // Re-entering the number also re-keys the profile to the newest key.
    nid = { nidHash: digest.hash, nidKeyVersion: digest.version, nidLast4: digest.last4 };
  } else if (!existing) {
    const message = "Enter your national ID number.";
    throw new AppError("INVALID_STATE", message, { fieldErrors: { nationalId: [message] } });
  }

  const fields = { legalName: input.legalName, dateOfBirth: input.dateOfBirth, districtId: input.districtId };
  try {
    if (existing) {
      await deps.db
        .update(citizenProfiles)
        .set({ ...fields, ...(nid ?? {}), updatedAt: new Date() })
        .where(eq(citizenProfiles.id, existing.id));
    } else {
      await deps.db.insert(citizenProfiles).values({ userId: deps.user.id, ...fields, ...nid! });
    }
  } catch (err) {
    if (uniqueViolation(err))
      throw new AppError("NATIONAL_ID_TAKEN", NATIONAL_ID_TAKEN_MESSAGE, {
        fieldErrors: { nationalId: [NATIONAL_ID_TAKEN_MESSAGE] },
      });
    throw err;
  }
  // Which fields changed, never their values beyond what the person sees anyway; the number
  // appears only as "changed", with its last four characters.
  const changed: Record<string, unknown> = {};
  if (!existing || existing.legalName !== fields.legalName) changed.legalName = true;
  if (!existing || existing.dateOfBirth !== fields.dateOfBirth) changed.dateOfBirth = true;
  if (!existing || existing.districtId !== fields.districtId)
    changed.districtId = { before: existing?.districtId ?? null, after: fields.districtId };
  if (nid && nid.nidHash !== existing?.nidHash)
    changed.nationalId = { changed: true, last4: nid.nidLast4, keyVersion: nid.nidKeyVersion };
  await deps.db
    .update(enrollmentCases)
    .set({ version: sql`${enrollmentCases.version} + 1`, updatedAt: new Date() })
    .where(eq(enrollmentCases.id, current.id));
  deps.audit({
    action: existing ? "CITIZEN_PROFILE_UPDATED" : "CITIZEN_PROFILE_CREATED",
    targetType: "enrollment_case",
    targetId: current.id,
    changes: changed,
  });
  return { ok: true as const };
}
