import { PrinterOutlined } from '@ant-design/icons';
import { Button, Skeleton } from 'antd';
import dayjs from 'dayjs';
import { useParams } from 'react-router-dom';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { BulletinBody, TextBlock } from './BulletinBody.tsx';
import { useBulletin } from './queries.ts';

/** The bulletin as printed (A4, print CSS): the document alone, outside the app shell. */
export function PrintPage() {
  const { id = '' } = useParams();
  const b = useBulletin(id);
  if (b.isError) return <ErrorResult error={b.error} />;
  if (!b.data) return <Skeleton active />;
  const d = b.data;
  return (
    <div className="print-sheet" data-path="print">
      <div className="bulletin-doc">
        <div className="no-print" style={{ textAlign: 'right', marginBottom: 12 }}>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
            打印
          </Button>
        </div>
        <h1 className="print-title">{d.title}</h1>
        <div className="print-meta">
          {d.districtName} · {d.periodLabel}（{d.figures.from} 至 {d.figures.to}）
          {d.issuedAt
            ? ` · ${d.issuedByName ?? ''} 签发于 ${dayjs(d.issuedAt).format('YYYY-MM-DD')}`
            : ' · 草稿'}
        </div>
        <BulletinBody b={d} text={(k) => <TextBlock text={d.sections[k]} />} />
      </div>
    </div>
  );
}
