// The Account page of every role (traveler, host, moderator, admin, super admin, verifier staff).
import { PageHeader } from "@/components/ui";
import { AccountSettings } from "./account-settings";

export function AccountPage({ identityHref = null }: { identityHref?: string | null }) {
  return (
    <>
      <PageHeader
        title="Account"
        description="How you sign in, the name others see, your password, and where you are signed in."
      />
      <AccountSettings identityHref={identityHref} />
    </>
  );
}
