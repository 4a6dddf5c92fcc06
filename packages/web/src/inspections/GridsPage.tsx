import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Col, Row, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useMe } from '../auth/session.ts';
import { api } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { TownFilter } from './parts.tsx';
import { type GridPerson, type GridView, useGridPeople, useGrids } from './queries.ts';

/** 网格责任人: each grid's village coordinator and town supervisor. */
export function GridsPage() {
  const user = useMe().data?.user;
  const ownTown = user?.scopeCode?.length === 9 ? user.scopeCode : undefined;
  const [town, setTown] = useState<string | undefined>(ownTown);
  const townCode = ownTown ?? town;
  const grids = useGrids(townCode);
  const people = useGridPeople(townCode);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (v: { grid: GridView; coordinatorId: string | null; supervisorId: string | null }) =>
      api.put(`/inspections/grids/${v.grid.gridCode}`, {
        coordinatorId: v.coordinatorId,
        supervisorId: v.supervisorId,
      }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['inspections', 'grids'] });
      message.success('已保存');
    },
    onError: (e) => message.error(e instanceof Error ? e.message : String(e)),
  });
  if (grids.isError) return <ErrorResult error={grids.error} retry={() => grids.refetch()} />;
  // The assigned person comes with the grid, so the select shows a name (never the account id)
  // even before the people list has loaded.
  const options = (g: GridView, role: GridPerson['role']) => {
    const list = (people.data ?? [])
      .filter(
        (p) => p.role === role && (role === 'town_supervisor' || g.gridCode.startsWith(p.scopeCode ?? '-')),
      )
      .map((p) => ({ value: p.id, label: p.displayName }));
    const [id, name] =
      role === 'town_supervisor' ? [g.supervisorId, g.supervisorName] : [g.coordinatorId, g.coordinatorName];
    if (id && !list.some((o) => o.value === id)) list.unshift({ value: id, label: name ?? '（已停用账号）' });
    return list;
  };
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>网格责任人</Typography.Title>
      </div>
      {!ownTown && (
        <Row gutter={8} style={{ marginBottom: 12 }}>
          <Col xs={24} md={6}>
            <TownFilter value={town} onChange={setTown} />
          </Col>
        </Row>
      )}
      {!townCode ? (
        <Typography.Paragraph type="secondary">请先选择镇街。</Typography.Paragraph>
      ) : (
        <Table<GridView>
          rowKey="gridCode"
          size="middle"
          loading={grids.isFetching}
          dataSource={grids.data ?? []}
          pagination={{ pageSize: 50, showTotal: (t) => `共 ${t} 个网格` }}
          scroll={{ x: 820 }}
          locale={{ emptyText: '该镇街还没有划分网格（在“区划管理”中添加）' }}
          columns={[
            { title: '村', dataIndex: 'villageName', width: 120 },
            { title: '网格', dataIndex: 'gridName', width: 120 },
            { title: '主体数', dataIndex: 'entities', width: 80, align: 'right' },
            {
              title: '村级协管员',
              key: 'c',
              width: 220,
              render: (_, g) => (
                <Select
                  allowClear
                  aria-label={`${g.gridName}村级协管员`}
                  placeholder="未指定"
                  style={{ width: '100%' }}
                  value={g.coordinatorId ?? undefined}
                  options={options(g, 'village_coordinator')}
                  onChange={(v?: string) =>
                    save.mutate({ grid: g, coordinatorId: v ?? null, supervisorId: g.supervisorId })
                  }
                />
              ),
            },
            {
              title: '镇街监管员',
              key: 's',
              width: 220,
              render: (_, g) => (
                <Select
                  allowClear
                  aria-label={`${g.gridName}镇街监管员`}
                  placeholder="未指定"
                  style={{ width: '100%' }}
                  value={g.supervisorId ?? undefined}
                  options={options(g, 'town_supervisor')}
                  onChange={(v?: string) =>
                    save.mutate({ grid: g, coordinatorId: g.coordinatorId, supervisorId: v ?? null })
                  }
                />
              ),
            },
          ]}
        />
      )}
    </>
  );
}
