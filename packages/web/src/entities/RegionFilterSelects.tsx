import { MISSING_NAME } from '@nongan/shared/common/missing';
import { Select } from 'antd';
import { divisionOptions, useDivisions } from '../common/regions.ts';
import { pendingLabel } from '../common/selectLabel.ts';

/** 镇街 select from the district's towns. */
export function TownSelect(props: {
  id?: string;
  value?: string;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
  disabled?: boolean;
}) {
  const towns = useDivisions({ level: 'town' });
  return (
    <Select
      id={props.id}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={props.placeholder ?? '镇街'}
      loading={towns.isPending}
      options={divisionOptions(towns.data)}
      labelRender={pendingLabel(towns.isPending, MISSING_NAME.town, towns.isError)}
      value={props.value}
      onChange={props.onChange}
      disabled={props.disabled}
      style={{ width: '100%' }}
    />
  );
}

/** Children (villages of a town, grids of a village), loaded once the parent is chosen. */
export function ChildSelect(props: {
  parentCode?: string | null;
  level: 'village' | 'grid';
  value?: string | null;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
  id?: string;
}) {
  // Inactive ones too, so a record still in a village since switched off reads its name; only
  // that current value can be chosen among them.
  const rows = useDivisions({ level: props.level, parentCode: props.parentCode, includeInactive: true });
  return (
    <Select
      id={props.id}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={props.placeholder ?? (props.level === 'village' ? '村' : '网格')}
      disabled={!props.parentCode}
      loading={!!props.parentCode && rows.isPending}
      options={divisionOptions(rows.data, props.value)}
      labelRender={pendingLabel(
        !!props.parentCode && rows.isPending,
        props.level === 'village' ? MISSING_NAME.village : MISSING_NAME.grid,
        rows.isError,
      )}
      value={props.value ?? undefined}
      onChange={props.onChange}
      notFoundContent={props.parentCode ? '暂无数据' : undefined}
      style={{ width: '100%' }}
    />
  );
}
