// `npm run verify:token -- <token> <jwks-url-or-file>`: checks a verification token offline, from
// the published JWKS alone (signature by kid, typ, times). It cannot know whether the token was
// already used or whether consent still holds, nor read which organization it is for or whose it is
// (the `ctx` claim is sealed for Tessera): only Tessera's verify page checks and tells those.
import fs from "node:fs";
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from "jose";
import { CLOCK_SKEW_SECONDS, TOKEN_TYP } from "./tokens";

const [token, source] = process.argv.slice(2);
if (!token || !source) {
  console.error("usage: npm run verify:token -- <token> <jwks-url-or-file>");
  process.exit(2);
}

const jwks = (/^https?:\/\//.test(source) ? await (await fetch(source)).json() : JSON.parse(fs.readFileSync(source, "utf8"))) as {
  keys: JWK[];
};
const fail = (why: string) => {
  console.error(`✗ ${why}`);
  process.exit(1);
};
let header;
try {
  header = decodeProtectedHeader(token.trim());
} catch {
  fail("not a compact JWS");
}
if (header!.typ !== TOKEN_TYP) fail(`typ is ${JSON.stringify(header!.typ)}, expected ${TOKEN_TYP}`);
if (header!.alg !== "EdDSA") fail(`alg is ${header!.alg}, expected EdDSA`);
const jwk = jwks.keys.find((k) => k.kid === header!.kid);
if (!jwk) fail(`no key with kid ${header!.kid} in the JWKS (removed after a rotation, or not Tessera's)`);
if ("d" in jwk!) fail("the JWKS holds a private key: refusing to use it");
let payload: Uint8Array;
try {
  ({ payload } = await compactVerify(token.trim(), await importJWK(jwk!, "EdDSA"), { algorithms: ["EdDSA"] }));
} catch {
  fail("bad signature");
}
const claims = JSON.parse(new TextDecoder().decode(payload!)) as { exp: number; iat: number; [k: string]: unknown };
const now = Math.floor(Date.now() / 1000);
console.log(JSON.stringify({ header: header!, claims }, null, 2));
if (now > claims.exp + CLOCK_SKEW_SECONDS) fail(`signature good, but expired at ${new Date(claims.exp * 1000).toISOString()}`);
if (claims.iat > now + CLOCK_SKEW_SECONDS) fail("signature good, but issued in the future (check the clocks)");
console.log(`✓ signature good (kid ${header!.kid}); valid until ${new Date(claims.exp * 1000).toISOString()}`);
