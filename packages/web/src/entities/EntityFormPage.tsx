import {
  ENTITY_TYPE_LABELS,
  type EntityCreate,
  type EntityView,
  entityCreateBody,
  INDUSTRY_LABELS,
} from '@nongan/shared/entities/schemas';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Spin,
  Switch,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useMe } from '../auth/session.ts';
import { ApiError } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { applyIssues, applyServerError, zodIssues } from '../common/forms.ts';
import { optionsOf } from '../common/labels.ts';
import { createEntity, updateEntity, useEntity, useEntityWrite } from './queries.ts';
import { ChildSelect, TownSelect } from './RegionFilterSelects.tsx';

type Values = {
  name?: string;
  type?: EntityCreate['type'];
  creditCode?: string;
  idCard?: string;
  legalRep?: string;
  phone?: string;
  address?: string;
  townCode?: string;
  villageCode?: string | null;
  gridCode?: string | null;
  industries?: EntityCreate['industries'];
  mainProducts?: string[];
  scale?: string;
  certificateTrial?: boolean;
  traceManaged?: boolean;
  lat?: number | null;
  lng?: number | null;
  remarks?: string;
};

const blank = (v: string | undefined | null) => (v?.trim() ? v : null);

/** Form values → request body: empty text becomes null; an empty ID card on edit keeps the stored one. */
function toBody(v: Values, editing: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ...v,
    creditCode: blank(v.creditCode) ?? (editing ? null : undefined),
    idCard: blank(v.idCard) ?? undefined,
    villageCode: v.villageCode || null,
    gridCode: v.gridCode || null,
    scale: blank(v.scale),
    remarks: blank(v.remarks),
    lat: v.lat ?? null,
    lng: v.lng ?? null,
    mainProducts: v.mainProducts ?? [],
  };
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return body;
}

function toValues(e: EntityView): Values {
  return {
    name: e.name,
    type: e.type,
    creditCode: e.creditCode ?? undefined,
    legalRep: e.legalRep,
    phone: e.phone,
    address: e.address,
    townCode: e.townCode,
    villageCode: e.villageCode,
    gridCode: e.gridCode,
    industries: e.industries,
    mainProducts: e.mainProducts,
    scale: e.scale ?? undefined,
    certificateTrial: e.certificateTrial,
    traceManaged: e.traceManaged,
    lat: e.lat,
    lng: e.lng,
    remarks: e.remarks ?? undefined,
  };
}

export function EntityFormPage() {
  const { id } = useParams();
  const editing = !!id;
  const entity = useEntity(id);
  const me = useMe();
  if (editing && entity.isError) return <ErrorResult error={entity.error} retry={() => entity.refetch()} />;
  if ((editing && !entity.data) || !me.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  const ownTown = me.data.user.scopeCode?.length === 9 ? me.data.user.scopeCode : undefined;
  return <EntityForm key={entity.data?.id ?? 'new'} entity={entity.data} ownTown={ownTown} />;
}

function EntityForm({ entity, ownTown }: { entity?: EntityView; ownTown?: string }) {
  const editing = !!entity;
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [stale, setStale] = useState(false);
  const [topError, setTopError] = useState<string | null>(null);
  const townCode = Form.useWatch('townCode', form);
  const villageCode = Form.useWatch('villageCode', form);
  const type = Form.useWatch('type', form);

  const save = useEntityWrite((body: Record<string, unknown>) =>
    entity
      ? updateEntity(entity.id, { ...body, version: entity.version })
      : createEntity(body as unknown as EntityCreate),
  );

  useEffect(() => {
    if (entity) form.setFieldsValue(toValues(entity));
  }, [entity, form]);

  const submit = async (values: Values) => {
    setTopError(null);
    const body = toBody(values, editing);
    const parsed = entityCreateBody.safeParse(body);
    // On edit an empty ID card means "keep the stored one", so the identity rule is the server's to judge.
    const issues = parsed.success
      ? []
      : zodIssues(parsed.error).filter((i) => !(editing && entity?.idCardMasked && i.field === 'idCard'));
    if (issues.length) {
      const rest = applyIssues(form, issues);
      if (rest.length) setTopError(rest.map((i) => i.reason).join('；'));
      return;
    }
    const clean = parsed.success ? { ...parsed.data } : body;
    if (editing && !body.idCard) delete (clean as Record<string, unknown>).idCard;
    save.mutate(clean as Record<string, unknown>, {
      onSuccess: (e) => {
        message.success(editing ? '已保存' : '已新增主体');
        navigate(`/entities/${e.id}`);
      },
      onError: (e) => {
        if (e instanceof ApiError && e.status === 409 && editing && e.issues.length === 0) {
          setStale(true);
          void qc.invalidateQueries({ queryKey: ['entities', 'one', entity.id] });
          return;
        }
        setTopError(applyServerError(form, e));
      },
    });
  };

  const onValuesChange = (changed: Partial<Values>) => {
    if ('townCode' in changed) form.setFieldsValue({ villageCode: null, gridCode: null });
    if ('villageCode' in changed) form.setFieldsValue({ gridCode: null });
  };

  const col = (node: React.ReactNode, span = 12) => (
    <Col xs={24} md={span}>
      {node}
    </Col>
  );

  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>{editing ? `编辑主体：${entity.name}` : '新增主体'}</Typography.Title>
      </div>
      {stale && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="已被他人修改"
          description="该主体在您编辑期间已被他人修改，已重新加载最新数据，请核对后再保存。"
        />
      )}
      {topError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={topError} />}
      <Card>
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          onValuesChange={onValuesChange}
          initialValues={
            entity
              ? toValues(entity)
              : {
                  certificateTrial: false,
                  traceManaged: false,
                  mainProducts: [],
                  townCode: ownTown,
                }
          }
          scrollToFirstError
        >
          <Row gutter={16}>
            {col(
              <Form.Item name="name" label="名称" rules={[{ required: true, message: '请输入名称' }]}>
                <Input maxLength={100} />
              </Form.Item>,
            )}
            {col(
              <Form.Item name="type" label="主体类型" rules={[{ required: true, message: '请选择主体类型' }]}>
                <Select options={optionsOf(ENTITY_TYPE_LABELS)} />
              </Form.Item>,
            )}
            {col(
              <Form.Item
                name="creditCode"
                label="统一社会信用代码"
                extra={type === 'smallholder' ? '散户可不填，但须填写身份证号' : '18位，含校验位'}
              >
                <Input maxLength={18} style={{ textTransform: 'uppercase' }} />
              </Form.Item>,
            )}
            {col(
              <Form.Item
                name="idCard"
                label="身份证号"
                extra={
                  entity?.idCardMasked
                    ? `已登记：${entity.idCardMasked}（留空则不修改）`
                    : '散户无统一社会信用代码时必填'
                }
              >
                <Input maxLength={18} autoComplete="off" />
              </Form.Item>,
            )}
            {col(
              <Form.Item name="legalRep" label="负责人" rules={[{ required: true, message: '请输入负责人' }]}>
                <Input maxLength={40} />
              </Form.Item>,
            )}
            {col(
              <Form.Item
                name="phone"
                label="联系电话"
                rules={[{ required: true, message: '请输入联系电话' }]}
              >
                <Input inputMode="tel" maxLength={20} />
              </Form.Item>,
            )}
            {col(
              <Form.Item name="townCode" label="镇街" rules={[{ required: true, message: '请选择镇街' }]}>
                <TownSelect disabled={!!ownTown} />
              </Form.Item>,
              8,
            )}
            {col(
              <Form.Item name="villageCode" label="村">
                <ChildSelect level="village" parentCode={townCode} />
              </Form.Item>,
              8,
            )}
            {col(
              <Form.Item name="gridCode" label="网格">
                <ChildSelect level="grid" parentCode={villageCode} />
              </Form.Item>,
              8,
            )}
            {col(
              <Form.Item name="address" label="地址" rules={[{ required: true, message: '请输入地址' }]}>
                <Input maxLength={200} />
              </Form.Item>,
              24,
            )}
            {col(
              <Form.Item
                name="industries"
                label="行业"
                rules={[{ required: true, message: '至少选择一个行业' }]}
              >
                <Select mode="multiple" options={optionsOf(INDUSTRY_LABELS)} />
              </Form.Item>,
            )}
            {col(
              <Form.Item name="mainProducts" label="主要产品" extra="输入后回车，可填多个">
                <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} />
              </Form.Item>,
            )}
            {col(
              <Form.Item name="scale" label="规模" extra="如：种植面积120亩、存栏500头">
                <Input maxLength={60} />
              </Form.Item>,
            )}
            {col(
              <Form.Item name="certificateTrial" label="合格证试行" valuePropName="checked">
                <Switch checkedChildren="是" unCheckedChildren="否" />
              </Form.Item>,
              6,
            )}
            {col(
              <Form.Item name="traceManaged" label="追溯管理" valuePropName="checked">
                <Switch checkedChildren="是" unCheckedChildren="否" />
              </Form.Item>,
              6,
            )}
            {col(
              <Form.Item name="lat" label="纬度">
                <InputNumber min={3} max={54} step={0.000001} style={{ width: '100%' }} />
              </Form.Item>,
              6,
            )}
            {col(
              <Form.Item name="lng" label="经度">
                <InputNumber min={73} max={136} step={0.000001} style={{ width: '100%' }} />
              </Form.Item>,
              6,
            )}
            {col(
              <Form.Item name="remarks" label="备注">
                <Input.TextArea maxLength={500} rows={3} showCount />
              </Form.Item>,
              24,
            )}
          </Row>
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              保存
            </Button>
            <Button onClick={() => navigate(entity ? `/entities/${entity.id}` : '/entities')}>取消</Button>
          </Space>
        </Form>
      </Card>
    </>
  );
}
