import { DownloadOutlined, PrinterOutlined, StopOutlined } from '@ant-design/icons';
import { revokeBody, TEST_KIND_LABELS } from '@nongan/shared/certificates/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Row,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { api, downloadUrl } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { applyServerError, zodIssues } from '../common/forms.ts';
import { typeLabel } from '../common/labels.ts';
import { useIsMobile } from '../common/useIsMobile.ts';
import { BasesView, StatusTag, StyleTag } from './parts.tsx';
import {
  type CertificateDetail,
  certKey,
  fmtQty,
  fmtTime,
  ISSUERS,
  SUPERVISORS,
  useCertificate,
} from './queries.ts';
import { TraceEvents } from './TraceEvents.tsx';

type TestRow = CertificateDetail['tests'][number];

export function CertificateDetailPage() {
  const { id = '' } = useParams();
  const me = useMe();
  // The EPCIS file is for systems that exchange trace data (the office, towns); a farmer has no use for it.
  const machineExports = can(me.data?.user, SUPERVISORS);
  const navigate = useNavigate();
  const q = useCertificate(id);
  const [revoking, setRevoking] = useState(false);
  const mobile = useIsMobile();
  if (q.isError) return <ErrorResult error={q.error} retry={() => q.refetch()} />;
  if (!q.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  const c = q.data;
  const issuer = can(me.data?.user, ISSUERS);
  const revoked = c.status === 'revoked';

  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>
          合格证 {c.certNo} <StatusTag status={c.status} />
        </Typography.Title>
        <Space wrap>
          <Button
            type="primary"
            icon={<PrinterOutlined />}
            disabled={revoked}
            onClick={() => navigate(`/certificates/${c.id}/print`)}
          >
            打印标签
          </Button>
          {machineExports && (
            <Button icon={<DownloadOutlined />} href={downloadUrl(`/certificates/${c.id}/epcis`)}>
              EPCIS 导出
            </Button>
          )}
          {issuer && (
            <Button
              danger
              icon={<StopOutlined />}
              disabled={revoked}
              onClick={() => setRevoking(true)}
              data-testid="revoke"
            >
              撤销
            </Button>
          )}
          <Link to="/certificates">返回列表</Link>
        </Space>
      </div>
      {revoked && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={`本合格证已于 ${fmtTime(c.revokedAt)} 撤销`}
          description={`撤销原因：${c.revokeReason ?? '—'}。记录依规留存至 ${c.retainUntil}，扫码显示“已撤销”。`}
        />
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions
          bordered={!mobile}
          layout={mobile ? 'vertical' : 'horizontal'}
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            { key: 'no', label: '合格证编号', children: c.certNo },
            {
              key: 'style',
              label: '类型',
              children: (
                <Space size={4} wrap>
                  <StyleTag style={c.style} />
                  {c.source === 'legacy' && <Tag>旧版导入</Tag>}
                  {c.onBehalf && <Tag>监管人员代开</Tag>}
                  {c.synthetic && <Tag color="orange">演示数据</Tag>}
                </Space>
              ),
            },
            { key: 'product', label: '产品', children: c.productName },
            { key: 'qty', label: '数量（重量）', children: fmtQty(c.quantity, c.unit) },
            { key: 'origin', label: '产地', children: c.origin || '—' },
            {
              key: 'promiser',
              label: c.style === 'buyer' ? '收购者（承诺人）' : '生产者（承诺人）',
              children: (
                <>
                  <Link to={`/entities/${c.entityId}`}>{c.promiser}</Link>
                  <Typography.Text type="secondary">（{typeLabel(c.entityType)}）</Typography.Text>
                </>
              ),
            },
            { key: 'town', label: '镇街', children: c.townName },
            { key: 'contact', label: '联系电话', children: c.contact },
            { key: 'date', label: '开具日期', children: c.issueDate },
            {
              key: 'labels',
              label: '标签',
              children: `共 ${c.labelCount} 张，已打印 ${c.printCount} 次`,
            },
            {
              key: 'lot',
              label: '生产批次',
              children: c.lotId ? (
                <Link to={`/production/lots/${c.lotId}`}>{c.lotNo ?? '查看批次'}</Link>
              ) : (
                '—'
              ),
            },
            { key: 'retain', label: '记录留存至', children: c.retainUntil },
            {
              key: 'code',
              label: '追溯码',
              span: 'filled',
              children: (
                <Typography.Text copyable code style={{ wordBreak: 'break-all' }}>
                  {c.traceCode}
                </Typography.Text>
              ),
            },
            {
              key: 'url',
              label: '扫码地址',
              span: 'filled',
              children: (
                <Typography.Link
                  href={c.traceUrl}
                  target="_blank"
                  copyable={{ text: c.traceUrl }}
                  data-testid="trace-url"
                  style={{ wordBreak: 'break-all' }}
                >
                  {c.traceUrl}
                </Typography.Link>
              ),
            },
            ...(c.digitalLink
              ? [
                  {
                    key: 'dl',
                    label: 'GS1 数字链接',
                    span: 'filled' as const,
                    children: (
                      <Typography.Text copyable style={{ wordBreak: 'break-all' }}>
                        {c.digitalLink}
                      </Typography.Text>
                    ),
                  },
                ]
              : []),
            { key: 'created', label: '录入时间', children: fmtTime(c.createdAt) },
          ]}
        />
      </Card>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={24} md={12}>
          <Card size="small" title="承诺内容" style={{ height: '100%' }}>
            <Typography.Text>
              {c.style === 'buyer' ? '我承诺对收购销售的食用农产品：' : '我承诺对生产销售的食用农产品：'}
            </Typography.Text>
            <ul style={{ margin: '4px 0 0', paddingLeft: 20 }} data-testid="commitments">
              {c.commitments.map((x) => (
                <li key={x}>{x}</li>
              ))}
            </ul>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title="承诺依据" style={{ height: '100%' }}>
            {c.style === 'buyer' && c.bases.length === 0 ? (
              <Typography.Text>依据所收取的合格证（见下方来源）</Typography.Text>
            ) : (
              <BasesView bases={c.bases} legacyBasis={c.legacyBasis} />
            )}
          </Card>
        </Col>
      </Row>
      {c.tests.length > 0 && (
        <Card size="small" title="检测记录" style={{ marginBottom: 12 }}>
          <Table<TestRow>
            rowKey={(t) => `${t.kind}-${t.refId ?? t.refNo}`}
            size="small"
            dataSource={c.tests}
            pagination={false}
            scroll={{ x: 720 }}
            columns={[
              {
                title: '类型',
                dataIndex: 'kind',
                width: 160,
                render: (v: keyof typeof TEST_KIND_LABELS) => TEST_KIND_LABELS[v] ?? v,
              },
              {
                title: '编号',
                dataIndex: 'refNo',
                width: 190,
                render: (v: string, t) =>
                  t.refId && t.kind !== 'report' ? (
                    <Link to={`/monitoring/${t.kind === 'rapid' ? 'rapid' : 'lab'}/${t.refId}`}>{v}</Link>
                  ) : (
                    v
                  ),
              },
              {
                title: '检测项目',
                dataIndex: 'items',
                render: (v: string[]) => v.join('、') || '—',
              },
              {
                title: '结果',
                dataIndex: 'result',
                width: 80,
                render: (v: string) => (
                  <Tag color={v === 'pass' ? 'green' : 'red'}>{v === 'pass' ? '合格' : v}</Tag>
                ),
              },
              {
                title: '检测日期',
                dataIndex: 'testedOn',
                width: 110,
                render: (v: string | null) => v ?? '—',
              },
              { title: '检测机构', dataIndex: 'lab', width: 180, render: (v: string | null) => v ?? '—' },
            ]}
          />
        </Card>
      )}
      {(c.sources.length > 0 || c.usedBy.length > 0) && (
        <Card size="small" title="上下游合格证" style={{ marginBottom: 12 }}>
          {c.sources.length > 0 && (
            <>
              <Typography.Text strong>收取的供货者合格证</Typography.Text>
              <ul data-testid="cert-sources">
                {c.sources.map((s) => (
                  <li key={s.id}>
                    {s.certificateId ? (
                      <Link to={`/certificates/${s.certificateId}`}>{s.certNo}</Link>
                    ) : (
                      s.certNo
                    )}
                    <Typography.Text type="secondary">
                      {' '}
                      · {s.supplier}
                      {s.certificateId ? '' : '（纸质）'}
                    </Typography.Text>
                  </li>
                ))}
              </ul>
            </>
          )}
          {c.usedBy.length > 0 && (
            <>
              <Typography.Text strong>收购者据此开具的合格证</Typography.Text>
              <ul data-testid="cert-used-by">
                {c.usedBy.map((u) => (
                  <li key={u.id}>
                    <Link to={`/certificates/${u.id}`}>{u.certNo}</Link>
                    <Typography.Text type="secondary"> · {u.entityName}</Typography.Text>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Card>
      )}
      <Card size="small" title="扫码查验" style={{ marginBottom: 12 }}>
        <Row gutter={12}>
          <Col xs={8}>
            <Statistic title="扫码次数" value={c.scans.total} />
          </Col>
          <Col xs={8}>
            <Statistic
              title="扫码网络数"
              value={c.scans.places}
              styles={{ content: { color: c.scans.copyWarning ? '#d32f2f' : undefined } }}
            />
          </Col>
          <Col xs={8}>
            <Statistic
              title="最近扫码"
              value={c.scans.last ? fmtTime(c.scans.last) : '—'}
              styles={{ content: { fontSize: 16 } }}
            />
          </Col>
        </Row>
        {c.scans.copyWarning && (
          <Typography.Text type="danger">
            同一追溯码在多个网络、多日被扫描，请核查是否存在标签被复制。
          </Typography.Text>
        )}
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          复制提示的依据：{c.scans.basis}
        </Typography.Paragraph>
      </Card>
      <TraceEvents certificate={c} canShip={issuer && !revoked} machineExport={machineExports} />
      <RevokeModal open={revoking} onClose={() => setRevoking(false)} certificate={c} />
    </>
  );
}

function RevokeModal({
  open,
  onClose,
  certificate,
}: {
  open: boolean;
  onClose: () => void;
  certificate: CertificateDetail;
}) {
  const [form] = Form.useForm<{ reason?: string }>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (body: { reason: string }) =>
      api.post<CertificateDetail>(`/certificates/${certificate.id}/revoke`, body),
    onSuccess: (c) => {
      qc.setQueryData(certKey(c.id), c);
      void qc.invalidateQueries({ queryKey: ['certificates'], predicate: (q) => q.queryKey[1] !== 'one' });
      message.success('已撤销，记录依规留存');
      onClose();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  const submit = (v: { reason?: string }) => {
    setError(null);
    const parsed = revokeBody.safeParse({ reason: v.reason ?? '' });
    if (!parsed.success) {
      form.setFields(zodIssues(parsed.error).map((i) => ({ name: 'reason', errors: [i.reason] })));
      return;
    }
    run.mutate(parsed.data);
  };
  return (
    <Modal
      title={`撤销合格证 ${certificate.certNo}`}
      open={open}
      onCancel={onClose}
      okText="确认撤销"
      okButtonProps={{ danger: true, loading: run.isPending }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        撤销后扫码显示“已撤销”，记录不删除，依规留存至 {certificate.retainUntil}。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item name="reason" label="撤销原因" rules={[{ required: true, message: '请填写撤销原因' }]}>
          <Input.TextArea rows={3} maxLength={200} showCount placeholder="如：信息填写错误，重新开具" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
