import { PlusOutlined } from '@ant-design/icons';
import { ROLE_LABELS, type UserView } from '@nongan/shared/accounts/schemas';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { can, USER_ADMINS, useMe } from '../auth/session.ts';
import { ApiError, api, errorMessage, type Page } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { optionsOf, roleLabel } from '../common/labels.ts';
import { generatePassword } from './password.ts';
import { ShowPassword } from './ShowPassword.tsx';
import { UserCreateModal } from './UserCreateModal.tsx';

export function UsersPage() {
  const me = useMe();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const [q, setQ] = useState<string>();
  const [role, setRole] = useState<string>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<{ username: string; password: string } | null>(null);
  const allowed = can(me.data?.user, USER_ADMINS);

  const list = useQuery({
    queryKey: ['users', q, role, page, pageSize],
    queryFn: () => api.get<Page<UserView>>('/users', { q, role, page, pageSize }),
    enabled: allowed,
    placeholderData: (prev) => prev,
  });
  const patch = useMutation({
    mutationFn: ({ id, body }: { id: string; body: { active?: boolean; password?: string } }) =>
      api.patch<UserView>(`/users/${id}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['users'] }),
  });

  if (!allowed) return <ErrorResult error={new ApiError(403, '仅区级管理员可管理用户')} />;
  if (list.isError) return <ErrorResult error={list.error} retry={() => list.refetch()} />;

  const resetPassword = (u: UserView) =>
    modal.confirm({
      title: `重置“${u.displayName}”的密码？`,
      content: '将生成新的强密码，该用户的现有登录会话全部失效，下次登录须修改密码。',
      okText: '重置',
      onOk: async () => {
        const password = generatePassword();
        try {
          await patch.mutateAsync({ id: u.id, body: { password } });
          setShown({ username: u.username, password });
        } catch (e) {
          message.error(errorMessage(e));
        }
      },
    });
  const setActive = (u: UserView, active: boolean) =>
    modal.confirm({
      title: `${active ? '启用' : '停用'}用户“${u.displayName}”？`,
      content: active ? undefined : '停用后该用户立即退出登录且不能再登录。',
      okText: active ? '启用' : '停用',
      okButtonProps: { danger: !active },
      onOk: () =>
        patch.mutateAsync({ id: u.id, body: { active } }).then(
          () => message.success(active ? '已启用' : '已停用'),
          (e) => message.error(errorMessage(e)),
        ),
    });

  const columns: ColumnsType<UserView> = [
    { title: '用户名', dataIndex: 'username', width: 160, fixed: 'left' },
    { title: '姓名', dataIndex: 'displayName', width: 120 },
    { title: '角色', dataIndex: 'role', width: 150, render: roleLabel },
    {
      title: '所属区域',
      dataIndex: 'scopeName',
      width: 140,
      render: (v: string | null, u) => v ?? (u.entityId ? '（关联主体）' : '—'),
    },
    {
      title: '状态',
      dataIndex: 'active',
      width: 90,
      render: (v: boolean, u) => (
        <Space size={4}>
          {v ? <Tag color="blue">启用</Tag> : <Tag>停用</Tag>}
          {u.mustChangePassword && <Tag color="orange">待改密</Tag>}
        </Space>
      ),
    },
    {
      title: '最近登录',
      dataIndex: 'lastLoginAt',
      width: 160,
      render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '从未登录'),
    },
    {
      title: '操作',
      key: 'ops',
      width: 170,
      render: (_, u) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => resetPassword(u)}>
            重置密码
          </Button>
          {u.id !== me.data?.user.id && (
            <Button type="link" size="small" danger={u.active} onClick={() => setActive(u, !u.active)}>
              {u.active ? '停用' : '启用'}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>用户管理</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          新增用户
        </Button>
      </div>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={24} md={10} lg={8}>
          <Input.Search
            allowClear
            placeholder="用户名或姓名"
            onSearch={(v) => {
              setQ(v.trim() || undefined);
              setPage(1);
            }}
          />
        </Col>
        <Col xs={24} md={8} lg={6}>
          <Select
            allowClear
            placeholder="角色"
            options={optionsOf(ROLE_LABELS)}
            value={role}
            onChange={(v?: string) => {
              setRole(v);
              setPage(1);
            }}
            style={{ width: '100%' }}
          />
        </Col>
      </Row>
      <Table<UserView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        scroll={{ x: 1000 }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showTotal: (t) => `共 ${t} 个用户`,
          onChange: (p, s) => {
            setPage(s === pageSize ? p : 1);
            setPageSize(s);
          },
        }}
      />
      <UserCreateModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(u, password) => {
          message.success('已创建用户');
          setShown({ username: u.username, password });
        }}
      />
      <ShowPassword shown={shown} onClose={() => setShown(null)} />
    </>
  );
}
