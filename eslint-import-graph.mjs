// The project's import graph, read once per lint run (a regex pass over the source, milliseconds), for
// two rules ESLint cannot see file by file: no import cycles (tessera/no-cycle), and the client
// boundary applied to every module a client component reaches, not only to "use client" files.
import fs from "node:fs";
import path from "node:path";

const SOURCE_DIRS = ["app", "components", "server", "db", "shared"];
const EXTENSIONS = [".ts", ".tsx", ".mjs", ".js"];

const IMPORT =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?([\s\S]*?)\s*from\s*["']([^"']+)["']|(?:^|\n)\s*import\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function resolve(root, fromFile, spec) {
  let base;
  if (spec.startsWith("@/")) base = path.join(root, spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(fromFile), spec);
  else return null;
  const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => path.join(base, "index" + e))];
  for (const c of candidates) if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  return null;
}

/** Whether every name of an import clause is a type (`import type`, or `{ type A, type B }`). */
function typeOnly(typeKeyword, clause) {
  if (typeKeyword) return true;
  const braces = clause.match(/^\{([\s\S]*)\}$/);
  if (!braces) return false;
  const names = braces[1]
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return names.length > 0 && names.every((n) => n.startsWith("type "));
}

export function buildGraph(root) {
  const files = [];
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== "migrations") walk(full);
      } else if (/\.(ts|tsx|mjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts") && !entry.name.endsWith(".d.mts"))
        files.push(full);
    }
  };
  for (const d of SOURCE_DIRS) walk(path.join(root, d));
  /** file → [{ target, typeOnly }] */
  const edges = new Map();
  const client = new Set();
  for (const file of files) {
    const source = fs.readFileSync(file, "utf8");
    if (/^\s*["']use client["']/.test(source)) client.add(file);
    const out = [];
    for (const m of source.matchAll(IMPORT)) {
      const spec = m[4] ?? m[5] ?? m[6];
      const target = resolve(root, file, spec);
      if (!target) continue;
      out.push({ target, typeOnly: m[4] ? typeOnly(m[2], m[3].trim()) : false });
    }
    edges.set(file, out);
  }
  return { files, edges, client };
}

/** Strongly connected components with more than one file (Tarjan): each is an import cycle. */
export function cycles(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const out = [];
  const strong = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const { target: w } of graph.edges.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component);
    }
  };
  for (const f of graph.files) if (!idx.has(f)) strong(f);
  return out;
}

/** Every file a client file reaches through value imports (type imports are erased at build time). */
export function clientClosure(graph, exclude = new Set()) {
  const seen = new Set();
  const queue = [...graph.client];
  while (queue.length > 0) {
    const f = queue.pop();
    if (seen.has(f) || exclude.has(f)) continue;
    seen.add(f);
    for (const e of graph.edges.get(f) ?? []) if (!e.typeOnly) queue.push(e.target);
  }
  return seen;
}
