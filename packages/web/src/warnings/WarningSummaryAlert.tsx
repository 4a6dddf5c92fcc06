import { Alert } from 'antd';
import { Link } from 'react-router-dom';
import { useMyWarnings } from './queries.ts';

/** The user's active warnings, at the top of the home page (where a login lands). */
export function WarningSummaryAlert() {
  const mine = useMyWarnings();
  const s = mine.data;
  if (!s || s.open + s.acknowledged === 0) return null;
  return (
    <Alert
      data-testid="warning-summary"
      type={s.serious ? 'error' : 'warning'}
      showIcon
      style={{ marginBottom: 12 }}
      title={
        <span>
          您有 <b>{s.open}</b> 条待处理预警
          {s.acknowledged ? `、${s.acknowledged} 条已知悉未解除` : ''}
          {s.serious ? `（其中严重 ${s.serious} 条）` : ''}。<Link to="/warnings">查看预警</Link>
        </span>
      }
    />
  );
}
