import type { UserView } from '@nongan/shared/accounts/schemas';
import { unitLabelOf } from '@nongan/shared/common/units';
import { LAB_TASK_KINDS, TASK_KIND_LABELS } from '@nongan/shared/sampling/plans';
import { LINK_LABELS, sampleBody } from '@nongan/shared/sampling/tests';
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
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { api } from '../common/api.ts';
import { applyIssues, applyServerError, zodIssues } from '../common/forms.ts';
import { optionsOf } from '../common/labels.ts';
import { ScanButton, traceCodeOf } from '../common/ScanButton.tsx';
import { ChildSelect, TownSelect } from '../entities/RegionFilterSelects.tsx';
import { EntityPicker } from '../users/EntityPicker.tsx';
import { ProductSelect } from './parts.tsx';
import { cstIso, QUANTITY_UNITS, RECORDERS, type SampleDetail } from './queries.ts';
import { ownTownOf } from './RapidFormPage.tsx';

type Values = {
  taskKind?: string;
  townCode?: string;
  villageCode?: string;
  entityId?: string;
  sampledParty?: string;
  product?: string;
  link?: string;
  sampler?: string;
  sampledAt?: Dayjs;
  quantity?: number;
  quantityUnit?: string;
  sealNo?: string;
  lotRef?: string;
  sampleNo?: string;
};

function toBody(v: Values, taskId: string | null): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ...v,
    taskId: taskId ?? undefined,
    villageCode: v.villageCode || undefined,
    entityId: v.entityId || undefined,
    sampledParty: v.sampledParty?.trim() || undefined,
    sampledAt: v.sampledAt ? cstIso(v.sampledAt.toDate()) : undefined,
    sealNo: v.sealNo?.trim() || undefined,
    lotRef: v.lotRef?.trim() || undefined,
    sampleNo: v.sampleNo?.trim() || undefined,
  };
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return body;
}

export function SampleFormPage() {
  const me = useMe();
  if (!me.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (!can(me.data.user, RECORDERS)) return <Result status="403" title="无权新建抽样单" />;
  return <SampleForm user={me.data.user} />;
}

function SampleForm({ user }: { user: UserView }) {
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [topError, setTopError] = useState<string | null>(null);
  const townCode = Form.useWatch('townCode', form);
  const ownTown = ownTownOf(user);
  // Opened from a task (问题处置 / 随机抽样): the task and what it names come along.
  const taskId = params.get('taskId');

  const save = useMutation({
    mutationFn: (body: unknown) => api.post<SampleDetail>('/samples', body),
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: ['sampling'] });
      message.success(`已新建抽样单 ${s.sampleNo}`);
      navigate(`/monitoring/lab/${s.id}`);
    },
    onError: (e) => setTopError(applyServerError(form, e)),
  });

  const submit = (values: Values) => {
    setTopError(null);
    const body = toBody(values, taskId);
    const parsed = sampleBody.safeParse(body);
    if (!parsed.success) {
      const rest = applyIssues(form, zodIssues(parsed.error));
      if (rest.length) setTopError(rest.map((i) => i.reason).join('；'));
      return;
    }
    save.mutate(body);
  };
  const col = (node: React.ReactNode, span = 12) => (
    <Col xs={24} md={span}>
      {node}
    </Col>
  );

  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>新建抽样单</Typography.Title>
      </div>
      {taskId && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="本抽样单将完成所选任务" />}
      {topError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={topError} />}
      <Card>
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          scrollToFirstError
          onValuesChange={(c) => {
            if ('townCode' in c) form.setFieldsValue({ villageCode: undefined });
          }}
          initialValues={{
            taskKind: params.get('taskKind') ?? 'routine_monitoring',
            townCode: ownTown ?? params.get('townCode') ?? undefined,
            entityId: params.get('entityId') ?? undefined,
            product: params.get('product') ?? undefined,
            link: 'pre_harvest_base',
            sampler: user.displayName,
            sampledAt: dayjs(),
            quantityUnit: 'kg',
          }}
        >
          <Row gutter={16}>
            {col(
              <Form.Item name="taskKind" label="任务类型" rules={[{ required: true, message: '请选择' }]}>
                <Select
                  options={optionsOf(TASK_KIND_LABELS).filter((o) => LAB_TASK_KINDS.includes(o.value))}
                />
              </Form.Item>,
              8,
            )}
            {col(
              <Form.Item name="townCode" label="镇街" rules={[{ required: true, message: '请选择镇街' }]}>
                <TownSelect disabled={!!ownTown} />
              </Form.Item>,
              8,
            )}
            {col(
              <Form.Item name="villageCode" label="村">
                <ChildSelect level="village" parentCode={townCode} />
              </Form.Item>,
              8,
            )}
            {col(
              <Form.Item name="entityId" label="被抽样主体" extra="名录中的主体；不在名录的填写下一栏">
                <EntityPicker />
              </Form.Item>,
            )}
            {col(
              <Form.Item name="sampledParty" label="被抽样单位（名称/摊位）">
                <Input maxLength={100} />
              </Form.Item>,
            )}
            {col(
              <Form.Item
                name="product"
                label="样品（产品）"
                rules={[{ required: true, message: '请选择产品' }]}
              >
                <ProductSelect />
              </Form.Item>,
            )}
            {col(
              <Form.Item name="link" label="抽样环节" rules={[{ required: true, message: '请选择' }]}>
                <Select options={optionsOf(LINK_LABELS)} />
              </Form.Item>,
            )}
            {col(
              <Form.Item name="sampler" label="抽样人" rules={[{ required: true, message: '请填写抽样人' }]}>
                <Input maxLength={60} />
              </Form.Item>,
              8,
            )}
            {col(
              <Form.Item
                name="sampledAt"
                label="抽样时间"
                rules={[{ required: true, message: '请选择时间' }]}
              >
                <DatePicker
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                  style={{ width: '100%' }}
                />
              </Form.Item>,
              8,
            )}
            {col(
              <Form.Item label="抽样数量" required style={{ marginBottom: 0 }}>
                <Space.Compact style={{ width: '100%' }}>
                  <Form.Item name="quantity" noStyle rules={[{ required: true, message: '请填写数量' }]}>
                    <InputNumber
                      min={0}
                      max={1000}
                      step={0.1}
                      style={{ width: '65%' }}
                      aria-label="抽样数量"
                    />
                  </Form.Item>
                  <Form.Item name="quantityUnit" noStyle>
                    <Select
                      style={{ width: '35%' }}
                      aria-label="数量单位"
                      options={QUANTITY_UNITS.map((u) => ({ value: u, label: unitLabelOf(u) }))}
                    />
                  </Form.Item>
                </Space.Compact>
              </Form.Item>,
              8,
            )}
            {col(
              <Form.Item name="sealNo" label="封样编号">
                <Input maxLength={40} />
              </Form.Item>,
              8,
            )}
            {col(
              <Form.Item name="lotRef" label="批次/追溯码">
                <Input
                  maxLength={60}
                  suffix={
                    <ScanButton
                      type="text"
                      size="small"
                      title="扫描合格证二维码"
                      onScan={(text) => form.setFieldValue('lotRef', traceCodeOf(text).slice(0, 60))}
                    />
                  }
                />
              </Form.Item>,
              8,
            )}
            {col(
              <Form.Item name="sampleNo" label="样品编号" extra="留空自动编号">
                <Input maxLength={40} />
              </Form.Item>,
              8,
            )}
          </Row>
          <Space style={{ marginTop: 16 }}>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              保存
            </Button>
            <Button onClick={() => navigate('/monitoring/lab')}>取消</Button>
          </Space>
        </Form>
      </Card>
    </>
  );
}
