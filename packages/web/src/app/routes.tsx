import type { RouteObject } from 'react-router-dom';
import { assessmentRoutes } from '../assessment/routes.tsx';
import { brandRoutes } from '../brands/routes.tsx';
import { campaignRoutes } from '../campaigns/routes.tsx';
import { caseRoutes } from '../cases/routes.tsx';
import { certificateRoutes } from '../certificates/routes.tsx';
import { complaintRoutes, publicComplaintRoutes } from '../complaints/routes.tsx';
import { inspectionRoutes } from '../inspections/routes.tsx';
import { marketRoutes } from '../market/routes.tsx';
import { productionRoutes } from '../production/routes.tsx';
import { publicityRoutes, publicSurveyRoutes } from '../publicity/routes.tsx';
import { printReportRoutes, reportRoutes } from '../reports/routes.tsx';
import { riskRoutes } from '../risk/routes.tsx';
import { samplingRoutes } from '../sampling/routes.tsx';
import { standardisationRoutes } from '../standardisation/routes.tsx';
import { lookupRoutes } from '../standards/lookup-routes.tsx';
import { standardsRoutes } from '../standards/routes.tsx';
import { publicTrainingRoutes, trainingRoutes } from '../training/routes.tsx';
import { warningRoutes } from '../warnings/routes.tsx';
import { PLANNED } from './domains.ts';
import { NotBuilt } from './NotBuilt.tsx';
import { NotFound } from './NotFound.tsx';

// Every page but the login page; router.tsx adds them on the first navigation outside /login,
// and each page loads on first visit, so no page waits for ECharts and the big tables.
export const signedInRoutes: RouteObject[] = [
  {
    lazy: () => import('./AntdFrame.tsx').then((m) => ({ Component: m.AntdFrame })),
    children: [
      // The public complaint form and its status page: no login, outside the signed-in shell.
      ...publicComplaintRoutes,
      ...publicSurveyRoutes,
      ...publicTrainingRoutes,
      ...printReportRoutes,
      {
        path: '/',
        lazy: () => import('./AppShell.tsx').then((m) => ({ Component: m.AppShell })),
        children: [
          {
            index: true,
            lazy: () => import('../home/HomePage.tsx').then((m) => ({ Component: m.HomePage })),
          },
          {
            path: 'entities',
            lazy: () =>
              import('../entities/EntityListPage.tsx').then((m) => ({ Component: m.EntityListPage })),
          },
          {
            path: 'entities/new',
            lazy: () =>
              import('../entities/EntityFormPage.tsx').then((m) => ({ Component: m.EntityFormPage })),
          },
          {
            path: 'entities/:id',
            lazy: () =>
              import('../entities/EntityDetailPage.tsx').then((m) => ({ Component: m.EntityDetailPage })),
          },
          {
            path: 'entities/:id/edit',
            lazy: () =>
              import('../entities/EntityFormPage.tsx').then((m) => ({ Component: m.EntityFormPage })),
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
          ...inspectionRoutes,
          ...caseRoutes,
          ...campaignRoutes,
          ...riskRoutes,
          ...complaintRoutes,
          ...brandRoutes,
          ...standardisationRoutes,
          ...publicityRoutes,
          ...trainingRoutes,
          ...warningRoutes,
          ...assessmentRoutes,
          ...reportRoutes,
          ...Object.keys(PLANNED).map((path) => ({ path: path.slice(1), element: <NotBuilt /> })),
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
];
