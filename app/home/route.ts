// /home sends a signed-in person to their role's home, and anyone else to /login.
import { auth } from "@/server/auth/nextauth";
import { ROLE_HOME } from "@/server/policy/roles";

export async function GET() {
  const session = await auth();
  const target = session?.user?.role ? ROLE_HOME[session.user.role] : "/login";
  // A relative Location keeps the host the browser used (the server may know itself by another name).
  return new Response(null, { status: 307, headers: { Location: target, "Cache-Control": "no-store" } });
}
