import { FilterOutlined } from '@ant-design/icons';
import type { Role } from '@nongan/shared/accounts/schemas';
import { ENTITY_TYPE_LABELS, INDUSTRY_LABELS, RISK_GRADE_LABELS } from '@nongan/shared/entities/schemas';
import { FIELD_ACCESS } from '@nongan/shared/entities/visibility';
import { Badge, Button, Col, Input, Row, Select } from 'antd';
import { useState } from 'react';
import { useMe } from '../auth/session.ts';
import { optionsOf } from '../common/labels.ts';
import { useIsMobile } from '../common/useIsMobile.ts';
import type { EntityFilters } from './queries.ts';
import { ChildSelect, TownSelect } from './RegionFilterSelects.tsx';

/** The search looks only in what the role reads in full (shared/entities/visibility.ts). */
function searchHint(role: Role | undefined): string {
  const a = role ? FIELD_ACCESS[role] : null;
  const parts = ['名称', '信用代码'];
  if (!a || a.legalRep === 'full') parts.push('负责人');
  if (!a || a.phone === 'full') parts.push('电话');
  return parts.join('、');
}

const YES_NO = [
  { value: 'true', label: '是' },
  { value: 'false', label: '否' },
];
const STATUS = [
  { value: 'true', label: '启用' },
  { value: 'false', label: '停用' },
  { value: 'all', label: '全部状态' },
];

/** The list's search and filters; every change goes straight to the URL. */
export function EntityFilterBar({
  filters,
  onChange,
}: {
  filters: EntityFilters;
  onChange: (patch: EntityFilters) => void;
}) {
  const hint = searchHint(useMe().data?.user.role);
  const mobile = useIsMobile();
  // On a phone the filters fold away behind one button, so the list starts above the fold.
  const [unfolded, setUnfolded] = useState(false);
  const showAll = !mobile || unfolded;
  const active = Object.entries(filters).filter(([k, v]) => k !== 'q' && k !== 'sort' && v).length;
  const sel = (
    key: keyof EntityFilters,
    placeholder: string,
    options: { value: string; label: string }[],
  ) => (
    <Select
      allowClear
      placeholder={placeholder}
      options={options}
      value={filters[key]}
      onChange={(v?: string) => onChange({ [key]: v })}
      style={{ width: '100%' }}
      aria-label={placeholder}
    />
  );
  return (
    <Row gutter={[8, 8]} className="filters" style={{ marginBottom: 12 }}>
      <Col xs={mobile ? 18 : 24} md={12} lg={8}>
        <Input.Search
          allowClear
          placeholder={hint}
          defaultValue={filters.q}
          key={filters.q ?? ''}
          onSearch={(q) => onChange({ q: q.trim() || undefined })}
          enterButton="搜索"
          data-testid="entity-search"
        />
      </Col>
      {mobile && (
        <Col xs={6}>
          <Badge count={active} size="small">
            <Button
              block
              icon={<FilterOutlined />}
              onClick={() => setUnfolded(!unfolded)}
              aria-expanded={unfolded}
            >
              筛选
            </Button>
          </Badge>
        </Col>
      )}
      {showAll && (
        <>
          <Col xs={12} md={6} lg={4}>
            <TownSelect
              value={filters.townCode}
              onChange={(v) => onChange({ townCode: v, villageCode: undefined })}
            />
          </Col>
          <Col xs={12} md={6} lg={4}>
            <ChildSelect
              level="village"
              parentCode={filters.townCode}
              value={filters.villageCode}
              onChange={(v) => onChange({ villageCode: v })}
            />
          </Col>
          <Col xs={12} md={6} lg={4}>
            {sel('type', '主体类型', optionsOf(ENTITY_TYPE_LABELS))}
          </Col>
          <Col xs={12} md={6} lg={4}>
            {sel('industry', '行业', optionsOf(INDUSTRY_LABELS))}
          </Col>
          <Col xs={12} md={6} lg={4}>
            {sel('certificateTrial', '合格证试行', YES_NO)}
          </Col>
          <Col xs={12} md={6} lg={4}>
            {sel('traceManaged', '追溯管理', YES_NO)}
          </Col>
          <Col xs={12} md={6} lg={4}>
            {sel('riskGrade', '风险等级', optionsOf(RISK_GRADE_LABELS))}
          </Col>
          <Col xs={12} md={6} lg={4}>
            <Select
              options={STATUS}
              value={filters.active ?? 'true'}
              onChange={(v: string) => onChange({ active: v === 'true' ? undefined : v })}
              style={{ width: '100%' }}
              aria-label="状态"
            />
          </Col>
          <Col xs={12} md={6} lg={4}>
            <Select
              value={filters.sort ?? 'updatedAt'}
              onChange={(v: string) => onChange({ sort: v === 'updatedAt' ? undefined : v })}
              options={[
                { value: 'updatedAt', label: '按更新时间' },
                { value: 'createdAt', label: '按创建时间' },
                { value: 'name', label: '按名称' },
              ]}
              style={{ width: '100%' }}
              aria-label="排序"
            />
          </Col>
          <Col xs={12} md={6} lg={4}>
            <Button
              block
              onClick={() => onChange(Object.fromEntries(Object.keys(filters).map((k) => [k, undefined])))}
            >
              重置筛选
            </Button>
          </Col>
        </>
      )}
    </Row>
  );
}
