import type { RouteObject } from 'react-router-dom';
import type { MenuEntry } from '../app/menu.tsx';
import { LIMIT_EDITORS } from './queries.ts';

/** 标准与限量 pages, loaded on first visit. */
export const standardsRoutes: RouteObject[] = [
  {
    path: 'standards/limit-sets',
    lazy: () => import('./LimitSetsPage.tsx').then((m) => ({ Component: m.LimitSetsPage })),
  },
  {
    path: 'standards/limit-sets/:id',
    lazy: () => import('./LimitSetDetailPage.tsx').then((m) => ({ Component: m.LimitSetDetailPage })),
  },
];

export const STANDARDS_MENU: MenuEntry[] = [
  { key: '/standards/limit-sets', label: '限量表导入', roles: LIMIT_EDITORS },
];
