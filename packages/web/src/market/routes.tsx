import type { RouteObject } from 'react-router-dom';
import type { MenuEntry } from '../app/menu.tsx';

/** 入市查验 pages (being written). */
export const marketRoutes: RouteObject[] = [];
export const MARKET_MENU: MenuEntry[] = [];
