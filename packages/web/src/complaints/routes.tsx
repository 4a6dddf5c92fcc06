import type { RouteObject } from 'react-router-dom';

/** 举报处理 (staff) pages, loaded on first visit. */
export const complaintRoutes: RouteObject[] = [
  {
    path: 'complaints',
    lazy: () => import('./ComplaintListPage.tsx').then((m) => ({ Component: m.ComplaintListPage })),
  },
  {
    path: 'complaints/:id',
    lazy: () => import('./ComplaintDetailPage.tsx').then((m) => ({ Component: m.ComplaintDetailPage })),
  },
];

/** The public complaint form and status lookup: no login, outside the app shell. */
export const publicComplaintRoutes: RouteObject[] = [
  {
    path: '/complaint',
    lazy: () => import('./PublicComplaintPage.tsx').then((m) => ({ Component: m.PublicComplaintPage })),
  },
  {
    path: '/complaint/status',
    lazy: () => import('./PublicStatusPage.tsx').then((m) => ({ Component: m.PublicStatusPage })),
  },
];
