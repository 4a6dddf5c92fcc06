import { Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { IncidentsTab } from './IncidentsTab.tsx';
import { OpinionsTab } from './OpinionsTab.tsx';
import { PlanTab } from './PlanTab.tsx';

/** 风险与应急 (plan 二(十)): the yearly risk-monitoring plan, incidents, public opinion. */
export function RiskPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'incidents';
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>风险与应急</Typography.Title>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k })}
        items={[
          { key: 'incidents', label: '突发事件', children: <IncidentsTab /> },
          { key: 'opinions', label: '舆情监测', children: <OpinionsTab /> },
          { key: 'plan', label: '风险监测计划', children: <PlanTab /> },
        ]}
      />
    </>
  );
}
