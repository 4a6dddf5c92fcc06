import type { RouteObject } from 'react-router-dom';

/** 标准化生产 pages, loaded on first visit. */
export const standardisationRoutes: RouteObject[] = [
  {
    path: 'standardisation',
    lazy: () => import('./StandardisationPage.tsx').then((m) => ({ Component: m.StandardisationPage })),
  },
  {
    path: 'standardisation/procedures/:id',
    lazy: () => import('./ProcedureDetailPage.tsx').then((m) => ({ Component: m.ProcedureDetailPage })),
  },
  {
    path: 'standardisation/bases/:id',
    lazy: () => import('./BaseDetailPage.tsx').then((m) => ({ Component: m.BaseDetailPage })),
  },
];
