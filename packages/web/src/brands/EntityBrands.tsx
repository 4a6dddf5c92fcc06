import type { BrandCertView } from '@nongan/shared/brands/schemas';
import { Link } from 'react-router-dom';
import { ResponsiveTable } from '../common/ResponsiveTable.tsx';
import { productsText, StatusTag } from './parts.tsx';

/** The entity file's 品牌认证 tab. */
export function EntityBrands({ rows, loading }: { rows: BrandCertView[]; loading: boolean }) {
  return (
    <ResponsiveTable<BrandCertView>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={rows}
      pagination={false}
      locale={{ emptyText: '暂无品牌认证' }}
      columns={[
        {
          title: '证书编号',
          dataIndex: 'certNo',
          render: (v: string, r) => <Link to={`/brands/${r.id}`}>{v}</Link>,
        },
        { title: '类别', dataIndex: 'kindLabel' },
        { title: '产品', dataIndex: 'products', render: productsText },
        { title: '有效期至', dataIndex: 'validUntil' },
        { title: '状态', dataIndex: 'status', render: (_, r) => <StatusTag c={r} /> },
      ]}
    />
  );
}
