import Link from "next/link";

export default function ListingNotFound() {
  return (
    <div className="mx-auto max-w-md py-10 text-center">
      <p className="text-sm font-semibold uppercase tracking-wide text-teal-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">This listing is not here</h1>
      <p className="mt-2 text-sm text-slate-600">
        It may have been taken down, or it is not published yet. Check the address, or look for something else nearby.
      </p>
      <div className="mt-6 flex justify-center gap-3">
        <Link
          href="/explore"
          className="rounded-md bg-teal-700 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-teal-800"
        >
          Explore listings
        </Link>
        <Link
          href="/"
          className="rounded-md px-3.5 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"
        >
          Home
        </Link>
      </div>
    </div>
  );
}
