import { PrinterOutlined } from '@ant-design/icons';
import { BASES, BASIS_LABELS, printBody } from '@nongan/shared/certificates/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  InputNumber,
  Row,
  Segmented,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { type CSSProperties, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { api, errorMessage } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { useIsMobile } from '../common/useIsMobile.ts';
import './print.css';
import { LAYOUT_KEYS, LAYOUTS, type Layout, labelQr, qrSummary } from './label-qr.ts';
import { type CertificateDetail, certKey, fmtQty, ISSUERS, useCertificate } from './queries.ts';

export function PrintPage() {
  const { id = '' } = useParams();
  const q = useCertificate(id);
  if (q.isError) return <ErrorResult error={q.error} retry={() => q.refetch()} />;
  if (!q.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  return <PrintPreview certificate={q.data} />;
}

function PrintPreview({ certificate: c }: { certificate: CertificateDetail }) {
  const me = useMe();
  const qc = useQueryClient();
  const mobile = useIsMobile();
  const { message } = App.useApp();
  const [layout, setLayout] = useState<Layout>('thermal_60x40');
  const [from, setFrom] = useState(1);
  const [copies, setCopies] = useState(c.labelCount);
  const qr = useMemo(() => labelQr(c.traceUrl, layout), [c.traceUrl, layout]);
  const issuer = can(me.data?.user, ISSUERS);
  const revoked = c.status === 'revoked';
  const maxCopies = Math.max(1, c.labelCount - from + 1);
  const n = Math.min(copies, maxCopies);

  // The shell's menu, header and banners are hidden in print only while this page is open.
  useEffect(() => {
    document.body.classList.add('cert-printing');
    return () => document.body.classList.remove('cert-printing');
  }, []);

  const print = useMutation({
    mutationFn: (body: unknown) => api.post<CertificateDetail>(`/certificates/${c.id}/print`, body),
    onSuccess: (d) => {
      qc.setQueryData(certKey(d.id), d);
      void qc.invalidateQueries({ queryKey: ['certificates', 'list'] });
      window.print();
    },
    onError: (e) => message.error(`未能记录打印：${errorMessage(e)}`),
  });
  const doPrint = () => {
    const body = printBody.parse({ layout, copies: n });
    print.mutate(body);
  };

  const numbers = Array.from({ length: n }, (_, i) => from + i);
  const per = LAYOUTS[layout].perSheet;
  const sheets: number[][] = [];
  for (let i = 0; i < numbers.length; i += per) sheets.push(numbers.slice(i, i + per));

  return (
    <>
      <style>{`@page { size: ${LAYOUTS[layout].page}; margin: 0; }`}</style>
      <div className="no-print">
        <div className="page-header">
          <Typography.Title level={4}>打印标签 {c.certNo}</Typography.Title>
          <Space wrap>
            <Tag color={c.printCount ? 'blue' : 'default'} data-testid="print-count">
              已打印 {c.printCount} 次
            </Tag>
            <Link to={`/certificates/${c.id}`}>返回详情</Link>
          </Space>
        </div>
        {revoked && (
          <Alert type="error" showIcon style={{ marginBottom: 12 }} title="本合格证已撤销，不能打印标签" />
        )}
        <Card size="small" style={{ marginBottom: 12 }}>
          <Row gutter={[12, 12]} align="bottom">
            <Col xs={24}>
              <Typography.Text type="secondary">标签规格</Typography.Text>
              <div>
                <Segmented<Layout>
                  aria-label="标签规格"
                  block={mobile}
                  vertical={mobile}
                  value={layout}
                  onChange={setLayout}
                  options={LAYOUT_KEYS.map((k) => ({
                    value: k,
                    label: LAYOUTS[k].label,
                  }))}
                />
              </div>
            </Col>
            <Col xs={12} lg={6}>
              <Typography.Text type="secondary">从第几张</Typography.Text>
              <InputNumber
                aria-label="起始张号"
                min={1}
                max={c.labelCount}
                precision={0}
                value={from}
                onChange={(v) => setFrom(v ?? 1)}
                style={{ width: '100%' }}
              />
            </Col>
            <Col xs={12} lg={6}>
              <Typography.Text type="secondary">打印张数</Typography.Text>
              <InputNumber
                aria-label="打印张数"
                min={1}
                max={maxCopies}
                precision={0}
                value={n}
                onChange={(v) => setCopies(v ?? 1)}
                style={{ width: '100%' }}
              />
            </Col>
            <Col xs={24} lg={4}>
              <Button
                type="primary"
                block
                icon={<PrinterOutlined />}
                disabled={revoked || !issuer}
                loading={print.isPending}
                onClick={doPrint}
                data-testid="print"
              >
                打印
              </Button>
            </Col>
          </Row>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            本批次共 {c.labelCount}{' '}
            张标签，每张标注第几张/共几张。打印前请在浏览器打印设置中选择标签纸规格、边距“无”、缩放 100%。
            {c.printCount > 0 && ' 已打印过，再次打印计为补打。'}
          </Typography.Paragraph>
          <Typography.Paragraph style={{ margin: '4px 0 0' }} data-testid="qr-summary">
            {qrSummary(qr, layout)}
          </Typography.Paragraph>
        </Card>
      </div>
      <div className="cert-preview" data-testid="label-preview">
        {sheets.map((sheet) => (
          <div
            key={sheet[0]}
            className={`cert-sheet cert-sheet-${layout} cert-layout-${layout}`}
            style={{ '--qr': `${qr.sizeMm.toFixed(3)}mm` } as CSSProperties}
          >
            {sheet.map((i) => (
              <Label key={i} c={c} qr={qr.svg} index={i} />
            ))}
          </div>
        ))}
      </div>
    </>
  );
}

/** One label: every field the 2025 measures require, and the QR code of the trace URL. */
function Label({ c, qr, index }: { c: CertificateDetail; qr: string; index: number }) {
  const buyer = c.style === 'buyer';
  return (
    <div className="cert-label" data-testid="cert-label">
      <div className="cl-title">
        承诺达标合格证
        <span className="cl-index">
          第 {index}/{c.labelCount} 张
        </span>
      </div>
      <div className="cl-body">
        <div className="cl-fields">
          <div>
            <b>产品：</b>
            {c.productName}
          </div>
          <div>
            <b>数量（重量）：</b>
            {fmtQty(c.quantity, c.unit)}
          </div>
          <div>
            <b>产地：</b>
            {c.origin}
          </div>
          <div>
            <b>{buyer ? '收购者' : '生产者'}：</b>
            {c.promiser}
          </div>
          <div>
            <b>联系电话：</b>
            {c.contact}
          </div>
          <div>
            <b>开具日期：</b>
            {c.issueDate}
          </div>
          {/* Beside the QR code, which is taller than the six fields: no footer line below. */}
          <div className="cl-no">
            <b>编号：</b>
            {c.certNo}
          </div>
        </div>
        {/* The SVG is drawn here from the qrcode library's matrix of the certificate's own URL. */}
        <div
          className="cl-qr"
          role="img"
          aria-label="追溯二维码"
          // biome-ignore lint/security/noDangerouslySetInnerHtml: markup generated locally (label-qr.ts)
          dangerouslySetInnerHTML={{ __html: qr }}
        />
      </div>
      <div className="cl-promise">
        <b>我承诺{buyer ? '对收购销售' : '对生产销售'}的食用农产品：</b>
        {c.commitments.join('；')}
      </div>
      <div className="cl-basis">
        {buyer && c.bases.length === 0 ? (
          <>
            <b>依据：</b>已收取供货者合格证 {c.sources.length} 张
          </>
        ) : (
          <>
            <b>依据：</b>
            {BASES.map((b) => `${c.bases.includes(b) ? '☑' : '□'}${BASIS_LABELS[b]}`).join(' ')}
          </>
        )}
      </div>
    </div>
  );
}
