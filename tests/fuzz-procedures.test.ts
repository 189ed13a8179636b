// Property test: EVERY procedure of appRouter, called with generated inputs (shapes derived from its
// own zod input schema, then broken: wrong types, NUL and control characters, huge numbers, tampered
// cursors, operator-laden search text) by several principals, never answers INTERNAL_SERVER_ERROR.
// The walk reads appRouter, so procedures added by other domains are fuzzed without any change here.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnyRouter } from "@trpc/server";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { appRouter } from "@/server/root";
import { seededWorld, type TestWorld, type Caller } from "./helpers";

type ZodLike = { _zod?: { def: Record<string, unknown> } };
type Arb = fc.Arbitrary<unknown>;

/** Values that have made servers fail before: control characters, operator runs, overflow, junk cursors. */
const NASTY_STRINGS = [
  "\u0000",
  "a\u0000b",
  "\u0007bell",
  "-".repeat(40),
  "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
  "(((((((((((",
  "' or 1=1 --",
  "%00",
  "\uD800",
  "x".repeat(5000),
  "eyJzIjoicmVsZXZhbmNlIiwiayI6WyJub3QtYS1kYXRlIiwiMDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwIl19",
  Buffer.from(`not-a-time|${"0".repeat(8)}-0000-0000-0000-${"0".repeat(12)}`).toString("base64url"),
  Buffer.from(`+275760-09-13T00:00:00.000Z|00000000-0000-0000-0000-000000000000`).toString("base64url"),
  Buffer.from(JSON.stringify({ s: "price", k: ["99999999999999999999", "00000000-0000-0000-0000-000000000000"] })).toString(
    "base64url",
  ),
  Buffer.from(JSON.stringify({ s: "newest", k: ["2026-13-45 99:99:99", "00000000-0000-0000-0000-000000000000"] })).toString(
    "base64url",
  ),
  "00000000-0000-0000-0000-000000000000",
  "",
  " ",
];
const NASTY_NUMBERS = [0, -1, 1.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e308, Number.MAX_SAFE_INTEGER, NaN, Infinity];

function stringArb(def: Record<string, unknown>, ids: string[]): Arb {
  const format = (def.format as string | undefined) ?? "";
  const base: Arb[] = [fc.string({ maxLength: 40 }), fc.constantFrom(...NASTY_STRINGS)];
  if (format === "uuid" || format === "guid" || ids.length === 0) base.push(fc.uuid());
  if (ids.length > 0) base.push(fc.constantFrom(...ids), fc.constantFrom(...ids));
  if (format === "email") base.push(fc.emailAddress());
  if (format === "url") base.push(fc.webUrl());
  if (format === "datetime") base.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
  return fc.oneof(...base);
}

/** An arbitrary for a zod (v4) schema, valid-ish by construction; unknown kinds get anything. */
function arbOf(schema: unknown, ids: string[], depth = 0): Arb {
  const def = (schema as ZodLike)?._zod?.def;
  if (!def || depth > 6) return fc.anything();
  const inner = (key: string) => arbOf(def[key], ids, depth + 1);
  switch (def.type) {
    case "string":
      return stringArb(def, ids);
    case "number":
      return fc.oneof(fc.integer({ min: -3, max: 120 }), fc.integer(), fc.constantFrom(...NASTY_NUMBERS));
    case "bigint":
      return fc.bigInt();
    case "boolean":
      return fc.boolean();
    case "date":
      return fc.date();
    case "null":
      return fc.constant(null);
    case "undefined":
      return fc.constant(undefined);
    case "literal":
      return fc.constantFrom(...((def.values as unknown[]) ?? [undefined]));
    case "enum":
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case "optional":
    case "nonoptional":
    case "readonly":
    case "catch":
      return fc.oneof(inner("innerType"), fc.constant(undefined));
    case "nullable":
      return fc.oneof(inner("innerType"), fc.constant(null));
    case "default":
    case "prefault":
      return fc.oneof(inner("innerType"), fc.constant(undefined));
    case "pipe":
      return inner("in");
    case "lazy":
      return fc.anything();
    case "array":
      return fc.array(inner("element"), { maxLength: 4 });
    case "tuple":
      return fc.tuple(...((def.items as unknown[]) ?? []).map((i) => arbOf(i, ids, depth + 1)));
    case "union":
      return fc.oneof(...((def.options as unknown[]) ?? []).map((o) => arbOf(o, ids, depth + 1)));
    case "intersection":
      return inner("left");
    case "record":
      return fc.dictionary(fc.string({ maxLength: 10 }), inner("valueType"), { maxKeys: 4 });
    case "object": {
      const shape = (def.shape ?? {}) as Record<string, unknown>;
      const fields = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, arbOf(v, ids, depth + 1)]));
      return fc.record(fields, { requiredKeys: [] });
    }
    default:
      return fc.anything();
  }
}

/** Breaks a value: swaps one leaf for a nasty one, adds an unknown key, or replaces it with junk. */
function broken(valid: Arb): Arb {
  const leafSwap = fc
    .tuple(valid, fc.constantFrom<unknown>(...NASTY_STRINGS, ...NASTY_NUMBERS, null, [], {}, true))
    .map(([v, nasty]) => {
      if (v && typeof v === "object" && !Array.isArray(v)) {
        const keys = Object.keys(v);
        if (keys.length > 0) return { ...(v as object), [keys[keys.length - 1]!]: nasty };
        return { extra: nasty };
      }
      return nasty;
    });
  return fc.oneof(
    leafSwap,
    fc.anything({ maxDepth: 2 }),
    valid.map((v) => (v && typeof v === "object" ? { ...(v as object), "na\u0000me": 1 } : v)),
  );
}

interface Procedure {
  path: string;
  inputs: unknown[];
}

function proceduresOf(r: AnyRouter): Procedure[] {
  const procedures = r._def.procedures as Record<string, { _def: { inputs?: unknown[] } }>;
  return Object.entries(procedures).map(([path, proc]) => ({ path, inputs: proc._def.inputs ?? [] }));
}

function callAt(caller: Caller, path: string, input: unknown): Promise<unknown> {
  let target: unknown = caller;
  for (const part of path.split(".")) target = (target as Record<string, unknown>)[part];
  return (target as (i: unknown) => Promise<unknown>)(input);
}

const SAMPLES_PER_CALLER = Number(process.env.FUZZ_SAMPLES ?? 6);

describe("fuzz: every procedure, generated inputs, several principals — never a 500", () => {
  let world: TestWorld;
  let ids: string[] = [];
  beforeAll(async () => {
    world = await seededWorld();
    // Real ids from every table with a uuid id, so generated inputs reach past "not found".
    const tables = rowsOf<{ table_name: string }>(
      await world.db.execute(
        sql`select table_name from information_schema.columns where column_name = 'id' and data_type = 'uuid' and table_schema = 'public'`,
      ),
    );
    for (const { table_name } of tables) {
      const rows = rowsOf<{ id: string }>(
        await world.db.execute(sql`select id::text as id from ${sql.identifier(table_name)} limit 8`),
      );
      ids.push(...rows.map((r) => r.id));
    }
    ids = [...new Set(ids)];
  });
  afterAll(async () => world?.close());

  it("walks every procedure (the walk is not vacuous)", () => {
    const paths = proceduresOf(appRouter).map((p) => p.path);
    expect(paths.length).toBeGreaterThanOrEqual(30);
    expect(paths).toEqual(expect.arrayContaining(["auth.signup", "listings.explore", "moderation.decide", "people.list"]));
  });

  it("no generated input, from any principal, makes any procedure fail with INTERNAL_SERVER_ERROR", async () => {
    // Least privileged first: the admins' generated mutations (bans, flag changes) come last.
    const principals: [string, () => Promise<Caller>][] = [
      ["anonymous", () => world.anonymous({ ip: "192.0.2.10" })],
      ...(["TRAVELER", "HOST", "ORG_USER", "MODERATOR", "ADMIN", "SUPER_ADMIN"] as const).map(
        (role) =>
          [role, async () => world.as(await world.reload(world.demo[role].id), { ip: "192.0.2.11" })] as [
            string,
            () => Promise<Caller>,
          ],
      ),
    ];
    const failures: string[] = [];
    let sent = 0;
    const started = Date.now();
    for (const [who, makeCaller] of principals) {
      for (const proc of proceduresOf(appRouter)) {
        const valid = proc.inputs.length > 0 ? arbOf(proc.inputs[0], ids) : fc.constant(undefined);
        const inputs = fc.sample(fc.oneof(valid, valid, broken(valid)), { numRuns: SAMPLES_PER_CALLER, seed: sent + 7 });
        for (const input of inputs) {
          sent++;
          try {
            await callAt(await makeCaller(), proc.path, input);
          } catch (err) {
            const code = (err as { code?: string }).code;
            if (code === "INTERNAL_SERVER_ERROR" || !code) {
              const cause = (err as { cause?: Error }).cause ?? err;
              failures.push(
                `${who} ${proc.path} ${JSON.stringify(input)?.slice(0, 200)} → ${(cause as Error)?.message?.slice(0, 200)}`,
              );
            }
          }
        }
      }
    }
    console.log(
      `[fuzz] ${sent} calls over ${proceduresOf(appRouter).length} procedures × ${principals.length} principals in ${Date.now() - started} ms; ${failures.length} internal errors`,
    );
    expect(failures).toEqual([]);
    // About 5,000 calls: seconds alone, but a busy machine must not turn it into a timeout (which
    // would close the database under the walk and report its calls as failures).
  }, 300_000);
});
