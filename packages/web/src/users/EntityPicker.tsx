import type { EntityView } from '@nongan/shared/entities/schemas';
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { api, type Page } from '../common/api.ts';
import { useDebounced } from '../common/useDebounced.ts';
import { useWithChosen } from '../entities/queries.ts';

/** Remote search over the directory for a producer account's entity. */
export function EntityPicker({
  id,
  value,
  onChange,
  disabled,
}: {
  id?: string;
  value?: string;
  onChange?: (v: string | undefined) => void;
  /** A producer's own entity, fixed. */
  disabled?: boolean;
}) {
  const [input, setInput] = useState('');
  const q = useDebounced(input.trim());
  const found = useQuery({
    queryKey: ['entities', 'pick', q],
    queryFn: () => api.get<Page<EntityView>>('/entities', { q: q || undefined, pageSize: 20, sort: 'name' }),
  });
  const { options, labelRender } = useWithChosen(
    value,
    q,
    found,
    (e) => `${e.name}（${e.townName ?? ''}${e.creditCode ? ` · ${e.creditCode}` : ''}）`,
  );
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setInput }}
      allowClear
      placeholder="输入名称或信用代码搜索"
      loading={found.isFetching}
      value={value}
      onChange={onChange}
      disabled={disabled}
      notFoundContent={found.isFetching ? '搜索中…' : '没有匹配的主体'}
      options={options}
      labelRender={labelRender}
    />
  );
}
