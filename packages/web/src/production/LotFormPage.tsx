import type { UserView } from '@nongan/shared/accounts/schemas';
import { type LotDetailView, lotCreateBody, PRODUCTION_WRITERS } from '@nongan/shared/trace/production';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Result,
  Row,
  Space,
  Spin,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { api } from '../common/api.ts';
import { applyIssues, applyServerError, zodIssues } from '../common/forms.ts';
import { EntityPicker } from '../users/EntityPicker.tsx';
import { LotProductSelect } from './parts.tsx';
import { chinaToday, dateOf, useProductKind } from './queries.ts';

type Values = {
  entityId?: string;
  product?: string;
  plot?: string;
  area?: number | null;
  animals?: number | null;
  startedOn?: Dayjs;
  note?: string;
};

export function LotFormPage() {
  const me = useMe();
  if (!me.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (!can(me.data.user, PRODUCTION_WRITERS)) return <Result status="403" title="无权新建生产批次" />;
  return <LotForm user={me.data.user} />;
}

function LotForm({ user }: { user: UserView }) {
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [topError, setTopError] = useState<string | null>(null);
  const product = Form.useWatch('product', form);
  const kindOf = useProductKind();
  const kind = kindOf(product);
  const producer = user.role === 'producer';
  const today = chinaToday();

  const save = useMutation({
    mutationFn: (body: unknown) => api.post<LotDetailView>('/production/lots', body),
    onSuccess: (lot) => {
      void qc.invalidateQueries({ queryKey: ['production'] });
      message.success(`已新建批次 ${lot.lotNo}`);
      navigate(`/production/lots/${lot.id}`);
    },
    onError: (e) => setTopError(applyServerError(form, e)),
  });

  const submit = (v: Values) => {
    setTopError(null);
    const body: Record<string, unknown> = {
      entityId: producer ? (user.entityId ?? undefined) : v.entityId,
      product: v.product,
      plot: v.plot?.trim() || undefined,
      area: v.area ?? undefined,
      animals: kind === 'pesticide' ? undefined : (v.animals ?? undefined),
      startedOn: dateOf(v.startedOn),
      note: v.note?.trim() || undefined,
    };
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    const parsed = lotCreateBody.safeParse(body);
    if (!parsed.success) {
      const rest = applyIssues(form, zodIssues(parsed.error));
      if (rest.length) setTopError(rest.map((i) => i.reason).join('；'));
      return;
    }
    save.mutate(parsed.data);
  };

  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>新建生产批次</Typography.Title>
      </div>
      {topError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={topError} />}
      <Card>
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          scrollToFirstError
          initialValues={{
            entityId: producer ? (user.entityId ?? undefined) : undefined,
            startedOn: dayjs(),
          }}
        >
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="entityId"
                label="生产主体"
                rules={[{ required: true, message: '请选择生产主体' }]}
                extra={producer ? '本单位' : '停用的主体、农资店和市场不能新建批次'}
              >
                <EntityPicker disabled={producer} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="product"
                label="产品"
                rules={[{ required: true, message: '请选择产品' }]}
                extra={
                  kind === 'pesticide'
                    ? '种植产品：记录农药使用，按安全间隔期检查'
                    : kind === 'vet_drug'
                      ? '养殖产品：记录兽药使用，按休药期检查'
                      : undefined
                }
              >
                <LotProductSelect />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="plot" label={kind === 'vet_drug' ? '圈舍/池塘' : '地块/大棚'}>
                <Input maxLength={60} placeholder={kind === 'vet_drug' ? '如：2号猪舍' : '如：3号大棚'} />
              </Form.Item>
            </Col>
            {kind !== 'vet_drug' && (
              <Col xs={12} md={8}>
                <Form.Item
                  name="area"
                  label="面积（亩）"
                  rules={[{ required: kind === 'pesticide', message: '请填写面积' }]}
                >
                  <InputNumber min={0.01} step={0.1} inputMode="decimal" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            )}
            {kind !== 'pesticide' && (
              <Col xs={12} md={8}>
                <Form.Item name="animals" label="养殖数量（头/只/尾）" extra="水产可改填面积">
                  <InputNumber min={1} step={1} precision={0} inputMode="numeric" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            )}
            {kind === 'vet_drug' && (
              <Col xs={12} md={8}>
                <Form.Item name="area" label="池塘面积（亩，水产）">
                  <InputNumber min={0.01} step={0.1} inputMode="decimal" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            )}
            <Col xs={12} md={8}>
              <Form.Item
                name="startedOn"
                label={kind === 'vet_drug' ? '开始日期（进栏/投苗）' : '开始日期（播种/定植）'}
                rules={[{ required: true, message: '请选择日期' }]}
              >
                <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') > today} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="note" label="备注">
                <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} />
              </Form.Item>
            </Col>
          </Row>
          <Space wrap>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              保存
            </Button>
            <Button onClick={() => navigate('/production/lots')}>取消</Button>
          </Space>
        </Form>
      </Card>
    </>
  );
}
