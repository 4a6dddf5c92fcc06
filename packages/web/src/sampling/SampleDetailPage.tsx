import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { MISSING_NAME } from '@nongan/shared/common/missing';
import { unitLabelOf } from '@nongan/shared/common/units';
import { type Link as ChainLink, LINK_LABELS, labResultsBody } from '@nongan/shared/sampling/tests';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Form,
  type FormInstance,
  InputNumber,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { SampleCaseButton } from '../cases/SampleCaseButton.tsx';
import { ApiError, api, type FieldIssue } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { zodIssues } from '../common/forms.ts';
import { useIsMobile } from '../common/useIsMobile.ts';
import { LabActions } from './LabActions.tsx';
import { LabTimeline } from './LabTimeline.tsx';
import { LeadTag, provisionalText, taskKindLabel, VerdictTag } from './parts.tsx';
import { cstIso, LAB, SAMPLE_VERDICT, type SampleDetail, useCatalog } from './queries.ts';
import { ReportsCard } from './ReportsCard.tsx';

type ResultRow = SampleDetail['results'][number];
const time = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm');

export function SampleDetailPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const q = useQuery({
    queryKey: ['sampling', 'samples', 'one', id],
    queryFn: () => api.get<SampleDetail>(`/samples/${id}`),
  });
  if (q.isError) return <ErrorResult error={q.error} retry={() => q.refetch()} />;
  if (!q.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  const s = q.data;
  const lab = can(me.data?.user, LAB);
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>
          样品 {s.sampleNo} <VerdictTag verdict={s.verdict} status={s.status} />
        </Typography.Title>
        <Link to="/monitoring/lab">返回列表</Link>
      </div>
      {s.verdict === 'fail' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title="检测不合格"
          description={
            <>
              该批产品已控制、不得上市，被抽样主体已标记为问题主体，并已生成跟踪监督抽查任务。
              <Link to="/monitoring/issues">查看问题处置</Link>
              <SampleCaseButton sample={s} />
            </>
          }
        />
      )}
      {s.hasLead && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="禁限用药物检出"
          description={
            <>
              {s.leads.map((l) => (
                <div key={l.analyteName}>
                  {l.analyteName}：依据 {l.basis}
                  {l.item ? ` ${l.item}` : ''}
                </div>
              ))}
              这是监管线索，与合格判定分别记录：
              {s.verdict === 'fail'
                ? '样品同时不合格，按不合格处置。'
                : '批次不因此控制，已生成投入品使用核查任务。'}
              <Link to="/monitoring/issues">查看问题处置</Link>
            </>
          }
        />
      )}
      {s.provisional && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="暂判"
          description={s.results
            .filter((r) => r.provisional)
            .map((r) => (
              <div key={r.analyteCode}>
                {r.analyteName}：{provisionalText(r)}
              </div>
            ))}
        />
      )}
      {s.verdict === 'no_limit' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="部分检测项目无限量标准，本样品不判定为合格，请人工研判。"
        />
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            { key: 'no', label: '样品编号', children: s.sampleNo },
            { key: 'kind', label: '任务类型', children: taskKindLabel(s.taskKind) },
            { key: 'product', label: '样品', children: s.productName ?? MISSING_NAME.product },
            {
              key: 'party',
              label: '被抽样单位',
              children: s.entityId ? (
                <Link to={`/entities/${s.entityId}`}>{s.entityName}</Link>
              ) : (
                (s.sampledParty ?? '—')
              ),
            },
            { key: 'town', label: '镇街', children: s.townName ?? MISSING_NAME.town },
            { key: 'link', label: '环节', children: LINK_LABELS[s.link as ChainLink] ?? s.link },
            { key: 'sampler', label: '抽样人', children: s.sampler },
            { key: 'at', label: '抽样时间', children: time(s.sampledAt) },
            { key: 'qty', label: '数量', children: `${s.quantity} ${unitLabelOf(s.quantityUnit)}` },
            { key: 'seal', label: '封样编号', children: s.sealNo ?? '—' },
            { key: 'lot', label: '批次/追溯码', children: s.lotRef ?? '—' },
            {
              key: 'verdict',
              label: '判定',
              children: (
                <Space wrap size={4}>
                  <VerdictTag verdict={s.verdict} status={s.status} />
                  {s.provisional && <Tag color="gold">暂判</Tag>}
                  {s.hasLead && <LeadTag basis={s.leads.map((l) => l.basis).join('；')} />}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {s.status === 'entered' && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="检测结果已录入，待审核后公布。"
          description="审核通过前，结果不控制批次、不标记主体、不计入统计。"
        />
      )}
      <LabActions sample={s} />
      {s.status === 'received' && lab ? (
        <ResultsEditor sample={s} />
      ) : s.results.length > 0 ? (
        <ResultsTable rows={s.results} />
      ) : (
        <Card size="small" title="检测结果" style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">
            {s.status === 'rejected'
              ? '样品已拒收，无检测结果。'
              : s.status === 'entered'
                ? '待审核'
                : '待区检测中心接收并录入检测结果。'}
          </Typography.Text>
        </Card>
      )}
      {s.replacedBy.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ margin: '12px 0' }}
          title={
            <>
              本样品结果已作废，复检样品：
              {s.replacedBy.map((r) => (
                <Link key={r.id} to={`/monitoring/lab/${r.id}`} style={{ marginRight: 8 }}>
                  {r.sampleNo}
                </Link>
              ))}
            </>
          }
        />
      )}
      <div style={{ marginTop: 12 }}>
        <LabTimeline steps={s.timeline} />
      </div>
      {(s.status === 'verified' || s.status === 'reported') && <ReportsCard sampleId={s.id} lab={lab} />}
    </>
  );
}

const verdictTag = (v: string) => {
  const x = SAMPLE_VERDICT[v];
  return <Tag color={x?.color}>{x?.label ?? v}</Tag>;
};
const shownValue = (r: ResultRow) => (r.value == null ? '未检出' : `${r.value} ${r.unit}`);

/** The verdict's basis: 不得检出 and its announcement, or the limit with standard, edition and item. */
function basisText(r: ResultRow): string {
  const citation = r.limitCitation?.split('（暂判')[0] ?? null;
  if (r.basis === 'not_detectable') return citation ?? '不得检出';
  if (r.limitMgKg == null || !citation) return '—';
  return `限量 ${r.limitMgKg} mg/kg：${citation}`;
}

/** The verdict with its basis, then, apart, the 禁限用 lead and the 暂判 note. */
function VerdictCell({ r }: { r: ResultRow }) {
  return (
    <Space orientation="vertical" size={2}>
      <Space wrap size={4}>
        {verdictTag(r.verdict)}
        {r.provisional && <Tag color="gold">暂判</Tag>}
      </Space>
      {basisText(r) !== '—' && <Typography.Text type="secondary">{basisText(r)}</Typography.Text>}
      {r.provisional && <Typography.Text type="warning">{provisionalText(r)}</Typography.Text>}
    </Space>
  );
}

function LeadCell({ r }: { r: ResultRow }) {
  if (!r.lead) return <>—</>;
  return (
    <Space orientation="vertical" size={2}>
      <LeadTag basis={r.lead.basis} />
      <Typography.Text type="secondary">
        {r.lead.basis}
        {r.lead.item ? ` ${r.lead.item}` : ''}
      </Typography.Text>
    </Space>
  );
}

function ResultsTable({ rows }: { rows: ResultRow[] }) {
  const mobile = useIsMobile();
  const title = `检测结果（${rows[0] ? time(rows[0].testedAt) : ''}）`;
  if (mobile)
    return (
      <Card size="small" title={title}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          {rows.map((r) => (
            <Card
              key={r.analyteCode}
              size="small"
              styles={{ body: { background: r.verdict === 'fail' ? '#fff1f0' : undefined } }}
            >
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Typography.Text strong>{r.analyteName}</Typography.Text>
                <Typography.Text>检测值 {shownValue(r)}</Typography.Text>
                <VerdictCell r={r} />
                {r.lead && <LeadCell r={r} />}
                <Typography.Text type="secondary">方法：{r.methodStandard}</Typography.Text>
              </Space>
            </Card>
          ))}
        </Space>
      </Card>
    );
  return (
    <Card size="small" title={title}>
      <Table<ResultRow>
        rowKey="analyteCode"
        size="small"
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1100 }}
        rowClassName={(r) => (r.verdict === 'fail' ? 'row-fail' : '')}
        columns={[
          { title: '检测项目', dataIndex: 'analyteName', width: 120, fixed: 'left' },
          {
            title: '检测值',
            key: 'value',
            width: 110,
            render: (_, r) => shownValue(r),
          },
          {
            title: '检出限',
            dataIndex: 'lod',
            width: 100,
            render: (v: number | null, r) => (v == null ? '—' : `${v} ${r.unit}`),
          },
          { title: '检测方法', dataIndex: 'methodStandard', width: 160 },
          {
            title: '判定及依据',
            key: 'verdict',
            width: 300,
            render: (_, r) => <VerdictCell r={r} />,
          },
          {
            title: '禁限用药物检出',
            key: 'lead',
            width: 260,
            render: (_, r) => <LeadCell r={r} />,
          },
        ]}
      />
    </Card>
  );
}

type EntryRow = {
  analyte?: string;
  nd?: boolean;
  value?: number | null;
  unit?: string;
  lod?: number | null;
  methodStandard?: string;
};
type Values = { testedAt?: Dayjs; results: EntryRow[] };

const METHOD_STANDARDS = [
  'GB 23200.113-2018',
  'GB 23200.121-2021',
  'GB/T 20763-2006',
  'GB/T 22286-2008',
  'GB/T 21313-2007',
  'GB 5009.12-2017',
  'GB 5009.15-2014',
  'GB 5009.17-2021',
  'NY/T 761-2008',
  'SN/T 1924-2011',
].map((v) => ({ value: v }));

const ROW_FIELD: Record<string, 'analyte' | 'value' | 'unit' | 'lod' | 'methodStandard'> = {
  analyte: 'analyte',
  value: 'value',
  unit: 'unit',
  lod: 'lod',
  lodUnit: 'lod',
  methodStandard: 'methodStandard',
};

/** Issues named `results.3.unit` go onto row 3's unit; the rest are returned. */
function placeIssues(form: FormInstance<Values>, issues: FieldIssue[]): FieldIssue[] {
  const rest: FieldIssue[] = [];
  const fields: Parameters<FormInstance<Values>['setFields']>[0] = [];
  for (const i of issues) {
    const m = i.field.match(/^results\.(\d+)\.(\w+)$/);
    if (m) {
      const f = ROW_FIELD[m[2] ?? ''] ?? 'analyte';
      fields.push({ name: ['results', Number(m[1]), f], errors: [i.reason] });
    } else if (i.field === 'testedAt') fields.push({ name: ['testedAt'], errors: [i.reason] });
    else rest.push(i);
  }
  form.setFields(fields);
  return rest;
}

function ResultsEditor({ sample }: { sample: SampleDetail }) {
  const [form] = Form.useForm<Values>();
  const catalog = useCatalog();
  const qc = useQueryClient();
  const mobile = useIsMobile();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const rows = Form.useWatch('results', form) ?? [];
  const analytes = (catalog.data?.analytes ?? []).map((a) => ({
    value: a.code,
    label: a.banned ? `${a.name}（禁用）` : a.name,
  }));
  const save = useMutation({
    mutationFn: (body: unknown) => api.post<SampleDetail>(`/samples/${sample.id}/results`, body),
    onSuccess: (s) => {
      qc.setQueryData(['sampling', 'samples', 'one', s.id], s);
      void qc.invalidateQueries({ queryKey: ['sampling'] });
      const v = s.enteredVerdict ? SAMPLE_VERDICT[s.enteredVerdict]?.label : '';
      message.success(`已录入检测结果${v ? `（初判：${v}）` : ''}，待审核`);
    },
    onError: (e) => {
      const rest = e instanceof ApiError ? placeIssues(form, e.issues) : [];
      setError(
        e instanceof ApiError && e.issues.length
          ? rest.length
            ? rest.map((i) => `${i.field}: ${i.reason}`).join('；')
            : '部分结果有误，请按提示修改'
          : e.message,
      );
    },
  });
  const submit = (v: Values) => {
    setError(null);
    const body = {
      testedAt: v.testedAt ? cstIso(v.testedAt.toDate()) : undefined,
      results: v.results.map((r) => ({
        analyte: r.analyte ?? '',
        value: r.nd ? 'ND' : (r.value ?? null),
        unit: r.unit ?? '',
        ...(r.lod ? { lod: r.lod } : {}),
        methodStandard: r.methodStandard?.trim() ?? '',
      })),
    };
    const parsed = labResultsBody.safeParse(body);
    if (!parsed.success) {
      const rest = placeIssues(form, zodIssues(parsed.error));
      setError(rest.length ? rest.map((i) => i.reason).join('；') : '部分结果有误，请按提示修改');
      return;
    }
    save.mutate(body);
  };
  const blank: EntryRow = { unit: 'mg/kg', nd: false };
  return (
    <Card size="small" title="录入检测结果">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ testedAt: dayjs(), results: [blank] }}
      >
        <Form.Item name="testedAt" label="检测时间" rules={[{ required: true, message: '请选择时间' }]}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
          />
        </Form.Item>
        <Form.List name="results">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => {
                const nd = !!rows[i]?.nd;
                return (
                  <div
                    key={f.key}
                    data-testid={`result-row-${i}`}
                    style={{ borderTop: i ? '1px dashed #e0e0e0' : undefined, paddingTop: i ? 8 : 0 }}
                  >
                    <Row gutter={8} align="top">
                      <Col xs={24} md={5}>
                        <Form.Item
                          name={[f.name, 'analyte']}
                          label={mobile || i === 0 ? '检测项目' : undefined}
                          rules={[{ required: true, message: '请选择检测项目' }]}
                        >
                          <Select
                            showSearch={{ optionFilterProp: 'label' }}
                            options={analytes}
                            loading={catalog.isPending}
                            placeholder="检测项目"
                            aria-label={`检测项目${i + 1}`}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={14} md={5}>
                        <Form.Item
                          name={[f.name, 'value']}
                          label={mobile || i === 0 ? '检测值' : undefined}
                          rules={[{ required: !nd, message: '请填写检测值或勾选未检出' }]}
                        >
                          <InputNumber
                            min={0}
                            disabled={nd}
                            inputMode="decimal"
                            placeholder={nd ? '未检出' : '检测值'}
                            style={{ width: '100%' }}
                            aria-label={`检测值${i + 1}`}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={10} md={2}>
                        <Form.Item
                          name={[f.name, 'nd']}
                          valuePropName="checked"
                          label={mobile || i === 0 ? ' ' : undefined}
                        >
                          <Checkbox
                            onChange={(e) => {
                              if (e.target.checked) form.setFieldValue(['results', f.name, 'value'], null);
                            }}
                          >
                            未检出
                          </Checkbox>
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={3}>
                        <Form.Item
                          name={[f.name, 'unit']}
                          label={mobile || i === 0 ? '单位' : undefined}
                          rules={[{ required: true, message: '请选择单位' }]}
                        >
                          <AutoComplete
                            options={[{ value: 'mg/kg' }, { value: 'μg/kg' }]}
                            aria-label={`单位${i + 1}`}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={3}>
                        <Form.Item name={[f.name, 'lod']} label={mobile || i === 0 ? '检出限' : undefined}>
                          <InputNumber
                            min={0}
                            style={{ width: '100%' }}
                            placeholder="检出限"
                            aria-label={`检出限${i + 1}`}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={20} md={5}>
                        <Form.Item
                          name={[f.name, 'methodStandard']}
                          label={mobile || i === 0 ? '检测方法标准' : undefined}
                          rules={[{ required: true, message: '请填写方法标准' }]}
                        >
                          <AutoComplete
                            options={METHOD_STANDARDS}
                            placeholder="如 GB 23200.113-2018"
                            aria-label={`检测方法标准${i + 1}`}
                            filterOption={(input, o) =>
                              !!o?.value.toLowerCase().includes(input.toLowerCase())
                            }
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={4} md={1}>
                        <Form.Item label={mobile || i === 0 ? ' ' : undefined}>
                          <Button
                            type="text"
                            danger
                            icon={<DeleteOutlined />}
                            aria-label={`删除第${i + 1}项`}
                            disabled={fields.length === 1}
                            onClick={() => remove(f.name)}
                          />
                        </Form.Item>
                      </Col>
                    </Row>
                  </div>
                );
              })}
              <Space wrap>
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ ...blank, methodStandard: rows.at(-1)?.methodStandard })}
                >
                  添加检测项目
                </Button>
                <Button type="primary" htmlType="submit" loading={save.isPending}>
                  提交并判定
                </Button>
              </Space>
            </>
          )}
        </Form.List>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        提交后由系统按 GB 2763、GB 31650 等限量标准和禁用规定判定；提交后不可修改。
      </Typography.Paragraph>
    </Card>
  );
}
