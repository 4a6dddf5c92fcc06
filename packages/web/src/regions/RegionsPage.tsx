import type { DivisionView } from '@nongan/shared/regions/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Breadcrumb, Button, Card, Col, Row, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { can, DIVISION_EDITORS, useMe } from '../auth/session.ts';
import { api, errorMessage } from '../common/api.ts';
import { useDivisions } from '../common/regions.ts';
import { DivisionEditModal, type EditTarget } from './DivisionEditModal.tsx';
import { DivisionImport } from './DivisionImport.tsx';

const KINDS: Record<string, string> = { street: '街道', town: '镇', township: '乡' };

/** 区划管理: the 28 towns/streets (from the national code list, read-only) → villages → grids. */
export function RegionsPage() {
  const me = useMe();
  const editor = can(me.data?.user, DIVISION_EDITORS);
  const [params, setParams] = useSearchParams();
  const townCode = params.get('town');
  const villageCode = params.get('village');
  const [edit, setEdit] = useState<EditTarget | null>(null);
  const qc = useQueryClient();
  const { message, modal } = App.useApp();

  const towns = useDivisions({ level: 'town' });
  const villages = useDivisions({ level: 'village', parentCode: townCode, includeInactive: true });
  const grids = useDivisions({ level: 'grid', parentCode: villageCode, includeInactive: true });
  const town = towns.data?.find((t) => t.code === townCode);
  const village = villages.data?.find((v) => v.code === villageCode);

  const toggle = useMutation({
    mutationFn: (d: DivisionView) => api.patch(`/divisions/${d.code}`, { active: !d.active }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['divisions'] }),
  });
  const confirmToggle = (d: DivisionView) =>
    modal.confirm({
      title: `${d.active ? '停用' : '启用'}“${d.name}”？`,
      content: d.active ? '停用后不能再把新主体登记到该区域，已有主体不受影响。' : undefined,
      okButtonProps: { danger: d.active },
      onOk: () => toggle.mutateAsync(d).catch((e) => message.error(errorMessage(e))),
    });

  const select = (town?: string | null, village?: string | null) => {
    const next = new URLSearchParams();
    if (town) next.set('town', town);
    if (village) next.set('village', village);
    setParams(next);
  };

  const childColumns = (level: 'village' | 'grid'): ColumnsType<DivisionView> => [
    { title: '代码', dataIndex: 'code', width: 150 },
    {
      title: '名称',
      dataIndex: 'name',
      render: (v: string, d) =>
        level === 'village' ? (
          <Typography.Link onClick={() => select(townCode, d.code)}>{v}</Typography.Link>
        ) : (
          v
        ),
    },
    {
      title: '状态',
      dataIndex: 'active',
      width: 80,
      render: (a: boolean) => (a ? <Tag color="blue">启用</Tag> : <Tag>停用</Tag>),
    },
    ...(editor
      ? [
          {
            title: '操作',
            key: 'ops',
            width: 150,
            render: (_: unknown, d: DivisionView) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEdit({ mode: 'rename', division: d })}>
                  重命名
                </Button>
                <Button type="link" size="small" danger={d.active} onClick={() => confirmToggle(d)}>
                  {d.active ? '停用' : '启用'}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>区划管理</Typography.Title>
        {editor && <DivisionImport />}
      </div>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[
          { title: <Typography.Link onClick={() => select()}>全部镇街</Typography.Link> },
          ...(town
            ? [{ title: <Typography.Link onClick={() => select(town.code)}>{town.name}</Typography.Link> }]
            : []),
          ...(village ? [{ title: village.name }] : []),
        ]}
      />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={8} xl={7}>
          <Card size="small" title={`镇街（${towns.data?.length ?? 0}）`}>
            <Table<DivisionView>
              size="small"
              rowKey="code"
              loading={towns.isPending}
              dataSource={towns.data}
              pagination={false}
              scroll={{ y: 480 }}
              rowClassName={(t) => (t.code === townCode ? 'ant-table-row-selected' : '')}
              onRow={(t) => ({ onClick: () => select(t.code), style: { cursor: 'pointer' } })}
              columns={[
                { title: '代码', dataIndex: 'code', width: 100 },
                { title: '名称', dataIndex: 'name' },
                {
                  title: '类别',
                  key: 'kind',
                  width: 110,
                  render: (_, t) => (
                    <Space size={2}>
                      {KINDS[t.kind ?? ''] ?? '—'}
                      {t.keyTown && <Tag color="green">果蔬重点</Tag>}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={16} xl={17}>
          <Card
            size="small"
            style={{ marginBottom: 12 }}
            title={town ? `${town.name} · 村（${villages.data?.length ?? 0}）` : '村'}
            extra={
              editor &&
              town && (
                <Button size="small" onClick={() => setEdit({ mode: 'add', parent: town, level: 'village' })}>
                  新增村
                </Button>
              )
            }
          >
            {town ? (
              <Table<DivisionView>
                size="small"
                rowKey="code"
                loading={villages.isPending}
                dataSource={villages.data}
                columns={childColumns('village')}
                pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
                scroll={{ x: 480 }}
              />
            ) : (
              <Typography.Text type="secondary">请选择镇街</Typography.Text>
            )}
          </Card>
          <Card
            size="small"
            title={village ? `${village.name} · 网格（${grids.data?.length ?? 0}）` : '网格'}
            extra={
              editor &&
              village && (
                <Button size="small" onClick={() => setEdit({ mode: 'add', parent: village, level: 'grid' })}>
                  新增网格
                </Button>
              )
            }
          >
            {village ? (
              <Table<DivisionView>
                size="small"
                rowKey="code"
                loading={grids.isPending}
                dataSource={grids.data}
                columns={childColumns('grid')}
                pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
                scroll={{ x: 480 }}
              />
            ) : (
              <Typography.Text type="secondary">请选择村</Typography.Text>
            )}
          </Card>
        </Col>
      </Row>
      <DivisionEditModal target={edit} onClose={() => setEdit(null)} />
    </>
  );
}
