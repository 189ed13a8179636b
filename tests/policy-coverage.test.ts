// Deny by default: every procedure declares who may call it, and one that declares nobody is refused.
import { randomUUID } from "node:crypto";
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
  createContextInner,
  hasRole,
  publicProcedure,
  router,
  type Meta,
  type Policy,
} from "@/server/trpc";
import { ROLES } from "@/server/policy/roles";
import { auditRows, expectError, seededWorld, type TestWorld } from "./helpers";

/** Every procedure of a router with its declared meta, by dotted path. */
function proceduresOf(r: AnyRouter): [string, Meta | undefined][] {
  const procedures = r._def.procedures as Record<string, { _def: { meta?: Meta } }>;
  return Object.entries(procedures).map(([path, proc]) => [path, proc._def.meta]);
}

function isValidPolicy(policy: Policy | undefined): boolean {
  if (!policy) return false;
  if (policy.kind === "public" || policy.kind === "authenticated") return true;
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
      .filter(([, p]) => p._def.type === "mutation" && !p._def.meta?.audited)
      .map(([path]) => path);
    expect(unaudited).toEqual([]);
  });
});

describe("every exported builder sets a policy", () => {
  const builders: [string, { _def: { meta?: Meta } }, Policy][] = [
    ["publicProcedure", publicProcedure, { kind: "public" }],
    ["auditedPublicProcedure", auditedPublicProcedure, { kind: "public" }],
    ["authedProcedure", authedProcedure, { kind: "authenticated" }],
    ["auditedAuthedProcedure", auditedAuthedProcedure, { kind: "authenticated" }],
    ["hasRole([ADMIN])", hasRole(["ADMIN"]), { kind: "roles", roles: ["ADMIN"] }],
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
    expect((await auditRows(world.db)).filter((e) => e.action !== "DEMO_DATA_SEEDED" && e.action !== "ACCESS_DENIED")).toEqual([]);
  });
});
