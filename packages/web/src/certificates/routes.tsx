import type { RouteObject } from 'react-router-dom';
import type { MenuEntry } from '../app/menu.tsx';
import { ISSUERS, READERS, SUPERVISORS } from './queries.ts';

/** 合格证 pages, loaded on first visit. */
export const certificateRoutes: RouteObject[] = [
  {
    path: 'certificates',
    lazy: () => import('./CertificateListPage.tsx').then((m) => ({ Component: m.CertificateListPage })),
  },
  {
    path: 'certificates/new',
    lazy: () => import('./IssueFormPage.tsx').then((m) => ({ Component: m.IssueFormPage })),
  },
  {
    path: 'certificates/buyer',
    lazy: () => import('./BuyerPage.tsx').then((m) => ({ Component: m.BuyerPage })),
  },
  {
    path: 'certificates/supervision',
    lazy: () => import('./SupervisionPage.tsx').then((m) => ({ Component: m.SupervisionPage })),
  },
  {
    path: 'certificates/mismatches',
    lazy: () => import('./MismatchesPage.tsx').then((m) => ({ Component: m.MismatchesPage })),
  },
  {
    path: 'certificates/:id',
    lazy: () => import('./CertificateDetailPage.tsx').then((m) => ({ Component: m.CertificateDetailPage })),
  },
  {
    path: 'certificates/:id/print',
    lazy: () => import('./PrintPage.tsx').then((m) => ({ Component: m.PrintPage })),
  },
];

/** Menu entries under 合格证. */
export const CERTIFICATE_MENU: MenuEntry[] = [
  { key: '/certificates', label: '合格证列表', roles: READERS },
  { key: '/certificates/new', label: '开具合格证', roles: ISSUERS },
  { key: '/certificates/buyer', label: '收购者开具', roles: ISSUERS },
  { key: '/certificates/supervision', label: '监管统计', roles: SUPERVISORS },
  { key: '/certificates/mismatches', label: '承诺与抽检不符', roles: SUPERVISORS },
];
