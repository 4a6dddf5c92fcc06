import { MISSING_NAME } from '@nongan/shared/common/missing';
import {
  BASE_STATUS_LABELS,
  type BaseStatus,
  VERSION_STATUS_LABELS,
  type VersionStatus,
} from '@nongan/shared/standardisation/schemas';
import { Select, Tag } from 'antd';
import { pendingLabel } from '../common/selectLabel.ts';
import { useProductOptions } from '../sampling/queries.ts';

const VERSION_COLORS: Record<VersionStatus, string> = {
  draft: 'gold',
  published: 'green',
  superseded: 'default',
  withdrawn: 'red',
};
export const VersionTag = ({ status }: { status: VersionStatus }) => (
  <Tag color={VERSION_COLORS[status]}>{VERSION_STATUS_LABELS[status]}</Tag>
);

const BASE_COLORS: Record<BaseStatus, string> = {
  designated: 'green',
  rectifying: 'orange',
  revoked: 'default',
};
export const BaseStatusTag = ({ status }: { status: BaseStatus }) => (
  <Tag color={BASE_COLORS[status]}>{BASE_STATUS_LABELS[status]}</Tag>
);

/** Products (or categories) of the standards catalogue, several at once. */
export function ProductsSelect(props: {
  id?: string;
  value?: string[];
  onChange?: (v: string[]) => void;
  placeholder?: string;
}) {
  const { options, loading, failed } = useProductOptions();
  return (
    <Select
      id={props.id}
      mode="multiple"
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={props.placeholder ?? '选择产品或产品类别'}
      loading={loading}
      options={options}
      labelRender={pendingLabel(loading, MISSING_NAME.product, failed)}
      value={props.value}
      onChange={props.onChange}
      style={{ width: '100%' }}
    />
  );
}

export const productNames = (ps: { name: string }[]) => ps.map((p) => p.name).join('、');
