import type { Role } from '@nongan/shared/accounts/schemas';
import { FIELD_ACCESS, type ProtectedField } from '@nongan/shared/entities/visibility';
import { Typography } from 'antd';

const NAMES: Record<ProtectedField, string> = {
  legalRep: '负责人',
  phone: '联系电话',
  idCard: '身份证号',
  address: '地址',
  location: '经纬度',
  remarks: '备注',
};

/** Says which personal fields the user's role reads masked or not at all (shared/entities/visibility.ts). */
export function FieldAccessNote({ role }: { role: Role | undefined }) {
  if (!role) return null;
  const a = FIELD_ACCESS[role];
  const fields = Object.keys(NAMES) as ProtectedField[];
  const masked = fields.filter((f) => a[f] === 'masked').map((f) => NAMES[f]);
  const hidden = fields.filter((f) => a[f] === 'hidden').map((f) => NAMES[f]);
  if (masked.length + hidden.length === 0) return null;
  const parts = [
    masked.length ? `${masked.join('、')}部分隐藏` : '',
    hidden.length ? `${hidden.join('、')}不显示` : '',
  ].filter(Boolean);
  return (
    <Typography.Paragraph type="secondary" data-testid="field-access-note" style={{ margin: '0 0 12px' }}>
      按岗位所需显示个人信息：{parts.join('，')}。
    </Typography.Paragraph>
  );
}
