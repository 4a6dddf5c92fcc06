import type { RouteObject } from 'react-router-dom';

/** 考核 pages, loaded on first visit. */
export const assessmentRoutes: RouteObject[] = [
  {
    path: 'assessment',
    lazy: () => import('./RankingPage.tsx').then((m) => ({ Component: m.RankingPage })),
  },
  {
    path: 'assessment/scheme',
    lazy: () => import('./SchemePage.tsx').then((m) => ({ Component: m.SchemePage })),
  },
  {
    path: 'assessment/towns/:code',
    lazy: () => import('./TownPage.tsx').then((m) => ({ Component: m.TownPage })),
  },
];
