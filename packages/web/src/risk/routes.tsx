import type { RouteObject } from 'react-router-dom';

/** 风险与应急 pages, loaded on first visit. */
export const riskRoutes: RouteObject[] = [
  { path: 'risk', lazy: () => import('./RiskPage.tsx').then((m) => ({ Component: m.RiskPage })) },
  {
    path: 'risk/incidents/:id',
    lazy: () => import('./IncidentDetailPage.tsx').then((m) => ({ Component: m.IncidentDetailPage })),
  },
];
