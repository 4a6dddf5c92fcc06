import type { RouteObject } from 'react-router-dom';

/** 两品一标 pages, loaded on first visit. */
export const brandRoutes: RouteObject[] = [
  { path: 'brands', lazy: () => import('./BrandsPage.tsx').then((m) => ({ Component: m.BrandsPage })) },
  {
    path: 'brands/:id',
    lazy: () => import('./BrandDetailPage.tsx').then((m) => ({ Component: m.BrandDetailPage })),
  },
];
