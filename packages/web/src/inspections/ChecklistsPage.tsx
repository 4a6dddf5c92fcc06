import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { ENTITY_TYPE_LABELS } from '@nongan/shared/entities/schemas';
import type { ChecklistItem } from '@nongan/shared/inspections/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Collapse,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { applyServerError } from '../common/forms.ts';
import { useStoredFill } from '../common/useStoredFill.ts';
import { type ChecklistView, type SettingsView, useChecklists, useSettings } from './queries.ts';

const TYPE_OPTIONS = [
  { value: '*', label: '通用（所有主体类型）' },
  ...Object.entries(ENTITY_TYPE_LABELS).map(([value, label]) => ({ value, label })),
];

/** 检查表与设置 (district office): checklist versions per entity type, deadlines. */
export function ChecklistsPage() {
  const lists = useChecklists();
  const [editing, setEditing] = useState<ChecklistView | null>(null);
  if (lists.isError) return <ErrorResult error={lists.error} retry={() => lists.refetch()} />;
  const byType = new Map<string, ChecklistView[]>();
  for (const c of lists.data ?? []) byType.set(c.entityType, [...(byType.get(c.entityType) ?? []), c]);
  return (
    <div style={{ maxWidth: 960 }}>
      <div className="page-header">
        <Typography.Title level={4}>检查表与设置</Typography.Title>
      </div>
      <SettingsCard />
      <Card
        size="small"
        title="检查表（修改即生成新版本，已有巡查记录保留其使用的版本）"
        loading={lists.isPending}
      >
        {[...byType.entries()].map(([type, versions]) => {
          const cur = versions.find((v) => v.current) ?? versions[0]!;
          return (
            <Card
              key={type}
              type="inner"
              size="small"
              style={{ marginBottom: 12 }}
              title={
                <Space wrap>
                  {cur.entityTypeName}
                  <Tag color="blue">当前第 {cur.version} 版</Tag>
                </Space>
              }
              extra={
                <Button size="small" onClick={() => setEditing(cur)}>
                  修改
                </Button>
              }
            >
              <List
                size="small"
                dataSource={cur.items}
                renderItem={(i, n) => (
                  <List.Item>
                    {`${n + 1}. ${i.label}`}
                    {i.hint ? <Typography.Text type="secondary">（{i.hint}）</Typography.Text> : null}
                  </List.Item>
                )}
              />
              {cur.source && <Typography.Paragraph type="secondary">依据：{cur.source}</Typography.Paragraph>}
              {versions.length > 1 && (
                <Collapse
                  size="small"
                  items={[
                    {
                      key: 'h',
                      label: `历史版本（${versions.length - 1}）`,
                      children: versions
                        .filter((v) => v !== cur)
                        .map((v) => (
                          <Typography.Paragraph key={v.id}>
                            第 {v.version} 版 · {v.createdByName ?? '—'} · {v.createdAt.slice(0, 10)}：
                            {v.items.map((i) => i.label).join('；')}
                          </Typography.Paragraph>
                        )),
                    },
                  ]}
                />
              )}
            </Card>
          );
        })}
        <Button
          icon={<PlusOutlined />}
          onClick={() => setEditing({ ...(lists.data?.[0] as ChecklistView), entityType: '' })}
        >
          为某一主体类型新建检查表
        </Button>
      </Card>
      {editing && <ChecklistModal base={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

type ChecklistForm = { entityType: string; items: ChecklistItem[]; source?: string };

function ChecklistModal({ base, onClose }: { base: ChecklistView; onClose: () => void }) {
  const [form] = Form.useForm<ChecklistForm>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (v: ChecklistForm) =>
      api.post('/inspections/checklists', { ...v, source: v.source?.trim() || null }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['inspections', 'checklists'] });
      message.success('已保存为新版本');
      onClose();
    },
    onError: (e) => message.error(applyServerError(form, e)),
  });
  return (
    <Modal
      open
      width={760}
      title="检查表（保存为新版本）"
      okText="保存"
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          entityType: base.entityType || undefined,
          items: base.items,
          source: base.source ?? '',
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="entityType"
          label="适用主体类型"
          rules={[{ required: true, message: '请选择主体类型' }]}
        >
          <Select options={TYPE_OPTIONS} disabled={!!base.entityType} />
        </Form.Item>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap style={{ display: 'flex', marginBottom: 4 }}>
                  <Form.Item
                    name={[f.name, 'key']}
                    rules={[
                      {
                        required: true,
                        pattern: /^[a-z][a-z0-9_]{1,39}$/,
                        message: '小写字母、数字、下划线',
                      },
                    ]}
                  >
                    <Input placeholder="项目代码" style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'label']}
                    rules={[{ required: true, min: 2, message: '请填写检查项目' }]}
                  >
                    <Input placeholder="检查项目" style={{ width: 300 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'hint']}>
                    <Input placeholder="说明（可选）" style={{ width: 180 }} />
                  </Form.Item>
                  <MinusCircleOutlined
                    aria-label="删除项目"
                    onClick={() => remove(f.name)}
                    style={{ marginTop: 8 }}
                  />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ key: '', label: '', hint: '' })}
              >
                添加项目
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="source" label="依据" style={{ marginTop: 12 }}>
          <Input maxLength={300} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SettingsCard() {
  const s = useSettings();
  const [form] = Form.useForm<SettingsView>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  useStoredFill(form, s.data);
  const save = useMutation({
    mutationFn: (v: { rectifyDays: number; revisitDays: number }) => api.put('/inspections/settings', v),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['inspections', 'settings'] });
      message.success('已保存');
    },
    onError: (e) => message.error(applyServerError(form, e)),
  });
  return (
    <Card size="small" title="期限设置" style={{ marginBottom: 12 }} loading={s.isPending}>
      <Form
        form={form}
        layout="inline"
        onFinish={(v) => save.mutate({ rectifyDays: v.rectifyDays, revisitDays: v.revisitDays })}
      >
        <Form.Item name="rectifyDays" label="整改期限（天）" rules={[{ required: true }]}>
          <InputNumber min={1} max={180} />
        </Form.Item>
        <Form.Item name="revisitDays" label="抽检不合格回访期限（天）" rules={[{ required: true }]}>
          <InputNumber min={1} max={90} />
        </Form.Item>
        <Button htmlType="submit" type="primary" loading={save.isPending}>
          保存
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {s.data?.defaults ? '当前为平台默认值（整改 15 天、回访 7 天），' : ''}
        工作计划未规定整改期限，由本区自行设定。
      </Typography.Paragraph>
    </Card>
  );
}
