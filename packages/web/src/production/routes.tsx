import type { RouteObject } from 'react-router-dom';
import type { MenuEntry } from '../app/menu.tsx';

/** 生产记录 pages (being written). */
export const productionRoutes: RouteObject[] = [];
export const PRODUCTION_MENU: MenuEntry[] = [];
