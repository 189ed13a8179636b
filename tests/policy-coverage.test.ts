// Deny by default: every procedure declares who may call it, and one that declares nobody is refused.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { AnyRouter } from "@trpc/server";
import { appRouter } from "@/server/root";
import {
  auditedAuthedProcedure,
  auditedHasRole,
  auditedPublicProcedure,
  authedProcedure,
  createCallerFactory,
  hasRole,
  kioskProcedure,
  publicProcedure,
  router,
  type Meta,
  type Policy,
} from "@/server/trpc";
import { createContextInner } from "@/server/context";
import { ROLES } from "@/server/policy/roles";
import { ROUTE_POLICIES } from "@/server/policy/routes";
import { rules } from "@/server/policy/rules";
import { strictInput } from "@/server/validation";
import { auditRows, expectError, seededWorld, type TestWorld } from "./helpers";

/** Every procedure of a router with its declared meta, by dotted path. */
function proceduresOf(r: AnyRouter): [string, Meta | undefined][] {
  const procedures = r._def.procedures as Record<string, { _def: { meta?: Meta } }>;
  return Object.entries(procedures).map(([path, proc]) => [path, proc._def.meta]);
}

function isValidPolicy(policy: Policy | undefined): boolean {
  if (!policy) return false;
  if (policy.kind === "public" || policy.kind === "authenticated" || policy.kind === "kiosk") return true;
  if (policy.kind === "roles") {
    return policy.roles.length > 0 && policy.roles.every((r) => (ROLES as readonly string[]).includes(r));
  }
  return false;
}

/** The paths whose procedure declares no (valid) policy. */
function undeclared(r: AnyRouter): string[] {
  return proceduresOf(r)
    .filter(([, meta]) => !isValidPolicy(meta?.policy))
    .map(([path]) => path);
}

describe("every procedure of appRouter declares its policy", () => {
  it("finds the procedures (the walk is not vacuous)", () => {
    const paths = proceduresOf(appRouter).map(([p]) => p);
    expect(paths.length).toBeGreaterThanOrEqual(15);
    expect(paths).toContain("auth.signup");
    expect(paths).toContain("people.ban");
    expect(paths).toContain("flags.update");
  });

  it("no procedure lacks a policy", () => {
    expect(undeclared(appRouter)).toEqual([]);
  });

  it("the walk catches a procedure that declares none", () => {
    const leaky = router({
      fine: publicProcedure.query(() => 1),
      nested: router({ leak: publicProcedure.meta({ policy: undefined }).query(() => "secret") }),
    });
    expect(undeclared(leaky)).toEqual(["nested.leak"]);
  });

  it("every mutation that changes state goes through the audited builder", () => {
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string; meta?: Meta } }>;
    const unaudited = Object.entries(procedures)
      .filter(([, p]) => p._def.type === "mutation" && !p._def.meta?.audited && !p._def.meta?.auditExempt)
      .map(([path]) => path);
    expect(unaudited).toEqual([]);
  });

  it("the only unaudited mutations are named here, each with its reason (the kiosk heartbeat)", () => {
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string; meta?: Meta } }>;
    const exempt = Object.entries(procedures)
      .filter(([, p]) => p._def.type === "mutation" && !p._def.meta?.audited)
      .map(([path, p]) => [path, p._def.meta?.policy?.kind, Boolean(p._def.meta?.auditExempt)]);
    expect(exempt).toEqual([["kiosk.heartbeat", "kiosk", true]]);
  });
});

// ---------------------------------------------------------------- input and output contracts

/** What tRPC 11 keeps of a procedure's schemas: `_def.inputs` (one per `.input()`), `_def.output`. */
type Schemas = { _def: { inputs?: unknown[]; output?: unknown } };

/** The zod definition of a schema, looking through optional / nullable / default / readonly wrappers. */
function zodDef(schema: unknown): { type: string; catchall?: unknown; [k: string]: unknown } | null {
  let def = (schema as { _zod?: { def?: { type: string; innerType?: unknown } } } | null)?._zod?.def;
  while (def && ["optional", "nullable", "default", "prefault", "readonly", "nonoptional"].includes(def.type)) {
    def = (def.innerType as { _zod?: { def?: typeof def } })?._zod?.def;
  }
  return (def as { type: string; catchall?: unknown }) ?? null;
}

/** An object input that lets unknown keys through (a plain `z.object`, or `.passthrough()`). */
function isLooseObject(schema: unknown): boolean {
  const def = zodDef(schema);
  if (!def || def.type !== "object") return false;
  return zodDef(def.catchall)?.type !== "never";
}

/** An object input's keys (through optional / nullable / default wrappers), or null. */
function inputKeys(schema: unknown): string[] | null {
  const def = zodDef(schema) as { type: string; shape?: Record<string, unknown> } | null;
  return def?.type === "object" && def.shape ? Object.keys(def.shape) : null;
}

/**
 * Subscriptions whose resolver parses every event through its view schema before yielding it.
 * tRPC's `.output()` parser would see the stream itself, not its events, so these declare none.
 */
const SUBSCRIPTIONS_PARSED_PER_EVENT = ["messages.live", "notifications.live"];

/** The paths whose procedure declares no output schema, or takes a non-strict object input. */
function contractProblems(r: AnyRouter): string[] {
  const procedures = r._def.procedures as Record<string, Schemas>;
  return Object.entries(procedures).flatMap(([path, proc]) => {
    const problems: string[] = [];
    const perEvent = SUBSCRIPTIONS_PARSED_PER_EVENT.includes(path) && (proc._def as { type?: string }).type === "subscription";
    if (!proc._def.output && !perEvent) problems.push(`${path}: no output schema`);
    if ((proc._def.inputs ?? []).some(isLooseObject)) problems.push(`${path}: input is not strict`);
    // A paged list is read with useInfiniteQuery, which adds `direction` to the input: a strict
    // input that does not name it refuses every page the browser asks for.
    for (const keys of (proc._def.inputs ?? []).map(inputKeys)) {
      if (keys?.includes("cursor") && !keys.includes("direction")) problems.push(`${path}: paged input lacks direction`);
    }
    return problems;
  });
}

describe("every procedure declares its input and its output", () => {
  it("no procedure lacks an output schema or takes a loose object input", () => {
    expect(contractProblems(appRouter)).toEqual([]);
  });

  it("the walk catches a procedure without an output schema and one with a loose input", () => {
    const sloppy = router({
      fine: publicProcedure
        .input(strictInput({ a: z.string() }).optional())
        .output(z.object({ b: z.number() }))
        .query(() => ({ b: 1 })),
      noInput: publicProcedure.output(z.string()).query(() => "x"),
      nested: router({
        noOutput: publicProcedure.input(strictInput({ a: z.string() })).query(() => ({ secret: "x" })),
        loose: publicProcedure
          .input(z.object({ a: z.string() }))
          .output(z.string())
          .query(() => "x"),
        passthrough: publicProcedure
          .input(z.looseObject({ a: z.string() }).nullish())
          .output(z.string())
          .query(() => "x"),
        paged: publicProcedure
          .input(strictInput({ cursor: z.string().nullish() }))
          .output(z.string())
          .query(() => "x"),
      }),
    });
    expect(contractProblems(sloppy)).toEqual([
      "nested.noOutput: no output schema",
      "nested.loose: input is not strict",
      "nested.passthrough: input is not strict",
      "nested.paged: paged input lacks direction",
    ]);
  });

  it("an output schema keeps unnamed fields from leaving the server", async () => {
    const leaky = router({
      me: publicProcedure.output(z.object({ name: z.string() })).query(() => ({ name: "Ada", passwordHash: "$argon2id$…" })),
    });
    const caller = createCallerFactory(leaky)(
      await createContextInner({ db: undefined as never, session: null, request: { ip: null, userAgent: null, requestId: "t" } }),
    );
    expect(await caller.me()).toEqual({ name: "Ada" });
  });
});

describe("every exported builder sets a policy", () => {
  const builders: [string, { _def: { meta?: Meta } }, Policy][] = [
    ["publicProcedure", publicProcedure, { kind: "public" }],
    ["auditedPublicProcedure", auditedPublicProcedure, { kind: "public" }],
    ["authedProcedure", authedProcedure, { kind: "authenticated" }],
    ["auditedAuthedProcedure", auditedAuthedProcedure, { kind: "authenticated" }],
    ["hasRole([ADMIN])", hasRole(["ADMIN"]), { kind: "roles", roles: ["ADMIN"] }],
    ["kioskProcedure", kioskProcedure, { kind: "kiosk" }],
    ["auditedHasRole([HOST, ADMIN])", auditedHasRole(["HOST", "ADMIN"]), { kind: "roles", roles: ["HOST", "ADMIN"] }],
  ];
  it.each(builders)("%s", (_name, builder, policy) => {
    expect(builder._def.meta?.policy).toEqual(policy);
  });
});

describe("at runtime a procedure without a policy is refused", () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await seededWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  // Built from the exported builders with the policy erased: what a careless `meta({})` override
  // or a new builder forgetting its policy would produce. The authorisation gate must refuse it.
  let ran = 0;
  const leaky = router({
    readSecret: publicProcedure.meta({ policy: undefined }).query(() => {
      ran += 1;
      return "secret";
    }),
    writeSecret: auditedAuthedProcedure
      .meta({ policy: undefined })
      .input(z.object({ x: z.number() }))
      .mutation(() => {
        ran += 1;
        return "written";
      }),
    declared: publicProcedure.query(() => "fine"),
  });
  const createLeakyCaller = createCallerFactory(leaky);

  const callerFor = async (session: { userId: string; sessionVersion: number } | null) =>
    createLeakyCaller(
      await createContextInner({
        db: world.db,
        session,
        request: { ip: "127.0.0.1", userAgent: "vitest", requestId: randomUUID() },
      }),
    );

  it("anonymous callers get FORBIDDEN / NO_POLICY and the resolver never runs", async () => {
    const caller = await callerFor(null);
    expect(await caller.declared()).toBe("fine");
    await expectError(caller.readSecret(), "FORBIDDEN", "NO_POLICY");
    await expectError(caller.writeSecret({ x: 1 }), "FORBIDDEN", "NO_POLICY");
    expect(ran).toBe(0);
  });

  it("even a super admin is refused", async () => {
    const sa = world.demo.SUPER_ADMIN;
    const caller = await callerFor({ userId: sa.id, sessionVersion: sa.sessionVersion });
    await expectError(caller.readSecret(), "FORBIDDEN", "NO_POLICY");
    await expectError(caller.writeSecret({ x: 1 }), "FORBIDDEN", "NO_POLICY");
    expect(ran).toBe(0);
    // Nothing was recorded as done.
    expect((await auditRows(world.db)).filter((e) => e.action !== "DEMO_DATA_SEEDED" && e.action !== "ACCESS_DENIED")).toEqual(
      [],
    );
  });
});

describe("every route handler declares the rule it applies (server/policy/routes.ts)", () => {
  const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

  /** Every app/**\/route.ts with the HTTP methods it exports, read from its source. */
  function routeHandlers(): Map<string, string[]> {
    const found = new Map<string, string[]>();
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name === "route.ts" || entry.name === "route.tsx") {
          const source = fs.readFileSync(full, "utf8");
          const methods = HTTP_METHODS.filter((m) =>
            new RegExp(
              `export\\s+(async\\s+)?function\\s+${m}\\b|export\\s+const\\s+${m}\\b|export\\s+const\\s+\\{[^}]*\\b${m}\\b|export\\s+\\{[^}]*\\bas\\s+${m}\\b`,
            ).test(source),
          );
          found.set(path.relative(process.cwd(), full).split(path.sep).join("/"), methods);
        }
      }
    };
    walk(path.join(process.cwd(), "app"));
    return found;
  }

  it("finds the handlers (the walk is not vacuous)", () => {
    const handlers = routeHandlers();
    expect(handlers.get("app/api/uploads/[assetId]/route.ts")).toEqual(["GET"]);
    expect(handlers.get("app/api/trpc/[trpc]/route.ts")).toEqual(["GET", "POST"]);
  });

  it("each exported method of each handler is in the table, and the table names nothing that is gone", () => {
    const handlers = routeHandlers();
    const missing = [...handlers].flatMap(([file, methods]) =>
      methods.filter((m) => !(ROUTE_POLICIES[file] as Record<string, unknown> | undefined)?.[m]).map((m) => `${m} ${file}`),
    );
    expect(missing).toEqual([]);
    const stale = Object.entries(ROUTE_POLICIES).flatMap(([file, byMethod]) =>
      Object.keys(byMethod)
        .filter((m) => !handlers.get(file)?.includes(m))
        .map((m) => `${m} ${file}`),
    );
    expect(stale).toEqual([]);
  });

  it("each declared rule exists and each declared procedure is a procedure of appRouter", () => {
    const procedures = new Set(proceduresOf(appRouter).map(([p]) => p));
    for (const byMethod of Object.values(ROUTE_POLICIES)) {
      for (const policy of Object.values(byMethod)) {
        if (policy.kind === "rule") expect(Object.keys(rules)).toContain(policy.rule);
        if (policy.kind === "procedure") expect(procedures).toContain(policy.path);
        if (policy.kind === "public") expect(policy.why.length).toBeGreaterThan(10);
      }
    }
  });
});
