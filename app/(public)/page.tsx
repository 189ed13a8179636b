import Link from "next/link";
import { currentUser } from "@/server/rsc";

export const dynamic = "force-dynamic";

export default async function Landing() {
  const { user } = await currentUser();
  return (
    <div className="mx-auto max-w-3xl py-8 text-center">
      <p className="text-sm font-semibold uppercase tracking-widest text-teal-700">Regional tourism pilot</p>
      <h1 className="mt-3 text-4xl font-semibold tracking-tight text-slate-900">
        Local hosts, trusted travelers, one token between them.
      </h1>
      <p className="mx-auto mt-4 max-w-xl text-slate-600">
        Tessera connects travelers with the hotspots and services of their district. Taking part is by invitation: a host or an
        administrator sends you a link, and you sign up from it.
      </p>
      <div className="mt-8 flex justify-center gap-3">
        {user ? (
          <Link href="/home" className="rounded-md bg-teal-700 px-4 py-2 text-sm font-medium text-white hover:bg-teal-800">
            Go to your home
          </Link>
        ) : (
          <Link href="/login" className="rounded-md bg-teal-700 px-4 py-2 text-sm font-medium text-white hover:bg-teal-800">
            Sign in
          </Link>
        )}
      </div>
      <dl className="mx-auto mt-14 grid max-w-3xl gap-6 text-left sm:grid-cols-3">
        {[
          ["Invite only", "Every account starts from an invite, so everyone here was vouched for."],
          ["District, not GPS", "Places are districts. Tessera never asks for or keeps your location."],
          ["Everything on record", "Every change is written to a tamper-evident audit log."],
        ].map(([title, text]) => (
          <div key={title} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <dt className="font-medium text-slate-900">{title}</dt>
            <dd className="mt-1 text-sm text-slate-600">{text}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
