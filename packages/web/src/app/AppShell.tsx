// zod's settings (no eval under the CSP, Chinese messages) before any page parses with it.
import './zod-csp.ts';
import '@nongan/shared/common/zod-locale';
import { KeyOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Dropdown, Layout, Menu, Spin, Typography } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { ChangePasswordModal } from '../auth/ChangePasswordModal.tsx';
import { useMe } from '../auth/session.ts';
import { api } from '../common/api.ts';
import { roleLabel } from '../common/labels.ts';
import { useIsMobile } from '../common/useIsMobile.ts';
import { clearOfflineCaches } from '../offline/caches.ts';
import { registerServiceWorker } from '../offline/register.ts';

import { menuItems, openKeyOf, selectedKey } from './menu.tsx';

// Loaded after sign-in, so IndexedDB code does not weigh on the login page.
const OutboxBadge = lazy(() =>
  import('../offline/OutboxBadge.tsx').then((m) => ({ default: m.OutboxBadge })),
);

export const DEMO_BANNER = '演示数据：本系统当前数据为合成演示数据，非真实数据';

export function AppShell() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const mobile = useIsMobile();
  const [drawer, setDrawer] = useState(false);
  const [pwOpen, setPwOpen] = useState(false);
  const [openKeys, setOpenKeys] = useState<string[]>([openKeyOf(location.pathname)]);
  const signedIn = !!me.data;
  useEffect(() => {
    if (!signedIn) return;
    const later = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 2000));
    later(registerServiceWorker);
  }, [signedIn]);

  if (me.isPending) return <Spin fullscreen />;
  if (me.isError || !me.data) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  const { user, demo } = me.data;

  const logout = async () => {
    await api.post('/auth/logout').catch(() => undefined);
    qc.clear();
    await clearOfflineCaches();
    navigate('/login', { replace: true });
  };

  const menu = (
    <Menu
      mode="inline"
      theme={mobile ? 'light' : 'dark'}
      selectedKeys={[selectedKey(location.pathname)]}
      openKeys={openKeys}
      onOpenChange={setOpenKeys}
      items={menuItems(user)}
      onClick={({ key }) => {
        setDrawer(false);
        navigate(key);
      }}
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!mobile && (
        <Layout.Sider width={208} breakpoint="lg" collapsible>
          <div className="brand">农安</div>
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="app-header">
          {mobile && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label="打开菜单"
              onClick={() => setDrawer(true)}
            />
          )}
          <Typography.Text strong className="app-title" ellipsis>
            {mobile ? '农安' : '铜梁区农产品质量安全监管平台'}
          </Typography.Text>
          <Suspense fallback={null}>
            <OutboxBadge userId={user.id} />
          </Suspense>
          <Dropdown
            menu={{
              items: [
                { key: 'pw', icon: <KeyOutlined />, label: '修改密码', onClick: () => setPwOpen(true) },
                { key: 'out', icon: <LogoutOutlined />, label: '退出登录', onClick: logout },
              ],
            }}
          >
            <Button type="text" icon={<UserOutlined />} className="user-button" data-testid="user-menu">
              <span className="user-name">{user.displayName}</span>
              {!mobile && (
                <Typography.Text type="secondary">
                  {roleLabel(user.role)}
                  {user.scopeName ? ` · ${user.scopeName}` : ''}
                </Typography.Text>
              )}
            </Button>
          </Dropdown>
        </Layout.Header>
        {demo && <Alert type="warning" banner title={DEMO_BANNER} />}
        {/* data-path: the page on screen, for the page-walk test to know a navigation has landed. */}
        <Layout.Content className="app-content" data-path={location.pathname}>
          {/* Until the password is changed the API answers only the change itself, so no page loads. */}
          {user.mustChangePassword ? null : <Outlet />}
        </Layout.Content>
      </Layout>
      {mobile && (
        <Drawer
          placement="left"
          open={drawer}
          onClose={() => setDrawer(false)}
          size={260}
          title={`${user.displayName} · ${roleLabel(user.role)}${user.scopeName ? ` · ${user.scopeName}` : ''}`}
          styles={{ body: { padding: 0 } }}
        >
          {menu}
        </Drawer>
      )}
      <ChangePasswordModal
        open={pwOpen || user.mustChangePassword}
        forced={user.mustChangePassword}
        onClose={() => setPwOpen(false)}
      />
    </Layout>
  );
}
