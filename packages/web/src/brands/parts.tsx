import type { BrandCertView, BrandStatus } from '@nongan/shared/brands/schemas';
import { Tag } from 'antd';

export const STATUS_COLORS: Record<BrandStatus, string> = {
  valid: 'success',
  expiring: 'warning',
  expired: 'default',
  revoked: 'error',
};

export const StatusTag = ({ c }: { c: Pick<BrandCertView, 'status' | 'statusLabel'> }) => (
  <Tag color={STATUS_COLORS[c.status]}>{c.statusLabel}</Tag>
);

export const productsText = (p: { name: string }[]) => p.map((x) => x.name).join('、') || '全部产品';
export const amount = (v: number | null, unit: string) =>
  v === null ? '—' : `${v.toLocaleString('zh-CN')} ${unit}`;
