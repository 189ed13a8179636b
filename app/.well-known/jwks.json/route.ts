// The public keys that check verification tokens (JWKS), so a token can be verified offline.
import { getKeyring } from "@/server/verification/keys";

export const dynamic = "force-dynamic";

export async function GET() {
  const { jwks } = await getKeyring();
  return Response.json(jwks, {
    headers: {
      // Keys change rarely, and a rotation keeps the old key listed for longer than this. Fresh and
      // stale together stay within the 5 minutes README promises a removed key can linger.
      "Cache-Control": "public, max-age=240, stale-while-revalidate=60",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
