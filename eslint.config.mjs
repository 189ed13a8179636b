// ESLint flat config: typescript-eslint and Next's rules, Drizzle's guard against UPDATE/DELETE without
// WHERE, and the import boundaries between the layers (README, "Where things are").
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";
import { buildGraph, clientClosure, cycles } from "./eslint-import-graph.mjs";

const root = path.dirname(fileURLToPath(import.meta.url));

/** Files that start with the "use client" directive: they end up in the browser bundle. */
function clientFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(path.join(root, d), { withFileTypes: true })) {
      const rel = path.posix.join(d, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (/\.(ts|tsx)$/.test(entry.name)) {
        const head = fs.readFileSync(path.join(root, rel), "utf8").slice(0, 200).trimStart();
        if (/^["']use client["']/.test(head)) out.push(rel);
      }
    }
  };
  walk(dir);
  return out;
}

// Client code may import, from the server's side, only pure constants with no server dependency:
// `shared/**` (upload limits, labels, messages) and `db/schema/values.ts` (the enums' values).
// Anything else under server/ or db/ is refused; type-only imports are erased at build time, so
// they are allowed (the client's `AppRouter` type comes from server/root).
const clientBoundary = {
  "@typescript-eslint/no-restricted-imports": [
    "error",
    {
      paths: [{ name: "server-only", message: "Client code never imports server-only modules." }],
      patterns: [
        {
          regex: "^@/(server|db)/(?!schema/values$)",
          allowTypeImports: true,
          message:
            "Client code never imports server or database modules; shared constants live in shared/ (or db/schema/values).",
        },
        {
          regex: "^(\\.\\./)+(server|db)/",
          message: "Client code never imports server or database modules.",
        },
      ],
    },
  ],
};

const transportBoundary = {
  "@typescript-eslint/no-restricted-imports": [
    "error",
    {
      patterns: [
        {
          regex: "^(@/server/trpc|\\./trpc|(\\.\\./)+trpc)$",
          message:
            "Only server/routers/** and server/root.ts import the tRPC transport; domain code takes `deps: Deps` from @/server/context.",
        },
      ],
    },
  ],
};

// Server components that live in components/ (they read the session or the database); everything
// else there runs in the browser. emergency-banner.tsx is an async server component (no "use client")
// that reads the flags; only server code renders it (app-shell.tsx and the listing page).
const SERVER_COMPONENTS = [
  "components/app-shell.tsx",
  "components/role-layout.tsx",
  "components/emergency-banner.tsx",
  "components/explore/explore-page.tsx",
];

// The import graph, once per run: the cycles it holds, and every module client code reaches.
const graph = buildGraph(root);
/** file → the cycle (files in order of discovery) it belongs to */
const cycleOf = new Map();
for (const component of cycles(graph)) for (const file of component) cycleOf.set(file, component);
const reachedByClient = [...clientClosure(graph, new Set(SERVER_COMPONENTS.map((f) => path.join(root, f))))]
  .map((f) => path.relative(root, f).split(path.sep).join("/"))
  .filter((f) => !f.startsWith("shared/"));

/** tessera/no-cycle: an import whose target imports, directly or not, the importing file. */
const noCycle = {
  meta: {
    type: "problem",
    schema: [],
    messages: { cycle: "Import cycle: {{files}}. Break it (ARCHITECTURE.md: no import cycles)." },
  },
  create(context) {
    const file = context.filename;
    const component = cycleOf.get(file);
    if (!component) return {};
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== "string") return;
      const target = (graph.edges.get(file) ?? []).find(
        (e) => e.target && component.includes(e.target) && matches(spec, e.target),
      );
      if (target) {
        const files = component.map((f) => path.relative(root, f)).join(" → ");
        context.report({ node, messageId: "cycle", data: { files } });
      }
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

/** Whether an import specifier names this resolved file (its path without extension or /index). */
function matches(spec, target) {
  const bare = target.replace(/\.(ts|tsx|mjs|js)$/, "").replace(/\/index$/, "");
  const tail = spec.replace(/^@\//, "").replace(/^(\.\.?\/)+/, "");
  return bare.endsWith(tail);
}

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    ignores: [
      ".next/**",
      ".data/**",
      "node_modules/**",
      "db/migrations/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  {
    plugins: { drizzle },
    rules: {
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": [
        "error",
        { fixStyle: "inline-type-imports", disallowTypeAnnotations: false },
      ],
    },
  },
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.mjs"],
    plugins: { tessera: { rules: { "no-cycle": noCycle } } },
    rules: { "tessera/no-cycle": "error" },
  },
  // Only routers and the root router import the transport.
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.mjs"],
    ignores: ["server/routers/**", "server/root.ts", "server/trpc.ts", "tests/**"],
    rules: transportBoundary,
  },
  // Browser code: components/, every "use client" file, and every module those reach through value
  // imports (a helper a client component imports is in the bundle too, and so is what it imports).
  {
    files: ["components/**/*.ts", "components/**/*.tsx", ...clientFiles("app"), ...clientFiles("components"), ...reachedByClient],
    ignores: SERVER_COMPONENTS,
    rules: clientBoundary,
  },
];

export default config;
