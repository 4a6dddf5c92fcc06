import { PlusOutlined, ScanOutlined } from '@ant-design/icons';
import type { UserView } from '@nongan/shared/accounts/schemas';
import { buyerIssueBody, COMMITMENTS, receiveBody } from '@nongan/shared/certificates/schemas';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Result,
  Row,
  Segmented,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { ApiError, api, errorMessage, type Page } from '../common/api.ts';
import { zodIssues } from '../common/forms.ts';
import { ScanButton } from '../common/ScanButton.tsx';
import { useIsMobile } from '../common/useIsMobile.ts';
import { EntityPicker } from '../users/EntityPicker.tsx';
import { fieldLabel, placeIssues } from './checks.ts';
import { ProductInput, useEntityOne, useProducts } from './parts.tsx';
import {
  type CertificateDetail,
  chinaToday,
  fmtQty,
  ISSUERS,
  type Received,
  UNIT_OPTIONS,
  type Unit,
} from './queries.ts';

const SOURCE_STATUS: Record<string, { label: string; color: string }> = {
  valid: { label: '平台合格证·有效', color: 'green' },
  revoked: { label: '平台合格证·已撤销', color: 'red' },
  paper: { label: '纸质合格证', color: 'default' },
};

export function BuyerPage() {
  const me = useMe();
  if (!me.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (!can(me.data.user, ISSUERS)) return <Result status="403" title="无权开具合格证" />;
  if (me.data.user.role === 'producer' && !me.data.user.entityId)
    return <Result status="403" title="账号未绑定生产经营主体" />;
  return <Buyer user={me.data.user} />;
}

function Buyer({ user }: { user: UserView }) {
  const producer = user.role === 'producer';
  const mobile = useIsMobile();
  const [buyerId, setBuyerId] = useState<string | undefined>(
    producer ? (user.entityId ?? undefined) : undefined,
  );
  const [chosen, setChosen] = useState<Received[]>([]);
  const [receiving, setReceiving] = useState(false);
  const [page, setPage] = useState(1);
  const [onlyUnused, setOnlyUnused] = useState(true);
  const buyer = useEntityOne(buyerId);
  const received = useQuery({
    queryKey: ['certificates', 'received', buyerId, onlyUnused, page],
    queryFn: () =>
      api.get<Page<Received>>('/certificates/received', {
        receiverId: buyerId,
        unused: onlyUnused ? 'true' : undefined,
        page,
        pageSize: 50,
      }),
    enabled: !!buyerId,
    placeholderData: (prev) => prev,
  });
  const rows = received.data?.items ?? [];

  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>收购者开具合格证</Typography.Title>
        <Link to="/certificates/new">生产者开具</Link>
      </div>
      <Typography.Paragraph type="secondary">
        收购者混批、分批销售时，凭收取、查验并留存的供货者合格证重新开具，追溯链经由收购者延续。收取的合格证记录至少留存6个月。
      </Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Row gutter={[12, 8]} align="middle">
          <Col xs={24} md={12}>
            <Typography.Text type="secondary">收购主体</Typography.Text>
            {producer ? (
              <div>
                <Typography.Text strong>{buyer.data?.name ?? user.scopeName ?? '本主体'}</Typography.Text>
              </div>
            ) : (
              <EntityPicker
                value={buyerId}
                onChange={(v) => {
                  setBuyerId(v);
                  setChosen([]);
                  setPage(1);
                }}
              />
            )}
          </Col>
          <Col xs={24} md={12} style={{ textAlign: mobile ? 'left' : 'right' }}>
            <Space wrap>
              <Segmented
                value={onlyUnused ? 'unused' : 'all'}
                onChange={(v) => {
                  setOnlyUnused(v === 'unused');
                  setPage(1);
                }}
                options={[
                  { value: 'unused', label: '未使用' },
                  { value: 'all', label: '全部' },
                ]}
              />
              <Button
                type="primary"
                icon={<ScanOutlined />}
                disabled={!buyerId}
                onClick={() => setReceiving(true)}
              >
                登记收取的合格证
              </Button>
            </Space>
          </Col>
        </Row>
      </Card>
      {!buyerId ? (
        <Alert type="info" showIcon title="请先选择收购主体" />
      ) : received.isError ? (
        <Alert type="error" showIcon title={errorMessage(received.error)} />
      ) : (
        <Card size="small" title="收取的合格证" style={{ marginBottom: 12 }}>
          <Table<Received>
            rowKey="id"
            size="small"
            loading={received.isFetching}
            dataSource={rows}
            scroll={{ x: 900 }}
            locale={{ emptyText: '暂无收取记录，请先登记收取的合格证' }}
            rowSelection={{
              preserveSelectedRowKeys: true,
              selectedRowKeys: chosen.map((r) => r.id),
              onChange: (_, picked) => setChosen(picked.filter(Boolean)),
              getCheckboxProps: (r) => ({
                disabled: !!r.usedInCertificateId || r.sourceStatus === 'revoked',
                'aria-label': `选择 ${r.certNo}`,
              }),
            }}
            pagination={{
              current: page,
              pageSize: 50,
              total: received.data?.total ?? 0,
              onChange: setPage,
              hideOnSinglePage: true,
            }}
            columns={[
              {
                title: '合格证编号',
                dataIndex: 'certNo',
                width: 190,
                render: (v: string, r) =>
                  r.sourceCertificateId ? <Link to={`/certificates/${r.sourceCertificateId}`}>{v}</Link> : v,
              },
              { title: '供货者', dataIndex: 'supplier', width: 180, ellipsis: true },
              { title: '产品', dataIndex: 'productName', width: 90 },
              {
                title: '数量',
                key: 'qty',
                width: 110,
                align: 'right',
                render: (_, r) => fmtQty(r.quantity, r.unit),
              },
              { title: '收取日期', dataIndex: 'receivedOn', width: 110 },
              {
                title: '来源',
                dataIndex: 'sourceStatus',
                width: 150,
                render: (v: string) => {
                  const s = SOURCE_STATUS[v];
                  return <Tag color={s?.color}>{s?.label ?? v}</Tag>;
                },
              },
              {
                title: '使用',
                dataIndex: 'usedInCertificateId',
                width: 100,
                render: (v: string | null) => (v ? <Link to={`/certificates/${v}`}>已开具</Link> : '未使用'),
              },
              { title: '留存至', dataIndex: 'retainUntil', width: 110 },
            ]}
          />
        </Card>
      )}
      {buyerId && (
        <BuyerIssueForm
          buyerId={buyerId}
          chosen={chosen}
          defaultContact={buyer.data?.phone ?? ''}
          key={buyerId}
        />
      )}
      {buyerId && <ReceiveModal open={receiving} onClose={() => setReceiving(false)} receiverId={buyerId} />}
    </>
  );
}

type IssueValues = {
  product?: string;
  quantity?: number | null;
  unit?: Unit;
  contact?: string;
  issueDate?: Dayjs;
  labelCount?: number | null;
};
const ISSUE_FIELDS = ['product', 'quantity', 'unit', 'contact', 'issueDate', 'labelCount'] as const;

function BuyerIssueForm({
  buyerId,
  chosen,
  defaultContact,
}: {
  buyerId: string;
  chosen: Received[];
  defaultContact: string;
}) {
  const [form] = Form.useForm<IssueValues>();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (defaultContact && !form.getFieldValue('contact')) form.setFieldValue('contact', defaultContact);
  }, [defaultContact, form]);
  // The chosen lots' product and total, when they agree, as a starting point.
  const catalog = useProducts();
  const products = [...new Set(chosen.map((r) => r.productName || catalog.nameOf(r.productCode)))];
  const units = [...new Set(chosen.map((r) => r.unit))];
  const firstProduct = products.length === 1 ? products[0] : undefined;
  const sameUnit = units.length === 1 ? units[0] : undefined;
  const total = chosen.reduce((s, r) => s + r.quantity, 0);
  const key = chosen.map((r) => r.id).join(',');
  useEffect(() => {
    if (!key) return;
    if (firstProduct) form.setFieldValue('product', firstProduct);
    if (sameUnit) form.setFieldsValue({ unit: sameUnit as Unit, quantity: total });
  }, [key, firstProduct, sameUnit, total, form]);

  const save = useMutation({
    mutationFn: (b: unknown) => api.post<CertificateDetail>('/certificates/buyer', b),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ['certificates'] });
      message.success(`已开具收购者合格证 ${c.certNo}`);
      navigate(`/certificates/${c.id}`);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.issues.length) {
        const rest = placeIssues(form, e.issues, ISSUE_FIELDS);
        setError(rest.length ? rest.map((i) => `${fieldLabel(i.field)}：${i.reason}`).join('；') : e.message);
      } else setError(errorMessage(e));
    },
  });
  const submit = (v: IssueValues) => {
    setError(null);
    const body = {
      entityId: buyerId,
      product: v.product?.trim(),
      quantity: v.quantity ?? undefined,
      unit: v.unit,
      contact: v.contact?.trim(),
      issueDate: v.issueDate?.format('YYYY-MM-DD'),
      receivedIds: chosen.map((r) => r.id),
      labelCount: v.labelCount ?? 1,
    };
    const parsed = buyerIssueBody.safeParse(body);
    if (!parsed.success) {
      const rest = placeIssues(form, zodIssues(parsed.error), ISSUE_FIELDS);
      if (rest.length) setError(rest.map((i) => `${fieldLabel(i.field)}：${i.reason}`).join('；'));
      return;
    }
    save.mutate(parsed.data);
  };
  return (
    <Card size="small" title={`开具收购者合格证（已选 ${chosen.length} 张收取的合格证）`}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<IssueValues>
        form={form}
        name="buyer-issue"
        layout="vertical"
        onFinish={submit}
        initialValues={{ unit: 'kg', issueDate: dayjs(chinaToday()), labelCount: 1 }}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="product" label="产品" rules={[{ required: true, message: '请选择产品' }]}>
              <ProductInput />
            </Form.Item>
          </Col>
          <Col xs={14} md={5}>
            <Form.Item
              name="quantity"
              label="数量（重量）"
              rules={[{ required: true, message: '请填写数量' }]}
            >
              <InputNumber min={0} inputMode="decimal" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={10} md={3}>
            <Form.Item name="unit" label="单位">
              <Select options={UNIT_OPTIONS} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="contact"
              label="联系电话"
              rules={[{ required: true, message: '请填写联系电话' }]}
            >
              <Input inputMode="tel" maxLength={20} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="issueDate" label="开具日期" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker
                style={{ width: '100%' }}
                disabledDate={(d) => d.isAfter(dayjs(chinaToday()), 'day')}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="labelCount" label="标签数量">
              <InputNumber min={1} max={500} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Card size="small" style={{ marginBottom: 16, background: '#f9f0ff' }}>
          <Typography.Text strong>我承诺对收购销售的食用农产品：</Typography.Text>
          <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
            {COMMITMENTS.buyer.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </Card>
        <Button type="primary" htmlType="submit" loading={save.isPending} disabled={chosen.length === 0}>
          开具
        </Button>
        {chosen.length === 0 && (
          <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
            请在上表勾选本批产品对应的收取合格证
          </Typography.Text>
        )}
      </Form>
    </Card>
  );
}

type ReceiveValues = {
  way: 'code' | 'paper';
  code?: string;
  certNo?: string;
  supplier?: string;
  product?: string;
  quantity?: number | null;
  unit?: Unit;
  receivedOn?: Dayjs;
};
const RECEIVE_FIELDS = ['code', 'certNo', 'supplier', 'product', 'quantity', 'unit', 'receivedOn'] as const;

/** Records a certificate that came with a lot: its trace code (scanned or typed) or the paper's details. */
function ReceiveModal({
  open,
  onClose,
  receiverId,
}: {
  open: boolean;
  onClose: () => void;
  receiverId: string;
}) {
  const [form] = Form.useForm<ReceiveValues>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const way = Form.useWatch('way', form) ?? 'code';
  const save = useMutation({
    mutationFn: (b: unknown) => api.post<Received>('/certificates/received', b),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['certificates', 'received'] });
      message.success(`已登记收取 ${r.certNo}（${r.supplier}）`);
      form.resetFields(['code', 'certNo', 'supplier', 'product', 'quantity']);
      setError(null);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.issues.length) {
        const rest = placeIssues(form, e.issues, RECEIVE_FIELDS);
        setError(rest.length ? rest.map((i) => `${fieldLabel(i.field)}：${i.reason}`).join('；') : e.message);
      } else setError(errorMessage(e));
    },
  });
  const submit = (v: ReceiveValues) => {
    setError(null);
    const body: Record<string, unknown> =
      v.way === 'code'
        ? { code: v.code?.trim() || undefined }
        : {
            certNo: v.certNo?.trim() || undefined,
            supplier: v.supplier?.trim() || undefined,
            product: v.product?.trim() || undefined,
          };
    Object.assign(body, {
      receiverId,
      quantity: v.quantity ?? undefined,
      unit: v.unit,
      receivedOn: v.receivedOn?.format('YYYY-MM-DD'),
    });
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    const parsed = receiveBody.safeParse(body);
    if (!parsed.success) {
      const rest = placeIssues(form, zodIssues(parsed.error), RECEIVE_FIELDS);
      if (rest.length) setError(rest.map((i) => `${fieldLabel(i.field)}：${i.reason}`).join('；'));
      return;
    }
    save.mutate(parsed.data);
  };
  return (
    <Modal title="登记收取的合格证" open={open} onCancel={onClose} footer={null} destroyOnHidden width={640}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<ReceiveValues>
        form={form}
        name="receive"
        layout="vertical"
        onFinish={submit}
        initialValues={{ way: 'code', unit: 'kg', receivedOn: dayjs(chinaToday()) }}
      >
        <Form.Item name="way">
          <Segmented
            options={[
              { value: 'code', label: '扫码/输入追溯码' },
              { value: 'paper', label: '纸质合格证' },
            ]}
          />
        </Form.Item>
        {way === 'code' ? (
          <Form.Item
            name="code"
            label="追溯码或扫码地址"
            extra="用手机摄像头或扫码枪扫描标签二维码，或粘贴二维码地址；平台核验签名真伪"
            rules={[{ required: true, message: '请扫描或输入追溯码' }]}
          >
            <Input
              autoFocus
              allowClear
              placeholder="https://…/t/…"
              suffix={
                <ScanButton
                  type="text"
                  size="small"
                  title="扫描合格证二维码"
                  onScan={(text) => form.setFieldValue('code', text)}
                />
              }
            />
          </Form.Item>
        ) : (
          <Row gutter={8}>
            <Col xs={24} md={12}>
              <Form.Item name="certNo" label="合格证编号" rules={[{ required: true, message: '请填写编号' }]}>
                <Input maxLength={60} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="supplier" label="供货者" rules={[{ required: true, message: '请填写供货者' }]}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="product" label="产品" rules={[{ required: true, message: '请选择产品' }]}>
                <ProductInput />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Row gutter={8}>
          <Col xs={14} md={8}>
            <Form.Item name="quantity" label="收取数量" rules={[{ required: true, message: '请填写数量' }]}>
              <InputNumber min={0} inputMode="decimal" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={10} md={6}>
            <Form.Item name="unit" label="单位">
              <Select options={UNIT_OPTIONS} />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="receivedOn" label="收取日期" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker
                style={{ width: '100%' }}
                disabledDate={(d) => d.isAfter(dayjs(chinaToday()), 'day')}
              />
            </Form.Item>
          </Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={save.isPending}>
            登记
          </Button>
          <Button onClick={onClose}>完成</Button>
        </Space>
      </Form>
    </Modal>
  );
}
