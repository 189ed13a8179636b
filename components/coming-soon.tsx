import { PageHeader } from "./ui";

/** A home whose domain is not built yet: says what it will be, honestly. */
export function ComingSoon({ title, description, items }: { title: string; description: string; items: string[] }) {
  return (
    <div>
      <PageHeader title={title} description={description} />
      <div className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <p className="text-sm font-medium text-slate-800">Arriving here next in the pilot:</p>
        <ul className="mt-2 list-inside list-disc space-y-1 text-sm text-slate-600">
          {items.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}
