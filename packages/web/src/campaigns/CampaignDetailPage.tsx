import { DownloadOutlined, LinkOutlined, PlusOutlined } from '@ant-design/icons';
import { CAMPAIGN_STATUS_LABELS, ITEM_STATUS_LABELS, type ItemView } from '@nongan/shared/campaigns/schemas';
import { LINK_KIND_LABELS } from '@nongan/shared/common/links';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, List, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { api, downloadUrl, errorMessage } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { useIsMobile } from '../common/useIsMobile.ts';
import { ProgressBar } from './CampaignListPage.tsx';
import { ItemModal, RectifyModal, SampleModal } from './ItemModals.tsx';
import { LinkModal } from './LinkModal.tsx';
import { CAMPAIGN_EDITORS, type CampaignDetailView, ITEM_EDITORS, useCampaign } from './queries.ts';

const pre = { whiteSpace: 'pre-wrap' as const };

export function CampaignDetailPage() {
  const { id = '' } = useParams();
  const c = useCampaign(id);
  const me = useMe();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [modal, setModal] = useState<null | 'item' | 'sample' | 'link'>(null);
  const [rectify, setRectify] = useState<ItemView | null>(null);
  if (c.isError) return <ErrorResult error={c.error} retry={() => c.refetch()} />;
  const d = c.data;
  if (!d) return <Card loading />;
  const user = me.data?.user;
  const active = d.status === 'active';
  const itemEditor = active && can(user, ITEM_EDITORS);
  const office = active && can(user, CAMPAIGN_EDITORS);
  const saved = (next: CampaignDetailView) => {
    qc.setQueryData(['campaigns', 'one', id], next);
    void qc.invalidateQueries({ queryKey: ['campaigns', 'list'] });
  };
  const post = async (path: string, body: unknown) =>
    saved(await api.post<CampaignDetailView>(`/campaigns/${id}${path}`, body));
  const close = async () => {
    try {
      saved(
        await api.patch<CampaignDetailView>(`/campaigns/${id}`, { status: 'closed', version: d.version }),
      );
      message.success('专项整治已结束');
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const itemColumns = [
    { title: '镇街', dataIndex: 'townName', width: 90 },
    {
      title: '主体',
      dataIndex: 'entityName',
      width: 200,
      render: (v: string, r: ItemView) => <Link to={`/entities/${r.entityId}`}>{v}</Link>,
    },
    { title: '问题', dataIndex: 'issue' },
    {
      title: '整改期限',
      dataIndex: 'dueOn',
      width: 130,
      render: (v: string, r: ItemView) => (
        <Space size={4}>
          {v}
          {r.overdue && <Tag color="red">逾期</Tag>}
        </Space>
      ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 150,
      render: (v: ItemView['status'], r: ItemView) => (
        <Space orientation="vertical" size={0}>
          <Tag color={v === 'rectified' ? 'green' : 'orange'}>{ITEM_STATUS_LABELS[v]}</Tag>
          {r.rectifiedOn && <Typography.Text type="secondary">{r.rectifiedOn} 完成</Typography.Text>}
        </Space>
      ),
    },
    { title: '备注', dataIndex: 'note', width: 160, render: (v: string | null) => v ?? '—' },
    { title: '更新人', dataIndex: 'updatedByName', width: 90, render: (v: string | null) => v ?? '—' },
    ...(itemEditor
      ? [
          {
            title: '操作',
            key: 'act',
            width: 90,
            render: (_: unknown, r: ItemView) => (
              <Button size="small" type="link" onClick={() => setRectify(r)}>
                {r.status === 'open' ? '登记整改' : '重新打开'}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <div className="page-header">
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {d.title}
          </Typography.Title>
          <Tag color={active ? 'green' : 'default'}>{CAMPAIGN_STATUS_LABELS[d.status]}</Tag>
        </Space>
        <Space wrap>
          <Button icon={<DownloadOutlined />} href={downloadUrl(`/campaigns/${id}/items.xlsx`)}>
            导出清单
          </Button>
          {office && (
            <Popconfirm
              title="结束后清单不能再修改，确定结束？"
              onConfirm={close}
              okText="结束"
              cancelText="取消"
            >
              <Button danger>结束整治</Button>
            </Popconfirm>
          )}
        </Space>
      </div>
      <Card title="四个一" size="small" style={{ marginBottom: 12 }}>
        <Descriptions
          column={mobile ? 1 : 2}
          size="small"
          bordered
          layout={mobile ? 'vertical' : 'horizontal'}
        >
          <Descriptions.Item label="一个品种">
            {d.variety}
            {d.drugs.length > 0 && (
              <Typography.Text type="secondary">（关注药物：{d.drugs.join('、')}）</Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label="整治期间">
            {d.startOn} 至 {d.endOn}
          </Descriptions.Item>
          <Descriptions.Item label="一张清单">
            <ProgressBar p={d.progress} />
          </Descriptions.Item>
          <Descriptions.Item label="创建人">{d.createdByName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="一个方案" span={mobile ? 1 : 2}>
            <div style={pre}>{d.plan}</div>
          </Descriptions.Item>
          <Descriptions.Item label="一套措施" span={mobile ? 1 : 2}>
            <div style={pre}>{d.measures}</div>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title={`整治清单（${d.progress.rectified}/${d.progress.total} 已整改）`}
        size="small"
        style={{ marginBottom: 12 }}
        extra={
          itemEditor && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setModal('item')}>
              添加主体
            </Button>
          )
        }
      >
        {mobile ? (
          <List
            dataSource={d.items}
            locale={{ emptyText: '清单为空' }}
            renderItem={(r) => (
              <List.Item
                actions={
                  itemEditor
                    ? [
                        <Button key="a" size="small" onClick={() => setRectify(r)}>
                          {r.status === 'open' ? '登记整改' : '重新打开'}
                        </Button>,
                      ]
                    : []
                }
              >
                <Space orientation="vertical" size={0}>
                  <Space wrap size={4}>
                    <Typography.Text strong>{r.entityName}</Typography.Text>
                    <Tag color={r.status === 'rectified' ? 'green' : 'orange'}>
                      {ITEM_STATUS_LABELS[r.status]}
                    </Tag>
                    {r.overdue && <Tag color="red">逾期</Tag>}
                  </Space>
                  <Typography.Text>{r.issue}</Typography.Text>
                  <Typography.Text type="secondary">
                    {r.townName} · 期限 {r.dueOn}
                    {r.rectifiedOn ? ` · ${r.rectifiedOn} 完成` : ''}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Table<ItemView>
            rowKey="id"
            size="small"
            columns={itemColumns}
            dataSource={d.items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 1000 }}
            locale={{ emptyText: '清单为空' }}
          />
        )}
      </Card>
      <Card
        title="关联样品"
        size="small"
        style={{ marginBottom: 12 }}
        extra={
          itemEditor && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setModal('sample')}>
              关联样品
            </Button>
          )
        }
      >
        <List
          dataSource={d.samples}
          locale={{ emptyText: '尚未关联样品' }}
          renderItem={(s) => (
            <List.Item>
              <Space wrap size={6}>
                <Link to={`/monitoring/lab/${s.sampleId}`}>{s.sampleNo}</Link>
                <span>{s.productName}</span>
                <span>{s.partyName}</span>
                <Typography.Text type="secondary">
                  {s.townName} · {s.sampledAt.slice(0, 10)}
                </Typography.Text>
                <Tag color={s.verdictLabel === '不合格' ? 'red' : undefined}>{s.verdictLabel}</Tag>
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Card
        title="关联巡查与案件"
        size="small"
        extra={
          office && (
            <Button size="small" icon={<LinkOutlined />} onClick={() => setModal('link')}>
              添加关联
            </Button>
          )
        }
      >
        <List
          dataSource={d.links}
          locale={{ emptyText: '尚无关联' }}
          renderItem={(l) => (
            <List.Item>
              <Space wrap size={6}>
                <Tag>{LINK_KIND_LABELS[l.kind]}</Tag>
                <span>{l.label}</span>
                <Typography.Text type="secondary">
                  {l.createdByName ?? ''} {l.createdAt.slice(0, 10)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <ItemModal open={modal === 'item'} onClose={() => setModal(null)} save={(v) => post('/items', v)} />
      <SampleModal
        open={modal === 'sample'}
        variety={d.variety}
        onClose={() => setModal(null)}
        save={(v) => post('/samples', v)}
      />
      <LinkModal open={modal === 'link'} onClose={() => setModal(null)} save={(v) => post('/links', v)} />
      <RectifyModal
        item={rectify}
        onClose={() => setRectify(null)}
        save={(v) => post(`/items/${rectify?.id}/status`, v)}
      />
    </>
  );
}
