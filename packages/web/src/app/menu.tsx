import {
  AuditOutlined,
  BarChartOutlined,
  ExperimentOutlined,
  FileProtectOutlined,
  FlagOutlined,
  HomeOutlined,
  NodeIndexOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SettingOutlined,
  TeamOutlined,
  TrophyOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { UserView } from '@nongan/shared/accounts/schemas';
import type { MenuProps } from 'antd';
import { AUDIT_READERS, can, USER_ADMINS } from '../auth/session.ts';
import { READERS as SAMPLING_READERS } from '../sampling/queries.ts';
import { SAMPLING_MENU } from '../sampling/routes.tsx';

type Item = Required<MenuProps>['items'][number];

export function menuItems(user: UserView | undefined): Item[] {
  const system: Item[] = [
    ...(can(user, USER_ADMINS) ? [{ key: '/system/users', label: '用户管理' }] : []),
    { key: '/system/regions', label: '区划管理' },
    ...(can(user, AUDIT_READERS) ? [{ key: '/system/audit', label: '审计日志' }] : []),
  ];
  return [
    { key: '/', icon: <HomeOutlined />, label: '首页' },
    { key: '/entities', icon: <TeamOutlined />, label: '主体名录' },
    ...(can(user, SAMPLING_READERS)
      ? [{ key: 'monitoring', icon: <ExperimentOutlined />, label: '监测抽检', children: SAMPLING_MENU }]
      : []),
    { key: '/certificates', icon: <SafetyCertificateOutlined />, label: '合格证' },
    { key: '/trace', icon: <NodeIndexOutlined />, label: '追溯' },
    { key: '/inspections', icon: <ScheduleOutlined />, label: '日常巡查' },
    { key: '/cases', icon: <FileProtectOutlined />, label: '案件' },
    { key: '/campaigns', icon: <FlagOutlined />, label: '专项整治' },
    { key: '/brands', icon: <TrophyOutlined />, label: '两品一标' },
    { key: '/training', icon: <ReadOutlined />, label: '培训' },
    { key: '/assessment', icon: <AuditOutlined />, label: '考核' },
    { key: '/warnings', icon: <WarningOutlined />, label: '预警' },
    { key: '/reports', icon: <BarChartOutlined />, label: '报表' },
    { key: 'system', icon: <SettingOutlined />, label: '系统管理', children: system },
  ];
}

/** The menu key that owns a path (detail pages light up their list). */
export function selectedKey(pathname: string): string {
  if (pathname === '/') return '/';
  if (pathname.startsWith('/entities')) return '/entities';
  const sampling = SAMPLING_MENU.find((m) => pathname.startsWith(`${m.key}/`));
  if (sampling) return sampling.key;
  return pathname;
}

export const openKeyOf = (pathname: string) =>
  pathname.startsWith('/monitoring') ? 'monitoring' : pathname.startsWith('/system') ? 'system' : '';
