import { INDUSTRY_LABELS } from '@nongan/shared/entities/schemas';
import { LAB_TASK_KINDS, TASK_KIND_LABELS } from '@nongan/shared/sampling/plans';
import { drawBody } from '@nongan/shared/sampling/tests';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  InputNumber,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { api } from '../common/api.ts';
import { applyIssues, applyServerError, zodIssues } from '../common/forms.ts';
import { optionsOf, typeLabel } from '../common/labels.ts';
import { TownSelect } from '../entities/RegionFilterSelects.tsx';
import { taskKindLabel, useTownNames } from './parts.tsx';
import { type DrawResult, RECORDERS, type Task } from './queries.ts';
import { ownTownOf } from './RapidFormPage.tsx';

type Weights = { preHarvest: number; smallholder: number; pastFailure: number; campaignVariety: number };
type Values = {
  taskKind: string;
  count: number;
  townCode?: string;
  industry?: string;
  seed?: number | null;
  campaignProducts?: string[];
  weights: Weights;
};
type DrawRecord = {
  seed: number;
  weights: Weights;
  count: number;
  candidates: number;
  selected: string[];
  filters?: { townCode: string | null; industry: string | null; campaignProducts?: string[] };
};

const WEIGHT_LABELS: Record<keyof Weights, string> = {
  preHarvest: '生产基地（采收前）',
  smallholder: '散户',
  pastFailure: '曾不合格主体',
  campaignVariety: '专项整治品种',
};
const DEFAULT_WEIGHTS: Weights = { preHarvest: 2, smallholder: 1.5, pastFailure: 3, campaignVariety: 2 };

export function DrawPage() {
  const me = useMe();
  if (!me.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (!can(me.data.user, RECORDERS)) return <Result status="403" title="无权随机抽样" />;
  return <Draw ownTown={ownTownOf(me.data.user)} />;
}

function Draw({ ownTown }: { ownTown?: string }) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const townName = useTownNames();
  const [error, setError] = useState<string | null>(null);
  const tasks = useQuery({
    queryKey: ['sampling', 'tasks'],
    queryFn: () => api.get<Task[]>('/sampling/tasks'),
  });
  const draw = useMutation({
    mutationFn: (body: unknown) => api.post<DrawResult>('/sampling/draw', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['sampling', 'tasks'] }),
    onError: (e) => setError(applyServerError(form, e)),
  });
  const submit = (v: Values) => {
    setError(null);
    const body = {
      ...v,
      townCode: v.townCode || undefined,
      industry: v.industry || undefined,
      seed: v.seed || undefined,
      campaignProducts: v.campaignProducts ?? [],
    };
    const parsed = drawBody.safeParse(body);
    if (!parsed.success) {
      const rest = applyIssues(form, zodIssues(parsed.error));
      if (rest.length) setError(rest.map((i) => `${i.field}: ${i.reason}`).join('；'));
      return;
    }
    draw.mutate(parsed.data);
  };
  const r = draw.data;
  const past = (tasks.data ?? []).filter((t) => t.origin === 'random_draw');
  const again = (t: Task) => {
    const d = t.draw as DrawRecord;
    form.setFieldsValue({
      taskKind: t.kind,
      seed: d.seed,
      weights: d.weights,
      count: d.count,
      townCode: d.filters?.townCode ?? ownTown,
      industry: d.filters?.industry ?? undefined,
      campaignProducts: d.filters?.campaignProducts ?? [],
    });
    window.scrollTo({ top: 0, behavior: 'smooth' });
  };

  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>随机抽样</Typography.Title>
      </div>
      <Typography.Paragraph type="secondary">
        从主体名录中按权重随机抽取被抽样主体（计划
        二(二)：侧重生产基地“三前”环节、散户、曾不合格主体和专项整治品种）。
        每次抽取记录随机种子，相同种子、相同名录可复现同一名单。
      </Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 12 }}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{
            taskKind: 'routine_monitoring',
            count: 10,
            townCode: ownTown,
            weights: DEFAULT_WEIGHTS,
          }}
        >
          <Row gutter={12}>
            <Col xs={12} md={6}>
              <Form.Item name="taskKind" label="任务类型">
                <Select
                  options={optionsOf(TASK_KIND_LABELS).filter((o) => LAB_TASK_KINDS.includes(o.value))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="count" label="抽取数量" rules={[{ required: true, message: '请填写' }]}>
                <InputNumber min={1} max={500} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={5}>
              <Form.Item name="townCode" label="镇街">
                <TownSelect disabled={!!ownTown} placeholder="全部镇街" />
              </Form.Item>
            </Col>
            <Col xs={12} md={5}>
              <Form.Item name="industry" label="行业">
                <Select allowClear placeholder="全部行业" options={optionsOf(INDUSTRY_LABELS)} />
              </Form.Item>
            </Col>
            <Col xs={24} md={4}>
              <Form.Item name="seed" label="随机种子" extra="留空则随机生成">
                <InputNumber min={1} max={2 ** 31 - 1} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item
                name="campaignProducts"
                label="专项整治品种"
                extra="主要产品含这些品种的主体加权，输入后回车"
              >
                <Select mode="tags" open={false} tokenSeparators={[',', '，', '、']} />
              </Form.Item>
            </Col>
            {(Object.keys(WEIGHT_LABELS) as (keyof Weights)[]).map((k) => (
              <Col xs={12} md={6} key={k}>
                <Form.Item name={['weights', k]} label={`权重：${WEIGHT_LABELS[k]}`}>
                  <InputNumber min={1} max={10} step={0.5} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ))}
          </Row>
          <Button type="primary" htmlType="submit" loading={draw.isPending}>
            抽取
          </Button>
        </Form>
      </Card>
      {r && (
        <Card
          size="small"
          style={{ marginBottom: 12 }}
          title={
            <Space wrap>
              <span>抽取结果</span>
              <Tag color="blue" data-testid="draw-seed">
                随机种子 {r.seed}
              </Tag>
              <Typography.Text type="secondary">
                候选 {r.candidates} 家，抽中 {r.entities.length} 家
              </Typography.Text>
            </Space>
          }
        >
          <Table
            rowKey="id"
            size="small"
            dataSource={r.entities}
            pagination={false}
            scroll={{ x: 480 }}
            locale={{ emptyText: '没有符合条件的主体' }}
            columns={[
              { title: '序号', key: 'i', width: 60, render: (_, __, i) => i + 1 },
              {
                title: '主体',
                dataIndex: 'name',
                render: (v: string, e) => <Link to={`/entities/${e.id}`}>{v}</Link>,
              },
              { title: '类型', dataIndex: 'type', width: 120, render: typeLabel },
              { title: '镇街', dataIndex: 'townCode', width: 100, render: (v: string) => townName(v) },
              {
                title: '操作',
                key: 'act',
                width: 90,
                render: (_, e) => (
                  <Link
                    to={`/monitoring/lab/new?${new URLSearchParams({
                      taskId: r.taskId,
                      taskKind: form.getFieldValue('taskKind'),
                      townCode: e.townCode,
                      entityId: e.id,
                    })}`}
                  >
                    抽样
                  </Link>
                ),
              },
            ]}
          />
        </Card>
      )}
      <Card size="small" title="抽样记录">
        <Table<Task>
          rowKey="id"
          size="small"
          loading={tasks.isPending}
          dataSource={past}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 640 }}
          locale={{ emptyText: '尚无随机抽样记录' }}
          columns={[
            {
              title: '时间',
              dataIndex: 'createdAt',
              width: 140,
              render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
            },
            { title: '任务类型', dataIndex: 'kind', width: 100, render: taskKindLabel },
            {
              title: '镇街',
              dataIndex: 'townCode',
              width: 90,
              render: (v: string | null) => (v ? townName(v) : '全区'),
            },
            {
              title: '种子',
              key: 'seed',
              width: 110,
              render: (_, t) => (t.draw as DrawRecord | null)?.seed ?? '—',
            },
            {
              title: '抽中/候选',
              key: 'n',
              width: 100,
              render: (_, t) => {
                const d = t.draw as DrawRecord | null;
                return d ? `${d.selected.length} / ${d.candidates}` : '—';
              },
            },
            {
              title: '操作',
              key: 'act',
              width: 110,
              render: (_, t) => (
                <Button size="small" onClick={() => again(t)}>
                  用此种子重抽
                </Button>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
