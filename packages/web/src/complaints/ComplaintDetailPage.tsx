import { CASE_WRITERS } from '@nongan/shared/cases/schemas';
import { LINK_KIND_LABELS } from '@nongan/shared/common/links';
import {
  COMPLAINT_ACTION_LABELS,
  COMPLAINT_STATUS_LABELS,
  COMPLAINT_TOPIC_LABELS,
  type ComplaintAction,
  type ComplaintDetailView,
} from '@nongan/shared/complaints/schemas';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { LinkModal } from '../campaigns/LinkModal.tsx';
import { type CasePreset, OpenCaseModal } from '../cases/OpenCaseModal.tsx';
import { api } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { applyServerError } from '../common/forms.ts';
import { useIsMobile } from '../common/useIsMobile.ts';
import { STATUS_COLORS } from './ComplaintListPage.tsx';

const time = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm');

export function ComplaintDetailPage() {
  const { id = '' } = useParams();
  const key = ['complaints', 'one', id];
  const c = useQuery({ queryKey: key, queryFn: () => api.get<ComplaintDetailView>(`/complaints/${id}`) });
  const qc = useQueryClient();
  const me = useMe();
  const mobile = useIsMobile();
  const [acting, setActing] = useState<ComplaintAction | null>(null);
  const [linking, setLinking] = useState(false);
  const [casing, setCasing] = useState<CasePreset | null>(null);
  if (c.isError) return <ErrorResult error={c.error} retry={() => c.refetch()} />;
  const d = c.data;
  if (!d) return <Card loading />;
  const saved = (next: ComplaintDetailView) => {
    qc.setQueryData(key, next);
    void qc.invalidateQueries({ queryKey: ['complaints', 'list'] });
  };
  const canLink = d.status !== 'submitted' && d.status !== 'closed';
  return (
    <>
      <div className="page-header">
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            举报 {d.reference}
          </Typography.Title>
          <Tag color={STATUS_COLORS[d.status]}>{COMPLAINT_STATUS_LABELS[d.status]}</Tag>
        </Space>
        <Space wrap>
          {d.actions.map((a) => (
            <Button key={a} type="primary" onClick={() => setActing(a)}>
              {COMPLAINT_ACTION_LABELS[a]}
            </Button>
          ))}
          {canLink && <Button onClick={() => setLinking(true)}>关联巡查或案件</Button>}
          {canLink && can(me.data?.user, CASE_WRITERS) && (
            <Button
              onClick={() =>
                setCasing({
                  sourceType: 'complaint',
                  sourceId: d.id,
                  sourceText: `举报 ${d.reference}`,
                  townCode: d.townCode,
                })
              }
            >
              立案查处
            </Button>
          )}
        </Space>
      </div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions column={mobile ? 1 : 2} size="small">
          <Descriptions.Item label="提交时间">{time(d.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="镇街">{d.townName}</Descriptions.Item>
          <Descriptions.Item label="问题类型">{COMPLAINT_TOPIC_LABELS[d.topic]}</Descriptions.Item>
          <Descriptions.Item label="产品">{d.product ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="地点" span={mobile ? 1 : 2}>
            {d.place}
          </Descriptions.Item>
          <Descriptions.Item label="举报内容" span={mobile ? 1 : 2}>
            <div style={{ whiteSpace: 'pre-wrap' }}>{d.content}</div>
          </Descriptions.Item>
          <Descriptions.Item label="举报人">
            {d.anonymous ? '匿名' : (d.contactName ?? '未留姓名')}
          </Descriptions.Item>
          <Descriptions.Item label="联系电话">{d.contactPhone ?? '—'}</Descriptions.Item>
          {d.reply && (
            <Descriptions.Item label="答复" span={mobile ? 1 : 2}>
              <div style={{ whiteSpace: 'pre-wrap' }}>{d.reply}</div>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card size="small" title="办理过程" style={{ marginBottom: 12 }}>
        {d.history.length === 0 ? (
          <Empty description="尚未受理" />
        ) : (
          <Timeline
            items={d.history.map((h) => ({
              content: (
                <>
                  <Typography.Text strong>{COMPLAINT_ACTION_LABELS[h.action]}</Typography.Text>{' '}
                  <Typography.Text type="secondary">
                    {h.byName} · {time(h.at)}
                  </Typography.Text>
                  {h.note && <div style={{ whiteSpace: 'pre-wrap' }}>{h.note}</div>}
                </>
              ),
            }))}
          />
        )}
      </Card>
      <Card size="small" title="关联巡查与案件">
        <List
          dataSource={d.links}
          locale={{ emptyText: '尚无关联' }}
          renderItem={(l) => (
            <List.Item>
              <Space wrap>
                <Tag>{LINK_KIND_LABELS[l.kind]}</Tag>
                {l.label}
                <Typography.Text type="secondary">
                  {l.createdByName ?? ''} {time(l.createdAt)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Card>
      {acting && (
        <ActionModal
          action={acting}
          onClose={() => setActing(null)}
          save={async (v) =>
            saved(await api.post<ComplaintDetailView>(`/complaints/${id}/actions`, { action: acting, ...v }))
          }
        />
      )}
      <OpenCaseModal
        preset={casing}
        onClose={() => setCasing(null)}
        onCreated={(k) => api.post(`/complaints/${id}/links`, { kind: 'case', refId: k.id })}
      />
      <LinkModal
        open={linking}
        onClose={() => setLinking(false)}
        save={async (v) => saved(await api.post<ComplaintDetailView>(`/complaints/${id}/links`, v))}
      />
    </>
  );
}

function ActionModal(props: {
  action: ComplaintAction;
  onClose: () => void;
  save: (v: { note?: string; reply?: string }) => Promise<unknown>;
}) {
  const [form] = Form.useForm<{ note?: string; reply?: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setError(null);
    const v = await form.validateFields();
    setBusy(true);
    try {
      await props.save({ note: v.note?.trim() || undefined, reply: v.reply?.trim() || undefined });
      props.onClose();
    } catch (e) {
      setError(applyServerError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={COMPLAINT_ACTION_LABELS[props.action]}
      open
      onOk={submit}
      okText={COMPLAINT_ACTION_LABELS[props.action]}
      confirmLoading={busy}
      onCancel={props.onClose}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        {props.action === 'reply' && (
          <Form.Item name="reply" label="答复内容" rules={[{ required: true, message: '请填写答复内容' }]}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
        )}
        <Form.Item name="note" label="办理说明">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
