import { chinaToday } from '@nongan/shared/common/dates';
import type { TargetsView } from '@nongan/shared/standardisation/schemas';
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  InputNumber,
  Modal,
  Progress,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useMe } from '../auth/session.ts';
import { api } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';
import { pct, STD_OFFICE, useStdMutation, useTargets } from './queries.ts';

const thisYear = Number(chinaToday().slice(0, 4));

function Count({
  title,
  done,
  target,
  unit,
}: {
  title: string;
  done: number;
  target: number | null;
  unit: string;
}) {
  return (
    <Card size="small" data-testid={`target-${title}`}>
      <Typography.Text type="secondary">{title}</Typography.Text>
      <div style={{ fontSize: 20, fontWeight: 600, margin: '4px 0' }}>
        {done}
        <Typography.Text type="secondary" style={{ fontSize: 14 }}>
          {' '}
          / {target ?? '未设定'} {unit}
        </Typography.Text>
      </div>
      {target ? <Progress percent={Math.min(100, Math.round((done / target) * 100))} size="small" /> : null}
    </Card>
  );
}

/** The year's targets (plan 二(五)) and progress, with the office's setting dialog. */
export function TargetCards() {
  const [year, setYear] = useState(thisYear);
  const t = useTargets(year);
  const me = useMe();
  const office = !!me.data && STD_OFFICE.includes(me.data.user.role);
  const [editing, setEditing] = useState(false);
  const v = t.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="small">
      <Space wrap>
        <Select
          aria-label="年度"
          value={year}
          onChange={setYear}
          options={Array.from({ length: thisYear - 2020 }, (_, i) => thisYear - i).map((y) => ({
            value: y,
            label: `${y} 年`,
          }))}
          style={{ width: 110 }}
        />
        {office && v && <Button onClick={() => setEditing(true)}>设定年度目标</Button>}
        {v?.source && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            目标依据：{v.source}
          </Typography.Text>
        )}
      </Space>
      {v && (
        <Row gutter={[12, 12]}>
          <Col xs={12} md={8}>
            <Count title="制（修）订规程" done={v.procedures.done} target={v.procedures.target} unit="项" />
          </Col>
          <Col xs={12} md={8}>
            <Count title="新建三园两场" done={v.bases.done} target={v.bases.target} unit="个" />
          </Col>
          <Col xs={24} md={8}>
            <Card size="small" data-testid="target-reach">
              <Typography.Text type="secondary">标准化入户率</Typography.Text>
              <div style={{ fontSize: 20, fontWeight: 600, margin: '4px 0' }}>
                {year === thisYear ? pct(v.reach.rate) : '—'}
                <Typography.Text type="secondary" style={{ fontSize: 14 }}>
                  {' '}
                  目标 {v.reach.target === null ? '未设定' : pct(v.reach.target)}
                </Typography.Text>
              </div>
              {year !== thisYear && (
                <Typography.Text type="secondary">入户率为当前状态，只显示本年度</Typography.Text>
              )}
            </Card>
          </Col>
        </Row>
      )}
      {editing && v && <TargetsModal v={v} onClose={() => setEditing(false)} />}
    </Space>
  );
}

function TargetsModal({ v, onClose }: { v: TargetsView; onClose: () => void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const save = useStdMutation((b: { procedures: number; bases: number; reachPct: number | null }) =>
    api.put('/standardisation/targets', {
      year: v.year,
      procedures: b.procedures,
      bases: b.bases,
      reachRate: b.reachPct === null || b.reachPct === undefined ? null : b.reachPct / 100,
      source: v.source,
    }),
  );
  return (
    <Modal
      open
      title={`${v.year} 年标准化生产目标`}
      onCancel={onClose}
      confirmLoading={save.isPending}
      onOk={() =>
        form
          .validateFields()
          .then((b) =>
            save.mutate(b, { onSuccess: onClose, onError: (e) => setError(applyServerError(form, e)) }),
          )
      }
    >
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          procedures: v.procedures.target ?? 0,
          bases: v.bases.target ?? 0,
          reachPct: v.reach.target === null ? null : Math.round(v.reach.target * 1000) / 10,
        }}
      >
        <Form.Item name="procedures" label="制（修）订规程（项）" rules={[{ required: true }]}>
          <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="bases" label="新建示范基地（个）" rules={[{ required: true }]}>
          <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reachPct" label="标准化入户率目标（%，计划未给出数值，可不填）">
          <InputNumber min={0} max={100} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
