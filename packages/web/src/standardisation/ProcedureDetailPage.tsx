import { UploadOutlined } from '@ant-design/icons';
import { chinaToday } from '@nongan/shared/common/dates';
import {
  type HandoutView,
  STAGE_LABELS,
  STAGES,
  type VersionView,
} from '@nongan/shared/standardisation/schemas';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Popconfirm,
  Radio,
  Select,
  Skeleton,
  Space,
  Typography,
  Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { api, downloadUrl, errorMessage } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { applyServerError } from '../common/forms.ts';
import { PagedList } from '../common/PagedList.tsx';
import { TownSelect } from '../entities/RegionFilterSelects.tsx';
import { EntityPicker } from '../users/EntityPicker.tsx';
import { ProcedureForm } from './ProcedureForm.tsx';
import { productNames, VersionTag } from './parts.tsx';
import {
  pct,
  STD_OFFICE,
  STD_RECORDERS,
  useHandouts,
  useProcedure,
  useReach,
  useStdMutation,
} from './queries.ts';

export function ProcedureDetailPage() {
  const { id = '' } = useParams();
  const p = useProcedure(id);
  const me = useMe();
  const office = can(me.data?.user, STD_OFFICE);
  const [chosen, setChosen] = useState<string>();
  const [revising, setRevising] = useState(false);
  const [editing, setEditing] = useState(false);
  if (p.isError) return <ErrorResult error={p.error} retry={() => p.refetch()} />;
  if (!p.data) return <Skeleton active />;
  const versions = p.data.versions;
  const current = versions.find((v) => v.status === 'published');
  const v = versions.find((x) => x.id === chosen) ?? current ?? versions[0]!;
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>
          <Link to="/standardisation">标准化生产</Link> / {p.data.number} {v.title}
        </Typography.Title>
        <Space wrap>
          {office && !versions.some((x) => x.status === 'draft') && (
            <Button onClick={() => setRevising(true)}>新建版本（修订）</Button>
          )}
        </Space>
      </div>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text>版本：</Typography.Text>
          <Select
            aria-label="版本"
            value={v.id}
            onChange={setChosen}
            style={{ minWidth: 220 }}
            options={versions.map((x) => ({
              value: x.id,
              label: `第${x.version}版 · ${x.status === 'published' ? '现行' : x.status === 'draft' ? '草稿' : x.status === 'superseded' ? '已替代' : '已废止'}${x.publishedOn ? ` · ${x.publishedOn}` : ''}`,
            }))}
          />
        </Space>
        <VersionCard v={v} office={office} onEdit={() => setEditing(true)} />
        {current && can(me.data?.user, STD_RECORDERS) && <HandoutCard procedureId={id} current={current} />}
        {current && <ProcedureReach procedureId={id} />}
        <HandoutList procedureId={id} />
      </Space>
      {editing && <ProcedureForm open procedureId={id} from={v} editing onClose={() => setEditing(false)} />}
      {revising && (
        <ProcedureForm open procedureId={id} from={versions[0]} onClose={() => setRevising(false)} />
      )}
    </>
  );
}

function VersionCard({ v, office, onEdit }: { v: VersionView; office: boolean; onEdit: () => void }) {
  const { message } = App.useApp();
  const act = useStdMutation((action: 'publish' | 'withdraw') =>
    api.post(`/standardisation/versions/${v.id}/${action}`),
  );
  const upload = useStdMutation((f: File) => api.upload(`/standardisation/versions/${v.id}/file`, f));
  const onAct = (a: 'publish' | 'withdraw') =>
    act.mutate(a, {
      onSuccess: () => message.success(a === 'publish' ? '已发布为现行版本' : '已废止'),
      onError: (e) => message.error(errorMessage(e)),
    });
  return (
    <Card
      size="small"
      title={
        <Space wrap>
          第{v.version}版 <VersionTag status={v.status} />
        </Space>
      }
      extra={
        office && (
          <Space wrap>
            {v.status === 'draft' && <Button onClick={onEdit}>修改草稿</Button>}
            {v.status === 'draft' && (
              <Popconfirm
                title="发布后此版本成为现行版本，原现行版本将被替代。确定发布？"
                onConfirm={() => onAct('publish')}
              >
                <Button type="primary" loading={act.isPending}>
                  发布
                </Button>
              </Popconfirm>
            )}
            {v.status === 'published' && (
              <Popconfirm title="废止后此规程没有现行版本。确定废止？" onConfirm={() => onAct('withdraw')}>
                <Button danger loading={act.isPending}>
                  废止
                </Button>
              </Popconfirm>
            )}
          </Space>
        )
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="适用产品">{productNames(v.products)}</Descriptions.Item>
        <Descriptions.Item label="发布日期">{v.publishedOn ?? '未发布'}</Descriptions.Item>
        {v.endedOn && <Descriptions.Item label="停止使用">{v.endedOn}</Descriptions.Item>}
        <Descriptions.Item label="编制人">{v.createdByName ?? '—'}</Descriptions.Item>
        {v.note && <Descriptions.Item label="修订说明">{v.note}</Descriptions.Item>}
        <Descriptions.Item label="文本文件">
          <Space wrap>
            {v.file ? (
              <a
                href={downloadUrl(`/standardisation/versions/${v.id}/file`)}
                target="_blank"
                rel="noreferrer"
              >
                {v.file.fileName}（{Math.ceil(v.file.size / 1024)} KB）
              </a>
            ) : (
              '未上传'
            )}
            {office && v.status === 'draft' && (
              <Upload
                accept=".pdf,.doc,.docx"
                showUploadList={false}
                beforeUpload={(f) => {
                  upload.mutate(f, {
                    onSuccess: () => message.success('已上传'),
                    onError: (e) => message.error(errorMessage(e)),
                  });
                  return false;
                }}
              >
                <Button size="small" icon={<UploadOutlined />} loading={upload.isPending}>
                  上传 PDF/Word
                </Button>
              </Upload>
            )}
          </Space>
        </Descriptions.Item>
      </Descriptions>
      {STAGES.map((s) => (
        <div key={s} style={{ marginBottom: 8 }}>
          <Typography.Text strong>{STAGE_LABELS[s]}</Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
            {v.sections[s]}
          </Typography.Paragraph>
        </div>
      ))}
    </Card>
  );
}

/** 发放: to one entity, or to every producer of a town whose products it covers. */
function HandoutCard({ procedureId, current }: { procedureId: string; current: VersionView }) {
  const [form] = Form.useForm();
  const me = useMe();
  const { message } = App.useApp();
  const [mode, setMode] = useState<'entity' | 'town'>('entity');
  const [error, setError] = useState<string | null>(null);
  const townUser = me.data?.user.role === 'town_supervisor';
  const save = useStdMutation((b: Record<string, unknown>) =>
    api.post<{ added: number; already: number }>(`/standardisation/procedures/${procedureId}/handouts`, b),
  );
  const submit = () =>
    form.validateFields().then((v) => {
      setError(null);
      const body = {
        handedOn: v.handedOn.format('YYYY-MM-DD'),
        note: v.note?.trim() || null,
        ...(mode === 'entity'
          ? { entityIds: [v.entityId] }
          : { townCode: townUser ? me.data?.user.scopeCode : v.townCode, product: v.product }),
      };
      save.mutate(body, {
        onSuccess: (r) => {
          message.success(`已登记发放 ${r.added} 户${r.already ? `，${r.already} 户此前已发放` : ''}`);
          form.resetFields(['entityId']);
        },
        onError: (e) => setError(applyServerError(form, e)),
      });
    });
  return (
    <Card size="small" title={`登记发放（第${current.version}版）`}>
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)} style={{ marginBottom: 12 }}>
        <Radio.Button value="entity">发放给主体</Radio.Button>
        <Radio.Button value="town">按镇街批量发放</Radio.Button>
      </Radio.Group>
      <Form form={form} layout="vertical" initialValues={{ handedOn: dayjs(chinaToday()) }}>
        {mode === 'entity' ? (
          <Form.Item name="entityId" label="主体" rules={[{ required: true, message: '请选择主体' }]}>
            <EntityPicker />
          </Form.Item>
        ) : (
          <>
            {!townUser && (
              <Form.Item name="townCode" label="镇街" rules={[{ required: true, message: '请选择镇街' }]}>
                <TownSelect />
              </Form.Item>
            )}
            <Form.Item name="product" label="只发给生产此产品的主体（可不选）">
              <Select allowClear options={current.products.map((p) => ({ value: p.code, label: p.name }))} />
            </Form.Item>
          </>
        )}
        <Form.Item name="handedOn" label="发放日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(d) =>
              d.isAfter(dayjs(chinaToday()), 'day') ||
              (!!current.publishedOn && d.isBefore(dayjs(current.publishedOn), 'day'))
            }
          />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input maxLength={200} />
        </Form.Item>
        <Button type="primary" onClick={submit} loading={save.isPending}>
          登记发放
        </Button>
      </Form>
    </Card>
  );
}

function ProcedureReach({ procedureId }: { procedureId: string }) {
  const r = useReach(procedureId);
  const d = r.data?.district;
  if (!d) return null;
  return (
    <Typography.Text data-testid="procedure-reach">
      本规程现行版本入户率（{d.townName}）：<b>{pct(d.rate)}</b>（已发放 {d.reached} / 应发放 {d.eligible}{' '}
      户） <Link to={`/standardisation?tab=reach&procedureId=${procedureId}`}>各镇街明细</Link>
    </Typography.Text>
  );
}

const handoutColumns: ColumnsType<HandoutView> = [
  {
    title: '主体',
    dataIndex: 'entityName',
    width: 220,
    render: (v: string, r) => <Link to={`/entities/${r.entityId}`}>{v}</Link>,
  },
  { title: '镇街', dataIndex: 'townName', width: 90 },
  { title: '版本', dataIndex: 'version', width: 70, render: (v: number) => `第${v}版` },
  { title: '发放日期', dataIndex: 'handedOn', width: 110 },
  { title: '发放人', dataIndex: 'handedByName', width: 110, render: (v: string | null) => v ?? '—' },
  { title: '备注', dataIndex: 'note', width: 160, render: (v: string | null) => v ?? '—' },
];

function HandoutList({ procedureId }: { procedureId: string }) {
  const [q, setQ] = useState({ page: 1, pageSize: 20, q: undefined as string | undefined });
  const list = useHandouts(procedureId, q);
  return (
    <Card size="small" title="发放记录">
      <Input.Search
        allowClear
        placeholder="搜索主体名称"
        onSearch={(v) => setQ({ ...q, page: 1, q: v.trim() || undefined })}
        style={{ maxWidth: 320, marginBottom: 12 }}
      />
      <PagedList
        list={list}
        query={q}
        onPage={(to) => setQ({ ...q, ...to })}
        unit="户"
        empty="还没有发放记录"
        columns={handoutColumns}
        scrollX={760}
        card={(r) => (
          <>
            <Typography.Text strong>{r.entityName}</Typography.Text>
            <Typography.Text type="secondary">
              {r.townName} · 第{r.version}版 · {r.handedOn} · {r.handedByName ?? ''}
            </Typography.Text>
          </>
        )}
      />
    </Card>
  );
}
