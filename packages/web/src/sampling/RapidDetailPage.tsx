import { MISSING_NAME } from '@nongan/shared/common/missing';
import { LINK_LABELS, RAPID_METHOD_LABELS } from '@nongan/shared/sampling/tests';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useParams } from 'react-router-dom';
import { api } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { ResultTag } from './parts.tsx';
import { FOLLOW_UP_LABELS, type RapidTestDetail } from './queries.ts';

const ENTRY_LABELS: Record<RapidTestDetail['entry']['via'], (fileName: string | null) => string> = {
  single: () => '单条录入',
  file: (f) => `批量导入（文件：${f ?? '未记录'}）`,
  bulk: () => '批量提交',
  unknown: () => '未记录',
};

export function RapidDetailPage() {
  const { id = '' } = useParams();
  const q = useQuery({
    queryKey: ['sampling', 'rapid', 'one', id],
    queryFn: () => api.get<RapidTestDetail>(`/rapid-tests/${id}`),
  });
  if (q.isError) return <ErrorResult error={q.error} retry={() => q.refetch()} />;
  if (!q.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  const r = q.data;
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>
          快检 {r.testNo} <ResultTag result={r.result} />
        </Typography.Title>
        <Link to="/monitoring/rapid">返回列表</Link>
      </div>
      {r.result === 'positive' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={`快检阳性：${r.followUp ? (FOLLOW_UP_LABELS[r.followUp] ?? r.followUp) : '待处置'}`}
          description={
            <>
              该批产品已控制、不得上市，并生成定量复检任务。<Link to="/monitoring/issues">查看问题处置</Link>
            </>
          }
        />
      )}
      <Card size="small">
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            { key: 'no', label: '检测编号', children: r.testNo },
            { key: 'time', label: '检测时间', children: dayjs(r.testedAt).format('YYYY-MM-DD HH:mm') },
            { key: 'product', label: '样品', children: r.productName ?? MISSING_NAME.product },
            {
              key: 'party',
              label: '被检对象',
              children: r.entityId ? (
                <Link to={`/entities/${r.entityId}`}>{r.entityName}</Link>
              ) : (
                (r.sampledParty ?? '—')
              ),
            },
            { key: 'town', label: '镇街', children: r.townName ?? MISSING_NAME.town },
            { key: 'holder', label: '承担单位', children: r.holderName ?? MISSING_NAME.unit },
            { key: 'link', label: '环节', children: LINK_LABELS[r.link] },
            { key: 'method', label: '检测方法', children: RAPID_METHOD_LABELS[r.method] },
            { key: 'target', label: '检测项目', children: r.target },
            {
              key: 'rate',
              label: '抑制率',
              children: r.inhibitionRate == null ? '—' : `${r.inhibitionRate}%`,
            },
            { key: 'result', label: '结果', children: <ResultTag result={r.result} /> },
            {
              key: 'follow',
              label: '后续处置',
              children: r.followUp ? (
                <Tag color="orange">{FOLLOW_UP_LABELS[r.followUp] ?? r.followUp}</Tag>
              ) : (
                '—'
              ),
            },
            { key: 'tester', label: '检测人', children: r.tester },
            { key: 'instrument', label: '仪器编号', children: r.instrument ?? '—' },
            { key: 'by', label: '录入人', children: r.recordedBy ?? '—' },
            { key: 'at', label: '录入时间', children: dayjs(r.recordedAt).format('YYYY-MM-DD HH:mm') },
            {
              key: 'how',
              label: '录入方式',
              children: ENTRY_LABELS[r.entry.via](r.entry.fileName),
            },
          ]}
        />
      </Card>
    </>
  );
}
