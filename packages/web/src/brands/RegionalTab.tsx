import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { can, useMe } from '../auth/session.ts';
import { api } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { applyServerError } from '../common/forms.ts';
import { ResponsiveTable } from '../common/ResponsiveTable.tsx';
import { useProductOptions } from '../sampling/queries.ts';
import { EntityPicker } from '../users/EntityPicker.tsx';
import { FourLinksFields } from './AckForm.tsx';
import { productsText } from './parts.tsx';
import { BRAND_EDITORS, type Licence, type RegionalBrand, useRegional } from './queries.ts';

function LicenceModal({ brand, onClose }: { brand: RegionalBrand | null; onClose: () => void }) {
  const [form] = Form.useForm<{
    entityId: string;
    licensedOn: Dayjs;
    validUntil?: Dayjs;
    productCodes?: string[];
    acknowledge?: boolean;
  }>();
  const entityId = Form.useWatch('entityId', form);
  const products = useProductOptions();
  const [error, setError] = useState<string | null>(null);
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (v: {
      entityId: string;
      licensedOn: Dayjs;
      validUntil?: Dayjs;
      productCodes?: string[];
      acknowledge?: boolean;
    }) =>
      api.post(`/brands/regional/${brand?.id}/licences`, {
        entityId: v.entityId,
        licensedOn: v.licensedOn.format('YYYY-MM-DD'),
        validUntil: v.validUntil ? v.validUntil.format('YYYY-MM-DD') : null,
        productCodes: v.productCodes ?? [],
        acknowledge: !!v.acknowledge,
      }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['brands'] });
      form.resetFields();
      onClose();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  return (
    <Modal
      title={`授权使用“${brand?.name ?? ''}”`}
      open={!!brand}
      onCancel={onClose}
      okText="授权"
      okButtonProps={{ loading: save.isPending }}
      onOk={() =>
        form
          .validateFields()
          .then((v) => save.mutate(v))
          .catch(() => undefined)
      }
      destroyOnHidden
      width={700}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="entityId" label="被授权主体" rules={[{ required: true, message: '请选择主体' }]}>
          <EntityPicker />
        </Form.Item>
        <FourLinksFields entityId={entityId} purpose="brand" />
        <Space wrap>
          <Form.Item name="licensedOn" label="授权日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="validUntil" label="授权截止（可空）">
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.Item name="productCodes" label="授权产品（不选为全部产品）">
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            options={products.options}
            loading={products.loading}
          />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}

function NewBrandModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ name: string; owner?: string; note?: string }>();
  const [error, setError] = useState<string | null>(null);
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (v: { name: string; owner?: string; note?: string }) =>
      api.post('/brands/regional', { name: v.name, owner: v.owner || undefined, note: v.note || undefined }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['brands', 'regional'] });
      form.resetFields();
      onClose();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  return (
    <Modal
      title="登记区域公用品牌"
      open={open}
      onCancel={onClose}
      onOk={() =>
        form
          .validateFields()
          .then((v) => save.mutate(v))
          .catch(() => undefined)
      }
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="name"
          label="品牌名称"
          rules={[{ required: true, min: 2, message: '请填写品牌名称' }]}
        >
          <Input maxLength={40} placeholder="如：巴味渝珍、铜梁莲藕" />
        </Form.Item>
        <Form.Item name="owner" label="品牌所有者">
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}

export function RegionalTab() {
  const me = useMe();
  const editor = can(me.data?.user, BRAND_EDITORS);
  const q = useRegional();
  const [licensing, setLicensing] = useState<RegionalBrand | null>(null);
  const [adding, setAdding] = useState(false);
  if (q.isError) return <ErrorResult error={q.error} retry={() => q.refetch()} />;
  return (
    <>
      <Typography.Paragraph type="secondary">
        工作要点要求将“巴味渝珍”“铜梁莲藕”等区域公用品牌免费授权给更多的市场主体。
        {editor && (
          <Button
            size="small"
            icon={<PlusOutlined />}
            style={{ marginLeft: 8 }}
            onClick={() => setAdding(true)}
          >
            登记品牌
          </Button>
        )}
      </Typography.Paragraph>
      {!q.isPending && (q.data ?? []).length === 0 && <Empty description="尚未登记区域公用品牌" />}
      {(q.data ?? []).map((b) => (
        <Card
          key={b.id}
          size="small"
          style={{ marginBottom: 12 }}
          title={
            <Space wrap>
              {b.name}
              <Tag>{b.licences.filter((l) => l.active).length} 个主体授权使用中</Tag>
            </Space>
          }
          extra={
            editor && (
              <Button size="small" onClick={() => setLicensing(b)}>
                授权主体
              </Button>
            )
          }
        >
          {b.owner && <Typography.Paragraph type="secondary">所有者：{b.owner}</Typography.Paragraph>}
          <ResponsiveTable<Licence>
            rowKey="id"
            size="small"
            dataSource={b.licences}
            pagination={b.licences.length > 10 ? { pageSize: 10 } : false}
            locale={{ emptyText: '暂无授权主体' }}
            columns={[
              { title: '主体', dataIndex: 'entityName' },
              { title: '镇街', dataIndex: 'townName' },
              { title: '授权产品', dataIndex: 'products', render: productsText },
              { title: '授权日期', dataIndex: 'licensedOn' },
              { title: '截止日期', dataIndex: 'validUntil', render: (v: string | null) => v ?? '长期' },
              {
                title: '状态',
                dataIndex: 'active',
                render: (v: boolean) => (
                  <Tag color={v ? 'success' : 'default'}>{v ? '使用中' : '已到期'}</Tag>
                ),
              },
            ]}
          />
        </Card>
      ))}
      <LicenceModal brand={licensing} onClose={() => setLicensing(null)} />
      <NewBrandModal open={adding} onClose={() => setAdding(false)} />
    </>
  );
}
