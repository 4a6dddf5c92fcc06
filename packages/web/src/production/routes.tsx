import { PRODUCTION_READERS } from '@nongan/shared/trace/production';
import type { RouteObject } from 'react-router-dom';
import type { MenuEntry } from '../app/menu.tsx';

/** 生产记录 pages, loaded on first visit. */
export const productionRoutes: RouteObject[] = [
  {
    path: 'production/lots',
    lazy: () => import('./LotListPage.tsx').then((m) => ({ Component: m.LotListPage })),
  },
  {
    path: 'production/lots/new',
    lazy: () => import('./LotFormPage.tsx').then((m) => ({ Component: m.LotFormPage })),
  },
  {
    path: 'production/lots/:id',
    lazy: () => import('./LotDetailPage.tsx').then((m) => ({ Component: m.LotDetailPage })),
  },
  {
    path: 'production/purchases',
    lazy: () => import('./PurchaseListPage.tsx').then((m) => ({ Component: m.PurchaseListPage })),
  },
];

export const PRODUCTION_MENU: MenuEntry[] = [
  { key: '/production/lots', label: '生产批次', roles: PRODUCTION_READERS },
  { key: '/production/purchases', label: '投入品购买', roles: PRODUCTION_READERS },
];
