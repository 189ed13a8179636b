import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { NotificationList } from "@/components/notifications/notification-list";

export const metadata: Metadata = { title: "Notifications" };

export default function NotificationsPage() {
  return (
    <>
      <PageHeader
        title="Notifications"
        description="What happened that concerns you. Choose what reaches you, and how, on your account page."
      />
      <NotificationList />
    </>
  );
}
