import { PrinterOutlined } from '@ant-design/icons';
import type { checkinCodeView, TrainingDetailView } from '@nongan/shared/training/schemas';
import { useQuery } from '@tanstack/react-query';
import { Button, Skeleton, Typography } from 'antd';
import { toString as qrSvg } from 'qrcode';
import { useParams } from 'react-router-dom';
import type { z } from 'zod';
import { api } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import './training.css';

type Code = z.infer<typeof checkinCodeView>;

/** The organiser's screen at the session: a big QR of the day's check-in link, printable. */
export function QrPage() {
  const { id = '' } = useParams();
  const s = useQuery({
    queryKey: ['training', 'detail', id],
    queryFn: () => api.get<TrainingDetailView>(`/training/sessions/${id}`),
  });
  const code = useQuery({
    queryKey: ['training', 'code', id],
    queryFn: () => api.get<Code>(`/training/sessions/${id}/checkin-code`),
  });
  const url = code.data ? `${window.location.origin}${code.data.path}` : '';
  const svg = useQuery({
    queryKey: ['training', 'qr', url],
    queryFn: () => qrSvg(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
    enabled: !!url,
  });
  if (s.isError || code.isError) return <ErrorResult error={s.error ?? code.error} />;
  if (!s.data || !svg.data || !code.data) return <Skeleton active />;
  return (
    <div className="qr-sheet">
      <Typography.Title level={2}>{s.data.title}</Typography.Title>
      <Typography.Paragraph className="qr-meta">
        {s.data.heldOn} · {s.data.place} · 授课：{s.data.teacher}
      </Typography.Paragraph>
      <div
        className="qr-big"
        role="img"
        aria-label="签到二维码"
        data-url={url}
        // biome-ignore lint/security/noDangerouslySetInnerHtml: SVG generated locally by the qrcode library
        dangerouslySetInnerHTML={{ __html: svg.data }}
      />
      <Typography.Title level={3}>请用手机扫码签到</Typography.Title>
      <Typography.Paragraph type="secondary">仅限 {code.data.validOn} 当天有效</Typography.Paragraph>
      <Button className="no-print" icon={<PrinterOutlined />} onClick={() => window.print()}>
        打印
      </Button>
    </div>
  );
}
