// The one table of the managers: columns declared once (heading, cell, classes), rows from the
// caller. On a phone each row becomes a card of labelled lines (the column's heading above each
// value), so no page grows wider than the screen; from md up it is an ordinary table. Imported
// from "@/components/ui/data-table" (not re-exported by the index, which it uses: no loop).
import { cn } from "./cn";
import { Table, Td, Th } from "./index";

export interface Column<T> {
  /** The column's heading, and the label above the value on a phone. */
  header: string;
  /** Heading read by screen readers only (an actions column). */
  hideHeader?: boolean;
  cell: (row: T) => React.ReactNode;
  className?: string;
}

export function DataTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  rowClassName,
  rowTestId,
}: {
  caption: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  rowClassName?: (row: T) => string | undefined;
  /** data-testid of every row, for the browser tests. */
  rowTestId?: string;
}) {
  return (
    <Table caption={caption} stack>
      <thead>
        <tr>
          {columns.map((c) => (
            <Th key={c.header}>{c.hideHeader ? <span className="sr-only">{c.header}</span> : c.header}</Th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((row) => (
          <tr key={rowKey(row)} className={rowClassName?.(row)} data-testid={rowTestId}>
            {columns.map((c) => (
              <Td key={c.header} label={c.hideHeader ? undefined : c.header} className={cn(c.className)}>
                {c.cell(row)}
              </Td>
            ))}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
