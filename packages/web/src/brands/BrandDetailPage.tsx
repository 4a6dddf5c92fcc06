import {
  type BrandCertDetail,
  REVIEW_KIND_LABELS,
  REVIEW_KINDS,
  REVIEW_RESULT_LABELS,
} from '@nongan/shared/brands/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { applyServerError } from '../common/forms.ts';
import { ResponsiveTable } from '../common/ResponsiveTable.tsx';
import { useProductOptions } from '../sampling/queries.ts';
import { EligibilityCard } from './EligibilityPanel.tsx';
import { amount, productsText, StatusTag } from './parts.tsx';
import { useCert } from './queries.ts';

type Review = BrandCertDetail['reviews'][number];
type ReviewValues = {
  kind: string;
  on: Dayjs;
  inspector: string;
  result: string;
  place?: string;
  findings?: string;
};

function ReviewModal({ cert, open, onClose }: { cert: BrandCertDetail; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<ReviewValues>();
  const kind = Form.useWatch('kind', form);
  const [error, setError] = useState<string | null>(null);
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (v: ReviewValues) =>
      api.post(`/brands/certifications/${cert.id}/reviews`, {
        ...v,
        on: v.on.format('YYYY-MM-DD'),
        place: v.place || undefined,
        findings: v.findings || undefined,
      }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['brands'] });
      form.resetFields();
      onClose();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  const results = kind === 'label' ? (['pass', 'misuse'] as const) : (['pass', 'fail'] as const);
  return (
    <Modal
      title="记录年检/证后监管/标志使用检查"
      open={open}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ loading: save.isPending }}
      onOk={() =>
        form
          .validateFields()
          .then((v) => save.mutate(v))
          .catch(() => undefined)
      }
    >
      <Form form={form} layout="vertical" initialValues={{ kind: 'annual', on: dayjs(), result: 'pass' }}>
        <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
          <Select
            options={REVIEW_KINDS.map((k) => ({ value: k, label: REVIEW_KIND_LABELS[k] }))}
            onChange={() => form.setFieldValue('result', 'pass')}
          />
        </Form.Item>
        <Form.Item name="on" label="日期" rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="inspector" label="检查人" rules={[{ required: true, message: '请填写检查人' }]}>
          <Input maxLength={40} />
        </Form.Item>
        {kind === 'label' && (
          <Form.Item name="place" label="检查地点">
            <Input maxLength={100} placeholder="如：生产基地、农贸市场、超市" />
          </Form.Item>
        )}
        <Form.Item name="result" label="结果" rules={[{ required: true }]}>
          <Select options={results.map((r) => ({ value: r, label: REVIEW_RESULT_LABELS[r] }))} />
        </Form.Item>
        <Form.Item name="findings" label="发现问题">
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}

type EditValues = {
  certNo: string;
  productCodes: string[];
  area?: number | null;
  output?: number | null;
  validUntil: Dayjs;
  note?: string;
};

function EditModal({ cert, open, onClose }: { cert: BrandCertDetail; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<EditValues>();
  const products = useProductOptions();
  const [error, setError] = useState<string | null>(null);
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (v: EditValues) =>
      api.patch(`/brands/certifications/${cert.id}`, {
        certNo: v.certNo,
        productCodes: v.productCodes,
        area: v.area ?? null,
        output: v.output ?? null,
        validUntil: v.validUntil.format('YYYY-MM-DD'),
        note: v.note ?? '',
      }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['brands'] });
      onClose();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  return (
    <Modal
      title="修改认证登记"
      open={open}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ loading: save.isPending }}
      onOk={() =>
        form
          .validateFields()
          .then((v) => save.mutate(v))
          .catch(() => undefined)
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          certNo: cert.certNo,
          productCodes: cert.products.map((p) => p.code),
          area: cert.area,
          output: cert.output,
          validUntil: dayjs(cert.validUntil),
          note: cert.note ?? '',
        }}
      >
        <Form.Item name="certNo" label="证书编号" rules={[{ required: true, min: 2 }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="productCodes" label="认证产品" rules={[{ required: true, message: '请选择产品' }]}>
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            options={products.options}
            loading={products.loading}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item name="area" label={`面积（${cert.areaUnitLabel}）`}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="output" label={`年产量（${cert.outputUnitLabel}）`}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="validUntil" label="有效期至" rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}

function RevokeButton({ cert }: { cert: BrandCertDetail }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: () => api.patch(`/brands/certifications/${cert.id}`, { revokeReason: reason.trim() }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['brands'] });
      setOpen(false);
    },
  });
  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        撤销
      </Button>
      <Modal
        title="撤销认证登记"
        open={open}
        onCancel={() => setOpen(false)}
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2, loading: save.isPending }}
        onOk={() => save.mutate()}
      >
        <Input.TextArea
          rows={3}
          maxLength={200}
          placeholder="撤销原因，如：证后监管不合格被取消标志使用权"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        {save.isError && <Alert type="error" showIcon title={(save.error as Error).message} />}
      </Modal>
    </>
  );
}

export function BrandDetailPage() {
  const { id = '' } = useParams();
  const q = useCert(id);
  const [reviewing, setReviewing] = useState(false);
  const [editing, setEditing] = useState(false);
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <ErrorResult error={q.error} retry={() => q.refetch()} />;
  const c = q.data;
  const live = c.status !== 'revoked';
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>
          <Link to="/brands">两品一标</Link> / {c.kindLabel} {c.certNo}
        </Typography.Title>
        <Space wrap>
          {c.canReview && live && (
            <Button type="primary" onClick={() => setReviewing(true)}>
              记录检查
            </Button>
          )}
          {c.canEdit && live && <Button onClick={() => setEditing(true)}>修改</Button>}
          {c.canEdit && live && <RevokeButton cert={c} />}
        </Space>
      </div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label="状态">
            <StatusTag c={c} />
            {live && c.daysLeft >= 0 && (
              <Typography.Text type="secondary">剩余 {c.daysLeft} 天</Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label="获证主体">
            <Link to={`/entities/${c.entityId}`}>{c.entityName}</Link>（{c.townName}）
          </Descriptions.Item>
          <Descriptions.Item label="认证产品">{productsText(c.products)}</Descriptions.Item>
          <Descriptions.Item label="面积">{amount(c.area, c.areaUnitLabel)}</Descriptions.Item>
          <Descriptions.Item label="年产量">{amount(c.output, c.outputUnitLabel)}</Descriptions.Item>
          <Descriptions.Item label="发证日期">{c.issuedOn}</Descriptions.Item>
          <Descriptions.Item label="有效期至">{c.validUntil}</Descriptions.Item>
          {c.revokeReason && <Descriptions.Item label="撤销原因">{c.revokeReason}</Descriptions.Item>}
          {c.note && <Descriptions.Item label="备注">{c.note}</Descriptions.Item>}
          {c.licences.length > 0 && (
            <Descriptions.Item label="区域公用品牌">
              {c.licences.map((l) => (
                <Tag key={l.id} color={l.active ? 'green' : 'default'}>
                  {l.brandName}
                </Tag>
              ))}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {c.canReview && (
        <div style={{ marginBottom: 12 }}>
          <EligibilityCard v={c.eligibility} />
        </div>
      )}
      <Card size="small" title="年检、证后监管与标志使用检查">
        <ResponsiveTable<Review>
          rowKey="id"
          size="small"
          dataSource={c.reviews}
          pagination={false}
          locale={{ emptyText: '暂无检查记录' }}
          columns={[
            { title: '日期', dataIndex: 'on' },
            { title: '类型', dataIndex: 'kindLabel' },
            {
              title: '结果',
              dataIndex: 'resultLabel',
              render: (v: string, r) => <Tag color={r.result === 'pass' ? 'success' : 'error'}>{v}</Tag>,
            },
            { title: '检查人', dataIndex: 'inspector' },
            { title: '地点', dataIndex: 'place' },
            { title: '发现问题', dataIndex: 'findings' },
          ]}
        />
      </Card>
      <ReviewModal cert={c} open={reviewing} onClose={() => setReviewing(false)} />
      {editing && <EditModal cert={c} open={editing} onClose={() => setEditing(false)} />}
    </>
  );
}
