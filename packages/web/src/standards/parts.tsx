import {
  LIMIT_SET_STATUS_LABELS,
  VERDICT_LABELS,
  VERIFICATION_LABELS,
} from '@nongan/shared/standards/limit-sets';
import { Tag } from 'antd';
import dayjs from 'dayjs';

const STATUS_COLORS: Record<string, string> = { draft: 'blue', active: 'green', withdrawn: 'default' };
const VERDICT_COLORS: Record<string, string> = {
  pass: 'green',
  fail: 'red',
  not_detected: 'default',
  no_limit: 'orange',
};

export function SetStatusTag({ status }: { status: keyof typeof LIMIT_SET_STATUS_LABELS }) {
  return <Tag color={STATUS_COLORS[status]}>{LIMIT_SET_STATUS_LABELS[status]}</Tag>;
}

export function VerdictTag({ verdict, provisional }: { verdict: string; provisional?: boolean }) {
  return (
    <Tag color={VERDICT_COLORS[verdict]}>
      {VERDICT_LABELS[verdict] ?? verdict}
      {provisional ? '（暂判）' : ''}
    </Tag>
  );
}

export const verificationLabel = (v: string) =>
  VERIFICATION_LABELS[v as keyof typeof VERIFICATION_LABELS] ?? v;

export const fmtTime = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

const KIND_LABELS: Record<string, string> = {
  MRL: '最大残留限量',
  'temporary MRL': '临时限量',
  EMRL: '再残留限量',
  ML: '限量',
  MRPL: '最低要求执行限量',
};
export const kindLabel = (k: string) => KIND_LABELS[k] ?? k;
