import { Result, Typography } from 'antd';
import { useLocation } from 'react-router-dom';
import { PLANNED } from './domains.ts';

/** Placeholder for a domain not built yet: names the plan duty, shows no invented data. */
export function NotBuilt() {
  const { pathname } = useLocation();
  const planned = PLANNED[pathname];
  return (
    <Result
      status="info"
      title={`${planned?.title ?? '该功能'}：功能建设中`}
      subTitle={
        <Typography.Paragraph type="secondary" style={{ maxWidth: 640, margin: '0 auto' }}>
          {planned?.duty ?? '该模块尚未上线。'}
        </Typography.Paragraph>
      }
    />
  );
}
