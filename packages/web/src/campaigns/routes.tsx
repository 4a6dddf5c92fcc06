import type { RouteObject } from 'react-router-dom';

/** 专项整治 pages, loaded on first visit. */
export const campaignRoutes: RouteObject[] = [
  {
    path: 'campaigns',
    lazy: () => import('./CampaignListPage.tsx').then((m) => ({ Component: m.CampaignListPage })),
  },
  {
    path: 'campaigns/:id',
    lazy: () => import('./CampaignDetailPage.tsx').then((m) => ({ Component: m.CampaignDetailPage })),
  },
];
