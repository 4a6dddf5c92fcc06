import { EditOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { FILE_READERS } from '@nongan/shared/dossier/schemas';
import { type EntityView, entityDeactivateBody } from '@nongan/shared/entities/schemas';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { can, DIRECTORY_EDITORS, useMe } from '../auth/session.ts';
import { api, errorMessage } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { applyIssues, zodIssues } from '../common/forms.ts';
import { formatValue, typeLabel } from '../common/labels.ts';
import { type LineItem, wholeLines } from '../common/wholeLines.ts';
import { EntityFile } from '../dossier/EntityFile.tsx';
import { EntityHistory } from './EntityHistory.tsx';
import { FieldAccessNote } from './FieldAccessNote.tsx';
import { useEntity, useEntityWrite } from './queries.ts';

const time = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

function items(e: EntityView): LineItem[] {
  const place = [e.townName, e.villageName, e.gridName].filter(Boolean).join(' / ');
  return [
    { key: 'name', label: '名称', children: e.name, wide: true },
    { key: 'type', label: '主体类型', children: typeLabel(e.type) },
    { key: 'creditCode', label: '统一社会信用代码', children: e.creditCode ?? '—' },
    // A field the role does not read is absent from the answer: its row is left out (visibility.ts).
    ...('idCardMasked' in e ? [{ key: 'idCard', label: '身份证号', children: e.idCardMasked ?? '—' }] : []),
    { key: 'legalRep', label: '负责人', children: e.legalRep },
    {
      key: 'phone',
      label: '联系电话',
      children: e.restricted.includes('phone') ? e.phone : <a href={`tel:${e.phone}`}>{e.phone}</a>,
    },
    { key: 'place', label: '所属区域', children: place },
    ...(e.address !== undefined ? [{ key: 'address', label: '地址', children: e.address, wide: true }] : []),
    { key: 'industries', label: '行业', children: formatValue('industries', e.industries) },
    { key: 'mainProducts', label: '主要产品', children: formatValue('mainProducts', e.mainProducts) },
    { key: 'scale', label: '规模', children: e.scale ?? '—' },
    { key: 'certificateTrial', label: '合格证试行', children: e.certificateTrial ? '是' : '否' },
    { key: 'traceManaged', label: '追溯管理', children: e.traceManaged ? '是' : '否' },
    ...('lat' in e
      ? [{ key: 'coords', label: '经纬度', children: e.lat != null ? `${e.lat}, ${e.lng}` : '—' }]
      : []),
    {
      key: 'active',
      label: '状态',
      children: e.active ? <Tag color="blue">启用</Tag> : <Tag>停用</Tag>,
    },
    ...(e.active
      ? []
      : [
          { key: 'deactivatedAt', label: '停用时间', children: time(e.deactivatedAt) },
          { key: 'deactivateReason', label: '停用原因', children: e.deactivateReason ?? '—' },
        ]),
    ...('remarks' in e ? [{ key: 'remarks', label: '备注', children: e.remarks ?? '—', wide: true }] : []),
    { key: 'createdAt', label: '创建时间', children: time(e.createdAt) },
    { key: 'updatedAt', label: '更新时间', children: time(e.updatedAt) },
    { key: 'version', label: '版本', children: e.version },
    ...(e.synthetic
      ? [{ key: 'synthetic', label: '数据来源', children: <Tag color="orange">合成演示数据</Tag> }]
      : []),
  ];
}

export function EntityDetailPage() {
  const { id = '' } = useParams();
  const entity = useEntity(id);
  const me = useMe();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const [deactivating, setDeactivating] = useState(false);
  const editor = can(me.data?.user, DIRECTORY_EDITORS);

  const reactivate = useEntityWrite((version: number) =>
    api.post<EntityView>(`/entities/${id}/reactivate`, { version }),
  );
  if (entity.isError) return <ErrorResult error={entity.error} retry={() => entity.refetch()} />;
  if (!entity.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  const e = entity.data;

  const onReactivate = () =>
    modal.confirm({
      title: `启用主体“${e.name}”？`,
      okText: '启用',
      onOk: () =>
        reactivate.mutateAsync(e.version).then(
          () => message.success('已启用'),
          (err) => {
            message.error(errorMessage(err));
            void entity.refetch();
          },
        ),
    });

  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>{e.name}</Typography.Title>
        {editor && (
          <Space wrap>
            <Button icon={<EditOutlined />} onClick={() => navigate(`/entities/${e.id}/edit`)}>
              编辑
            </Button>
            {e.active ? (
              <Button danger icon={<StopOutlined />} onClick={() => setDeactivating(true)}>
                停用
              </Button>
            ) : (
              <Button icon={<UndoOutlined />} onClick={onReactivate}>
                启用
              </Button>
            )}
          </Space>
        )}
      </div>
      {!e.active && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`该主体已于 ${time(e.deactivatedAt)} 停用：${e.deactivateReason ?? ''}`}
        />
      )}
      <FieldAccessNote role={me.data?.user.role} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }} items={wholeLines(items(e))} />
      </Card>
      {can(me.data?.user, FILE_READERS) && <EntityFile id={e.id} />}
      <Card size="small" title="变更历史">
        <EntityHistory id={e.id} />
      </Card>
      <DeactivateModal entity={e} open={deactivating} onClose={() => setDeactivating(false)} />
    </>
  );
}

function DeactivateModal({
  entity,
  open,
  onClose,
}: {
  entity: EntityView;
  open: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const run = useEntityWrite((reason: string) =>
    api.post<EntityView>(`/entities/${entity.id}/deactivate`, { reason, version: entity.version }),
  );
  const submit = async () => {
    const { reason } = await form.validateFields();
    const parsed = entityDeactivateBody.safeParse({ reason, version: entity.version });
    if (!parsed.success) return void applyIssues(form, zodIssues(parsed.error));
    run.mutate(parsed.data.reason, {
      onSuccess: () => {
        message.success('已停用');
        form.resetFields();
        onClose();
      },
      onError: (err) => setError(errorMessage(err)),
    });
  };
  return (
    <Modal
      title={`停用主体“${entity.name}”`}
      open={open}
      onOk={submit}
      okText="停用"
      okButtonProps={{ danger: true }}
      confirmLoading={run.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        停用后主体保留在名录中（可随时启用），不再计入在册统计。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="reason" label="停用原因" rules={[{ required: true, message: '请填写停用原因' }]}>
          <Input.TextArea rows={3} maxLength={200} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
