import { RoleLayout } from "@/components/role-layout";

export const dynamic = "force-dynamic";

export default function Layout({ children }: { children: React.ReactNode }) {
  return <RoleLayout area="host">{children}</RoleLayout>;
}
