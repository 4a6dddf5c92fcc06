import type { RouteObject } from 'react-router-dom';
import type { MenuEntry } from '../app/menu.tsx';
import { MARKET_CHECKERS } from './queries.ts';

/** 入市查验 pages, loaded on first visit. */
export const marketRoutes: RouteObject[] = [
  {
    path: 'market/check',
    lazy: () => import('./MarketCheckPage.tsx').then((m) => ({ Component: m.MarketCheckPage })),
  },
  {
    path: 'market/checks',
    lazy: () => import('./MarketChecksPage.tsx').then((m) => ({ Component: m.MarketChecksPage })),
  },
];

/** Menu entries under 生产与追溯. */
export const MARKET_MENU: MenuEntry[] = [
  { key: '/market/check', label: '入市查验', roles: MARKET_CHECKERS },
  { key: '/market/checks', label: '查验记录', roles: MARKET_CHECKERS },
];
