import { UploadOutlined } from '@ant-design/icons';
import {
  CASE_ACTION_LABELS,
  CASE_STATE_LABELS,
  type CaseState,
  FIVE_ITEM_LABELS,
  FIVE_ITEM_SHORT,
  FIVE_ITEMS,
  type FiveItem,
} from '@nongan/shared/cases/states';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  List,
  Modal,
  Space,
  Tag,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, downloadUrl, errorMessage } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';
import { type CaseDetailView, type FileView, fileSize, useCaseAction } from './queries.ts';

const time = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm');
const STEP_LABELS: Record<string, string> = {
  register: '立案登记',
  findings: '更新“五不放过”',
  transfer: '移送公安',
  document: '上传文书',
};

/** Who did what to the case and when, oldest first. */
export function CaseTimeline({ c }: { c: CaseDetailView }) {
  return (
    <Card size="small" title="办理记录" style={{ marginBottom: 12 }} data-testid="case-timeline">
      <Timeline
        items={c.steps.map((s) => ({
          key: s.id,
          color: s.toState === 'closed' ? 'green' : s.toState === 'withdrawn' ? 'gray' : 'blue',
          content: (
            <div>
              <Typography.Text strong>
                {s.action === 'transition'
                  ? (CASE_ACTION_LABELS[s.toState as Exclude<CaseState, 'registered'>] ?? '变更状态')
                  : (STEP_LABELS[s.action] ?? '办理')}
              </Typography.Text>
              {s.action === 'transition' && (
                <Typography.Text type="secondary">
                  {' '}
                  → {CASE_STATE_LABELS[s.toState as CaseState]}
                </Typography.Text>
              )}
              <div>
                <Typography.Text type="secondary">
                  {time(s.at)} · {s.userName ?? '系统'}
                </Typography.Text>
              </div>
              {s.note && <div style={{ whiteSpace: 'pre-wrap' }}>{s.note}</div>}
            </div>
          ),
        }))}
      />
    </Card>
  );
}

/** The next step(s) of the case, each asking for its note. */
export function CaseActions({ c }: { c: CaseDetailView }) {
  const [to, setTo] = useState<Exclude<CaseState, 'registered'> | null>(null);
  const [form] = Form.useForm<{ note?: string }>();
  const [error, setError] = useState<string | null>(null);
  const move = useCaseAction(c.id, (b: { to: string; note?: string }) =>
    api.post<CaseDetailView>(`/cases/${c.id}/transition`, b),
  );
  if (c.nextStates.length === 0) return null;
  const needsNote = to === 'decided' || to === 'withdrawn';
  const missing = c.missingItems as FiveItem[];
  return (
    <Card size="small" title="办理" style={{ marginBottom: 12 }}>
      <Space wrap>
        {(c.nextStates as Exclude<CaseState, 'registered'>[]).map((s) => (
          <Button
            key={s}
            type={s === 'withdrawn' ? 'default' : 'primary'}
            danger={s === 'withdrawn'}
            onClick={() => {
              setError(null);
              setTo(s);
            }}
          >
            {CASE_ACTION_LABELS[s]}
          </Button>
        ))}
      </Space>
      <Modal
        open={!!to}
        title={to ? CASE_ACTION_LABELS[to] : ''}
        okText="确定"
        cancelText="取消"
        onCancel={() => setTo(null)}
        onOk={() => form.submit()}
        confirmLoading={move.isPending}
        destroyOnHidden
      >
        {to === 'closed' && missing.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={`“五不放过”尚未落实：${missing.map((k) => FIVE_ITEM_SHORT[k]).join('、')}，不能结案。`}
          />
        )}
        {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={(v) =>
            to &&
            move.mutate(
              { to, note: v.note?.trim() || undefined },
              { onSuccess: () => setTo(null), onError: (e) => setError(applyServerError(form, e)) },
            )
          }
        >
          <Form.Item
            name="note"
            label={to === 'decided' ? '决定内容' : to === 'withdrawn' ? '撤销或不予立案理由' : '说明'}
            rules={needsNote ? [{ required: true, whitespace: true, message: '请填写' }] : []}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** 五不放过: five texts, each must be settled before closing. */
export function FiveItemsCard({ c, editable }: { c: CaseDetailView; editable: boolean }) {
  const [form] = Form.useForm<Record<FiveItem, string>>();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useCaseAction(c.id, (b: Record<FiveItem, string | null>) =>
    api.patch<CaseDetailView>(`/cases/${c.id}/findings`, b),
  );
  const state = (k: FiveItem) =>
    c[k]?.trim() ? <Tag color="green">已落实</Tag> : <Tag color="orange">未落实</Tag>;
  if (!editable)
    return (
      <Card size="small" title="“五不放过”落实情况" style={{ marginBottom: 12 }} data-testid="case-five">
        <List
          size="small"
          dataSource={[...FIVE_ITEMS]}
          renderItem={(k) => (
            <List.Item>
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Space size={4}>
                  <Typography.Text strong>{FIVE_ITEM_LABELS[k]}</Typography.Text>
                  {state(k)}
                </Space>
                <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{c[k] ?? '—'}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Card>
    );
  return (
    <Card size="small" title="“五不放过”落实情况" style={{ marginBottom: 12 }} data-testid="case-five">
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={Object.fromEntries(FIVE_ITEMS.map((k) => [k, c[k] ?? '']))}
        onValuesChange={() => setSaved(false)}
        onFinish={(v) => {
          setError(null);
          save.mutate(
            Object.fromEntries(FIVE_ITEMS.map((k) => [k, v[k]?.trim() || null])) as Record<
              FiveItem,
              string | null
            >,
            {
              onSuccess: () => setSaved(true),
              onError: (e) => setError(applyServerError(form, e)),
            },
          );
        }}
      >
        {FIVE_ITEMS.map((k) => (
          <Form.Item
            key={k}
            name={k}
            label={
              <Space size={4}>
                {FIVE_ITEM_LABELS[k]}
                {state(k)}
              </Space>
            }
          >
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        ))}
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            保存
          </Button>
          {saved && <Typography.Text type="success">已保存</Typography.Text>}
        </Space>
      </Form>
    </Card>
  );
}

/** 移送公安: the record once made, or the form to make it. */
export function TransferCard({ c, editable }: { c: CaseDetailView; editable: boolean }) {
  const [form] = Form.useForm();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = useCaseAction(c.id, (b: unknown) => api.post<CaseDetailView>(`/cases/${c.id}/transfer`, b));
  if (c.transfer)
    return (
      <Card size="small" title="移送公安" style={{ marginBottom: 12 }}>
        <Tag color="volcano">已移送</Tag>
        <div>移送日期：{c.transfer.transferredOn}</div>
        <div>接收机关：{c.transfer.agency ?? '—'}</div>
        <div>回执编号：{c.transfer.receiptNo}</div>
        {c.transfer.note && <div>说明：{c.transfer.note}</div>}
      </Card>
    );
  if (!editable) return null;
  return (
    <Card size="small" title="移送公安（涉嫌犯罪）" style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        涉嫌犯罪的，移送公安机关并记录移送日期和回执编号。
      </Typography.Paragraph>
      <Button onClick={() => setOpen(true)}>记录移送</Button>
      <Modal
        open={open}
        title="移送公安"
        okText="记录移送"
        cancelText="取消"
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        destroyOnHidden
      >
        {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={(v) => {
            setError(null);
            save.mutate(
              {
                transferredOn: v.transferredOn.format('YYYY-MM-DD'),
                agency: v.agency,
                receiptNo: v.receiptNo,
                note: v.note || null,
              },
              { onSuccess: () => setOpen(false), onError: (e) => setError(applyServerError(form, e)) },
            );
          }}
        >
          <Form.Item
            name="transferredOn"
            label="移送日期"
            rules={[{ required: true, message: '请选择日期' }]}
          >
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item
            name="agency"
            label="接收机关"
            rules={[{ required: true, whitespace: true, message: '请填写' }]}
          >
            <Input maxLength={100} placeholder="如：区公安分局" />
          </Form.Item>
          <Form.Item
            name="receiptNo"
            label="回执编号"
            rules={[{ required: true, whitespace: true, message: '请填写' }]}
          >
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="note" label="说明">
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** Files with name, size, uploader and SHA-256; upload PDF/JPEG/PNG when allowed. */
export function FileList({
  files,
  href,
  uploadPath,
  onUploaded,
  emptyText = '暂无材料',
}: {
  files: FileView[];
  href: (f: FileView) => string;
  uploadPath?: string;
  onUploaded?: () => void;
  emptyText?: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      {error && <Alert type="error" showIcon style={{ marginBottom: 8 }} title={error} closable />}
      <List
        size="small"
        dataSource={files}
        locale={{ emptyText }}
        renderItem={(f) => (
          <List.Item>
            <Space orientation="vertical" size={0} style={{ width: '100%' }}>
              <a href={href(f)} target="_blank" rel="noreferrer">
                {f.fileName}
              </a>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {fileSize(f.size)} · {f.uploadedByName ?? '—'} · {time(f.uploadedAt)}
              </Typography.Text>
              <Typography.Text type="secondary" className="case-sha" copyable={{ text: f.sha256 }}>
                SHA-256 {f.sha256.slice(0, 16)}…
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {uploadPath && (
        <Upload
          accept=".pdf,.jpg,.jpeg,.png"
          showUploadList={false}
          customRequest={async ({ file }) => {
            setError(null);
            setBusy(true);
            try {
              await api.upload(uploadPath, file as File);
              onUploaded?.();
            } catch (e) {
              setError(errorMessage(e));
            } finally {
              setBusy(false);
            }
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy} style={{ marginTop: 8 }}>
            上传（PDF、JPEG、PNG，10 MB 以内）
          </Button>
        </Upload>
      )}
    </>
  );
}

export function DocumentsCard({ c, editable }: { c: CaseDetailView; editable: boolean }) {
  const qc = useQueryClient();
  return (
    <Card size="small" title="文书材料" style={{ marginBottom: 12 }} data-testid="case-documents">
      <FileList
        files={c.documents}
        href={(f) => downloadUrl(`/cases/${c.id}/documents/${f.id}`)}
        uploadPath={editable ? `/cases/${c.id}/documents` : undefined}
        onUploaded={() => qc.invalidateQueries({ queryKey: ['cases', 'one', c.id] })}
        emptyText="暂无文书"
      />
    </Card>
  );
}
