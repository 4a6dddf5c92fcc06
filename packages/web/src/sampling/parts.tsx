import { TASK_KIND_LABELS, type TaskKind } from '@nongan/shared/sampling/plans';
import './sampling.css';
import { MISSING_NAME } from '@nongan/shared/common/missing';
import { Select, Tag, Tooltip } from 'antd';
import { useMemo } from 'react';
import { divisionOptions, useDivisions } from '../common/regions.ts';
import { missingName, pendingLabel } from '../common/selectLabel.ts';
import {
  DISTRICT_CENTRE,
  pct,
  RESULT_TAG,
  SAMPLE_STATUS_COLORS,
  SAMPLE_STATUS_LABELS,
  SAMPLE_VERDICT,
  useProductOptions,
} from './queries.ts';

export const taskKindLabel = (k: string) => TASK_KIND_LABELS[k as TaskKind] ?? k;

/** Town code → name, with the district code read as the testing centre. */
export function useTownNames(): (code: string | null | undefined) => string {
  const towns = useDivisions({ level: 'town', includeInactive: true });
  const map = useMemo(() => new Map((towns.data ?? []).map((t) => [t.code, t.name])), [towns.data]);
  // Never the raw code: it shows while the names load, which a slow phone does see.
  const missing = missingName(!towns.data, MISSING_NAME.town, !towns.data && towns.isError);
  return (code) => (!code ? '—' : code.length === 6 ? DISTRICT_CENTRE : (map.get(code) ?? missing));
}

/** Quota holder: the district testing centre or a town (`only` fixes it to one). */
export function HolderSelect(props: {
  id?: string;
  value?: string;
  onChange?: (v: string | undefined) => void;
  districtCode: string;
  only?: string;
  placeholder?: string;
  allowClear?: boolean;
}) {
  const towns = useDivisions({ level: 'town' });
  const all = [{ value: props.districtCode, label: DISTRICT_CENTRE }, ...divisionOptions(towns.data)];
  const options = props.only ? all.filter((o) => o.value === props.only) : all;
  return (
    <Select
      id={props.id}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear={props.allowClear}
      placeholder={props.placeholder ?? '承担单位'}
      loading={towns.isPending}
      options={options}
      labelRender={pendingLabel(towns.isPending, MISSING_NAME.unit, towns.isError)}
      value={props.value}
      onChange={props.onChange}
      disabled={!!props.only}
      style={{ width: '100%' }}
    />
  );
}

/** Product from the catalogue. */
export function ProductSelect(props: {
  id?: string;
  value?: string;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
}) {
  const { options, loading, failed } = useProductOptions();
  return (
    <Select
      id={props.id}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear={props.allowClear}
      placeholder={props.placeholder ?? '产品'}
      loading={loading}
      options={options}
      labelRender={pendingLabel(loading, MISSING_NAME.product, failed)}
      value={props.value}
      onChange={props.onChange}
      style={{ width: '100%' }}
    />
  );
}

/** The verdict once it counts; before that (or when voided) the lab state. */
export function VerdictTag({ verdict, status }: { verdict: string | null; status?: string }) {
  if (!verdict || (status && !['verified', 'reported'].includes(status)))
    return status ? <StateTag status={status} /> : <Tag>—</Tag>;
  const v = SAMPLE_VERDICT[verdict];
  return <Tag color={v?.color}>{v?.label ?? verdict}</Tag>;
}

export function StateTag({ status }: { status: string }) {
  return <Tag color={SAMPLE_STATUS_COLORS[status]}>{SAMPLE_STATUS_LABELS[status] ?? '状态未知'}</Tag>;
}

/** 禁限用药物检出: a supervision lead, shown apart from the verdict, with its announcement. */
export function LeadTag({ basis }: { basis?: string }) {
  return (
    <Tooltip title={basis ? `依据：${basis}` : undefined}>
      <Tag color="volcano">禁限用药物检出</Tag>
    </Tooltip>
  );
}

/** A provisional verdict: the edition in force lacks the limit, so the stand-in edition judged it. */
export const provisionalText = (r: { editionInForce: string | null; editionUsed: string | null }) =>
  `暂判：现行 ${r.editionInForce ?? '版本'} 未收录，按 ${r.editionUsed ?? '较早版本'} 判定`;

/** 暂判 shown beside a verdict; the note explains it for the statistics. */
export const PROVISIONAL_NOTE = '按非现行版本暂判';

export function ResultTag({ result }: { result: string }) {
  const r = RESULT_TAG[result];
  return <Tag color={r?.color}>{r?.label ?? result}</Tag>;
}

/**
 * Done vs quota as a bar, with a marker where the pace of the year says it should be by now;
 * red when behind that pace.
 */
export function PaceBar({
  done,
  quota,
  elapsed,
  behind,
}: {
  done: number;
  quota: number;
  elapsed: number;
  behind: boolean;
}) {
  const rate = quota > 0 ? done / quota : 0;
  const color = behind ? '#d32f2f' : rate >= 1 ? '#2e7d32' : '#43a047';
  return (
    <Tooltip title={`完成 ${pct(rate)}，时间进度 ${pct(elapsed)}${behind ? '，落后于时间进度' : ''}`}>
      <div className="pace">
        <div className="pace-track">
          <div className="pace-fill" style={{ width: `${Math.min(100, rate * 100)}%`, background: color }} />
          <div className="pace-mark" style={{ left: `${elapsed * 100}%` }} />
        </div>
        <span className="pace-text" style={{ color: behind ? '#d32f2f' : undefined }}>
          {pct(rate)}
        </span>
      </div>
    </Tooltip>
  );
}
