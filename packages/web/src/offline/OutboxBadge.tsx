import { CloudSyncOutlined, CloudUploadOutlined, DisconnectOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Drawer, Empty, List, Popconfirm, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useIsMobile } from '../common/useIsMobile.ts';
import type { OutboxItem } from './db.ts';
import { useOnline, useOutboxItems } from './hooks.ts';
import { deleteItem, outboxEvents, retryItem, SYNCED, startOutbox, syncOutbox } from './outbox.ts';
import { onUpdate } from './register.ts';
import { kindLabel } from './rules.ts';
import './offline.css';

const STATE_TAGS = {
  waiting: { color: 'gold', label: '等待同步' },
  sending: { color: 'processing', label: '同步中' },
  failed: { color: 'red', label: '同步失败' },
} as const;

const fmt = (t: number) => dayjs(t).format('MM-DD HH:mm');

/**
 * The header's sync status: nothing when online with an empty outbox; 离线 when offline; 待同步 N 条
 * when something waits, opening a drawer with each item, 立即同步 and delete. Also starts the
 * outbox for the signed-in user and offers a new app version when one is ready.
 */
export function OutboxBadge({ userId }: { userId: string }) {
  const items = useOutboxItems(userId);
  const online = useOnline();
  const mobile = useIsMobile();
  const qc = useQueryClient();
  const { message, notification } = App.useApp();
  const [open, setOpen] = useState(false);
  const [syncing, setSyncing] = useState(false);

  useEffect(() => startOutbox(userId), [userId]);

  useEffect(() => {
    const onSynced = (e: Event) => {
      const { item } = (e as CustomEvent<{ item: OutboxItem }>).detail;
      message.success(`已同步：${kindLabel(item.kind)} ${item.label}`);
      void qc.invalidateQueries();
    };
    outboxEvents.addEventListener(SYNCED, onSynced);
    return () => outboxEvents.removeEventListener(SYNCED, onSynced);
  }, [message, qc]);

  useEffect(
    () =>
      onUpdate((apply) =>
        notification.info({
          key: 'app-update',
          title: '有新版本',
          description: '刷新后使用新版本；填写中的表单已保存在本机。',
          duration: 0,
          actions: (
            <Button type="primary" size="small" onClick={apply}>
              刷新
            </Button>
          ),
        }),
      ),
    [notification],
  );

  const failed = items.filter((i) => i.state === 'failed').length;
  if (items.length === 0 && online && !open) return null;

  const syncNow = async () => {
    setSyncing(true);
    try {
      await syncOutbox({ force: true });
    } finally {
      setSyncing(false);
    }
  };

  const label = items.length ? `待同步 ${items.length} 条` : '离线';
  return (
    <>
      <Button
        type="text"
        className="outbox-button"
        data-testid="outbox-badge"
        aria-label={online ? label : `离线，${label}`}
        onClick={() => setOpen(true)}
        danger={failed > 0}
      >
        <Badge count={items.length} size="small" offset={[2, -2]} color={failed ? '#cf1322' : '#d48806'}>
          {online ? <CloudUploadOutlined /> : <DisconnectOutlined />}
        </Badge>
        <span className="outbox-label">
          {mobile ? (items.length ? '待同步' : '离线') : online ? label : `离线 · ${label}`}
        </span>
      </Button>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        rootClassName="outbox-drawer"
        placement={mobile ? 'bottom' : 'right'}
        size={mobile ? '75%' : 420}
        title={items.length ? `待同步 ${items.length} 条` : '待同步'}
        footer={
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary">
              {online
                ? '联网时自动同步；同一条记录重复同步不会重复创建。'
                : '当前离线：记录保存在本机，联网后自动同步。'}
            </Typography.Text>
            <Button
              type="primary"
              block
              icon={<CloudSyncOutlined />}
              disabled={!online || items.every((i) => i.state === 'failed')}
              loading={syncing}
              onClick={() => void syncNow()}
            >
              立即同步
            </Button>
          </Space>
        }
      >
        {items.length === 0 ? (
          <Empty description="没有待同步的记录" />
        ) : (
          <List
            className="outbox-list"
            dataSource={items}
            rowKey={(i) => i.clientId}
            renderItem={(i) => (
              <List.Item
                actions={[
                  i.state === 'failed' && (
                    <Button
                      key="retry"
                      size="small"
                      disabled={!online}
                      onClick={() => void retryItem(i.id as number)}
                    >
                      重试
                    </Button>
                  ),
                  <Popconfirm
                    key="del"
                    title="删除后这条记录不会上传，确定删除？"
                    okText="删除"
                    cancelText="取消"
                    okButtonProps={{ danger: true }}
                    onConfirm={() => void deleteItem(i.id as number)}
                  >
                    <Button size="small" danger disabled={i.state === 'sending'}>
                      删除
                    </Button>
                  </Popconfirm>,
                ].filter(Boolean)}
              >
                <List.Item.Meta
                  title={
                    <Space size={4} wrap>
                      <Tag color={STATE_TAGS[i.state].color}>{STATE_TAGS[i.state].label}</Tag>
                      <span>
                        {kindLabel(i.kind)} · {i.label}
                      </span>
                    </Space>
                  }
                  description={
                    <>
                      <div>
                        记录于 {fmt(i.createdAt)}
                        {i.files?.length ? ` · 照片 ${i.files.length} 张` : ''}
                        {i.state === 'waiting' && i.attempts > 0
                          ? ` · 已尝试 ${i.attempts} 次，下次 ${fmt(i.nextAt)}`
                          : ''}
                      </div>
                      {i.error && (
                        <Typography.Text type={i.state === 'failed' ? 'danger' : 'secondary'}>
                          {i.error}
                        </Typography.Text>
                      )}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Drawer>
    </>
  );
}
