import { PUBLICITY_MANAGERS, PUBLICITY_READERS } from '@nongan/shared/publicity/schemas';
import type { RouteObject } from 'react-router-dom';
import type { MenuEntry } from '../app/menu.tsx';

/** 宣传与满意度 (staff) pages, loaded on first visit. */
export const publicityRoutes: RouteObject[] = [
  {
    path: 'publicity',
    lazy: () => import('./EventListPage.tsx').then((m) => ({ Component: m.EventListPage })),
  },
  {
    path: 'publicity/surveys',
    lazy: () => import('./SurveyListPage.tsx').then((m) => ({ Component: m.SurveyListPage })),
  },
  {
    path: 'publicity/surveys/new',
    lazy: () => import('./SurveyEditPage.tsx').then((m) => ({ Component: m.SurveyEditPage })),
  },
  {
    path: 'publicity/surveys/:id/edit',
    lazy: () => import('./SurveyEditPage.tsx').then((m) => ({ Component: m.SurveyEditPage })),
  },
  {
    path: 'publicity/surveys/:id',
    lazy: () => import('./SurveyPage.tsx').then((m) => ({ Component: m.SurveyPage })),
  },
];

/** The public satisfaction form at a short URL: no login, outside the app shell. */
export const publicSurveyRoutes: RouteObject[] = [
  {
    path: '/s/:slug',
    lazy: () => import('./PublicSurveyPage.tsx').then((m) => ({ Component: m.PublicSurveyPage })),
  },
];

export const PUBLICITY_MENU: MenuEntry[] = [
  { key: '/publicity', label: '宣传活动', roles: PUBLICITY_READERS },
  { key: '/publicity/surveys', label: '满意度调查', roles: PUBLICITY_READERS },
];
export { PUBLICITY_MANAGERS };
