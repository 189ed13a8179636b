// The page a person meets when something goes wrong: what happened, in words, and a way on.
import Link from "next/link";

export function ProblemPage({
  code,
  title,
  message,
  home = "/home",
  homeLabel = "Go to your home page",
  action,
}: {
  code: string;
  title: string;
  message: string;
  home?: string;
  homeLabel?: string;
  action?: React.ReactNode;
}) {
  return (
    <div className="mx-auto max-w-md py-12 text-center" role="region" aria-labelledby="problem-title">
      <p className="text-sm font-semibold uppercase tracking-wide text-teal-700">{code}</p>
      <h1 id="problem-title" className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">
        {title}
      </h1>
      <p className="mt-2 text-sm text-slate-600">{message}</p>
      <div className="mt-6 flex justify-center gap-3">
        {action}
        <Link
          href={home}
          className="rounded-md bg-teal-700 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-teal-800"
        >
          {homeLabel}
        </Link>
      </div>
    </div>
  );
}
