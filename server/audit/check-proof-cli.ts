// `npm run audit:check-proof -- <proof.json> <key>`: checks an audit event's inclusion proof offline,
// with the checkpoint public key alone (no database, no server). <key> is the JSON document
// /.well-known/audit-checkpoint-key serves (a file or its URL), or a signed-note verifier key
// `<name>+<hash>+<base64 key>`. Prints what it checked; exits non-zero when anything fails.
import fs from "node:fs";
import { leafData, type LeafEvent } from "./canonical";
import { openCheckpoint } from "./checkpoint";
import { leafHash, verifyInclusion } from "./merkle";

interface ProofFile {
  event: LeafEvent;
  logIndex: number;
  treeSize: number;
  leafHash: string;
  proof: string[];
  checkpoint: string;
}

function fail(message: string): never {
  console.error(`NOT VERIFIED: ${message}`);
  process.exit(1);
}

async function readKeys(arg: string): Promise<{ name: string; publicKey: Buffer }[]> {
  const vkey = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(arg.trim());
  if (vkey) return [{ name: vkey[1]!, publicKey: Buffer.from(vkey[3]!, "base64").subarray(1) }];
  const text = /^https?:\/\//.test(arg) ? await (await fetch(arg)).text() : fs.readFileSync(arg, "utf8");
  const doc = JSON.parse(text) as { name: string; keys: { x: string }[] };
  return doc.keys.map((k) => ({ name: doc.name, publicKey: Buffer.from(k.x, "base64url") }));
}

const [proofPath, keyArg] = process.argv.slice(2);
if (!proofPath || !keyArg) fail("usage: npm run audit:check-proof -- <proof.json> <key document, URL or verifier key>");
const file = JSON.parse(fs.readFileSync(proofPath, "utf8")) as ProofFile;
const keys = await readKeys(keyArg);

let opened: ReturnType<typeof openCheckpoint> | null = null;
for (const k of keys) {
  const attempt = openCheckpoint(file.checkpoint, k.name, k.publicKey);
  if (attempt.ok || !opened) opened = attempt;
  if (attempt.ok) break;
}
if (!opened?.ok) fail(`the checkpoint: ${opened?.reason ?? "no key"}`);
const { checkpoint } = opened;
console.log(
  `checkpoint signed by ${checkpoint.origin}: ${checkpoint.size} events, root ${checkpoint.root.toString("hex")}, ${checkpoint.time.toISOString()}`,
);
if (checkpoint.size !== file.treeSize) fail(`the proof is for a tree of ${file.treeSize}, the checkpoint has ${checkpoint.size}`);
const leaf = leafHash(leafData(file.event));
if (leaf.toString("hex") !== file.leafHash) fail("the event's contents do not give its leaf hash (the event was changed)");
const proof = file.proof.map((h) => Buffer.from(h, "hex"));
if (!verifyInclusion(file.logIndex, checkpoint.size, leaf, proof, checkpoint.root))
  fail(`event #${file.logIndex} is not in the tree this checkpoint signs`);
console.log(`VERIFIED: event ${file.event.id} (${file.event.action}) is entry #${file.logIndex} of the signed log.`);
