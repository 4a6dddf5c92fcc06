import type { RouteObject } from 'react-router-dom';

/** 报表 (季度通报) pages, loaded on first visit. */
export const reportRoutes: RouteObject[] = [
  {
    path: 'reports',
    lazy: () => import('./BulletinListPage.tsx').then((m) => ({ Component: m.BulletinListPage })),
  },
  {
    path: 'reports/:id',
    lazy: () => import('./BulletinPage.tsx').then((m) => ({ Component: m.BulletinPage })),
  },
];

/** The print view of a bulletin: outside the app shell, only the document. */
export const printReportRoutes: RouteObject[] = [
  {
    path: '/reports/:id/print',
    lazy: () => import('./PrintPage.tsx').then((m) => ({ Component: m.PrintPage })),
  },
];
