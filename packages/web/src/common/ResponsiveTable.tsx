import { Card, List, Table, type TableProps, Typography } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { useIsMobile } from './useIsMobile.ts';

type Col<T> = ColumnType<T> & { dataIndex?: string | number | readonly (string | number)[] };

function cellOf<T extends object>(c: Col<T>, row: T, i: number): ReactNode {
  const path = c.dataIndex === undefined ? [] : Array.isArray(c.dataIndex) ? c.dataIndex : [c.dataIndex];
  let v: unknown = row;
  for (const k of path) v = (v as Record<string | number, unknown> | undefined)?.[k as string];
  if (c.render) return c.render(path.length ? v : row, row, i) as ReactNode;
  return v === null || v === undefined || v === '' ? '—' : String(v);
}

/**
 * A table on a desktop; on a phone each row becomes a card listing every column as
 * "title：value" (the first column as its heading), so status, deadline and action columns are
 * never off-screen. Takes the antd Table's props; `expandable` rows show their detail in the card.
 */
export function ResponsiveTable<T extends object>(props: TableProps<T>) {
  const mobile = useIsMobile();
  if (!mobile) return <Table<T> {...props} />;
  const cols = (props.columns ?? []).filter((c) => !('children' in c)) as Col<T>[];
  const [head, ...rest] = cols;
  const key = (r: T, i: number) =>
    typeof props.rowKey === 'function'
      ? String(props.rowKey(r, i))
      : String((r as Record<string, unknown>)[(props.rowKey as string) ?? 'key'] ?? i);
  const pagination = props.pagination === false ? false : props.pagination;
  return (
    <List<T>
      dataSource={(props.dataSource ?? []) as T[]}
      loading={!!props.loading}
      locale={{ emptyText: (props.locale?.emptyText as ReactNode) ?? '暂无数据' }}
      pagination={
        pagination
          ? {
              current: pagination.current,
              pageSize: pagination.pageSize,
              total: pagination.total,
              hideOnSinglePage: pagination.hideOnSinglePage,
              showTotal: pagination.showTotal,
              size: 'small',
              onChange: (p, s) => pagination.onChange?.(p, s),
            }
          : false
      }
      renderItem={(r, i) => {
        const cls =
          typeof props.rowClassName === 'function' ? props.rowClassName(r, i, 0) : props.rowClassName;
        const expandable = props.expandable;
        return (
          <List.Item key={key(r, i)} style={{ padding: '4px 0', border: 'none' }}>
            <Card size="small" className={`responsive-card ${cls ?? ''}`} style={{ width: '100%' }}>
              {head && <div style={{ fontWeight: 600, marginBottom: 4 }}>{cellOf(head, r, i)}</div>}
              {rest.map((c, n) => (
                <div
                  key={String(c.key ?? c.dataIndex ?? n)}
                  style={{ display: 'flex', gap: 8, lineHeight: '24px' }}
                >
                  <Typography.Text type="secondary" style={{ flex: 'none', minWidth: '5em' }}>
                    {c.title as ReactNode}
                  </Typography.Text>
                  <span style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{cellOf(c, r, i)}</span>
                </div>
              ))}
              {expandable?.expandedRowRender && (expandable.rowExpandable?.(r) ?? true) && (
                <div style={{ marginTop: 8 }}>{expandable.expandedRowRender(r, i, 0, true)}</div>
              )}
            </Card>
          </List.Item>
        );
      }}
    />
  );
}
