// The lint's import graph (eslint-import-graph.mjs): it finds a cycle, and it follows a client
// component through a helper to the server module the helper imports, so the client boundary
// applies there too. Built on a throwaway project in a temporary folder.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs module of the lint configuration, without type declarations
import { buildGraph, clientClosure, cycles } from "../eslint-import-graph.mjs";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-graph-"));
function write(file: string, source: string) {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), source);
}
write("components/widget.tsx", `"use client";\nimport { format } from "./format";\nimport type { Row } from "@/server/rows";\n`);
write("components/format.ts", `import { secret } from "@/server/secret";\nexport const format = () => secret;\n`);
write("server/secret.ts", `export const secret = 1;\n`);
write("server/rows.ts", `import { b } from "./b";\nexport type Row = { id: string };\n`);
write("server/a.ts", `import { b } from "./b";\nexport const a = b;\n`);
write("server/b.ts", `export { a } from "./a";\nexport const b = 2;\n`);
write("server/c.ts", `import type { a } from "./a";\n`);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const rel = (files: Iterable<string>) => [...files].map((f) => path.relative(root, f)).sort();

describe("the lint's import graph", () => {
  const graph = buildGraph(root);

  it("finds the cycle a → b → a and nothing else", () => {
    expect((cycles(graph) as string[][]).map(rel)).toEqual([["server/a.ts", "server/b.ts"]]);
  });

  it("follows a client component's value imports through a helper, not its type imports", () => {
    const reached = rel(clientClosure(graph) as Set<string>);
    expect(reached).toContain("components/format.ts");
    expect(reached).toContain("server/secret.ts");
    expect(reached).not.toContain("server/rows.ts");
  });
});
