// A horizontal bar chart in plain HTML, readable by screen readers as a list of values.
export function BarChart({ data, label }: { data: { label: string; value: number }[]; label: string }) {
  const max = Math.max(1, ...data.map((d) => d.value));
  if (data.length === 0) return <p className="text-sm text-slate-500">Nothing to show yet.</p>;
  return (
    <ul aria-label={label} className="space-y-2">
      {data.map((d) => (
        <li key={d.label} className="grid grid-cols-[7rem_1fr_3rem] items-center gap-3 text-sm">
          <span className="truncate text-slate-700">{d.label}</span>
          <span className="h-3 rounded bg-slate-100" aria-hidden="true">
            <span className="block h-3 rounded bg-teal-600" style={{ width: `${(d.value / max) * 100}%` }} />
          </span>
          <span className="text-right tabular-nums text-slate-900">{d.value}</span>
        </li>
      ))}
    </ul>
  );
}
