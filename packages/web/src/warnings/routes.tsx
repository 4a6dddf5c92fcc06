import type { RouteObject } from 'react-router-dom';

/** 预警 pages, loaded on first visit. */
export const warningRoutes: RouteObject[] = [
  {
    path: 'warnings',
    lazy: () => import('./WarningListPage.tsx').then((m) => ({ Component: m.WarningListPage })),
  },
];
