import { CheckCircleOutlined, DeleteOutlined, PlusOutlined, SyncOutlined } from '@ant-design/icons';
import type { UserView } from '@nongan/shared/accounts/schemas';
import {
  BASIS_LABELS,
  type Basis,
  COMMITMENTS,
  certificateIssueBody,
  TEST_KIND_LABELS,
} from '@nongan/shared/certificates/schemas';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  List,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { ApiError, api, errorMessage } from '../common/api.ts';
import { zodIssues } from '../common/forms.ts';
import { optionsOf } from '../common/labels.ts';
import { divisionOptions, useDivisions } from '../common/regions.ts';
import { useDebounced } from '../common/useDebounced.ts';
import { useIsMobile } from '../common/useIsMobile.ts';
import { EntityPicker } from '../users/EntityPicker.tsx';
import { fieldLabel, placeIssues } from './checks.ts';
import { ProductInput, useCertCatalog, useEntityOne, useProducts } from './parts.tsx';
import {
  type CertificateDetail,
  chinaToday,
  ISSUERS,
  type IssueCheck,
  TEST_READERS,
  UNIT_OPTIONS,
  type Unit,
  useLots,
} from './queries.ts';
import { TestRecordSelect } from './TestRecordSelect.tsx';

type TestRow = {
  kind?: 'rapid' | 'sample' | 'report';
  refId?: string;
  refNo?: string;
  lab?: string;
  items?: string[];
  testedOn?: Dayjs | null;
};
type Values = {
  entityId?: string;
  lotId?: string;
  product?: string;
  quantity?: number | null;
  unit?: Unit;
  originVillageCode?: string;
  contact?: string;
  issueDate?: Dayjs;
  bases?: Basis[];
  tests?: TestRow[];
  labelCount?: number | null;
  gtin?: string;
};
const FIELDS = [
  'entityId',
  'lotId',
  'product',
  'quantity',
  'unit',
  'originVillageCode',
  'contact',
  'issueDate',
  'bases',
  'labelCount',
  'gtin',
] as const;
const TEST_BASES: Basis[] = ['self_test', 'entrusted_test'];
const hasTestBasis = (bases: readonly Basis[] | undefined) => !!bases?.some((b) => TEST_BASES.includes(b));

/** The request body: blank optional fields left out; tests only when a basis rests on them. */
function toBody(v: Values): Record<string, unknown> {
  const tests = hasTestBasis(v.bases)
    ? (v.tests ?? []).map((t) =>
        t.kind === 'report'
          ? {
              kind: 'report',
              refNo: t.refNo?.trim() || undefined,
              lab: t.lab?.trim() || undefined,
              items: t.items?.length ? t.items : undefined,
              testedOn: t.testedOn ? t.testedOn.format('YYYY-MM-DD') : undefined,
            }
          : { kind: t.kind, refId: t.refId || undefined },
      )
    : [];
  const body: Record<string, unknown> = {
    entityId: v.entityId,
    lotId: v.lotId || undefined,
    product: v.product?.trim(),
    quantity: v.quantity ?? undefined,
    unit: v.unit,
    originVillageCode: v.originVillageCode || undefined,
    contact: v.contact?.trim(),
    issueDate: v.issueDate ? v.issueDate.format('YYYY-MM-DD') : undefined,
    bases: v.bases ?? [],
    tests,
    labelCount: v.labelCount ?? 1,
    gtin: v.gtin?.trim() || undefined,
  };
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return body;
}

export function IssueFormPage() {
  const me = useMe();
  if (!me.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (!can(me.data.user, ISSUERS)) return <Result status="403" title="无权开具合格证" />;
  if (me.data.user.role === 'producer' && !me.data.user.entityId)
    return <Result status="403" title="账号未绑定生产经营主体，不能开具合格证" />;
  return <IssueForm user={me.data.user} />;
}

function IssueForm({ user }: { user: UserView }) {
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const mobile = useIsMobile();
  const { message } = App.useApp();
  const [topError, setTopError] = useState<string | null>(null);
  const producer = user.role === 'producer';
  const readsTests = can(user, TEST_READERS);
  const catalog = useCertCatalog();
  const products = useProducts();

  const entityId = Form.useWatch('entityId', form);
  const bases = Form.useWatch('bases', form);
  const productName = Form.useWatch('product', form);
  const testRows = Form.useWatch('tests', form) ?? [];
  const all = Form.useWatch([], form) as Values | undefined;
  const entity = useEntityOne(entityId);
  const lots = useLots(entityId);
  const villages = useDivisions({ level: 'village', parentCode: entity.data?.townCode });

  // A new entity: its phone as the contact, its own village as the origin, no lot of another's.
  useEffect(() => {
    const e = entity.data;
    if (!e) return;
    form.setFieldsValue({ contact: e.phone || form.getFieldValue('contact'), lotId: undefined });
    if (!String(form.getFieldValue('originVillageCode') ?? '').startsWith(e.townCode))
      form.setFieldValue('originVillageCode', undefined);
  }, [entity.data, form]);

  // The live check: the server's refusals and warnings for what is filled in so far.
  const body = useMemo(() => toBody(all ?? {}), [all]);
  const local = certificateIssueBody.safeParse(body);
  const settledBody = useDebounced(local.success ? JSON.stringify(body) : null, 500);
  const check = useQuery({
    queryKey: ['certificates', 'check', settledBody],
    queryFn: () => api.post<IssueCheck>('/certificates/check', JSON.parse(settledBody as string)),
    enabled: !!settledBody,
    retry: false,
    placeholderData: (prev) => prev,
  });

  const save = useMutation({
    mutationFn: (b: unknown) => api.post<CertificateDetail>('/certificates', b),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ['certificates'] });
      qc.setQueryData(['certificates', 'one', c.id], c);
      message.success(`已开具合格证 ${c.certNo}${c.labelCount > 1 ? `（${c.labelCount} 张标签）` : ''}`);
      navigate(`/certificates/${c.id}`);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.issues.length) {
        const rest = placeIssues(form, e.issues, FIELDS);
        setTopError(
          rest.length ? rest.map((i) => `${fieldLabel(i.field)}：${i.reason}`).join('；') : e.message,
        );
      } else setTopError(errorMessage(e));
    },
  });

  const submit = (values: Values) => {
    setTopError(null);
    const b = toBody(values);
    const parsed = certificateIssueBody.safeParse(b);
    if (!parsed.success) {
      const rest = placeIssues(form, zodIssues(parsed.error), FIELDS);
      if (rest.length) setTopError(rest.map((i) => `${fieldLabel(i.field)}：${i.reason}`).join('；'));
      return;
    }
    save.mutate(b);
  };

  const testKinds = optionsOf(TEST_KIND_LABELS).map((o) => ({
    ...o,
    disabled: o.value !== 'report' && !readsTests,
  }));
  const blankTest: TestRow = { kind: readsTests ? 'rapid' : 'report' };
  const analyteOptions = (catalog.data?.analytes ?? []).map((a) => ({ value: a.name, label: a.name }));
  const col = (node: React.ReactNode, span = 12) => (
    <Col xs={24} md={span}>
      {node}
    </Col>
  );
  const problems = check.data?.problems ?? [];
  const warnings = check.data?.warnings ?? [];
  const findings = [
    ...problems.map((p) => ({ ...p, bad: true })),
    ...warnings.map((w) => ({ ...w, bad: false })),
  ];

  const checkPanel = (
    <Card
      size="small"
      title="检查"
      className="cert-check-panel"
      data-testid="issue-check"
      extra={
        <Button
          size="small"
          icon={<SyncOutlined spin={check.isFetching} />}
          disabled={!settledBody}
          onClick={() => check.refetch()}
        >
          重新检查
        </Button>
      }
    >
      {!local.success ? (
        <Typography.Text type="secondary">
          填写开具主体、产品、数量、联系电话和承诺依据后，系统自动检查能否开具（禁用投入品、安全间隔期、检测项目覆盖所用投入品等）。
        </Typography.Text>
      ) : check.isError ? (
        <Alert type="warning" showIcon title={`检查失败：${errorMessage(check.error)}`} />
      ) : !check.data ? (
        <Spin size="small" />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {problems.length === 0 ? (
            <Alert type="success" showIcon icon={<CheckCircleOutlined />} title="检查通过，可以开具" />
          ) : (
            <Alert type="error" showIcon title={`不能开具：${problems.length} 个问题`} />
          )}
          {findings.length > 0 && (
            <List
              size="small"
              dataSource={findings}
              renderItem={(p) => (
                <List.Item>
                  <Space align="start" size={4}>
                    <Tag color={p.bad ? 'red' : 'orange'}>{p.bad ? '问题' : '提醒'}</Tag>
                    <Typography.Text>
                      <Typography.Text strong>{fieldLabel(p.field)}</Typography.Text>：{p.reason}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Space>
      )}
    </Card>
  );

  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>开具合格证</Typography.Title>
        <Button onClick={() => navigate('/certificates/buyer')}>收购者开具</Button>
      </div>
      {topError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={topError} />}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={16}>
          <Card>
            <Form<Values>
              form={form}
              layout="vertical"
              onFinish={submit}
              scrollToFirstError
              initialValues={{
                entityId: producer ? (user.entityId ?? undefined) : undefined,
                unit: 'kg',
                issueDate: dayjs(chinaToday()),
                bases: ['quality_control'],
                tests: [],
                labelCount: 1,
              }}
            >
              <Row gutter={16}>
                {col(
                  <Form.Item
                    name="entityId"
                    label="开具主体（承诺人）"
                    rules={[{ required: true, message: '请选择开具主体' }]}
                    extra={
                      producer
                        ? undefined
                        : user.role === 'town_supervisor'
                          ? '镇街监管员可为辖区小农户代开'
                          : '企业、合作社等须自行开具；监管人员可为小农户代开'
                    }
                  >
                    {producer ? (
                      <Select
                        disabled
                        options={[
                          { value: user.entityId, label: entity.data?.name ?? user.scopeName ?? '本主体' },
                        ]}
                      />
                    ) : (
                      <EntityPicker />
                    )}
                  </Form.Item>,
                )}
                {col(
                  <Form.Item
                    name="lotId"
                    label="生产批次"
                    extra={lots.data?.length ? '选择批次后按生产记录检查安全间隔期和检测项目' : undefined}
                  >
                    <Select
                      allowClear
                      disabled={!entityId || !lots.data?.length}
                      loading={lots.isFetching}
                      placeholder={
                        !entityId || lots.data?.length ? '可不选' : '该主体暂无生产批次记录（可不选）'
                      }
                      options={(lots.data ?? []).map((l) => ({
                        value: l.id,
                        label: `${l.lotNo}${l.productName ? ` · ${l.productName}` : ''}${l.harvestDate ? ` · 采收 ${l.harvestDate}` : ''}`,
                      }))}
                      onChange={(v?: string) => {
                        const lot = lots.data?.find((l) => l.id === v);
                        if (lot)
                          form.setFieldValue('product', lot.productName ?? products.nameOf(lot.productCode));
                      }}
                    />
                  </Form.Item>,
                )}
                {col(
                  <Form.Item name="product" label="产品" rules={[{ required: true, message: '请填写产品' }]}>
                    <ProductInput />
                  </Form.Item>,
                )}
                <Col xs={14} md={6}>
                  <Form.Item
                    name="quantity"
                    label="数量（重量）"
                    rules={[{ required: true, message: '请填写数量' }]}
                  >
                    <InputNumber min={0} inputMode="decimal" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={10} md={6}>
                  <Form.Item name="unit" label="单位" rules={[{ required: true, message: '请选择' }]}>
                    <Select options={UNIT_OPTIONS} />
                  </Form.Item>
                </Col>
                {col(
                  <Form.Item
                    name="originVillageCode"
                    label="产地（村）"
                    extra={
                      entity.data
                        ? `默认为主体所在地：${entity.data.townName ?? ''}${entity.data.villageName ?? ''}`
                        : undefined
                    }
                  >
                    <Select
                      allowClear
                      showSearch={{ optionFilterProp: 'label' }}
                      disabled={!entity.data}
                      loading={!!entity.data && villages.isPending}
                      placeholder="默认为主体所在村"
                      options={divisionOptions(villages.data)}
                    />
                  </Form.Item>,
                )}
                {col(
                  <Form.Item
                    name="contact"
                    label="联系电话"
                    rules={[{ required: true, message: '请填写联系电话' }]}
                  >
                    <Input inputMode="tel" maxLength={20} />
                  </Form.Item>,
                  6,
                )}
                {col(
                  <Form.Item
                    name="issueDate"
                    label="开具日期"
                    rules={[{ required: true, message: '请选择日期' }]}
                  >
                    <DatePicker
                      style={{ width: '100%' }}
                      disabledDate={(d) => d.isAfter(dayjs(chinaToday()), 'day')}
                    />
                  </Form.Item>,
                  6,
                )}
                {col(
                  <Form.Item
                    name="bases"
                    label="承诺依据（可多选）"
                    rules={[{ required: true, message: '至少选择一项承诺依据' }]}
                  >
                    <Checkbox.Group
                      options={optionsOf(BASIS_LABELS)}
                      onChange={(v) => {
                        if (hasTestBasis(v as Basis[]) && !(form.getFieldValue('tests') ?? []).length)
                          form.setFieldValue('tests', [blankTest]);
                      }}
                    />
                  </Form.Item>,
                  24,
                )}
              </Row>
              {hasTestBasis(bases) && (
                <Form.List name="tests">
                  {(fields, { add, remove }) => (
                    <div data-testid="cert-tests" style={{ marginBottom: 16 }}>
                      <Typography.Text strong>检测记录</Typography.Text>
                      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                        依据为检测合格时须关联检测记录；检测项目应覆盖该批次使用过的农药、兽药。
                        {!readsTests && '生产者账号请填写检测报告（自行检测请在检测机构填“自检”）。'}
                      </Typography.Paragraph>
                      {fields.map((f, i) => {
                        const kind = testRows[i]?.kind ?? 'report';
                        return (
                          <div key={f.key} className="cert-test-row" data-testid={`cert-test-${i}`}>
                            <Row gutter={8}>
                              <Col xs={20} md={7}>
                                <Form.Item name={[f.name, 'kind']} label={`检测记录${i + 1}`}>
                                  <Select
                                    options={testKinds}
                                    onChange={() =>
                                      form.setFieldValue(['tests', f.name], {
                                        kind: form.getFieldValue(['tests', f.name, 'kind']),
                                      })
                                    }
                                  />
                                </Form.Item>
                              </Col>
                              <Col xs={4} md={1}>
                                <Form.Item label=" ">
                                  <Button
                                    type="text"
                                    danger
                                    icon={<DeleteOutlined />}
                                    aria-label={`删除检测记录${i + 1}`}
                                    onClick={() => remove(f.name)}
                                  />
                                </Form.Item>
                              </Col>
                              {kind === 'report' ? (
                                <>
                                  <Col xs={12} md={8}>
                                    <Form.Item name={[f.name, 'refNo']} label="报告编号">
                                      <Input maxLength={60} aria-label={`报告编号${i + 1}`} />
                                    </Form.Item>
                                  </Col>
                                  <Col xs={12} md={8}>
                                    <Form.Item name={[f.name, 'lab']} label="检测机构">
                                      <Input maxLength={100} placeholder="如：自检、某检测公司" />
                                    </Form.Item>
                                  </Col>
                                  <Col xs={24} md={16}>
                                    <Form.Item name={[f.name, 'items']} label="检测项目">
                                      <Select
                                        mode="tags"
                                        aria-label={`检测项目${i + 1}`}
                                        placeholder="选择或输入检测项目，如 毒死蜱"
                                        options={analyteOptions}
                                        tokenSeparators={[',', '，', '、', ' ']}
                                      />
                                    </Form.Item>
                                  </Col>
                                  <Col xs={24} md={8}>
                                    <Form.Item name={[f.name, 'testedOn']} label="检测日期">
                                      <DatePicker
                                        style={{ width: '100%' }}
                                        disabledDate={(d) => d.isAfter(dayjs(chinaToday()), 'day')}
                                      />
                                    </Form.Item>
                                  </Col>
                                </>
                              ) : (
                                <Col xs={24} md={16}>
                                  <Form.Item name={[f.name, 'refId']} label="平台检测记录">
                                    <TestRecordSelect
                                      kind={kind}
                                      entityId={entityId}
                                      productCode={products.codeOf(productName)}
                                      index={i}
                                    />
                                  </Form.Item>
                                </Col>
                              )}
                            </Row>
                          </div>
                        );
                      })}
                      <Button icon={<PlusOutlined />} onClick={() => add(blankTest)}>
                        添加检测记录
                      </Button>
                    </div>
                  )}
                </Form.List>
              )}
              <Row gutter={16}>
                {col(
                  <Form.Item
                    name="labelCount"
                    label="标签数量（批量开具）"
                    extra="同一批次分装出售时，一次开具可打印多张标签，每张标注第几张/共几张"
                  >
                    <InputNumber min={1} max={500} precision={0} style={{ width: '100%' }} />
                  </Form.Item>,
                )}
                {col(
                  <Form.Item
                    name="gtin"
                    label="商品条码 GTIN（可选）"
                    extra="有 GTIN 的产品同时生成 GS1 数字链接"
                  >
                    <Input maxLength={14} inputMode="numeric" />
                  </Form.Item>,
                )}
              </Row>
              <Card size="small" style={{ marginBottom: 16, background: '#f6ffed' }}>
                <Typography.Text strong>我承诺对生产销售的食用农产品：</Typography.Text>
                <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
                  {COMMITMENTS.producer.map((c) => (
                    <li key={c}>{c}</li>
                  ))}
                </ul>
              </Card>
              {mobile && <div style={{ marginBottom: 16 }}>{checkPanel}</div>}
              <Space wrap>
                <Button type="primary" htmlType="submit" loading={save.isPending}>
                  开具
                </Button>
                <Button onClick={() => navigate('/certificates')}>取消</Button>
              </Space>
            </Form>
          </Card>
        </Col>
        {!mobile && (
          <Col xs={24} lg={8}>
            <div style={{ position: 'sticky', top: 16 }}>{checkPanel}</div>
          </Col>
        )}
      </Row>
    </>
  );
}
