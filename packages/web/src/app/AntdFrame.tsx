import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { Outlet } from 'react-router-dom';

/**
 * Ant Design's locale, theme and message/modal context for every page but the login page, which
 * stays free of it so the first screen is small (see auth/LoginPage.tsx).
 */
export function AntdFrame() {
  return (
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#2e7d32' } }}>
      <AntApp>
        <Outlet />
      </AntApp>
    </ConfigProvider>
  );
}
