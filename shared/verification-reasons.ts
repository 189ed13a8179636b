// Each refusal reason in words a person at a counter understands: plain constants for the server
// and the browser alike (no server imports here).
import type { VerificationReason } from "@/db/schema/values";

export const REASON_WORDS: Record<VerificationReason, { title: string; explain: string }> = {
  MALFORMED: {
    title: "Not a Tessera token",
    explain: "This is not a Tessera verification token. Ask the traveler to show the QR code from their wallet.",
  },
  BAD_SIGNATURE: {
    title: "Bad signature",
    explain: "The token's signature does not check out: it was altered, or not issued by Tessera. Do not accept it.",
  },
  WRONG_AUDIENCE: {
    title: "Wrong audience",
    explain: "This token was made for another organization. Ask the traveler to show a token for yours.",
  },
  EXPIRED: { title: "Expired", explain: "This token has expired. Ask the traveler to refresh the code in their wallet." },
  NOT_YET_VALID: {
    title: "Not yet valid",
    explain: "This token claims to be issued in the future. A device clock is probably wrong.",
  },
  REPLAYED: {
    title: "Already used",
    explain: "This token was already used. Each token works once; ask the traveler for a fresh one.",
  },
  ORGANIZATION_SUSPENDED: {
    title: "Organization suspended",
    explain: "Your organization is suspended, so it cannot verify anyone right now.",
  },
  CONSENT_REVOKED: {
    title: "Consent revoked",
    explain: "The traveler has not consented (or no longer consents) to share this with your organization.",
  },
  NOT_VERIFIED: {
    title: "Not verified",
    explain: "This traveler's identity is not verified, or their account is not in good standing.",
  },
};
