import { PlusOutlined } from '@ant-design/icons';
import { MISSING_NAME } from '@nongan/shared/common/missing';
import {
  CHECK_CODE_LABELS,
  HARVEST_UNIT_LABELS,
  type HarvestUnit,
  type InputUseView,
  PRODUCTION_WRITERS,
} from '@nongan/shared/trace/production';
import { Button, Card, DatePicker, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { wholeLines } from '../common/wholeLines.ts';
import { HarvestModal } from './HarvestModal.tsx';
import { CheckPanel, harvestWord, kindLabel, LotStatusTag } from './parts.tsx';
import { dateOf, type LotDetailView, useLot } from './queries.ts';
import { UseFormModal } from './UseFormModal.tsx';

/** Per use record: the problems and warnings of the check that name it. */
function flagsByUse(lot: LotDetailView) {
  const m = new Map<string, { code: keyof typeof CHECK_CODE_LABELS; severity: string; reason: string }[]>();
  for (const p of [...lot.check.problems, ...lot.check.warnings])
    for (const id of p.useIds) m.set(id, [...(m.get(id) ?? []), p]);
  return m;
}

export function LotDetailPage() {
  const { id = '' } = useParams();
  const [planned, setPlanned] = useState<string | undefined>();
  const q = useLot(id, planned);
  const user = useMe().data?.user;
  const [adding, setAdding] = useState(false);
  const [harvesting, setHarvesting] = useState(false);
  if (q.isError) return <ErrorResult error={q.error} retry={() => q.refetch()} />;
  if (!q.data || !user) return <Spin style={{ display: 'block', margin: 48 }} />;
  const lot = q.data;
  const writer = can(user, PRODUCTION_WRITERS);
  const word = harvestWord(lot.inputKind);
  const flags = flagsByUse(lot);

  const columns: ColumnsType<InputUseView> = [
    { title: '#', key: 'n', width: 48, render: (_, __, i) => i + 1 },
    { title: '使用日期', dataIndex: 'usedOn', width: 110 },
    {
      title: '投入品',
      key: 'input',
      width: 200,
      render: (_, u) => (
        <Space size={4} wrap>
          <span>{u.input}</span>
          {u.inputName && u.inputName !== u.input && (
            <Typography.Text type="secondary">（{u.inputName}）</Typography.Text>
          )}
        </Space>
      ),
    },
    { title: '类别', dataIndex: 'kind', width: 70, render: kindLabel },
    { title: '剂量', dataIndex: 'dose', width: 130, render: (v: string | null) => v ?? '—' },
    {
      title: lot.inputKind === 'vet_drug' ? '动物数' : '面积（亩）',
      key: 'size',
      width: 100,
      align: 'right',
      render: (_, u) => u.area ?? u.animals ?? '—',
    },
    { title: '操作人', dataIndex: 'operator', width: 90, render: (v: string | null) => v ?? '—' },
    {
      title: '检查',
      key: 'flags',
      render: (_, u) => {
        const f = flags.get(u.id);
        if (!f?.length) return <Tag color="green">无问题</Tag>;
        return (
          <Space size={4} wrap>
            {f.map((p) => (
              <Tag key={p.code} color={p.severity === 'error' ? 'red' : 'orange'} title={p.reason}>
                {CHECK_CODE_LABELS[p.code]}
              </Tag>
            ))}
          </Space>
        );
      },
    },
  ];

  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>
          生产批次 {lot.lotNo} <LotStatusTag status={lot.status} />
        </Typography.Title>
        <Space wrap>
          {writer && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              记录{lot.inputKind ? kindLabel(lot.inputKind) : '投入品'}使用
            </Button>
          )}
          {writer && lot.status === 'growing' && (
            <Button onClick={() => setHarvesting(true)}>记录{word}</Button>
          )}
          <Link to="/production/lots">返回列表</Link>
        </Space>
      </div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          items={wholeLines([
            { key: 'no', label: '批次号', children: lot.lotNo },
            {
              key: 'entity',
              label: '生产主体',
              children: <Link to={`/entities/${lot.entityId}`}>{lot.entityName ?? MISSING_NAME.entity}</Link>,
            },
            { key: 'product', label: '产品', children: lot.productName ?? MISSING_NAME.product },
            { key: 'town', label: '镇街', children: lot.townName ?? MISSING_NAME.town },
            {
              key: 'plot',
              label: lot.inputKind === 'vet_drug' ? '圈舍/池塘' : '地块/大棚',
              children: lot.plot ?? '—',
            },
            {
              key: 'size',
              label: '面积/数量',
              children:
                [
                  lot.area != null ? `${lot.area} 亩` : null,
                  lot.animals != null ? `${lot.animals} 头（只、尾）` : null,
                ]
                  .filter(Boolean)
                  .join(' / ') || '—',
            },
            { key: 'start', label: '开始日期', children: lot.startedOn ?? '—' },
            { key: 'status', label: '状态', children: <LotStatusTag status={lot.status} /> },
            { key: 'harvest', label: `${word}日期`, children: lot.harvestDate ?? '—' },
            {
              key: 'qty',
              label: `${word}数量`,
              children:
                lot.harvestQuantity != null
                  ? `${lot.harvestQuantity} ${HARVEST_UNIT_LABELS[lot.harvestUnit as HarvestUnit] ?? lot.harvestUnit ?? ''}`
                  : '—',
            },
            { key: 'note', label: '备注', children: lot.note ?? '—', wide: true },
          ])}
        />
      </Card>
      <Card
        size="small"
        style={{ marginBottom: 12 }}
        title={lot.inputKind === 'vet_drug' ? '禁用兽药与休药期检查' : '禁用农药与安全间隔期检查'}
        extra={
          lot.status === 'growing' && (
            <Space size={4}>
              <Typography.Text type="secondary">拟{word}日期</Typography.Text>
              <DatePicker
                aria-label={`拟${word}日期`}
                allowClear
                placeholder="今天"
                value={planned ? dayjs(planned) : null}
                onChange={(d) => setPlanned(dateOf(d))}
              />
            </Space>
          )
        }
      >
        <CheckPanel check={lot.check} kind={lot.inputKind} />
      </Card>
      <Card size="small" title={`投入品使用记录（${lot.uses.length}）`}>
        <Table<InputUseView>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={lot.uses}
          pagination={false}
          scroll={{ x: 900 }}
          rowClassName={(u) => (flags.get(u.id)?.some((p) => p.severity === 'error') ? 'row-problem' : '')}
          locale={{ emptyText: '尚无使用记录' }}
        />
      </Card>
      {writer && <UseFormModal lot={lot} user={user} open={adding} onClose={() => setAdding(false)} />}
      {writer && <HarvestModal lot={lot} open={harvesting} onClose={() => setHarvesting(false)} />}
    </>
  );
}
