import type { RouteObject } from 'react-router-dom';
import type { MenuEntry } from '../app/menu.tsx';

/** 查限量: public reference data, any logged-in role. */
export const lookupRoutes: RouteObject[] = [
  {
    path: 'standards/lookup',
    lazy: () => import('./LookupPage.tsx').then((m) => ({ Component: m.LookupPage })),
  },
];

/** Menu entries under 标准与限量. */
export const LOOKUP_MENU: MenuEntry[] = [{ key: '/standards/lookup', label: '查限量' }];
