import type { RouteObject } from 'react-router-dom';

/** 培训 pages (signed in), loaded on first visit. */
export const trainingRoutes: RouteObject[] = [
  {
    path: 'training',
    lazy: () => import('./TrainingListPage.tsx').then((m) => ({ Component: m.TrainingListPage })),
  },
  {
    path: 'training/coverage',
    lazy: () => import('./CoveragePage.tsx').then((m) => ({ Component: m.CoveragePage })),
  },
  {
    path: 'training/:id',
    lazy: () => import('./TrainingDetailPage.tsx').then((m) => ({ Component: m.TrainingDetailPage })),
  },
];

/** The QR check-in page opened on a phone, and the printable QR sheet: outside the app shell. */
export const publicTrainingRoutes: RouteObject[] = [
  {
    path: '/training-checkin/:id',
    lazy: () => import('./CheckinPage.tsx').then((m) => ({ Component: m.CheckinPage })),
  },
  {
    path: '/training-qr/:id',
    lazy: () => import('./QrPage.tsx').then((m) => ({ Component: m.QrPage })),
  },
];
