import { QrcodeOutlined } from '@ant-design/icons';
import {
  type AttendanceView,
  TRAINING_STATUS_LABELS,
  TRAINING_STATUSES,
  type TrainingDetailView,
} from '@nongan/shared/training/schemas';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  message,
  Segmented,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { FileList } from '../cases/CaseParts.tsx';
import { api, downloadUrl } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { applyServerError } from '../common/forms.ts';
import { ResponsiveTable } from '../common/ResponsiveTable.tsx';
import { EntityPicker } from '../users/EntityPicker.tsx';
import { STATUS_COLORS } from './queries.ts';

const columns: ColumnsType<AttendanceView> = [
  { title: '姓名', dataIndex: 'personName', width: 110 },
  { title: '所在主体', dataIndex: 'entityName', width: 220, render: (v: string | null) => v ?? '—' },
  { title: '镇街', dataIndex: 'townName', width: 90 },
  { title: '手机', dataIndex: 'phoneMasked', width: 120, render: (v: string | null) => v ?? '—' },
  { title: '方式', dataIndex: 'methodLabel', width: 140 },
  {
    title: '时间',
    dataIndex: 'createdAt',
    width: 150,
    render: (v: string) => dayjs(v).format('MM-DD HH:mm'),
  },
];

export function TrainingDetailPage() {
  const { id = '' } = useParams();
  const key = ['training', 'detail', id];
  const s = useQuery({
    queryKey: key,
    queryFn: () => api.get<TrainingDetailView>(`/training/sessions/${id}`),
  });
  const qc = useQueryClient();
  const status = useMutation({
    mutationFn: (to: string) => api.patch(`/training/sessions/${id}/status`, { status: to }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['training'] }),
  });
  if (s.isError) return <ErrorResult error={s.error} />;
  if (!s.data) return <Skeleton active />;
  const d = s.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <div className="page-header">
        <Typography.Title level={4}>{d.title}</Typography.Title>
        {d.canEdit && (
          <Space wrap>
            <Button type="primary" icon={<QrcodeOutlined />} href={`/training-qr/${d.id}`} target="_blank">
              签到二维码
            </Button>
          </Space>
        )}
      </div>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label="类别">{d.categoryLabel}</Descriptions.Item>
          <Descriptions.Item label="日期">{d.heldOn}</Descriptions.Item>
          <Descriptions.Item label="组织">{d.townName}</Descriptions.Item>
          <Descriptions.Item label="地点">{d.place}</Descriptions.Item>
          <Descriptions.Item label="授课">{d.teacher}</Descriptions.Item>
          <Descriptions.Item label="教材">{d.materialTitle ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="实到/计划">
            {d.attendees} / {d.capacity}
          </Descriptions.Item>
          <Descriptions.Item label="状态">
            {d.canEdit ? (
              <Segmented
                size="small"
                value={d.status}
                onChange={(v) => status.mutate(v as string)}
                options={TRAINING_STATUSES.map((x) => ({ value: x, label: TRAINING_STATUS_LABELS[x] }))}
              />
            ) : (
              <Tag color={STATUS_COLORS[d.status]}>{d.statusLabel}</Tag>
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title="培训教材">
        <FileList
          files={d.materials}
          href={(f) => downloadUrl(`/training/sessions/${d.id}/materials/${f.id}`)}
          uploadPath={d.canEdit ? `/training/sessions/${d.id}/materials` : undefined}
          onUploaded={() => qc.invalidateQueries({ queryKey: ['training'] })}
          emptyText="暂无教材文件"
        />
      </Card>
      {d.canEdit && <AddAttendee id={d.id} />}
      <Card size="small" title={`签到名单（${d.attendance.length} 人）`}>
        <ResponsiveTable<AttendanceView>
          rowKey="id"
          columns={columns}
          dataSource={d.attendance}
          pagination={false}
          scroll={{ x: 830 }}
        />
      </Card>
    </Space>
  );
}

type Values = { mode: 'entity' | 'person'; entityId?: string; personName?: string; phone?: string };

function AddAttendee({ id }: { id: string }) {
  const [form] = Form.useForm<Values>();
  const [mode, setMode] = useState<'entity' | 'person'>('entity');
  const [error, setError] = useState<string | null>(null);
  const qc = useQueryClient();
  const add = useMutation({
    mutationFn: (v: Values) =>
      api.post(
        `/training/sessions/${id}/attendance`,
        mode === 'entity'
          ? { entityId: v.entityId, personName: v.personName || undefined, phone: v.phone || undefined }
          : { personName: v.personName, phone: v.phone },
      ),
    onSuccess: () => {
      form.resetFields();
      setError(null);
      message.success('已登记');
      qc.invalidateQueries({ queryKey: ['training'] });
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  return (
    <Card size="small" title="登记参训">
      {error && <Alert type="error" title={error} style={{ marginBottom: 8 }} />}
      <Segmented
        value={mode}
        onChange={(v) => setMode(v as 'entity' | 'person')}
        options={[
          { value: 'entity', label: '按主体' },
          { value: 'person', label: '按个人' },
        ]}
        style={{ marginBottom: 8 }}
      />
      <Form form={form} layout="inline" onFinish={(v) => add.mutate(v)} style={{ rowGap: 8 }}>
        {mode === 'entity' && (
          <Form.Item
            name="entityId"
            rules={[{ required: true, message: '请选择主体' }]}
            style={{ minWidth: 280 }}
          >
            <EntityPicker />
          </Form.Item>
        )}
        <Form.Item
          name="personName"
          rules={mode === 'person' ? [{ required: true, message: '请填写姓名' }] : []}
        >
          <Input placeholder={mode === 'entity' ? '参训人（默认法定代表人）' : '姓名'} maxLength={30} />
        </Form.Item>
        <Form.Item
          name="phone"
          rules={[
            ...(mode === 'person' ? [{ required: true, message: '请填写手机号' }] : []),
            { pattern: /^1\d{10}$/, message: '应为11位手机号' },
          ]}
        >
          <Input placeholder="手机号" maxLength={11} inputMode="numeric" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={add.isPending}>
          登记
        </Button>
      </Form>
    </Card>
  );
}
