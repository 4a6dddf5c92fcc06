import {
  COUNT_METRICS,
  fullMarks,
  GROUP_LABELS,
  type HonourRule,
  type Indicator,
  METRIC_LABELS,
  NO_DATA_LABELS,
  RULE_KIND_LABELS,
  type SchemeView,
} from '@nongan/shared/assessment/schemas';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Input, InputNumber, Row, Select, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { ApiError, api } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { ResponsiveTable } from '../common/ResponsiveTable.tsx';
import { ASSESSMENT_EDITORS, yearOptions } from './queries.ts';

const isRate = (ind: Indicator) => ind.rule.kind !== 'manual' && !COUNT_METRICS.includes(ind.rule.metric);
/** Rates are edited in percent, counts as they are. */
const shown = (ind: Indicator, v: number) => (isRate(ind) ? Math.round(v * 10000) / 100 : v);
const stored = (ind: Indicator, v: number) => (isRate(ind) ? Math.round(v * 100) / 10000 : v);

/** 考核方案: indicators, points and scoring lines; saving makes the year's next version. */
export function SchemePage() {
  const [sp, setSp] = useSearchParams();
  const year = Number(sp.get('year')) || dayjs().year();
  const version = Number(sp.get('version')) || undefined;
  const user = useMe().data?.user;
  const editor = can(user, ASSESSMENT_EDITORS);
  const q = useQuery({
    queryKey: ['assessment', 'scheme', year, version],
    queryFn: () => api.get<SchemeView>('/assessment/schemes', { year, version }),
  });
  const [inds, setInds] = useState<Indicator[]>([]);
  const [honours, setHonours] = useState<HonourRule | null>(null);
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();
  const qc = useQueryClient();
  useEffect(() => {
    if (q.data) {
      setInds(q.data.indicators);
      setHonours(q.data.honours);
      setNote(q.data.note);
    }
  }, [q.data]);
  if (q.isError) return <ErrorResult error={q.error} retry={() => q.refetch()} />;
  const s = q.data;
  if (!s || !honours) return <Skeleton active />;
  const total = fullMarks(inds);
  const patch = (i: number, next: Partial<Indicator> | { rule: Partial<Indicator['rule']> }) =>
    setInds(
      inds.map((x, n) =>
        n === i
          ? ({ ...x, ...next, rule: { ...x.rule, ...('rule' in next ? next.rule : {}) } } as Indicator)
          : x,
      ),
    );
  const save = async () => {
    setSaving(true);
    try {
      const saved = await api.post<SchemeView>('/assessment/schemes', {
        year,
        indicators: inds,
        honours,
        note,
      });
      message.success(`已保存为第${saved.version}版`);
      await qc.invalidateQueries({ queryKey: ['assessment'] });
      setSp({ year: String(year) });
    } catch (e) {
      message.error(
        e instanceof ApiError && e.issues.length ? e.issues.map((i) => i.reason).join('；') : String(e),
      );
    } finally {
      setSaving(false);
    }
  };
  const num = (value: number, onChange: (v: number) => void, max?: number, label?: string) => (
    <InputNumber
      aria-label={label}
      size="small"
      value={value}
      min={0}
      max={max}
      disabled={!editor}
      onChange={(v) => onChange(Number(v ?? 0))}
      style={{ width: 80 }}
    />
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <div className="page-header">
        <Typography.Title level={4}>考核方案</Typography.Title>
        <Space wrap>
          <Select
            aria-label="年度"
            value={year}
            options={yearOptions()}
            onChange={(y) => setSp({ year: String(y) })}
          />
          <Select
            aria-label="版本"
            value={s.version ?? 0}
            style={{ minWidth: 200 }}
            options={
              s.versions.length
                ? s.versions.map((v) => ({
                    value: v.version,
                    label: `第${v.version}版 ${dayjs(v.createdAt).format('YYYY-MM-DD')} ${v.createdByName ?? ''}`,
                  }))
                : [{ value: 0, label: '平台初始方案（未保存）' }]
            }
            onChange={(v) => setSp({ year: String(year), version: String(v) })}
          />
          <Link to={`/assessment?year=${year}`}>
            <Button>返回排名</Button>
          </Link>
        </Space>
      </div>
      <Typography.Text type="secondary">{s.note}</Typography.Text>
      <Card size="small" title={`指标与分值（合计${total}分，应为100分）`}>
        <ResponsiveTable<Indicator>
          size="small"
          rowKey="key"
          dataSource={inds}
          pagination={false}
          scroll={{ x: 900 }}
          columns={[
            { title: '方面', key: 'group', width: 100, render: (_: unknown, r) => GROUP_LABELS[r.group] },
            {
              title: '指标',
              key: 'name',
              width: 170,
              render: (_: unknown, r, i) => (
                <Input
                  size="small"
                  aria-label="指标名称"
                  value={r.name}
                  disabled={!editor}
                  onChange={(e) => patch(i, { name: e.target.value })}
                />
              ),
            },
            {
              title: '分值',
              key: 'points',
              width: 90,
              render: (_: unknown, r, i) => num(r.points, (v) => patch(i, { points: v }), 100, '分值'),
            },
            {
              title: '计分方式',
              key: 'rule',
              width: 420,
              render: (_: unknown, r, i) => {
                const rule = r.rule;
                if (rule.kind === 'manual')
                  return (
                    <Input.TextArea
                      aria-label="评分要点"
                      autoSize
                      value={rule.guidance}
                      disabled={!editor}
                      onChange={(e) => patch(i, { rule: { guidance: e.target.value } })}
                      placeholder="人工评分要点"
                    />
                  );
                const unit = isRate(r) ? '%' : '个/年';
                return (
                  <Space wrap size={4}>
                    <span>{METRIC_LABELS[rule.metric]}</span>
                    {rule.kind === 'linear' && (
                      <>
                        <span>≤</span>
                        {num(
                          shown(r, rule.zeroAt),
                          (v) => patch(i, { rule: { zeroAt: stored(r, v) } }),
                          undefined,
                          '零分线',
                        )}
                        <span>{unit}得0分，≥</span>
                      </>
                    )}
                    {rule.kind === 'threshold' && <span>≥</span>}
                    {num(
                      shown(r, rule.fullAt),
                      (v) => patch(i, { rule: { fullAt: stored(r, v) } }),
                      undefined,
                      '满分线',
                    )}
                    <span>{unit}得满分</span>
                    <Select
                      size="small"
                      aria-label="无数据时"
                      value={rule.noData}
                      disabled={!editor}
                      options={Object.entries(NO_DATA_LABELS).map(([value, label]) => ({ value, label }))}
                      onChange={(v) => patch(i, { rule: { noData: v } })}
                    />
                  </Space>
                );
              },
            },
            {
              title: '类型',
              key: 'kind',
              width: 90,
              render: (_: unknown, r) => RULE_KIND_LABELS[r.rule.kind],
            },
          ]}
        />
      </Card>
      <Card size="small" title="通报规则">
        <Row gutter={[12, 8]}>
          <Col>
            表扬前 {num(honours.commendTop, (v) => setHonours({ ...honours, commendTop: v }), 50, '表扬名额')}{' '}
            名
          </Col>
          <Col>
            且总分不低于{' '}
            {num(honours.commendMin, (v) => setHonours({ ...honours, commendMin: v }), 100, '表扬分数线')} 分
          </Col>
          <Col>
            总分低于{' '}
            {num(
              honours.criticiseBelow,
              (v) => setHonours({ ...honours, criticiseBelow: v }),
              100,
              '批评分数线',
            )}{' '}
            分
          </Col>
          <Col>
            或排名后{' '}
            {num(
              honours.criticiseBottom,
              (v) => setHonours({ ...honours, criticiseBottom: v }),
              50,
              '批评名额',
            )}{' '}
            名的通报批评
          </Col>
        </Row>
      </Card>
      {editor && (
        <Card size="small">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Input.TextArea
              aria-label="修订说明"
              rows={2}
              value={note}
              maxLength={500}
              onChange={(e) => setNote(e.target.value)}
              placeholder="修订说明"
            />
            <Button type="primary" loading={saving} onClick={save}>
              另存为新版本
            </Button>
          </Space>
        </Card>
      )}
    </Space>
  );
}
