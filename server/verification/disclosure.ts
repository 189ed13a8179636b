// What a verification discloses: the token's scopes ∩ the live consent ∩ the organization's policy,
// and for those scopes only, the attribute values. Pure functions.
import { CONSENT_SCOPE_LABELS, CONSENT_SCOPES, type ConsentScope } from "@/db/schema/values";

/** requested ∩ consented ∩ policy, in the canonical scope order. */
export function disclosedScopes(
  requested: readonly string[],
  consented: readonly string[],
  policy: readonly string[],
): ConsentScope[] {
  return CONSENT_SCOPES.filter((s) => requested.includes(s) && consented.includes(s) && policy.includes(s));
}

/** Whole years between a YYYY-MM-DD date of birth and `now` (UTC calendar). */
export function ageOn(dateOfBirth: string, now: Date): number {
  const [y, m, d] = dateOfBirth.split("-").map(Number) as [number, number, number];
  let age = now.getUTCFullYear() - y;
  const beforeBirthday = now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age;
}

export interface Person {
  legalName: string;
  dateOfBirth: string;
  districtName: string;
}

export interface DisclosedAttribute {
  scope: ConsentScope;
  label: string;
  value: string | boolean;
}

/** The values of the given scopes, and nothing else about the person. */
export function attributesFor(scopes: readonly ConsentScope[], person: Person, now: Date): DisclosedAttribute[] {
  return scopes.map((scope) => {
    const label = CONSENT_SCOPE_LABELS[scope];
    switch (scope) {
      case "identity.verified":
        return { scope, label, value: true };
      case "identity.name":
        return { scope, label, value: person.legalName };
      case "identity.ageOver18":
        return { scope, label, value: ageOn(person.dateOfBirth, now) >= 18 };
      case "identity.district":
        return { scope, label, value: person.districtName };
    }
  });
}

/** "name, over 18" */
export function scopeWords(scopes: readonly string[]): string {
  return scopes.map((s) => CONSENT_SCOPE_LABELS[s as ConsentScope] ?? s).join(", ");
}
