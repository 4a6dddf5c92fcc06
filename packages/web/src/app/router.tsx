import { createBrowserRouter } from 'react-router-dom';
import { LoginPage } from '../auth/LoginPage.tsx';
import { caseRoutes } from '../cases/routes.tsx';
import { certificateRoutes } from '../certificates/routes.tsx';
import { marketRoutes } from '../market/routes.tsx';
import { productionRoutes } from '../production/routes.tsx';
import { samplingRoutes } from '../sampling/routes.tsx';
import { lookupRoutes } from '../standards/lookup-routes.tsx';
import { standardsRoutes } from '../standards/routes.tsx';
import { AppShell } from './AppShell.tsx';
import { PLANNED } from './domains.ts';
import { NotBuilt } from './NotBuilt.tsx';
import { NotFound } from './NotFound.tsx';

// Pages load on first visit, so the login screen does not wait for ECharts and the big tables.
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: <AppShell />,
    children: [
      {
        index: true,
        lazy: () => import('../dashboard/DashboardPage.tsx').then((m) => ({ Component: m.DashboardPage })),
      },
      {
        path: 'entities',
        lazy: () => import('../entities/EntityListPage.tsx').then((m) => ({ Component: m.EntityListPage })),
      },
      {
        path: 'entities/new',
        lazy: () => import('../entities/EntityFormPage.tsx').then((m) => ({ Component: m.EntityFormPage })),
      },
      {
        path: 'entities/:id',
        lazy: () =>
          import('../entities/EntityDetailPage.tsx').then((m) => ({ Component: m.EntityDetailPage })),
      },
      {
        path: 'entities/:id/edit',
        lazy: () => import('../entities/EntityFormPage.tsx').then((m) => ({ Component: m.EntityFormPage })),
      },
      {
        path: 'system/users',
        lazy: () => import('../users/UsersPage.tsx').then((m) => ({ Component: m.UsersPage })),
      },
      {
        path: 'system/regions',
        lazy: () => import('../regions/RegionsPage.tsx').then((m) => ({ Component: m.RegionsPage })),
      },
      {
        path: 'system/audit',
        lazy: () => import('../audit/AuditPage.tsx').then((m) => ({ Component: m.AuditPage })),
      },
      ...samplingRoutes,
      ...standardsRoutes,
      ...certificateRoutes,
      ...productionRoutes,
      ...marketRoutes,
      ...lookupRoutes,
      ...caseRoutes,
      ...Object.keys(PLANNED).map((path) => ({ path: path.slice(1), element: <NotBuilt /> })),
      { path: '*', element: <NotFound /> },
    ],
  },
]);
