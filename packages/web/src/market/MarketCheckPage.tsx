import type { UserView } from '@nongan/shared/accounts/schemas';
import { marketCheckBody } from '@nongan/shared/certificates/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  type InputRef,
  List,
  Result,
  Row,
  Segmented,
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { ApiError, errorMessage } from '../common/api.ts';
import { applyIssues, applyServerError, zodIssues } from '../common/forms.ts';
import { ScanButton } from '../common/ScanButton.tsx';
import { useFormDraft } from '../offline/drafts.ts';
import { submitOrQueue } from '../offline/outbox.ts';
import { newClientId } from '../offline/rules.ts';
import { CheckResult, MarketSelect, ResultTag } from './parts.tsx';
import {
  districtWide,
  fmtQty,
  fmtTime,
  MARKET_CHECKERS,
  type MarketCheck,
  UNIT_OPTIONS,
  type Unit,
} from './queries.ts';

const MARKET_KEY = 'nongan.market-check.market';

type NoneValues = {
  product?: string;
  quantity?: number | null;
  unit?: Unit;
  supplier?: string;
  note?: string;
};

/** Blank fields are left out, so the server's optional fields stay unset. */
function clean(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    const s = typeof v === 'string' ? v.trim() : v;
    if (s !== undefined && s !== null && s !== '') out[k] = s;
  }
  return out;
}

/** The market chosen last time on this device (checkers work at one market). */
function useStoredMarket(): [string | undefined, (v: string | undefined) => void] {
  const [value, setValue] = useState<string | undefined>(() => {
    try {
      return localStorage.getItem(MARKET_KEY) ?? undefined;
    } catch {
      return undefined;
    }
  });
  const set = (v: string | undefined) => {
    setValue(v);
    try {
      if (v) localStorage.setItem(MARKET_KEY, v);
      else localStorage.removeItem(MARKET_KEY);
    } catch {
      // private mode: remembered for this page only
    }
  };
  return [value, set];
}

export function MarketCheckPage() {
  const me = useMe();
  if (!me.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (!can(me.data.user, MARKET_CHECKERS)) return <Result status="403" title="无权进行入市查验" />;
  return <CheckForm user={me.data.user} />;
}

function CheckForm({ user }: { user: UserView }) {
  const qc = useQueryClient();
  const [marketId, setMarketId] = useStoredMarket();
  const [mode, setMode] = useState<'code' | 'none'>('code');
  const [code, setCode] = useState('');
  const [quantity, setQuantity] = useState<number | null>(null);
  const [unit, setUnit] = useState<Unit>('kg');
  const [last, setLast] = useState<MarketCheck | null>(null);
  const [recent, setRecent] = useState<MarketCheck[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [queued, setQueued] = useState<string | null>(null);
  const [choices, setChoices] = useState<{ code: string; name: string }[] | null>(null);
  const [form] = Form.useForm<NoneValues>();
  // One id per check, kept through a failed send and its queued retries.
  const clientId = useRef(newClientId());
  const draft = useFormDraft(form, `market-check:none:${user.id}`);
  const codeRef = useRef<InputRef>(null);
  const needsMarket = districtWide(user);

  useEffect(() => {
    if (mode === 'code') codeRef.current?.focus();
  }, [mode]);

  const submit = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      submitOrQueue<MarketCheck>({
        kind: 'market-check',
        url: '/market-checks',
        body,
        // Queued: the check keeps the time it was made, not the time it reaches the server.
        queuedBody: { ...body, checkedAt: new Date().toISOString() },
        clientId: clientId.current,
        label: body.code
          ? `追溯码 ${String(body.code)
              .replace(/^.*\/t\//, '')
              .slice(0, 12)}…`
          : `无合格证 · ${String(body.product ?? '')}`,
      }),
    onSuccess: (out) => {
      clientId.current = newClientId();
      void draft.clear();
      if (out.sent) {
        const v = out.data;
        setLast(v);
        setRecent((r) => [v, ...r].slice(0, 5));
        setQueued(null);
      } else {
        setLast(null);
        setQueued('已保存在本机，联网后自动同步。追溯码将在同步时核验，结果见“查验记录”。');
      }
      setError(null);
      setCode('');
      setQuantity(null);
      // The no-certificate form is on the page only in that mode; an unmounted form has nothing to reset.
      if (mode === 'none') form.resetFields();
      void qc.invalidateQueries({ queryKey: ['market'] });
      codeRef.current?.focus();
    },
  });

  const send = async (body: Record<string, unknown>) => {
    if (needsMarket && !marketId) {
      setError('区级账号请先选择查验的市场');
      return;
    }
    const full = clean({ ...body, marketId });
    const parsed = marketCheckBody.safeParse(full);
    if (!parsed.success) {
      const rest = applyIssues(form, zodIssues(parsed.error));
      setError(rest.length ? rest.map((i) => i.reason).join('；') : null);
      return;
    }
    setError(null);
    try {
      await submit.mutateAsync(full);
    } catch (e) {
      // A regional name that means several products: the server lists them, the checker picks one.
      const asked = e instanceof ApiError ? e.issues.find((i) => i.field === 'product')?.choices : undefined;
      setChoices(asked?.length ? asked : null);
      setError(mode === 'none' ? applyServerError(form, e) : errorMessage(e));
      codeRef.current?.select();
    }
  };

  const checkCode = (value: string) => {
    if (!value.trim()) {
      setError('请扫描或输入追溯码；货物没有合格证时请切换到“无合格证”');
      return;
    }
    void send({ code: value, quantity: quantity ?? undefined, unit: quantity != null ? unit : undefined });
  };

  return (
    <div className="market-check">
      <div className="page-header">
        <Typography.Title level={4}>入市查验</Typography.Title>
        <Link to="/market/checks">查验记录</Link>
      </div>
      <Card size="small">
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <div>
            <Typography.Text type="secondary">查验市场{needsMarket ? '' : '（可选）'}</Typography.Text>
            <MarketSelect value={marketId} onChange={setMarketId} placeholder="选择农产品市场" />
          </div>
          <Segmented
            block
            value={mode}
            onChange={(v) => {
              setMode(v as 'code' | 'none');
              setError(null);
            }}
            options={[
              { value: 'code', label: '扫码 / 输入追溯码' },
              { value: 'none', label: '无合格证' },
            ]}
          />
          {mode === 'code' ? (
            <>
              <ScanButton
                block
                size="large"
                label="用摄像头扫码"
                title="扫描合格证二维码"
                onScan={(text) => {
                  setCode(text);
                  checkCode(text);
                }}
              />
              <Input.Search
                ref={codeRef}
                className="market-code-input"
                size="large"
                autoFocus
                allowClear
                autoComplete="off"
                autoCapitalize="off"
                spellCheck={false}
                enterKeyHint="search"
                aria-label="追溯码"
                placeholder="扫描二维码或输入追溯码"
                enterButton="查验"
                loading={submit.isPending}
                value={code}
                onChange={(e) => setCode(e.target.value)}
                onSearch={(v, _e, info) => {
                  if (info?.source !== 'clear') checkCode(v);
                }}
              />
              <Row gutter={8}>
                <Col span={14}>
                  <InputNumber
                    aria-label="本批数量"
                    placeholder="本批数量（可选）"
                    min={0}
                    value={quantity}
                    onChange={(v) => setQuantity(v)}
                    style={{ width: '100%' }}
                  />
                </Col>
                <Col span={10}>
                  <Select
                    aria-label="单位"
                    value={unit}
                    options={UNIT_OPTIONS}
                    onChange={setUnit}
                    style={{ width: '100%' }}
                  />
                </Col>
              </Row>
              <Typography.Text type="secondary">
                用手机摄像头或扫码枪扫描后自动查验；也可粘贴扫码得到的链接或手工输入追溯码后按“查验”。离线时记录保存在本机，联网后自动同步。
              </Typography.Text>
            </>
          ) : (
            <Form<NoneValues>
              form={form}
              layout="vertical"
              initialValues={{ unit: 'kg' }}
              onFinish={(v) => void send({ ...v })}
              onValuesChange={draft.onValuesChange}
              requiredMark={false}
            >
              <Form.Item name="product" label="产品" rules={[{ required: true, message: '请填写产品' }]}>
                <Input placeholder="如：菠菜" maxLength={40} onChange={() => setChoices(null)} />
              </Form.Item>
              {choices && (
                <Space wrap style={{ marginBottom: 12 }} data-testid="product-choices">
                  <span>请选择具体产品：</span>
                  {choices.map((c) => (
                    <Button
                      key={c.code}
                      onClick={() => {
                        form.setFieldValue('product', c.name);
                        form.setFields([{ name: 'product', errors: [] }]);
                        setChoices(null);
                        setError(null);
                      }}
                    >
                      {c.name}
                    </Button>
                  ))}
                </Space>
              )}
              <Row gutter={8}>
                <Col span={14}>
                  <Form.Item name="quantity" label="数量">
                    <InputNumber min={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={10}>
                  <Form.Item name="unit" label="单位">
                    <Select options={UNIT_OPTIONS} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="supplier" label="供货者">
                <Input placeholder="姓名或单位" maxLength={100} />
              </Form.Item>
              <Form.Item name="note" label="备注">
                <Input.TextArea rows={2} maxLength={200} />
              </Form.Item>
              <Button type="primary" htmlType="submit" size="large" block loading={submit.isPending}>
                记录无合格证入市
              </Button>
            </Form>
          )}
          {error && <Alert type="error" showIcon title={error} />}
          {queued && <Alert type="info" showIcon title={queued} />}
        </Space>
      </Card>
      {last && <CheckResult check={last} />}
      {recent.length > 1 && (
        <Card size="small" title="本次查验" style={{ marginTop: 12 }}>
          <List
            size="small"
            dataSource={recent.slice(1)}
            renderItem={(r) => (
              <List.Item>
                <Space wrap size={4}>
                  <ResultTag result={r.result} label={r.resultLabel} />
                  <span>{r.certificate?.productName ?? r.productName ?? '—'}</span>
                  {r.quantity != null && <span>{fmtQty(r.quantity, r.unit)}</span>}
                  <Typography.Text type="secondary">{fmtTime(r.checkedAt)}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
    </div>
  );
}
