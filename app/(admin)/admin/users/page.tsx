import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { requireRole } from "@/server/rsc";
import { UsersTable } from "./users-table";
import { ADMINS } from "@/server/policy/roles";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await requireRole(ADMINS);
  return (
    <>
      <PageHeader
        title="Users"
        description={user.role === "SUPER_ADMIN" ? "Everyone in the pilot." : "People in the districts of your region."}
      />
      <UsersTable viewerId={user.id} />
    </>
  );
}
