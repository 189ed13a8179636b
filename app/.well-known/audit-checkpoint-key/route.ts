// The public keys that check the audit log's signed checkpoints, beside jwks.json: with one of these
// and an inclusion proof, anyone can check an event offline (`npm run audit:check-proof`).
import { getAuditKeyring } from "@/server/audit/keys";
import { auditOrigin } from "@/server/audit/sequencer";
import { verifierKey } from "@/server/audit/checkpoint";

export const dynamic = "force-dynamic";

export async function GET() {
  const keyring = await getAuditKeyring();
  const name = auditOrigin();
  const body = {
    /** The checkpoints' origin line and the signature lines' key name. */
    name,
    format: "C2SP tlog-checkpoint (signed note), RFC 6962 SHA-256 Merkle tree",
    keys: keyring.keys.map((k) => ({
      kid: k.kid,
      kty: "OKP",
      crv: "Ed25519",
      x: k.publicKey.toString("base64url"),
      vkey: verifierKey(name, k.publicKey),
    })),
  };
  return Response.json(body, {
    headers: {
      // No cookies are read or set; keys change rarely and old ones stay listed.
      "Cache-Control": "public, max-age=3600, stale-while-revalidate=600",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
