// /home sends a signed-in person to their role's home, and anyone else to /login.
import { NextResponse } from "next/server";
import { auth } from "@/server/auth/nextauth";
import { ROLE_HOME } from "@/server/policy/roles";

export async function GET(request: Request) {
  const session = await auth();
  const target = session?.user?.role ? ROLE_HOME[session.user.role] : "/login";
  return NextResponse.redirect(new URL(target, request.url));
}
