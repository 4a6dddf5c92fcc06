import {
  AlertOutlined,
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  BuildOutlined,
  ExperimentOutlined,
  FileProtectOutlined,
  FlagOutlined,
  GlobalOutlined,
  HomeOutlined,
  NodeIndexOutlined,
  NotificationOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SettingOutlined,
  TeamOutlined,
  TrophyOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { Role, UserView } from '@nongan/shared/accounts/schemas';
import { CASE_READERS } from '@nongan/shared/cases/schemas';
import type { MenuProps } from 'antd';
import { ASSESSMENT_READERS } from '../assessment/queries.ts';
import { AUDIT_READERS, can, USER_ADMINS } from '../auth/session.ts';
import { BRAND_READERS } from '../brands/queries.ts';
import { CAMPAIGN_READERS } from '../campaigns/queries.ts';
import { CERTIFICATE_MENU } from '../certificates/routes.tsx';
import { COMPLAINT_HANDLERS } from '../complaints/queries.ts';
import { INSPECTIONS_MENU } from '../inspections/routes.tsx';
import { MARKET_MENU } from '../market/routes.tsx';
import { PRODUCTION_MENU } from '../production/routes.tsx';
import { PUBLICITY_MENU } from '../publicity/routes.tsx';
import { BULLETIN_READERS } from '../reports/queries.ts';
import { RISK_READERS } from '../risk/queries.ts';
import { READERS as SAMPLING_READERS } from '../sampling/queries.ts';
import { SAMPLING_MENU } from '../sampling/routes.tsx';
import { STD_MENU_ROLES } from '../standardisation/queries.ts';
import { LOOKUP_MENU } from '../standards/lookup-routes.tsx';
import { STANDARDS_MENU } from '../standards/routes.tsx';
import { WARNING_READERS } from '../warnings/queries.ts';

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
    ...group(user, 'certificates', <SafetyCertificateOutlined />, '合格证', CERTIFICATE_MENU),
    ...group(user, 'trace', <NodeIndexOutlined />, '生产与追溯', [...PRODUCTION_MENU, ...MARKET_MENU]),
    ...group(user, 'standards', <BookOutlined />, '标准与限量', [...LOOKUP_MENU, ...STANDARDS_MENU]),
    ...group(user, 'inspections', <ScheduleOutlined />, '日常巡查', INSPECTIONS_MENU),
    ...(can(user, CASE_READERS) ? [{ key: '/cases', icon: <FileProtectOutlined />, label: '案件' }] : []),
    ...(can(user, STD_MENU_ROLES)
      ? [{ key: '/standardisation', icon: <BuildOutlined />, label: '标准化生产' }]
      : []),
    ...(can(user, CAMPAIGN_READERS)
      ? [{ key: '/campaigns', icon: <FlagOutlined />, label: '专项整治' }]
      : []),
    ...(can(user, RISK_READERS) ? [{ key: '/risk', icon: <AlertOutlined />, label: '风险与应急' }] : []),
    ...(can(user, COMPLAINT_HANDLERS)
      ? [{ key: '/complaints', icon: <NotificationOutlined />, label: '举报处理' }]
      : []),
    ...group(user, 'publicity', <GlobalOutlined />, '宣传与满意度', PUBLICITY_MENU),
    ...(can(user, BRAND_READERS) ? [{ key: '/brands', icon: <TrophyOutlined />, label: '两品一标' }] : []),
    { key: '/training', icon: <ReadOutlined />, label: '培训' },
    ...(can(user, ASSESSMENT_READERS)
      ? [{ key: '/assessment', icon: <AuditOutlined />, label: '考核' }]
      : []),
    ...(can(user, WARNING_READERS) ? [{ key: '/warnings', icon: <WarningOutlined />, label: '预警' }] : []),
    ...(can(user, BULLETIN_READERS)
      ? [{ key: '/reports', icon: <BarChartOutlined />, label: '季度通报' }]
      : []),
    { key: 'system', icon: <SettingOutlined />, label: '系统管理', children: system },
  ];
}

/** A menu entry a domain exports; `roles` limits who sees it. */
export type MenuEntry = { key: string; label: string; roles?: readonly Role[] };
const ALL_MENUS: MenuEntry[] = [
  ...SAMPLING_MENU,
  ...CERTIFICATE_MENU,
  ...PRODUCTION_MENU,
  ...MARKET_MENU,
  ...LOOKUP_MENU,
  ...STANDARDS_MENU,
  ...INSPECTIONS_MENU,
  ...PUBLICITY_MENU,
];

function group(
  user: UserView | undefined,
  key: string,
  icon: React.ReactNode,
  label: string,
  entries: MenuEntry[],
): Item[] {
  const children = entries
    .filter((e) => !e.roles || can(user, e.roles))
    .map(({ key, label }) => ({ key, label }));
  return children.length ? [{ key, icon, label, children }] : [];
}

/** The menu key that owns a path (detail pages light up their list). */
export function selectedKey(pathname: string): string {
  if (pathname === '/') return '/';
  if (pathname.startsWith('/entities')) return '/entities';
  for (const k of [
    '/assessment',
    '/campaigns',
    '/risk',
    '/complaints',
    '/standardisation',
    '/training',
    '/reports',
  ])
    if (pathname.startsWith(`${k}/`)) return k;
  if (ALL_MENUS.some((m) => m.key === pathname)) return pathname;
  const owner = ALL_MENUS.filter((m) => pathname.startsWith(`${m.key}/`)).sort(
    (a, b) => b.key.length - a.key.length,
  )[0];
  if (owner) return owner.key;
  return pathname;
}

export function openKeyOf(pathname: string): string {
  if (pathname.startsWith('/monitoring')) return 'monitoring';
  if (pathname.startsWith('/system')) return 'system';
  if (pathname.startsWith('/standards')) return 'standards';
  if (pathname.startsWith('/inspections')) return 'inspections';
  if (pathname.startsWith('/publicity')) return 'publicity';
  if (CERTIFICATE_MENU.some((m) => pathname.startsWith(m.key))) return 'certificates';
  if ([...PRODUCTION_MENU, ...MARKET_MENU].some((m) => pathname.startsWith(m.key))) return 'trace';
  return '';
}
