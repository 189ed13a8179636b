// Settings, validated once at start-up. Secrets have development defaults only outside production.
import { z } from "zod";

// `next build` also runs with NODE_ENV=production; secrets are needed by a running server, not a build.
const isProductionStart =
  process.env.NODE_ENV === "production" &&
  process.env.NEXT_PHASE !== "phase-production-build" &&
  // The demo and the browser tests run the production build on purpose with development secrets.
  process.env.TESSERA_DEMO !== "1";

/** Secrets a production start must be given; each has a development default otherwise. */
const SECRETS = {
  AUTH_SECRET: "dev-only-auth-secret-change-me-0123456789abcdef",
  NID_HMAC_KEY: "dev-only-nid-hmac-key-0123456789abcdef",
  ALIAS_HMAC_KEY: "dev-only-alias-hmac-key-0123456789abcdef",
} as const;

/** An optional setting; an empty value counts as unset. */
const optionalSetting = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined);

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  /** PGlite data folder when DATABASE_URL is unset; "memory://" keeps it in memory (tests). */
  PGLITE_DIR: z.string().default(".data/pglite"),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters"),
  NID_HMAC_KEY: z.string().min(32),
  ALIAS_HMAC_KEY: z.string().min(32),
  /** ISO time before which only admins may sign in. */
  PILOT_START_AT: z
    .string()
    .datetime({ offset: true })
    .optional()
    .transform((v) => (v ? new Date(v) : undefined)),
  APP_URL: z.string().url().default("http://localhost:3000"),
  /** Folder for the LOCAL upload provider's files (used when Cloudinary is not configured). */
  UPLOADS_DIR: z.string().trim().min(1).default(".data/uploads"),
  /** Cloudinary: all three set selects the CLOUDINARY upload provider; none set, LOCAL. */
  CLOUDINARY_CLOUD_NAME: optionalSetting,
  CLOUDINARY_API_KEY: optionalSetting,
  CLOUDINARY_API_SECRET: optionalSetting,
}).superRefine((v, ctx) => {
  const cloudinary = [v.CLOUDINARY_CLOUD_NAME, v.CLOUDINARY_API_KEY, v.CLOUDINARY_API_SECRET];
  if (cloudinary.some(Boolean) && !cloudinary.every(Boolean)) {
    ctx.addIssue({
      code: "custom",
      path: ["CLOUDINARY_API_SECRET"],
      message: "set all three of CLOUDINARY_CLOUD_NAME, CLOUDINARY_API_KEY and CLOUDINARY_API_SECRET, or none (files are then stored locally)",
    });
  }
});

export type Env = z.infer<typeof schema>;

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const input: Record<string, string | undefined> = { ...source };
  const missing: string[] = [];
  for (const [name, devDefault] of Object.entries(SECRETS)) {
    if (input[name]) continue;
    if (isProductionStart && source === process.env) missing.push(name);
    else input[name] = devDefault;
  }
  if (missing.length > 0) {
    throw new Error(
      `Tessera cannot start in production without these settings: ${missing.join(", ")}. ` +
        "Set each to a long random value (for example: openssl rand -base64 48).",
    );
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid Tessera settings:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env: Env = loadEnv();
