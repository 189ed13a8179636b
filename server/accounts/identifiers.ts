// Normalisation of the things people sign in with.
import { z } from "zod";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** E.164-style: a leading + and 8–15 digits; spaces, dashes, dots and brackets are dropped. */
export function normalizePhone(phone: string): string | null {
  const stripped = phone.trim().replace(/[\s\-().]/g, "");
  const withPlus = stripped.startsWith("00") ? `+${stripped.slice(2)}` : stripped;
  return /^\+[1-9]\d{7,14}$/.test(withPlus) ? withPlus : null;
}

export const emailSchema = z.string().trim().max(254).email("Enter a valid email address.").transform(normalizeEmail);

export const phoneSchema = z
  .string()
  .trim()
  .max(32)
  .transform((value, ctx) => {
    const phone = normalizePhone(value);
    if (!phone) {
      ctx.addIssue({ code: "custom", message: "Enter the phone number with its country code, e.g. +30 21 0123 4567." });
      return z.NEVER;
    }
    return phone;
  });

/** Email if it has an @, phone otherwise: what the login form's single field accepts. */
export function normalizeIdentifier(identifier: string): { email?: string; phone?: string } | null {
  const trimmed = identifier.trim();
  if (trimmed.includes("@")) {
    const parsed = emailSchema.safeParse(trimmed);
    return parsed.success ? { email: parsed.data } : null;
  }
  const phone = normalizePhone(trimmed);
  return phone ? { phone } : null;
}
