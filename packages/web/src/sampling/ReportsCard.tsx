import type { labReportView } from '@nongan/shared/sampling/reports';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { z } from 'zod';
import { api, downloadUrl, errorMessage } from '../common/api.ts';

type Report = z.infer<typeof labReportView>;

/** 检验报告 of a sample: issue, its versions (a correction keeps the old one), download, correct. */
export function ReportsCard({ sampleId, lab }: { sampleId: string; lab: boolean }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = ['sampling', 'samples', 'reports', sampleId];
  const q = useQuery({ queryKey: key, queryFn: () => api.get<Report[]>(`/samples/${sampleId}/reports`) });
  const [correcting, setCorrecting] = useState<Report | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const done = (r: Report, what: string) => {
    message.success(`${what}报告 ${r.reportNo}`);
    qc.invalidateQueries({ queryKey: key });
  };
  const issue = useMutation({
    mutationFn: () => api.post<Report>(`/samples/${sampleId}/report`, {}),
    onSuccess: (r) => done(r, '已出具'),
    onError: (e) => message.error(errorMessage(e)),
  });
  const correct = useMutation({
    mutationFn: (v: { id: string; reason: string }) =>
      api.post<Report>(`/reports/${v.id}/correct`, { reason: v.reason }),
    onSuccess: (r) => {
      setCorrecting(null);
      form.resetFields();
      done(r, '已更正，新版');
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const rows = q.data ?? [];
  const current = rows.find((r) => r.status === 'issued');
  return (
    <Card
      size="small"
      title="检验报告"
      style={{ marginTop: 12 }}
      extra={
        lab && !current && q.isSuccess ? (
          <Button type="primary" loading={issue.isPending} onClick={() => issue.mutate()}>
            出具报告
          </Button>
        ) : null
      }
    >
      {q.isSuccess && !rows.length ? (
        <Typography.Text type="secondary">尚未出具检验报告。</Typography.Text>
      ) : (
        <Table<Report>
          rowKey="id"
          size="small"
          loading={q.isLoading}
          pagination={false}
          dataSource={rows}
          columns={[
            { key: 'no', title: '报告编号', dataIndex: 'reportNo' },
            { key: 'v', title: '版本', render: (_, r) => `第 ${r.version} 版` },
            {
              key: 'status',
              title: '状态',
              render: (_, r) => (r.status === 'issued' ? <Tag color="green">现行</Tag> : <Tag>已被更正</Tag>),
            },
            { key: 'at', title: '签发时间', render: (_, r) => dayjs(r.issuedAt).format('YYYY-MM-DD HH:mm') },
            { key: 'reason', title: '更正原因', render: (_, r) => r.correctionReason ?? '—' },
            {
              key: 'actions',
              title: '操作',
              render: (_, r) => (
                <Space wrap size={4}>
                  <a href={downloadUrl(`/reports/${r.id}.pdf`)} target="_blank" rel="noreferrer">
                    下载 PDF
                  </a>
                  {lab && r.status === 'issued' && (
                    <Button size="small" onClick={() => setCorrecting(r)}>
                      更正
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
      <Modal
        title={correcting ? `更正报告 ${correcting.reportNo}` : '更正报告'}
        open={!!correcting}
        okText="出具更正版"
        confirmLoading={correct.isPending}
        onCancel={() => setCorrecting(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          更正将按当前数据出具新编号的新版本，原报告保留并标为已被更正。
        </Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => correcting && correct.mutate({ id: correcting.id, reason: v.reason })}
        >
          <Form.Item
            name="reason"
            label="更正原因"
            rules={[{ required: true, min: 2, max: 500, message: '请填写更正原因（2–500 字）' }]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
