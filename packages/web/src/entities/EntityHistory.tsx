import type { AuditView } from '@nongan/shared/audit/schemas';
import { Empty, Skeleton, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { ChangeTable } from '../common/ChangeTable.tsx';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { ACTION_LABELS, ENTITY_FIELD_LABELS } from '../common/labels.ts';
import { useEntityHistory } from './queries.ts';

const COLORS: Record<string, string> = {
  create: 'green',
  import: 'green',
  update: 'blue',
  deactivate: 'red',
  reactivate: 'green',
};

/** The file an import batch read (its audit row's `after`). */
const importFile = (after: unknown) =>
  typeof after === 'object' && after && 'fileName' in after ? String(after.fileName) : '未记录';

/** 变更历史: each audited change, newest first, field by field. */
export function EntityHistory({ id }: { id: string }) {
  const history = useEntityHistory(id);
  if (history.isPending) return <Skeleton active />;
  if (history.isError) return <ErrorResult error={history.error} retry={() => history.refetch()} />;
  const rows = [...history.data].sort((a, b) => b.at.localeCompare(a.at));
  if (rows.length === 0) return <Empty description="暂无变更记录" />;
  return (
    <Timeline
      items={rows.map((h: AuditView) => ({
        key: h.id,
        color: COLORS[h.action] ?? 'gray',
        content: (
          <>
            <Typography.Paragraph style={{ marginBottom: 8 }}>
              <Tag color={COLORS[h.action]}>{ACTION_LABELS[h.action] ?? h.action}</Tag>
              {dayjs(h.at).format('YYYY-MM-DD HH:mm:ss')} · {h.userName ?? '系统'}
            </Typography.Paragraph>
            {h.action === 'create' ? (
              <Typography.Text type="secondary">新建主体</Typography.Text>
            ) : h.action === 'import' ? (
              <Typography.Text type="secondary">
                批量导入新建主体（文件：{importFile(h.after)}）
              </Typography.Text>
            ) : (
              <ChangeTable before={h.before} after={h.after} labels={ENTITY_FIELD_LABELS} names={h.names} />
            )}
          </>
        ),
      }))}
    />
  );
}
