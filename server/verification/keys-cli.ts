// `npm run keys:generate [-- '<current CREDENTIAL_SIGNING_KEYS>']`: prints a CREDENTIAL_SIGNING_KEYS
// value with a new Ed25519 key first (it signs from the next start) and the current keys after it
// (they keep verifying until removed). Keep the output secret: it holds private keys.
import { generateSigningJwk } from "./keys";

const current = process.argv[2] ? (JSON.parse(process.argv[2]) as { keys: unknown[] }).keys : [];
console.log(JSON.stringify({ keys: [await generateSigningJwk(), ...current] }));
