import { Card, List, Pagination, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { CSSProperties, ReactNode } from 'react';
import { ErrorResult } from './ErrorResult.tsx';
import { useIsMobile } from './useIsMobile.ts';

type PageAt = { page: number; pageSize: number };

/** What the list needs of a TanStack query of one page (a `useQuery` result fits as is). */
export type PageQuery<T> = {
  /** `totalCapped`: there are more than `total` (counted only so far), shown as 「共 1000+」. */
  data: { items: T[]; total: number; totalCapped?: boolean } | undefined;
  isError: boolean;
  error: unknown;
  isFetching: boolean;
  refetch: () => unknown;
};

export type PagedListProps<T> = {
  list: PageQuery<T>;
  /** The page shown now. */
  query: PageAt;
  /** Go to a page; a new page size starts again at page 1. */
  onPage: (to: PageAt) => void;
  /** The counted noun in 共 N 条 (条 unless given). */
  unit?: string;
  empty: string;
  columns: ColumnsType<T>;
  scrollX: number;
  rowClassName?: (row: T) => string;
  /** The card's content, stacked one line under another. */
  card: (row: T) => ReactNode;
  /** A card click (the card shows itself clickable). */
  onOpen?: (row: T) => void;
  cardStyle?: (row: T) => CSSProperties | undefined;
};

/**
 * One page of a server list with its pager: cards on a phone, a table otherwise;
 * a failed load shows the error with a retry.
 */
export function PagedList<T extends object>(props: PagedListProps<T>) {
  const { list, query, onPage, unit = '条', empty, onOpen, cardStyle } = props;
  const mobile = useIsMobile();
  if (list.isError) return <ErrorResult error={list.error} retry={() => list.refetch()} />;
  const pager = {
    current: query.page,
    pageSize: query.pageSize,
    total: list.data?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [20, 50, 100, 200],
    showTotal: (t: number) => `共 ${t}${list.data?.totalCapped ? '+' : ''} ${unit}`,
    onChange: (page: number, pageSize: number) =>
      onPage({ page: pageSize === query.pageSize ? page : 1, pageSize }),
  };
  if (!mobile)
    return (
      <Table<T>
        rowKey="id"
        size="middle"
        columns={props.columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        scroll={{ x: props.scrollX }}
        pagination={pager}
        rowClassName={props.rowClassName}
        locale={{ emptyText: empty }}
      />
    );
  return (
    <>
      <List
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: empty }}
        renderItem={(r) => (
          <Card
            size="small"
            hoverable={!!onOpen}
            style={{ marginBottom: 8, ...cardStyle?.(r) }}
            onClick={onOpen && (() => onOpen(r))}
          >
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              {props.card(r)}
            </Space>
          </Card>
        )}
      />
      <Pagination {...pager} simple style={{ textAlign: 'center', marginTop: 8 }} />
    </>
  );
}
