import { CASE_WRITERS } from '@nongan/shared/cases/schemas';
import { Button } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { type CasePreset, OpenCaseModal } from './OpenCaseModal.tsx';
import { useCasePage } from './queries.ts';

/** On a failed, verified sample: its case, or 立案. */
export function SampleCaseButton({
  sample,
}: {
  sample: {
    id: string;
    sampleNo: string;
    status: string;
    verdict: string | null;
    entityId: string | null;
    entityName: string | null;
    sampledParty: string | null;
    townCode: string;
    productName: string | null;
  };
}) {
  const user = useMe().data?.user;
  const writer = can(user, CASE_WRITERS);
  const final = sample.verdict === 'fail' && ['verified', 'reported'].includes(sample.status);
  const found = useCasePage({ sourceId: sample.id, pageSize: 5 }, writer && final);
  const [preset, setPreset] = useState<CasePreset | null>(null);
  if (!writer || !final) return null;
  const existing = found.data?.items[0];
  if (existing)
    return (
      <>
        {' '}
        <Link to={`/cases/${existing.id}`}>案件 {existing.caseNo}</Link>
      </>
    );
  return (
    <>
      {' '}
      <Button
        size="small"
        danger
        loading={found.isPending}
        onClick={() =>
          setPreset({
            sourceType: 'sample',
            sourceId: sample.id,
            sourceText: `样品 ${sample.sampleNo}`,
            entityId: sample.entityId,
            entityName: sample.entityName,
            partyName: sample.sampledParty,
            townCode: sample.townCode,
            title: `${sample.productName ?? ''}监督抽查不合格`,
          })
        }
      >
        立案
      </Button>
      <OpenCaseModal preset={preset} onClose={() => setPreset(null)} />
    </>
  );
}
