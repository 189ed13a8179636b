// Settings, validated once at start-up. Secrets have development defaults only outside production;
// the demo and the browser tests (TESSERA_DEMO=1) get random secrets generated once into their data
// folder; a production start refuses any secret that appears in this source.
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { nidKeySetProblem, parseNidKeySet } from "./identity/nid-keys";

// `next build` also runs with NODE_ENV=production; secrets are needed by a running server, not a build.
const isProductionStart = process.env.NODE_ENV === "production" && process.env.NEXT_PHASE !== "phase-production-build";
const isDemo = process.env.TESSERA_DEMO === "1";

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

/** Settings a production start must be given that have no development default (the demo makes its own). */
const REQUIRED_IN_PRODUCTION = ["CREDENTIAL_SIGNING_KEYS", "AUDIT_SIGNING_KEYS"] as const;

/** One Ed25519 private key as a JWK, with its key id. */
const signingJwk = z.object({
  kty: z.literal("OKP"),
  crv: z.literal("Ed25519"),
  kid: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/, "kid: letters, digits, dot, dash, underscore"),
  x: z.string().min(40),
  d: z.string().min(40),
});
export type SigningJwk = z.infer<typeof signingJwk>;

/**
 * CREDENTIAL_SIGNING_KEYS: a JWK set (JSON `{"keys": [...]}`) of Ed25519 private keys. The first
 * key signs new tokens; every listed key verifies. Rotate by putting a new key first, and remove
 * the old one once its last tokens have expired (minutes).
 */
const signingKeySet = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(v);
    } catch {
      ctx.addIssue({
        code: "custom",
        message: 'must be a JSON JWK set: {"keys":[{"kty":"OKP","crv":"Ed25519","kid":"…","x":"…","d":"…"}]}',
      });
      return z.NEVER;
    }
    const result = z.object({ keys: z.array(signingJwk).min(1, "needs at least one key") }).safeParse(parsed);
    if (!result.success) {
      for (const issue of result.error.issues)
        ctx.addIssue({ code: "custom", message: `${issue.path.join(".")}: ${issue.message}` });
      return z.NEVER;
    }
    const kids = result.data.keys.map((k) => k.kid);
    if (new Set(kids).size !== kids.length) {
      ctx.addIssue({ code: "custom", message: "each key needs its own kid" });
      return z.NEVER;
    }
    return result.data.keys;
  });

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z.string().url().optional(),
    /** PGlite data folder when DATABASE_URL is unset; "memory://" keeps it in memory (tests). */
    PGLITE_DIR: z.string().default(".data/pglite"),
    AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters"),
    /** The single national-ID key of earlier set-ups: version 1 when NID_HMAC_KEYS is unset. */
    NID_HMAC_KEY: z.string().min(32).optional(),
    /** Versioned national-ID keys, `1:<secret>,2:<secret>`; the newest hashes (server/identity/nid.ts). */
    NID_HMAC_KEYS: optionalSetting,
    ALIAS_HMAC_KEY: z.string().min(32),
    /** Signs order check-in codes; unset, a key is derived from AUTH_SECRET. */
    CHECKIN_HMAC_KEY: optionalSetting.pipe(z.string().min(32, "CHECKIN_HMAC_KEY must be at least 32 characters").optional()),
    /** ISO time before which only admins may sign in. */
    PILOT_START_AT: z
      .string()
      .datetime({ offset: true })
      .optional()
      .transform((v) => (v ? new Date(v) : undefined)),
    APP_URL: z.string().url().default("http://localhost:3000"),
    /** Where mail is sent: smtp://user:pass@host:port (smtps:// for TLS from the start); required in production. */
    SMTP_URL: optionalSetting.pipe(
      z
        .string()
        .regex(/^smtps?:\/\/[^\s]+$/, "SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465")
        .optional(),
    ),
    /** The sender of Tessera's mail; defaults to no-reply at APP_URL's host. */
    MAIL_FROM: optionalSetting,
    /** How long a new message may stay unread before it is mailed (one digest per conversation). */
    MESSAGE_MAIL_DELAY_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
    /** How many invites one person may mail to an address in any 24 hours (invites without an address are not counted). */
    INVITE_MAILS_PER_DAY: z.coerce.number().int().min(1).max(1000).default(20),
    /** A kiosk not heard from for this long is reported to its region's admins. */
    KIOSK_OFFLINE_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
    /** Ed25519 keys that sign verification tokens (see signingKeySet); required in production. */
    CREDENTIAL_SIGNING_KEYS: signingKeySet,
    /** Where development/demo keys are kept when CREDENTIAL_SIGNING_KEYS is unset (default: beside the PGlite folder). */
    CREDENTIAL_KEYS_FILE: optionalSetting,
    /** Ed25519 keys that sign the audit log's checkpoints (same JWK-set form); required in production. */
    AUDIT_SIGNING_KEYS: signingKeySet,
    /** Where development/demo audit keys are kept when AUDIT_SIGNING_KEYS is unset (default: beside the PGlite folder). */
    AUDIT_KEYS_FILE: optionalSetting,
    /** How many reverse proxies in front of the app append to X-Forwarded-For (0: none, the socket is the client). */
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    /** Folder for the LOCAL upload provider's files (used when Cloudinary is not configured). */
    UPLOADS_DIR: z.string().trim().min(1).default(".data/uploads"),
    /** Cloudinary: all three set selects the CLOUDINARY upload provider; none set, LOCAL. */
    CLOUDINARY_CLOUD_NAME: optionalSetting,
    CLOUDINARY_API_KEY: optionalSetting,
    CLOUDINARY_API_SECRET: optionalSetting,
    /** Timed transitions (server/scheduler; the README lists each): how long each waits. */
    ORDER_REQUEST_EXPIRY_HOURS: z.coerce.number().positive().default(48),
    ORDER_INQUIRY_IDLE_DAYS: z.coerce.number().positive().default(14),
    REVIEW_WINDOW_DAYS: z.coerce.number().positive().default(14),
    ENROLLMENT_CHANGES_REQUESTED_DAYS: z.coerce.number().positive().default(30),
    CONSENT_WARNING_DAYS: z.coerce.number().positive().default(3),
    /** How often the scheduler looks for due work (it works from the database, so a restart loses nothing). */
    SCHEDULER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  })
  .superRefine((v, ctx) => {
    if (v.NID_HMAC_KEYS) {
      const problem = nidKeySetProblem(v.NID_HMAC_KEYS);
      if (problem) ctx.addIssue({ code: "custom", path: ["NID_HMAC_KEYS"], message: problem });
      if (isProductionStart && parseNidKeySet(v.NID_HMAC_KEYS).some((k) => isSourceSecret(k.secret))) {
        ctx.addIssue({
          code: "custom",
          path: ["NID_HMAC_KEYS"],
          message: "a national-ID key is the development default from the source; set a secret of your own",
        });
      }
    }
    const cloudinary = [v.CLOUDINARY_CLOUD_NAME, v.CLOUDINARY_API_KEY, v.CLOUDINARY_API_SECRET];
    if (cloudinary.some(Boolean) && !cloudinary.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["CLOUDINARY_API_SECRET"],
        message:
          "set all three of CLOUDINARY_CLOUD_NAME, CLOUDINARY_API_KEY and CLOUDINARY_API_SECRET, or none (files are then stored locally)",
      });
    }
  });

export type Env = z.infer<typeof schema>;

/**
 * The demo's secrets: random values written once (mode 0600) to `secrets.json` next to its
 * database folder, then read by every later start, so sessions survive restarts and nobody who
 * reads the source can sign tokens for the demo.
 */
export function demoSecrets(source: Record<string, string | undefined> = process.env): Record<keyof typeof SECRETS, string> {
  const file =
    source.TESSERA_SECRETS_FILE ||
    path.join(/*turbopackIgnore: true*/ path.dirname(source.PGLITE_DIR || ".data/pglite"), "secrets.json");
  const fresh = Object.fromEntries(Object.keys(SECRETS).map((k) => [k, randomBytes(36).toString("base64url")]));
  try {
    fs.mkdirSync(/*turbopackIgnore: true*/ path.dirname(file), { recursive: true });
    fs.writeFileSync(/*turbopackIgnore: true*/ file, JSON.stringify(fresh, null, 2), { flag: "wx", mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  const stored = JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8")) as Record<string, string>;
  // A secret added after the file was written is appended to it.
  const missing = Object.keys(SECRETS).filter((k) => !stored[k]);
  if (missing.length > 0) {
    for (const k of missing) stored[k] = fresh[k]!;
    fs.writeFileSync(/*turbopackIgnore: true*/ file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return stored as Record<keyof typeof SECRETS, string>;
}

/** A secret a production start must refuse: one of the development defaults in this file. */
export function isSourceSecret(value: string): boolean {
  return (Object.values(SECRETS) as string[]).includes(value) || value.startsWith("dev-only-");
}

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const input: Record<string, string | undefined> = { ...source };
  const missing: string[] = [];
  const fromSource: string[] = [];
  const production = isProductionStart && source === process.env;
  const generated = production && isDemo ? demoSecrets(source) : null;
  for (const [name, devDefault] of Object.entries(SECRETS)) {
    if (input[name]) {
      if (production && isSourceSecret(input[name]!)) fromSource.push(name);
      continue;
    }
    // The versioned key set replaces the single national-ID key (which stays accepted as version 1).
    if (name === "NID_HMAC_KEY" && input.NID_HMAC_KEYS?.trim()) continue;
    if (generated) input[name] = generated[name as keyof typeof SECRETS];
    else if (production) missing.push(name);
    else input[name] = devDefault;
  }
  // Without a mail server nobody hears of anything and nobody can reset a password: the demo and the
  // browser tests start their own catcher and set SMTP_URL.
  if (production && !input.SMTP_URL?.trim()) missing.push("SMTP_URL");
  // The demo keeps its own verification signing keys in its data folder (server/verification/keys.ts).
  for (const name of REQUIRED_IN_PRODUCTION) {
    if (!input[name]?.trim() && production && !isDemo) missing.push(name);
  }
  if (fromSource.length > 0) {
    throw new Error(
      `Tessera refuses to start in production with a secret that is written in its source code: ${fromSource.join(", ")}. ` +
        "Set each to a long random value (for example: openssl rand -base64 48).",
    );
  }
  if (missing.length > 0) {
    throw new Error(
      `Tessera cannot start in production without these settings: ${missing.join(", ")}. ` +
        "Set each to a long random value (for example: openssl rand -base64 48); " +
        "CREDENTIAL_SIGNING_KEYS and AUDIT_SIGNING_KEYS are JWK sets that `npm run keys:generate` prints (one each); SMTP_URL is the mail server (smtp://user:password@host:587).",
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
