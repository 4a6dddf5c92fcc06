import { CHECKLIST_EDITORS, GRID_EDITORS, INSPECTORS } from '@nongan/shared/inspections/schemas';
import type { RouteObject } from 'react-router-dom';
import type { MenuEntry } from '../app/menu.tsx';

/** 日常巡查 pages, loaded on first visit. */
export const inspectionRoutes: RouteObject[] = [
  { path: 'inspections', lazy: () => import('./DutiesPage.tsx').then((m) => ({ Component: m.DutiesPage })) },
  {
    path: 'inspections/coverage',
    lazy: () => import('./CoveragePage.tsx').then((m) => ({ Component: m.CoveragePage })),
  },
  {
    path: 'inspections/new',
    lazy: () => import('./InspectionFormPage.tsx').then((m) => ({ Component: m.InspectionFormPage })),
  },
  {
    path: 'inspections/records',
    lazy: () => import('./InspectionListPage.tsx').then((m) => ({ Component: m.InspectionListPage })),
  },
  {
    path: 'inspections/rectifications',
    lazy: () => import('./RectificationsPage.tsx').then((m) => ({ Component: m.RectificationsPage })),
  },
  {
    path: 'inspections/grids',
    lazy: () => import('./GridsPage.tsx').then((m) => ({ Component: m.GridsPage })),
  },
  {
    path: 'inspections/checklists',
    lazy: () => import('./ChecklistsPage.tsx').then((m) => ({ Component: m.ChecklistsPage })),
  },
  {
    path: 'inspections/:id',
    lazy: () => import('./InspectionDetailPage.tsx').then((m) => ({ Component: m.InspectionDetailPage })),
  },
];

export const INSPECTIONS_MENU: MenuEntry[] = [
  { key: '/inspections', label: '巡查任务', roles: INSPECTORS },
  { key: '/inspections/new', label: '开始巡查', roles: INSPECTORS },
  { key: '/inspections/coverage', label: '覆盖率', roles: INSPECTORS },
  { key: '/inspections/records', label: '巡查记录', roles: INSPECTORS },
  { key: '/inspections/rectifications', label: '整改', roles: INSPECTORS },
  { key: '/inspections/grids', label: '网格责任人', roles: GRID_EDITORS },
  { key: '/inspections/checklists', label: '检查表与设置', roles: CHECKLIST_EDITORS },
];
