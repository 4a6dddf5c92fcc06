import type { UserView } from '@nongan/shared/accounts/schemas';
import { LINK_LABELS, RAPID_METHOD_LABELS, rapidTestBody } from '@nongan/shared/sampling/tests';
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
  Radio,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { applyIssues, applyServerError, zodIssues } from '../common/forms.ts';
import { optionsOf } from '../common/labels.ts';
import { TownSelect } from '../entities/RegionFilterSelects.tsx';
import { useFormDraft } from '../offline/drafts.ts';
import { submitOrQueue } from '../offline/outbox.ts';
import { newClientId } from '../offline/rules.ts';
import { EntityPicker } from '../users/EntityPicker.tsx';
import { HolderSelect, ProductSelect } from './parts.tsx';
import { cstIso, type RapidTest, RECORDERS, useProductOptions } from './queries.ts';

type Values = {
  holderCode?: string;
  townCode?: string;
  entityId?: string;
  sampledParty?: string;
  product?: string;
  link?: keyof typeof LINK_LABELS;
  method?: keyof typeof RAPID_METHOD_LABELS;
  inhibitionRate?: number | null;
  result?: 'positive' | 'negative';
  testedAt?: Dayjs;
  tester?: string;
  instrument?: string;
  testNo?: string;
};

export const districtOf = (u: UserView) => u.scopeCode?.slice(0, 6) ?? '500151';
export const ownTownOf = (u: UserView) => (u.scopeCode?.length === 9 ? u.scopeCode : undefined);

/** Kept while typing: dates as ISO text (IndexedDB keeps plain values). */
const draftOf = (v: Values) => ({ ...v, testedAt: v.testedAt?.toISOString() });
const fromDraft = (d: unknown) => {
  const v = d as Omit<Values, 'testedAt'> & { testedAt?: string };
  return { ...v, testedAt: v.testedAt ? dayjs(v.testedAt) : undefined };
};

/** Blank text fields are left out, so the server's optional fields stay unset. */
function toBody(v: Values): Record<string, unknown> {
  const body: Record<string, unknown> = {
    holderCode: v.holderCode,
    townCode: v.townCode,
    entityId: v.entityId || undefined,
    sampledParty: v.sampledParty?.trim() || undefined,
    product: v.product,
    link: v.link,
    method: v.method,
    testedAt: v.testedAt ? cstIso(v.testedAt.toDate()) : undefined,
    tester: v.tester?.trim(),
    instrument: v.instrument?.trim() || undefined,
    testNo: v.testNo?.trim() || undefined,
  };
  if (v.method === 'enzyme_inhibition') body.inhibitionRate = v.inhibitionRate ?? undefined;
  else body.result = v.result;
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return body;
}

export function RapidFormPage() {
  const me = useMe();
  if (!me.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (!can(me.data.user, RECORDERS)) return <Result status="403" title="无权录入快检" />;
  return <RapidForm user={me.data.user} />;
}

function RapidForm({ user }: { user: UserView }) {
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [topError, setTopError] = useState<string | null>(null);
  const [queued, setQueued] = useState<string | null>(null);
  const again = useRef(false);
  // One id per submission, kept through a failed send and its queued retries.
  const clientId = useRef(newClientId());
  const draft = useFormDraft(form, `rapid-test:new:${user.id}`, { toDraft: draftOf, fromDraft });
  const products = useProductOptions();
  const method = Form.useWatch('method', form);
  const rate = Form.useWatch('inhibitionRate', form);
  const district = districtOf(user);
  const ownTown = ownTownOf(user);
  const holderFixed = ownTown ?? (user.role === 'testing_centre' ? district : undefined);

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      submitOrQueue<RapidTest>({
        kind: 'rapid-test',
        url: '/rapid-tests',
        body,
        clientId: clientId.current,
        label: labelOf(body),
      }),
    onSuccess: (out) => {
      clientId.current = newClientId();
      void draft.clear();
      if (!out.sent) {
        setQueued('已保存在本机，联网后自动同步。可在页面顶部“待同步”中查看。');
        message.success('已保存在本机，联网后自动同步');
        nextEntry();
        window.scrollTo({ top: 0 }); // the notice is at the top; on a phone the button is far below
        return;
      }
      const r = out.data;
      setQueued(null);
      void qc.invalidateQueries({ queryKey: ['sampling'] });
      message.success(`已保存 ${r.testNo}（${r.result === 'positive' ? '阳性' : '阴性'}）`);
      if (again.current) nextEntry();
      else navigate(`/monitoring/rapid/${r.id}`);
    },
    onError: (e) => setTopError(applyServerError(form, e)),
  });

  /** What the outbox list shows for a queued test. */
  function labelOf(body: Record<string, unknown>) {
    const product = products.options.find((o) => o.value === body.product)?.label ?? String(body.product);
    const verdict =
      body.method === 'enzyme_inhibition'
        ? Number(body.inhibitionRate) >= 50
          ? '阳性'
          : '阴性'
        : body.result === 'positive'
          ? '阳性'
          : '阴性';
    return [product, body.sampledParty ?? '名录主体', verdict].join(' · ');
  }

  /** Clears what differs between two tests at one place, keeping holder, town, link and tester. */
  function nextEntry() {
    form.setFieldsValue({
      entityId: undefined,
      sampledParty: undefined,
      inhibitionRate: null,
      result: undefined,
      testNo: undefined,
      testedAt: dayjs(),
    });
  }

  const submit = (values: Values) => {
    setTopError(null);
    const body = toBody(values);
    const parsed = rapidTestBody.safeParse(body);
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
  const positive = rate != null && rate >= 50;

  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>录入快检</Typography.Title>
      </div>
      {topError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={topError} />}
      {queued && (
        <Alert
          type="info"
          showIcon
          closable
          onClose={() => setQueued(null)}
          style={{ marginBottom: 12 }}
          title={queued}
          data-testid="rapid-queued"
        />
      )}
      {draft.restoredAt && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`已恢复 ${dayjs(draft.restoredAt).format('MM-DD HH:mm')} 未提交的填写内容`}
          action={
            <Button
              size="small"
              onClick={() => {
                void draft.clear();
                form.resetFields();
              }}
            >
              清空
            </Button>
          }
        />
      )}
      <Card>
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          onValuesChange={draft.onValuesChange}
          scrollToFirstError
          initialValues={{
            holderCode: holderFixed ?? district,
            townCode: ownTown,
            link: 'pre_harvest_base',
            method: 'enzyme_inhibition',
            testedAt: dayjs(),
            tester: user.displayName,
          }}
        >
          <Row gutter={16}>
            {col(
              <Form.Item name="holderCode" label="承担单位" rules={[{ required: true, message: '请选择' }]}>
                <HolderSelect districtCode={district} only={holderFixed} />
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
              <Form.Item name="link" label="抽样环节" rules={[{ required: true, message: '请选择' }]}>
                <Select options={optionsOf(LINK_LABELS)} />
              </Form.Item>,
              8,
            )}
            {col(
              <Form.Item
                name="entityId"
                label="被检主体"
                extra="名录中的主体；不在名录的摊位、散户填写下一栏"
              >
                <EntityPicker />
              </Form.Item>,
            )}
            {col(
              <Form.Item name="sampledParty" label="被检对象（名称/摊位）">
                <Input maxLength={100} placeholder="如：铜梁农贸市场 12号摊位" />
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
              <Form.Item name="testedAt" label="检测时间" rules={[{ required: true, message: '请选择时间' }]}>
                <DatePicker
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                  style={{ width: '100%' }}
                />
              </Form.Item>,
            )}
            {col(
              <Form.Item name="method" label="检测方法">
                <Radio.Group optionType="button" options={optionsOf(RAPID_METHOD_LABELS)} />
              </Form.Item>,
              24,
            )}
            {method === 'enzyme_inhibition'
              ? col(
                  <Form.Item
                    name="inhibitionRate"
                    label="抑制率（%）"
                    rules={[{ required: true, message: '请填写抑制率' }]}
                    extra="抑制率 ≥ 50% 判为阳性（由系统判定）"
                  >
                    <InputNumber
                      min={0}
                      max={100}
                      step={0.1}
                      inputMode="decimal"
                      style={{ width: '100%' }}
                      suffix={
                        rate == null ? undefined : (
                          <Tag color={positive ? 'red' : 'green'} data-testid="rapid-verdict">
                            {positive ? '阳性' : '阴性'}
                          </Tag>
                        )
                      }
                    />
                  </Form.Item>,
                )
              : col(
                  <Form.Item
                    name="result"
                    label="检测结果"
                    rules={[{ required: true, message: '请选择结果' }]}
                  >
                    <Radio.Group
                      optionType="button"
                      buttonStyle="solid"
                      options={[
                        { value: 'negative', label: '阴性' },
                        { value: 'positive', label: '阳性' },
                      ]}
                    />
                  </Form.Item>,
                )}
            {col(
              <Form.Item name="tester" label="检测人" rules={[{ required: true, message: '请填写检测人' }]}>
                <Input maxLength={40} />
              </Form.Item>,
              8,
            )}
            {col(
              <Form.Item name="instrument" label="仪器编号">
                <Input maxLength={60} />
              </Form.Item>,
              8,
            )}
            {col(
              <Form.Item name="testNo" label="检测编号" extra="留空自动编号">
                <Input maxLength={40} />
              </Form.Item>,
              8,
            )}
          </Row>
          {positive && method === 'enzyme_inhibition' && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              title="阳性：保存后该批产品将被控制，不得上市，并生成定量复检任务。"
            />
          )}
          <Space wrap>
            <Button
              type="primary"
              htmlType="submit"
              loading={save.isPending}
              onClick={() => {
                again.current = false;
              }}
            >
              保存
            </Button>
            <Button
              htmlType="submit"
              loading={save.isPending}
              onClick={() => {
                again.current = true;
              }}
            >
              保存并继续录入
            </Button>
            <Button onClick={() => navigate('/monitoring/rapid')}>取消</Button>
          </Space>
        </Form>
      </Card>
    </>
  );
}
