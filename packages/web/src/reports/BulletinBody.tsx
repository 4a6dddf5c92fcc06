import {
  BULLETIN_SECTION_LABELS,
  type BulletinDetailView,
  type BulletinSection,
} from '@nongan/shared/bulletins/schemas';
import dayjs from 'dayjs';
import ReactECharts from 'echarts-for-react';
import type { ReactNode } from 'react';
import { pct } from './queries.ts';
import './reports.css';

type Cell = string | number;

function Table({ caption, head, rows }: { caption: string; head: string[]; rows: Cell[][] }) {
  return (
    <>
      <div className="bulletin-caption">{caption}</div>
      <div className="bulletin-scroll">
        <table className="bulletin-table">
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={head.length}>无</td>
              </tr>
            ) : (
              rows.map((r, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows of a fixed table, never reordered
                <tr key={i}>
                  {r.map((c, j) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: cells of a fixed row
                    <td key={j} className={typeof c === 'number' ? 'num' : undefined}>
                      {c}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The office's text as printed: one paragraph per line. */
export function TextBlock({ text }: { text: string }) {
  const lines = text.split(/\n+/).filter((l) => l.trim());
  return (
    <div className="bulletin-text">
      {lines.length ? (
        // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of a fixed text, never reordered
        lines.map((l, i) => <p key={i}>{l}</p>)
      ) : (
        <p>（无）</p>
      )}
    </div>
  );
}

const chartBase = { animation: false, textStyle: { fontFamily: 'inherit' } };

/**
 * The bulletin's body in order: each text section (as `text` renders it: a text area while
 * drafting, paragraphs when read or printed) followed by its computed tables and charts.
 */
export function BulletinBody({
  b,
  text,
  narrow = false,
}: {
  b: BulletinDetailView;
  text: (k: BulletinSection) => ReactNode;
  narrow?: boolean;
}) {
  const f = b.figures;
  const r = f.results;
  const p = f.problems;
  const heading = (n: string, label: string) => <h3 className="bulletin-h">{`${n}、${label}`}</h3>;
  const section = (n: string, k: BulletinSection) => (
    <>
      {heading(n, BULLETIN_SECTION_LABELS[k])}
      {text(k)}
    </>
  );
  const progressChart = {
    ...chartBase,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: narrow ? 72 : 40 },
    xAxis: {
      type: 'category',
      data: f.progress.map((k) => k.label),
      axisLabel: { interval: 0, rotate: narrow ? 30 : 0, fontSize: 11 },
    },
    yAxis: { type: 'value' },
    series: [
      { type: 'bar', name: '全年累计完成', data: f.progress.map((k) => k.doneToDate), barMaxWidth: 28 },
      { type: 'bar', name: '按进度应完成', data: f.progress.map((k) => k.expected), barMaxWidth: 28 },
    ],
  };
  const rankingChart = {
    ...chartBase,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 72, right: 40, top: 8, bottom: 24 },
    xAxis: { type: 'value', min: 0, max: 100 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: f.ranking.map((t) => t.townName),
      axisLabel: { interval: 0, fontSize: 11 },
    },
    series: [
      {
        type: 'bar',
        name: '考核得分',
        data: f.ranking.map((t) => t.score),
        barMaxWidth: 14,
        label: { show: true, position: 'right', fontSize: 10 },
      },
    ],
  };
  return (
    <div className="bulletin-doc">
      {section('一', 'intro')}
      <Table
        caption="表1 监测任务进度"
        head={['任务', '年度任务', '本季度完成', '全年累计', '完成率', '按进度应完成']}
        rows={f.progress.map((k) => [k.label, k.quota, k.doneQuarter, k.doneToDate, pct(k.rate), k.expected])}
      />
      {f.progress.length > 0 && (
        <div className="bulletin-chart" role="img" aria-label="监测任务完成情况图">
          <ReactECharts option={progressChart} style={{ height: 280 }} opts={{ renderer: 'svg' }} notMerge />
        </div>
      )}
      {section('二', 'results')}
      <Table
        caption="表2 本季度监测结果"
        head={['项目', '批次', '不合格/阳性', '合格率']}
        rows={[
          ['定量抽检', r.labSamples, r.labFailed, pct(r.passRate, 2)],
          [
            '定性快检',
            r.rapidTests,
            r.rapidPositive,
            pct(r.rapidTests ? (r.rapidTests - r.rapidPositive) / r.rapidTests : null, 2),
          ],
          ['禁限用药物检出', r.bannedDetections, '', ''],
        ]}
      />
      <Table
        caption="表3 主要品种定量抽检情况"
        head={['品种', '批次', '不合格', '合格率']}
        rows={r.byProduct.map((x) => [x.product, x.total, x.failed, pct(x.passRate, 2)])}
      />
      {section('三', 'problems')}
      <Table
        caption="表4 问题发现与处置"
        head={['事项', '数量', '处置']}
        rows={[
          ['定量抽检不合格', p.failedSamples, ''],
          ['快检阳性', p.rapidPositive, ''],
          ['巡查发现问题', p.inspectionsWithProblems, `巡查 ${p.inspections} 次`],
          ['下达整改', p.rectificationsOpened, `完成整改 ${p.rectificationsClosed} 件`],
          ['立案', p.casesOpened, `结案 ${p.casesClosed} 件`],
          ['控制问题批次', p.holdsOpened, `处置 ${p.holdsDisposed} 批`],
        ]}
      />
      <Table
        caption="表5 不合格及禁限用药物检出样品"
        head={['样品', '日期', '镇街', '受检单位', '品种', '项目', '处置情况']}
        rows={p.records.map((x) => [x.label, x.at, x.townName, x.party, x.product, x.detail, x.handling])}
      />
      {heading('四', '镇街工作情况及排名')}
      <p className="bulletin-note">{f.rankingNote}</p>
      {f.ranking.length > 0 && (
        <div className="bulletin-chart" role="img" aria-label="镇街考核得分图">
          <ReactECharts
            option={rankingChart}
            style={{ height: f.ranking.length * 20 + 40 }}
            opts={{ renderer: 'svg' }}
            notMerge
          />
        </div>
      )}
      <Table
        caption="表6 镇街考核得分排名"
        head={['排名', '镇街', '考核得分', ...(f.ranking[0]?.parts.map((x) => x.label) ?? [])]}
        rows={f.ranking.map((t) => [
          t.rank,
          t.townName,
          t.score.toFixed(1),
          ...t.parts.map((x) => (x.value === null ? '—' : x.value.toFixed(1))),
        ])}
      />
      <Table
        caption="表7 镇街本季度工作数据"
        head={[
          '镇街',
          '快检（本季/累计/年度任务）',
          '定量抽检',
          '不合格',
          '巡查任务完成',
          '整改（下达/完成）',
          '案件（立案/结案）',
        ]}
        rows={f.towns.map((t) => [
          t.townName,
          `${t.rapidQuarter}/${t.rapidToDate}/${t.rapidQuota}`,
          t.labSamples,
          t.labFailed,
          `${t.dutiesDone}/${t.duties}`,
          `${t.rectificationsOpened}/${t.rectificationsClosed}`,
          `${t.casesOpened}/${t.casesClosed}`,
        ])}
      />
      {section('五', 'nextSteps')}
      <p className="bulletin-note">
        数据截至 {dayjs(f.computedAt).format('YYYY-MM-DD')}，由平台按 {f.from} 至 {f.to} 的业务数据计算
        {b.state === 'issued' ? '，签发时存档，此后不再变动' : '；签发前可重新计算'}。
      </p>
    </div>
  );
}
