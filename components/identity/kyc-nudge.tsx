// "Verify your identity to …": shown where an unverified traveler or host lands, with the link.
import Link from "next/link";
import type { KycStatus } from "@/db/schema/values";

export function KycNudge({ kycStatus, href, toDo }: { kycStatus: KycStatus; href: string; toDo: string }) {
  if (kycStatus === "VERIFIED") return null;
  const pending = kycStatus === "PENDING";
  return (
    <div
      role="note"
      className="mb-6 flex flex-wrap items-center justify-between gap-3 rounded-lg bg-sky-50 p-4 text-sm text-sky-900 ring-1 ring-sky-200"
      data-testid="kyc-nudge"
    >
      <p>
        {pending
          ? "Your identity enrollment is with a moderator. You will see the result on your Identity page."
          : kycStatus === "REJECTED"
            ? `Your identity enrollment was refused. See why, and start again, to ${toDo}.`
            : `Verify your identity to ${toDo}.`}
      </p>
      <Link href={href} className="rounded-md bg-white px-3 py-1.5 font-medium text-sky-800 ring-1 ring-sky-300 hover:bg-sky-100">
        {pending ? "See where it stands" : "Verify your identity"}
      </Link>
    </div>
  );
}
