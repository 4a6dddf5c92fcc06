import type { WarningDetailView } from '@nongan/shared/warnings/schemas';
import { WARNING_KIND_LABELS } from '@nongan/shared/warnings/schemas';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Drawer, Input, List, Modal, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { useIsMobile } from '../common/useIsMobile.ts';
import { recordLink } from './queries.ts';
import { LevelTag, StateTag } from './Tags.tsx';

const time = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '');

/** A warning's evidence (figures and the records behind it, as links) and its actions. */
export function WarningDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const mobile = useIsMobile();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [resolving, setResolving] = useState(false);
  const [reason, setReason] = useState('');
  const detail = useQuery({
    queryKey: ['warnings', 'detail', id],
    queryFn: () => api.get<WarningDetailView>(`/warnings/${id}`),
    enabled: !!id,
  });
  const done = (text: string) => {
    message.success(text);
    void qc.invalidateQueries({ queryKey: ['warnings'] });
  };
  const ack = useMutation({
    mutationFn: () => api.post<WarningDetailView>(`/warnings/${id}/acknowledge`),
    onSuccess: () => done('已知悉'),
    onError: (e) => message.error(e.message),
  });
  const resolve = useMutation({
    mutationFn: () => api.post<WarningDetailView>(`/warnings/${id}/resolve`, { reason }),
    onSuccess: () => {
      setResolving(false);
      setReason('');
      done('已解除');
    },
    onError: (e) => message.error(e.message),
  });
  const w = detail.data;
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={mobile ? '100%' : 560}
      title={w ? WARNING_KIND_LABELS[w.kind] : '预警'}
      extra={
        w &&
        w.state !== 'resolved' && (
          <Space>
            {w.state === 'open' && (
              <Button type="primary" loading={ack.isPending} onClick={() => ack.mutate()}>
                知悉
              </Button>
            )}
            <Button onClick={() => setResolving(true)}>解除</Button>
          </Space>
        )
      }
    >
      {detail.isError ? (
        <ErrorResult error={detail.error} retry={() => detail.refetch()} />
      ) : !w ? (
        <Skeleton active />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Space wrap>
            <LevelTag level={w.level} />
            <StateTag state={w.state} />
            <Typography.Text strong>{w.subject}</Typography.Text>
          </Space>
          <Typography.Paragraph>{w.evidence.summary}</Typography.Paragraph>
          <Descriptions size="small" column={mobile ? 1 : 2} bordered>
            {w.evidence.figures.map((f) => (
              <Descriptions.Item key={f.label} label={f.label}>
                {f.value}
              </Descriptions.Item>
            ))}
          </Descriptions>
          {w.evidence.records.length > 0 && (
            <List
              size="small"
              header="相关记录"
              bordered
              dataSource={w.evidence.records}
              renderItem={(r) => (
                <List.Item>
                  <Link to={recordLink(r)}>{r.label}</Link>
                </List.Item>
              )}
            />
          )}
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="责任">{w.ownerLabel}</Descriptions.Item>
            <Descriptions.Item label="首次发现">{time(w.firstSeen)}</Descriptions.Item>
            <Descriptions.Item label="最近发现">{time(w.lastSeen)}</Descriptions.Item>
            {w.acknowledgedAt && (
              <Descriptions.Item label="知悉">
                {w.acknowledgedByName} {time(w.acknowledgedAt)}
              </Descriptions.Item>
            )}
            {w.resolvedAt && (
              <Descriptions.Item label="解除">
                {w.resolvedByName} {time(w.resolvedAt)}：{w.resolveReason}
              </Descriptions.Item>
            )}
          </Descriptions>
        </Space>
      )}
      <Modal
        open={resolving}
        title="解除预警"
        okText="解除"
        okButtonProps={{ disabled: reason.trim().length < 2, loading: resolve.isPending }}
        onOk={() => resolve.mutate()}
        onCancel={() => setResolving(false)}
      >
        <Input.TextArea
          aria-label="解除原因"
          rows={3}
          maxLength={500}
          placeholder="请填写解除原因，如：已立案查处、已复检合格"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Drawer>
  );
}
