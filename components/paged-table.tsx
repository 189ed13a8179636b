"use client";
// The one table of a paged list (an infinite tRPC query): loading, error and empty states, the
// rows of every page fetched so far, and a button for the next page while there is one.
import { Alert, Button, EmptyState, Loading, Table } from "@/components/ui";
import { DataTable, type Column } from "@/components/ui/data-table";
import { errorMessage } from "@/components/trpc/react";

/** What the table needs of `api.<router>.<list>.useInfiniteQuery(...)`. */
export interface PagedQuery<T> {
  isLoading: boolean;
  error: unknown;
  data?: { pages: { items: T[] }[] };
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

export function PagedTable<T>({
  query,
  caption,
  loadingLabel,
  empty,
  moreLabel = "Show more",
  head,
  row,
  columns,
  rowKey,
  above,
}: {
  query: PagedQuery<T>;
  caption: string;
  loadingLabel: string;
  /** What an empty list says: a title and a hint. */
  empty: { title: string; hint?: React.ReactNode };
  moreLabel?: string;
  /** The header row's cells (`<Th>`s), with `row`; or `columns` and `rowKey` for a DataTable. */
  head?: React.ReactNode;
  /** One item's `<tr>` (with its key). */
  row?: (item: T) => React.ReactNode;
  /** The columns of a DataTable (stacked cards on a phone). */
  columns?: Column<T>[];
  rowKey?: (item: T) => string;
  /** Shown above the table once it has rows (an action's error, say). */
  above?: React.ReactNode;
}) {
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  if (query.isLoading) return <Loading label={loadingLabel} />;
  if (query.error) return <Alert>{errorMessage(query.error)}</Alert>;
  if (items.length === 0) return <EmptyState title={empty.title}>{empty.hint}</EmptyState>;
  return (
    <>
      {above}
      {columns && rowKey ? (
        <DataTable caption={caption} columns={columns} rows={items} rowKey={rowKey} />
      ) : (
        <Table caption={caption}>
          <thead>
            <tr>{head}</tr>
          </thead>
          <tbody className="divide-y divide-slate-100">{row && items.map(row)}</tbody>
        </Table>
      )}
      {query.hasNextPage && (
        <div className="mt-4 text-center">
          <Button variant="secondary" busy={query.isFetchingNextPage} onClick={() => query.fetchNextPage()}>
            {moreLabel}
          </Button>
        </div>
      )}
    </>
  );
}
