// /home sends a signed-in person (in good standing) to their role's home, and anyone else to /login.
import { currentUser } from "@/server/rsc";
import { ROLE_HOME } from "@/server/policy/roles";

export async function GET() {
  const { user, problem } = await currentUser();
  const target = user ? ROLE_HOME[user.role] : problem ? `/login?reason=${problem}` : "/login";
  // A relative Location keeps the host the browser used (the server may know itself by another name).
  return new Response(null, { status: 307, headers: { Location: target, "Cache-Control": "no-store" } });
}
