import {
  INCIDENT_LEVEL_LABELS,
  INCIDENT_LINK_LABELS,
  INCIDENT_STATUS_LABELS,
} from '@nongan/shared/risk/schemas';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { api, type Page } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { applyServerError } from '../common/forms.ts';
import { useIsMobile } from '../common/useIsMobile.ts';
import { wholeLines } from '../common/wholeLines.ts';
import { EntityPicker } from '../users/EntityPicker.tsx';
import { LEVEL_COLORS } from './IncidentsTab.tsx';
import { INCIDENT_REPORTERS, type IncidentDetailView, useIncident } from './queries.ts';

const time = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm');
type Lot = { id: string; lotNo: string; productName: string | null; entityName: string | null };

export function IncidentDetailPage() {
  const { id = '' } = useParams();
  const inc = useIncident(id);
  const me = useMe();
  const qc = useQueryClient();
  const mobile = useIsMobile();
  const [modal, setModal] = useState<null | 'step' | 'link' | 'close'>(null);
  if (inc.isError) return <ErrorResult error={inc.error} retry={() => inc.refetch()} />;
  const d = inc.data;
  if (!d) return <Card loading />;
  const editable = d.status === 'responding' && can(me.data?.user, INCIDENT_REPORTERS);
  const save = async (path: string, body: unknown) => {
    qc.setQueryData(
      ['risk', 'incident', id],
      await api.post<IncidentDetailView>(`/incidents/${id}${path}`, body),
    );
    void qc.invalidateQueries({ queryKey: ['risk', 'incidents'] });
  };
  return (
    <>
      <div className="page-header">
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {d.title}
          </Typography.Title>
          <Tag color={LEVEL_COLORS[d.level]}>{INCIDENT_LEVEL_LABELS[d.level]}</Tag>
          <Tag color={d.status === 'closed' ? 'default' : 'processing'}>
            {INCIDENT_STATUS_LABELS[d.status]}
          </Tag>
        </Space>
        {editable && (
          <Space wrap>
            <Button type="primary" onClick={() => setModal('step')}>
              记录处置
            </Button>
            <Button onClick={() => setModal('link')}>关联主体或批次</Button>
            <Button onClick={() => setModal('close')}>结案</Button>
          </Space>
        )}
      </div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions
          column={mobile ? 1 : 3}
          size="small"
          items={wholeLines(
            [
              { key: 'no', label: '编号', children: d.incidentNo },
              { key: 'at', label: '发生时间', children: time(d.occurredAt) },
              { key: 'town', label: '镇街', children: d.townName ?? '全区' },
              { key: 'by', label: '报告人', children: d.reportedByName ?? '—' },
              { key: 'created', label: '报告时间', children: time(d.createdAt) },
              ...(d.closedAt ? [{ key: 'closed', label: '结案时间', children: time(d.closedAt) }] : []),
              {
                key: 'summary',
                label: '事件概况',
                children: <div style={{ whiteSpace: 'pre-wrap' }}>{d.summary}</div>,
                wide: true,
              },
              ...(d.conclusion
                ? [
                    {
                      key: 'conclusion',
                      label: '处置结论',
                      children: <div style={{ whiteSpace: 'pre-wrap' }}>{d.conclusion}</div>,
                      wide: true,
                    },
                  ]
                : []),
            ],
            mobile ? 1 : 3,
          )}
        />
      </Card>
      <Card size="small" title="处置经过" style={{ marginBottom: 12 }}>
        {d.steps.length === 0 ? (
          <Empty description="尚未记录处置步骤" />
        ) : (
          <Timeline
            items={d.steps.map((s) => ({
              content: (
                <>
                  <Typography.Text strong>{time(s.at)}</Typography.Text> <Tag>{s.actor}</Tag>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{s.action}</div>
                  <Typography.Text type="secondary">记录人：{s.recordedByName ?? '—'}</Typography.Text>
                </>
              ),
            }))}
          />
        )}
      </Card>
      <Card size="small" title="涉事主体与追溯批次">
        {d.links.length === 0 ? (
          <Empty description="尚未关联" />
        ) : (
          <Space orientation="vertical">
            {d.links.map((l) => (
              <Space key={`${l.kind}-${l.refId}`}>
                <Tag>{INCIDENT_LINK_LABELS[l.kind]}</Tag>
                {l.kind === 'entity' ? (
                  <Link to={`/entities/${l.refId}`}>{l.label}</Link>
                ) : (
                  <Link to={`/production/lots/${l.refId}`}>{l.label}</Link>
                )}
              </Space>
            ))}
          </Space>
        )}
      </Card>
      {modal === 'step' && (
        <StepModal occurredAt={d.occurredAt} onClose={() => setModal(null)} save={(v) => save('/steps', v)} />
      )}
      {modal === 'link' && <LinkModal onClose={() => setModal(null)} save={(v) => save('/links', v)} />}
      {modal === 'close' && <CloseModal onClose={() => setModal(null)} save={(v) => save('/close', v)} />}
    </>
  );
}

function useSubmit<V extends object>(save: (v: V) => Promise<unknown>, onClose: () => void) {
  const [form] = Form.useForm<V>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setError(null);
    const v = await form.validateFields();
    setBusy(true);
    try {
      await save(v);
      onClose();
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return { form, error, busy, submit };
}

function StepModal(props: {
  occurredAt: string;
  onClose: () => void;
  save: (v: unknown) => Promise<unknown>;
}) {
  const s = useSubmit<{ at: Dayjs; actor: string; action: string }>(
    (v) => props.save({ ...v, at: v.at.format('YYYY-MM-DDTHH:mm:ssZ') }),
    props.onClose,
  );
  return (
    <Modal
      title="记录处置步骤"
      open
      onOk={s.submit}
      okText="记录"
      confirmLoading={s.busy}
      onCancel={props.onClose}
    >
      {s.error && <Alert type="error" showIcon title={s.error} style={{ marginBottom: 12 }} />}
      <Form form={s.form} layout="vertical" initialValues={{ at: dayjs() }}>
        <Form.Item name="at" label="时间" rules={[{ required: true }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="actor" label="处置人或单位" rules={[{ required: true, message: '请填写' }]}>
          <Input maxLength={60} placeholder="如：土桥镇监管员 王某" />
        </Form.Item>
        <Form.Item name="action" label="处置内容" rules={[{ required: true, message: '请填写' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function LinkModal(props: { onClose: () => void; save: (v: unknown) => Promise<unknown> }) {
  const s = useSubmit<{ kind: 'entity' | 'lot'; refId: string }>(props.save, props.onClose);
  const kind = Form.useWatch('kind', s.form);
  const lots = useQuery({
    queryKey: ['risk', 'lots'],
    queryFn: () => api.get<Page<Lot>>('/production/lots', { pageSize: 100 }),
    enabled: kind === 'lot',
  });
  return (
    <Modal
      title="关联涉事主体或追溯批次"
      open
      onOk={s.submit}
      okText="关联"
      confirmLoading={s.busy}
      onCancel={props.onClose}
    >
      {s.error && <Alert type="error" showIcon title={s.error} style={{ marginBottom: 12 }} />}
      <Form form={s.form} layout="vertical" initialValues={{ kind: 'entity' }}>
        <Form.Item name="kind" label="类型">
          <Select
            options={Object.entries(INCIDENT_LINK_LABELS).map(([value, label]) => ({ value, label }))}
            onChange={() => s.form.setFieldValue('refId', undefined)}
          />
        </Form.Item>
        <Form.Item
          name="refId"
          label={kind === 'lot' ? '批次' : '主体'}
          rules={[{ required: true, message: '请选择' }]}
        >
          {kind === 'lot' ? (
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={lots.isFetching}
              options={(lots.data?.items ?? []).map((l) => ({
                value: l.id,
                label: `${l.lotNo} · ${l.entityName ?? ''} ${l.productName ?? ''}`,
              }))}
            />
          ) : (
            <EntityPicker />
          )}
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CloseModal(props: { onClose: () => void; save: (v: unknown) => Promise<unknown> }) {
  const s = useSubmit<{ conclusion: string }>(props.save, props.onClose);
  return (
    <Modal title="结案" open onOk={s.submit} okText="结案" confirmLoading={s.busy} onCancel={props.onClose}>
      {s.error && <Alert type="error" showIcon title={s.error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">结案后不能再记录处置步骤。</Typography.Paragraph>
      <Form form={s.form} layout="vertical">
        <Form.Item name="conclusion" label="处置结论" rules={[{ required: true, message: '请填写' }]}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
