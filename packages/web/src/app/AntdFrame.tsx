import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { Outlet } from 'react-router-dom';
import { useReducedMotion } from '../common/useReducedMotion.ts';

/**
 * Ant Design's locale, theme (still, when the user asks for reduced motion) and message/modal
 * context for every page but the login page, which stays free of it so the first screen is small
 * (see auth/LoginPage.tsx).
 */
export function AntdFrame() {
  const still = useReducedMotion();
  return (
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#2e7d32', motion: !still } }}>
      <AntApp>
        <Outlet />
      </AntApp>
    </ConfigProvider>
  );
}
