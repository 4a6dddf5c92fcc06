import type { RouteObject } from 'react-router-dom';

/** 监测抽检 pages, loaded on first visit. */
export const samplingRoutes: RouteObject[] = [
  {
    path: 'monitoring/plans',
    lazy: () => import('./PlansPage.tsx').then((m) => ({ Component: m.PlansPage })),
  },
  {
    path: 'monitoring/plans/:id',
    lazy: () => import('./PlanDetailPage.tsx').then((m) => ({ Component: m.PlanDetailPage })),
  },
  {
    path: 'monitoring/progress',
    lazy: () => import('./ProgressPage.tsx').then((m) => ({ Component: m.ProgressPage })),
  },
  {
    path: 'monitoring/rapid',
    lazy: () => import('./RapidListPage.tsx').then((m) => ({ Component: m.RapidListPage })),
  },
  {
    path: 'monitoring/rapid/new',
    lazy: () => import('./RapidFormPage.tsx').then((m) => ({ Component: m.RapidFormPage })),
  },
  {
    path: 'monitoring/rapid/:id',
    lazy: () => import('./RapidDetailPage.tsx').then((m) => ({ Component: m.RapidDetailPage })),
  },
  {
    path: 'monitoring/lab',
    lazy: () => import('./SampleListPage.tsx').then((m) => ({ Component: m.SampleListPage })),
  },
  {
    path: 'monitoring/lab/new',
    lazy: () => import('./SampleFormPage.tsx').then((m) => ({ Component: m.SampleFormPage })),
  },
  {
    path: 'monitoring/lab/:id',
    lazy: () => import('./SampleDetailPage.tsx').then((m) => ({ Component: m.SampleDetailPage })),
  },
  {
    path: 'monitoring/issues',
    lazy: () => import('./IssuesPage.tsx').then((m) => ({ Component: m.IssuesPage })),
  },
  {
    path: 'monitoring/stats',
    lazy: () => import('./StatsPage.tsx').then((m) => ({ Component: m.StatsPage })),
  },
  { path: 'monitoring/draw', lazy: () => import('./DrawPage.tsx').then((m) => ({ Component: m.DrawPage })) },
];

/** Menu entries under 监测抽检. */
export const SAMPLING_MENU = [
  { key: '/monitoring/plans', label: '监测计划' },
  { key: '/monitoring/progress', label: '监测进度' },
  { key: '/monitoring/rapid', label: '快检记录' },
  { key: '/monitoring/lab', label: '抽样与定量检测' },
  { key: '/monitoring/issues', label: '问题处置' },
  { key: '/monitoring/stats', label: '统计分析' },
  { key: '/monitoring/draw', label: '随机抽样' },
];
