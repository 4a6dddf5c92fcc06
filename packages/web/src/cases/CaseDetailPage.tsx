import { CASE_SOURCE_LABELS, CASE_WRITERS, type CaseSource } from '@nongan/shared/cases/schemas';
import { HOLD_STATUS_LABELS, type HoldStatus, isOpen } from '@nongan/shared/cases/states';
import { Alert, Card, Col, Descriptions, List, Row, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useParams } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { wholeLines } from '../common/wholeLines.ts';
import { ReportsCard } from '../sampling/ReportsCard.tsx';
import { CaseActions, CaseTimeline, DocumentsCard, FiveItemsCard, TransferCard } from './CaseParts.tsx';
import { CaseStateTag, OverdueTag } from './parts.tsx';
import { useCase } from './queries.ts';
import './cases.css';

export function CaseDetailPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const q = useCase(id);
  if (q.isError) return <ErrorResult error={q.error} retry={() => q.refetch()} />;
  if (!q.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  const c = q.data;
  const writer = can(me.data?.user, CASE_WRITERS);
  const editable = writer && isOpen(c.state);
  const sourceText = `${CASE_SOURCE_LABELS[c.sourceType as CaseSource] ?? '其他'}：${c.sourceLabel}`;
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>
          案件 {c.caseNo} <CaseStateTag state={c.state} />
          <OverdueTag overdue={c.overdue} />
        </Typography.Title>
        <Link to="/cases">返回列表</Link>
      </div>
      {c.overdue && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={`已逾期：本阶段期限为 ${c.dueOn}，请尽快办理`}
        />
      )}
      {c.state === 'withdrawn' && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`已撤销/不予立案：${c.withdrawReason ?? ''}`}
        />
      )}
      {writer && <CaseActions c={c} />}
      <Row gutter={12}>
        <Col xs={24} lg={15}>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={wholeLines([
                { key: 'title', label: '案由', children: c.title, wide: true },
                {
                  key: 'party',
                  label: '当事人',
                  children: c.entityId ? (
                    <Link to={`/entities/${c.entityId}`}>{c.entityName}</Link>
                  ) : (
                    (c.partyName ?? '—')
                  ),
                },
                { key: 'town', label: '镇街', children: c.townName ?? '—' },
                {
                  key: 'source',
                  label: '来源',
                  children:
                    c.sourceType === 'sample' && c.sourceId ? (
                      <Link to={`/monitoring/lab/${c.sourceId}`}>{sourceText}</Link>
                    ) : (
                      sourceText
                    ),
                },
                { key: 'due', label: '本阶段期限', children: c.dueOn ?? '—' },
                {
                  key: 'created',
                  label: '立案时间',
                  children: dayjs(c.createdAt).format('YYYY-MM-DD HH:mm'),
                },
                {
                  key: 'closed',
                  label: '办结时间',
                  children: c.closedAt ? dayjs(c.closedAt).format('YYYY-MM-DD HH:mm') : '—',
                },
                ...(c.summary
                  ? [{ key: 'summary', label: '案情摘要', children: c.summary, wide: true }]
                  : []),
                ...(c.decision
                  ? [{ key: 'decision', label: '处理决定', children: c.decision, wide: true }]
                  : []),
              ])}
            />
          </Card>
          {c.sourceType === 'sample' && c.sourceId && <ReportsCard sampleId={c.sourceId} lab={false} />}
          <FiveItemsCard key={`${c.id}-${c.state}`} c={c} editable={editable} />
          <Card size="small" title="涉案控制批次" style={{ marginBottom: 12 }}>
            <List
              size="small"
              dataSource={c.holds}
              locale={{ emptyText: '未关联控制批次' }}
              renderItem={(h) => (
                <List.Item>
                  <Typography.Text>
                    {h.productName ?? '产品'} {h.lotRef ? `（批次 ${h.lotRef}）` : ''}
                  </Typography.Text>
                  <Tag color={h.status === 'held' ? 'orange' : 'default'}>
                    {HOLD_STATUS_LABELS[h.status as HoldStatus] ?? '状态未知'}
                  </Tag>
                </List.Item>
              )}
            />
            {c.holds.some((h) => h.status === 'held') && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {isOpen(c.state) ? (
                  '案件办结前，以上批次保持控制，不得解除或退回。'
                ) : (
                  <>
                    案件已办结，请在<Link to="/monitoring/issues">问题处置</Link>中处置仍在控制的批次。
                  </>
                )}
              </Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <TransferCard c={c} editable={editable} />
          <DocumentsCard c={c} editable={writer} />
          <CaseTimeline c={c} />
        </Col>
      </Row>
    </>
  );
}
