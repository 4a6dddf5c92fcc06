import { DownloadOutlined } from '@ant-design/icons';
import type { ReachRow } from '@nongan/shared/standardisation/schemas';
import { Button, Card, Select, Space, Table, Typography } from 'antd';
import ReactECharts from 'echarts-for-react';
import { downloadUrl } from '../common/api.ts';
import { useIsMobile } from '../common/useIsMobile.ts';
import { pct, useProcedures, useReach } from './queries.ts';

/** 标准化入户率 per town: table and bar chart (axis from 0 to 100%). */
export function ReachPanel({
  procedureId,
  onProcedure,
}: {
  procedureId?: string;
  onProcedure: (id?: string) => void;
}) {
  const reach = useReach(procedureId);
  const procs = useProcedures({ status: 'published', pageSize: 200 });
  const mobile = useIsMobile();
  const rows = (reach.data?.towns ?? []).filter((r) => r.eligible > 0);
  const chart = {
    animation: false,
    grid: { left: mobile ? 64 : 90, right: 48, top: 10, bottom: 30 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: rows.map((r) => r.townName), inverse: true },
    series: [
      {
        type: 'bar',
        name: '入户率',
        data: rows.map((r) => Math.round((r.rate ?? 0) * 1000) / 10),
        label: { show: true, position: 'right', formatter: '{c}%' },
        itemStyle: { color: '#389e0d' },
        barMaxWidth: 22,
      },
    ],
  };
  const d = reach.data?.district;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          aria-label="规程"
          allowClear
          placeholder="全部现行规程"
          value={procedureId}
          onChange={(v?: string) => onProcedure(v)}
          options={(procs.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.number} ${p.title}` }))}
          style={{ minWidth: mobile ? 300 : 360 }}
        />
        <Button
          icon={<DownloadOutlined />}
          href={downloadUrl('/standardisation/reach/export', { procedureId })}
        >
          导出
        </Button>
        {d && (
          <Typography.Text data-testid="reach-total">
            {d.townName}：应发放 {d.eligible} 户，已发放现行版本 {d.reached} 户，入户率 <b>{pct(d.rate)}</b>
          </Typography.Text>
        )}
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        应发放：生产规程适用产品的在册主体（不含农资店、市场）；已发放：已领到每一项适用规程的现行版本。
      </Typography.Text>
      {rows.length > 0 && (
        <Card size="small" title="各镇街标准化入户率">
          <ReactECharts option={chart} style={{ height: Math.max(160, rows.length * 26 + 50) }} notMerge />
        </Card>
      )}
      <Table<ReachRow>
        rowKey="townCode"
        size="small"
        loading={reach.isPending}
        dataSource={reach.data?.towns ?? []}
        pagination={false}
        columns={[
          { title: '镇街', dataIndex: 'townName' },
          { title: '应发放（户）', dataIndex: 'eligible', align: 'right' },
          { title: '已发放（户）', dataIndex: 'reached', align: 'right' },
          { title: '入户率', dataIndex: 'rate', align: 'right', render: (v: number | null) => pct(v) },
        ]}
      />
    </Space>
  );
}
