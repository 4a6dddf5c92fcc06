import { Card, Descriptions, Image, List, Space, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { RectStatusTag, ResultTag } from './parts.tsx';
import { photoUrl, useInspection } from './queries.ts';

const time = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });

export function InspectionDetailPage() {
  const { id = '' } = useParams();
  const q = useInspection(id);
  if (q.isError) return <ErrorResult error={q.error} retry={() => q.refetch()} />;
  const r = q.data;
  return (
    <div style={{ maxWidth: 900 }}>
      <div className="page-header">
        <Typography.Title level={4}>巡查记录{r ? ` · ${r.entityName}` : ''}</Typography.Title>
      </div>
      <Card size="small" loading={q.isPending} style={{ marginBottom: 12 }}>
        {r && (
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label="主体">{r.entityName}</Descriptions.Item>
            <Descriptions.Item label="所在地">
              {[r.townName, r.villageName, r.gridName].filter(Boolean).join(' · ')}
            </Descriptions.Item>
            <Descriptions.Item label="检查时间">{time(r.inspectedAt)}</Descriptions.Item>
            <Descriptions.Item label="检查人">{r.inspectorName}</Descriptions.Item>
            <Descriptions.Item label="检查表">第 {r.checklistVersion} 版</Descriptions.Item>
            <Descriptions.Item label="结论">
              {r.failedCount ? (
                <Typography.Text type="danger">{r.failedCount} 项不合格</Typography.Text>
              ) : (
                '全部合格'
              )}
            </Descriptions.Item>
            {r.rectificationId && r.rectificationStatus && (
              <Descriptions.Item label="整改">
                <Space>
                  <RectStatusTag status={r.rectificationStatus} />
                  <Link to={`/inspections/rectifications?entityId=${r.entityId}`}>查看整改单</Link>
                </Space>
              </Descriptions.Item>
            )}
            {r.note && <Descriptions.Item label="其他情况">{r.note}</Descriptions.Item>}
          </Descriptions>
        )}
      </Card>
      {r && (
        <Card size="small" title="检查项目">
          <List
            dataSource={r.items}
            renderItem={(i, n) => {
              const photos = r.photos.filter((p) => p.itemKey === i.key);
              return (
                <List.Item>
                  <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                    <Space wrap>
                      <Typography.Text>
                        {n + 1}. {i.label}
                      </Typography.Text>
                      <ResultTag result={i.result} />
                    </Space>
                    {i.note && (
                      <Typography.Text type={i.result === 'fail' ? 'danger' : 'secondary'}>
                        {i.note}
                      </Typography.Text>
                    )}
                    {photos.length > 0 && (
                      <Image.PreviewGroup>
                        <Space wrap>
                          {photos.map((p) => (
                            <Image
                              key={p.id}
                              width={96}
                              height={96}
                              style={{ objectFit: 'cover' }}
                              src={photoUrl(r.id, p.id)}
                              alt="巡查照片"
                            />
                          ))}
                        </Space>
                      </Image.PreviewGroup>
                    )}
                  </Space>
                </List.Item>
              );
            }}
          />
        </Card>
      )}
    </div>
  );
}
