import { CASE_STATE_LABELS, type CaseState } from '@nongan/shared/cases/states';
import { Tag } from 'antd';

const STATE_COLORS: Record<string, string> = {
  registered: 'blue',
  investigating: 'processing',
  decided: 'purple',
  executed: 'cyan',
  closed: 'green',
  withdrawn: 'default',
};

export function CaseStateTag({ state }: { state: string }) {
  return <Tag color={STATE_COLORS[state]}>{CASE_STATE_LABELS[state as CaseState] ?? '状态未知'}</Tag>;
}

export function OverdueTag({ overdue }: { overdue: boolean }) {
  return overdue ? <Tag color="red">逾期</Tag> : null;
}
