import { Alert, Button, Card, Col, List, Row, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router-dom';
import { useMe } from '../auth/session.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { useEntityFile } from '../dossier/EntityFile.tsx';

const COLOUR = { green: 'success', yellow: 'warning', red: 'error' } as const;
const day = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD') : '—');

/** A producer's first screen: issue a certificate in one tap, then its certificates, lots, tests and colour. */
export function ProducerHome() {
  const navigate = useNavigate();
  const entityId = useMe().data?.user.entityId ?? '';
  const file = useEntityFile(entityId);
  if (file.isError) return <ErrorResult error={file.error} retry={() => file.refetch()} />;
  const f = file.data;
  return (
    <>
      <Typography.Title level={4}>{f?.name ?? '我的主体'}</Typography.Title>
      <Button
        type="primary"
        size="large"
        block
        onClick={() => navigate('/certificates/new')}
        style={{ marginBottom: 12 }}
      >
        开具合格证
      </Button>
      {f && (
        <Alert
          style={{ marginBottom: 12 }}
          type={f.colour.colour === 'green' ? 'success' : f.colour.colour === 'yellow' ? 'warning' : 'error'}
          showIcon
          title={
            <Space wrap>
              <span>扫码页显示的监管状态：</span>
              <Tag color={COLOUR[f.colour.colour]}>{f.colour.label}</Tag>
            </Space>
          }
          description={f.colour.label.includes(f.colour.basis) ? undefined : f.colour.basis}
        />
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={`我的合格证（${f?.certificates.total ?? 0}）`}
            extra={<Link to="/certificates">全部</Link>}
            loading={file.isPending}
          >
            <List
              dataSource={f?.certificates.items.slice(0, 6) ?? []}
              locale={{ emptyText: '还没有开具合格证' }}
              renderItem={(c) => (
                <List.Item extra={<Tag>{c.statusName}</Tag>}>
                  <List.Item.Meta
                    title={<Link to={`/certificates/${c.id}`}>{c.productName}</Link>}
                    description={`${c.certNo} · ${c.issueDate} · ${c.quantity} ${c.unitName}`}
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={`我的生产批次（${f?.lots.total ?? 0}）`}
            extra={<Link to="/production/lots">全部</Link>}
            loading={file.isPending}
          >
            <List
              dataSource={f?.lots.items.slice(0, 6) ?? []}
              locale={{ emptyText: '还没有生产批次' }}
              renderItem={(l) => (
                <List.Item extra={<Tag>{l.statusName}</Tag>}>
                  <List.Item.Meta
                    title={<Link to={`/production/lots/${l.id}`}>{l.productName}</Link>}
                    description={`${l.lotNo}${l.harvestDate ? ` · 采收 ${l.harvestDate}` : ''}`}
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title="我的检测结果" loading={file.isPending}>
            <List
              dataSource={[
                ...(f?.samples.items ?? []).map((s) => ({
                  key: `s-${s.id}`,
                  title: `${s.productName} · ${s.taskKindName}`,
                  when: s.sampledAt,
                  result: s.verdictName ?? s.statusName,
                  bad: s.verdict === 'fail' || s.hasLead,
                })),
                ...(f?.rapidTests.items ?? []).map((r) => ({
                  key: `r-${r.id}`,
                  title: `${r.productName} · 快检`,
                  when: r.testedAt,
                  result: r.followUpName ? `${r.resultName}（${r.followUpName}）` : r.resultName,
                  bad: r.result === 'positive',
                })),
              ]
                .sort((a, b) => b.when.localeCompare(a.when))
                .slice(0, 8)}
              locale={{ emptyText: '暂无检测记录' }}
              renderItem={(t) => (
                <List.Item extra={<Tag color={t.bad ? 'error' : 'success'}>{t.result}</Tag>}>
                  <List.Item.Meta title={t.title} description={day(t.when)} />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
