import { BASE_TYPE_LABELS, STAGE_LABELS, STAGES } from '@nongan/shared/standardisation/schemas';
import { Card, Collapse, Empty, List, Skeleton, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { downloadUrl } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { BaseStatusTag, productNames } from './parts.tsx';
import { useMine } from './queries.ts';

/** A producer's own: the procedures handed to it (read-only) and its demonstration bases. */
export function MinePage() {
  const mine = useMine();
  if (mine.isError) return <ErrorResult error={mine.error} retry={() => mine.refetch()} />;
  if (!mine.data) return <Skeleton active />;
  const { procedures, bases } = mine.data;
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>标准化生产</Typography.Title>
      </div>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small" title="发给本主体的生产技术规程">
          {procedures.length === 0 ? (
            <Empty description="还没有收到规程" />
          ) : (
            <Collapse
              items={procedures.map((p) => ({
                key: p.id,
                label: (
                  <Space wrap size={4}>
                    <Typography.Text strong>{p.title}</Typography.Text>
                    <Typography.Text type="secondary">
                      {p.number} 第{p.version}版 · {p.handedOn} 发放
                    </Typography.Text>
                    {p.current ? <Tag color="green">现行</Tag> : <Tag>已有新版或已废止</Tag>}
                  </Space>
                ),
                children: (
                  <>
                    <Typography.Paragraph type="secondary">
                      适用产品：{productNames(p.products)}
                    </Typography.Paragraph>
                    {p.file && (
                      <Typography.Paragraph>
                        <a
                          href={downloadUrl(`/standardisation/versions/${p.id}/file`)}
                          target="_blank"
                          rel="noreferrer"
                        >
                          下载规程文本（{p.file.fileName}）
                        </a>
                      </Typography.Paragraph>
                    )}
                    {STAGES.map((s) => (
                      <div key={s} style={{ marginBottom: 8 }}>
                        <Typography.Text strong>{STAGE_LABELS[s]}</Typography.Text>
                        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                          {p.sections[s]}
                        </Typography.Paragraph>
                      </div>
                    ))}
                  </>
                ),
              }))}
            />
          )}
        </Card>
        <Card size="small" title="本主体的示范基地">
          <List
            dataSource={bases}
            locale={{ emptyText: '本主体不是示范基地' }}
            renderItem={(b) => (
              <List.Item>
                <Space orientation="vertical" size={0}>
                  <Space wrap size={4}>
                    <Link to={`/standardisation/bases/${b.id}`}>{b.name}</Link>
                    <BaseStatusTag status={b.status} />
                  </Space>
                  <Typography.Text type="secondary">
                    {BASE_TYPE_LABELS[b.type]} · {b.designatedYear} 年认定 · 最近评价{' '}
                    {b.lastEvaluatedOn ?? '无'}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      </Space>
    </>
  );
}
