import { SendOutlined } from '@ant-design/icons';
import { shipBody, TRACE_EVENT_LABELS } from '@nongan/shared/certificates/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Divider,
  Form,
  Input,
  InputNumber,
  Row,
  Space,
  Spin,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, downloadUrl, errorMessage } from '../common/api.ts';
import { applyServerError, zodIssues } from '../common/forms.ts';
import { cstIso } from '../sampling/queries.ts';
import { EntityPicker } from '../users/EntityPicker.tsx';
import { type CertificateDetail, fmtQty, fmtTime, type TraceEvent, unitLabel, useEvents } from './queries.ts';

const COLORS: Record<string, string> = {
  commission: 'green',
  ship: 'blue',
  receive: 'cyan',
  inspect: 'orange',
  transform: 'purple',
};

function describe(e: TraceEvent): string {
  const d = e.detail ?? {};
  const parts: string[] = [];
  if (e.placeName) parts.push(e.placeName);
  if (e.quantity != null) parts.push(fmtQty(e.quantity, e.unit));
  const to = d.toName ?? d.toEntityName;
  if (typeof to === 'string' && to) parts.push(`至 ${to}`);
  const result = d.result ?? d.resultLabel;
  if (typeof result === 'string' && result) parts.push(result);
  return parts.join(' · ');
}

/** The lot's history (commission, ship, receive, inspect, transform) and a form to record shipping. */
export function TraceEvents({
  certificate,
  canShip,
  machineExport,
}: {
  certificate: CertificateDetail;
  canShip: boolean;
  machineExport: boolean;
}) {
  const events = useEvents(certificate.id);
  const items = events.data?.items ?? [];
  return (
    <Card
      size="small"
      title="追溯记录"
      style={{ marginBottom: 12 }}
      extra={
        machineExport && (
          <Typography.Link
            href={downloadUrl(`/certificates/${certificate.id}/epcis`)}
            data-testid="epcis-link"
          >
            下载 EPCIS 2.0（JSON-LD）
          </Typography.Link>
        )
      }
    >
      {events.isError ? (
        <Alert type="error" showIcon title={errorMessage(events.error)} />
      ) : events.isPending ? (
        <Spin />
      ) : (
        <Timeline
          data-testid="trace-events"
          items={items.map((e) => ({
            key: e.id,
            color: COLORS[e.type] ?? 'gray',
            content: (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{TRACE_EVENT_LABELS[e.type] ?? e.type}</Typography.Text>
                <Typography.Text type="secondary">{fmtTime(e.at)}</Typography.Text>
                <Typography.Text>{describe(e)}</Typography.Text>
              </Space>
            ),
          }))}
        />
      )}
      {canShip && <ShipForm certificate={certificate} />}
    </Card>
  );
}

type ShipValues = { toEntityId?: string; toName?: string; at?: Dayjs; quantity?: number | null };

function ShipForm({ certificate }: { certificate: CertificateDetail }) {
  const [form] = Form.useForm<ShipValues>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const ship = useMutation({
    mutationFn: (body: unknown) => api.post<TraceEvent>(`/certificates/${certificate.id}/events`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['certificates', 'events', certificate.id] });
      message.success('已记录发出');
      form.resetFields();
    },
    onError: (e) => setError(applyServerError(form, e)),
  });
  const submit = (v: ShipValues) => {
    setError(null);
    const body: Record<string, unknown> = {
      toEntityId: v.toEntityId || undefined,
      toName: v.toName?.trim() || undefined,
      at: v.at ? cstIso(v.at.toDate()) : undefined,
      quantity: v.quantity ?? undefined,
    };
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    if (!body.toEntityId && !body.toName) {
      form.setFields([{ name: 'toName', errors: ['请选择收货主体或填写收货方'] }]);
      return;
    }
    const parsed = shipBody.safeParse(body);
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      form.setFields(issues.map((i) => ({ name: i.field as keyof ShipValues, errors: [i.reason] })));
      return;
    }
    ship.mutate(body);
  };
  return (
    <>
      <Divider plain titlePlacement="start" style={{ margin: '4px 0 0' }}>
        记录发出
      </Divider>
      {error && <Alert type="error" showIcon title={error} style={{ margin: '8px 0' }} />}
      <Form<ShipValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ at: dayjs() }}
        style={{ marginTop: 8 }}
      >
        <Row gutter={8}>
          <Col xs={24} md={7}>
            <Form.Item name="toEntityId" label="收货主体（名录内）">
              <EntityPicker />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="toName" label="或收货方名称">
              <Input maxLength={100} placeholder="如：重庆某农贸市场" />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item name="at" label="发出时间" rules={[{ required: true, message: '请选择时间' }]}>
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="quantity" label={`数量（${unitLabel(certificate.unit)}）`}>
              <InputNumber min={0} inputMode="decimal" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={2}>
            <Form.Item label=" ">
              <Button htmlType="submit" icon={<SendOutlined />} loading={ship.isPending}>
                发出
              </Button>
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </>
  );
}
