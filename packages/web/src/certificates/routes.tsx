import type { RouteObject } from 'react-router-dom';
import type { MenuEntry } from '../app/menu.tsx';

/** 合格证 pages (being written). */
export const certificateRoutes: RouteObject[] = [];
export const CERTIFICATE_MENU: MenuEntry[] = [];
