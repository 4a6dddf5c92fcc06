import { Button, Result } from 'antd';
import { ApiError, errorMessage } from './api.ts';

/** A failed load: 403/404 say so plainly, anything else offers a retry. */
export function ErrorResult({ error, retry }: { error: unknown; retry?: () => void }) {
  const status = error instanceof ApiError ? error.status : 500;
  if (status === 403) return <Result status="403" title="无权访问" subTitle={errorMessage(error)} />;
  // A record of another town answers 404 too (its existence is not told): say both, not "lost".
  if (status === 404)
    return <Result status="404" title="未找到，或不在您的管辖范围内" subTitle={errorMessage(error)} />;
  return (
    <Result
      status="error"
      title="加载失败"
      subTitle={errorMessage(error)}
      extra={retry && <Button onClick={retry}>重试</Button>}
    />
  );
}
