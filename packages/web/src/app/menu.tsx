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
    {
      key: 'monitoring',
      icon: <ExperimentOutlined />,
      label: '监测抽检',
      children: [
        { key: '/monitoring/rapid', label: '定性检测' },
        { key: '/monitoring/lab', label: '定量检测' },
      ],
    },
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
  return pathname;
}

export const openKeyOf = (pathname: string) =>
  pathname.startsWith('/monitoring') ? 'monitoring' : pathname.startsWith('/system') ? 'system' : '';
