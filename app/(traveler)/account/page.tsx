import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { AccountSettings } from "@/components/account/account-settings";
import { NotificationPreferences } from "@/components/account/notification-preferences";

export const metadata: Metadata = { title: "Account" };

export default function TravelerAccountPage() {
  return (
    <>
      <PageHeader title="Account" description="How you sign in, the name others see, and your password." />
      <AccountSettings identityHref="/identity" />
      <div className="mt-6">
        <NotificationPreferences />
      </div>
    </>
  );
}
