import type { RouteObject } from 'react-router-dom';

/** 案件 pages, loaded on first visit. */
export const caseRoutes: RouteObject[] = [
  { path: 'cases', lazy: () => import('./CaseListPage.tsx').then((m) => ({ Component: m.CaseListPage })) },
  {
    path: 'cases/:id',
    lazy: () => import('./CaseDetailPage.tsx').then((m) => ({ Component: m.CaseDetailPage })),
  },
];
