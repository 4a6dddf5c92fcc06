import type { EligibilityView as Eligibility, Purpose } from '@nongan/shared/dossier/four-links';
import { Alert, Descriptions, Skeleton, Tag } from 'antd';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { useEligibility } from './queries.ts';

const TYPE = { ok: 'success', warn: 'warning', refuse: 'error' } as const;

/** 四挂钩: the entity's trace record and the district rule's verdict, shown where it is weighed. */
export function EligibilityPanel({ entityId, purpose }: { entityId: string | undefined; purpose: Purpose }) {
  const q = useEligibility(entityId, purpose);
  if (!entityId) return null;
  if (q.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (q.isError) return <ErrorResult error={q.error} retry={() => q.refetch()} />;
  return <EligibilityCard v={q.data} />;
}

export function EligibilityCard({ v }: { v: Eligibility }) {
  return (
    <Alert
      data-testid="eligibility"
      type={TYPE[v.verdict]}
      showIcon
      title={`“四挂钩”核查（${v.purposeLabel}）：${v.verdictLabel}`}
      description={
        <>
          {v.reasons.length > 0 && (
            <ul style={{ margin: '4px 0 8px', paddingLeft: 18 }}>
              {v.reasons.map((r) => (
                <li key={r.text}>
                  <Tag color={r.severity === 'refuse' ? 'error' : 'warning'}>
                    {r.severity === 'refuse' ? '不予通过' : '需确认'}
                  </Tag>
                  {r.text}
                </li>
              ))}
            </ul>
          )}
          <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
            <Descriptions.Item label="最近开具合格证">
              {v.record.lastCertificateOn ?? '从未开具'}
            </Descriptions.Item>
            <Descriptions.Item label="合格证">{v.record.certificates} 张</Descriptions.Item>
            <Descriptions.Item label="追溯生产批次">{v.record.productionLots} 批</Descriptions.Item>
            <Descriptions.Item label="监管赋色">{v.record.colourLabel}</Descriptions.Item>
            <Descriptions.Item label="风险等级">{v.record.riskLevelName}</Descriptions.Item>
            <Descriptions.Item label="未结案件">{v.record.openCases} 件</Descriptions.Item>
          </Descriptions>
        </>
      }
    />
  );
}
