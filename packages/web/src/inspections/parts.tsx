import {
  DUTY_KIND_LABELS,
  DUTY_STATUS_LABELS,
  type DutyKind,
  type DutyStatus,
  ITEM_RESULT_LABELS,
  type ItemResult,
  RECT_STATUS_LABELS,
  type RectStatus,
} from '@nongan/shared/inspections/schemas';
import { Select, Tag } from 'antd';
import './inspections.css';
import { MISSING_NAME } from '@nongan/shared/common/missing';
import { useDivisions } from '../common/regions.ts';
import { pendingLabel } from '../common/selectLabel.ts';
import { recentQuarters, useGrids } from './queries.ts';

const DUTY_COLORS: Record<DutyStatus, string> = { overdue: 'red', open: 'blue', done: 'green' };
export const DutyStatusTag = ({ status }: { status: DutyStatus }) => (
  <Tag color={DUTY_COLORS[status]}>{DUTY_STATUS_LABELS[status]}</Tag>
);
export const DutyKindTag = ({ kind }: { kind: DutyKind }) =>
  kind === 'quarterly' ? (
    <Tag>{DUTY_KIND_LABELS[kind]}</Tag>
  ) : (
    <Tag color="orange">{DUTY_KIND_LABELS[kind]}</Tag>
  );

const RESULT_COLORS: Record<ItemResult, string> = { pass: 'green', fail: 'red', na: 'default' };
export const ResultTag = ({ result }: { result: ItemResult }) => (
  <Tag color={RESULT_COLORS[result]}>{ITEM_RESULT_LABELS[result]}</Tag>
);

const RECT_COLORS: Record<RectStatus, string> = { open: 'orange', closed: 'green', escalated: 'red' };
export const RectStatusTag = ({ status, overdue }: { status: RectStatus; overdue?: boolean }) => (
  <>
    <Tag color={RECT_COLORS[status]}>{RECT_STATUS_LABELS[status]}</Tag>
    {overdue && <Tag color="red">逾期</Tag>}
  </>
);

export function QuarterSelect(props: {
  value?: string;
  onChange: (v: string | undefined) => void;
  allowClear?: boolean;
}) {
  return (
    <Select
      allowClear={props.allowClear}
      aria-label="季度"
      placeholder="季度"
      options={recentQuarters(8)}
      value={props.value}
      onChange={props.onChange}
      style={{ width: '100%' }}
    />
  );
}

/** Grids of a town (or of the user's scope), by village and grid name. */
export function GridSelect(props: {
  townCode?: string;
  value?: string;
  onChange: (v: string | undefined) => void;
}) {
  const grids = useGrids(props.townCode);
  return (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      aria-label="网格"
      placeholder="网格"
      loading={grids.isPending}
      labelRender={pendingLabel(grids.isPending, MISSING_NAME.grid, grids.isError)}
      options={[
        { value: 'none', label: '未划网格' },
        ...(grids.data ?? []).map((g) => ({ value: g.gridCode, label: `${g.villageName}${g.gridName}` })),
      ]}
      value={props.value}
      onChange={props.onChange}
      style={{ width: '100%' }}
    />
  );
}

/** The town filter for district users; town and village users see only their own. */
export function TownFilter(props: { value?: string; onChange: (v: string | undefined) => void }) {
  const towns = useDivisions({ level: 'town' });
  return (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      aria-label="镇街"
      placeholder="镇街"
      loading={towns.isPending}
      options={(towns.data ?? []).map((t) => ({ value: t.code, label: t.name }))}
      labelRender={pendingLabel(towns.isPending, MISSING_NAME.town, towns.isError)}
      value={props.value}
      onChange={props.onChange}
      style={{ width: '100%' }}
    />
  );
}
