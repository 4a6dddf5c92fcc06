import { MARKET_RESULT_LABELS, MARKET_RESULTS } from '@nongan/shared/certificates/schemas';
import { Button, Card, List, Row, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { chinaToday } from '../certificates/queries.ts';
import { ResultTag } from '../market/parts.tsx';
import { fmtQty, fmtTime, type MarketResult, useMarketChecks } from '../market/queries.ts';
import { Figure } from './parts.tsx';

/** A market checker's day: scan the next lot, and today's checks with their results. */
export function MarketHome() {
  const navigate = useNavigate();
  const today = chinaToday();
  const checks = useMarketChecks({ from: today, to: today, pageSize: 100 });
  const items = checks.data?.items ?? [];
  const by = (r: MarketResult) => items.filter((c) => c.result === r).length;
  return (
    <>
      <Typography.Title level={4}>今日查验</Typography.Title>
      <Button
        type="primary"
        size="large"
        block
        onClick={() => navigate('/market/check')}
        style={{ marginBottom: 12 }}
      >
        扫码查验
      </Button>
      <Row gutter={[12, 12]}>
        <Figure
          title="今日查验批次"
          value={checks.data?.total}
          loading={checks.isPending}
          to="/market/checks"
        />
        {MARKET_RESULTS.filter((r) => r !== 'valid').map((r) => (
          <Figure
            key={r}
            title={MARKET_RESULT_LABELS[r]}
            value={by(r)}
            danger={by(r) > 0 && r !== 'none'}
            loading={checks.isPending}
          />
        ))}
      </Row>
      <Card
        size="small"
        title="今日查验记录"
        style={{ marginTop: 12 }}
        extra={<Link to="/market/checks">全部记录</Link>}
      >
        <List
          loading={checks.isPending}
          dataSource={items.slice(0, 20)}
          locale={{ emptyText: '今天还没有查验记录' }}
          renderItem={(c) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <span>
                    {c.productName ?? '未注明产品'} · {fmtQty(c.quantity, c.unit)}
                  </span>
                }
                description={`${fmtTime(c.checkedAt)} · ${c.supplier ?? '—'}${c.marketName ? ` · ${c.marketName}` : ''}`}
              />
              <ResultTag result={c.result} label={c.resultLabel} />
            </List.Item>
          )}
        />
      </Card>
    </>
  );
}
