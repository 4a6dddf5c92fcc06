import { ROLE_LABELS, type Role, type UserView, userCreateBody } from '@nongan/shared/accounts/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, Form, Input, Modal, Row, Select, Space } from 'antd';
import { useState } from 'react';
import { api } from '../common/api.ts';
import { applyIssues, applyServerError, zodIssues } from '../common/forms.ts';
import { optionsOf } from '../common/labels.ts';
import { divisionOptions, useDivisions } from '../common/regions.ts';
import { ChildSelect, TownSelect } from '../entities/RegionFilterSelects.tsx';
import { EntityPicker } from './EntityPicker.tsx';
import { PasswordStrengthMeter, validateStrength } from './PasswordStrength.tsx';
import { generatePassword } from './password.ts';

type Values = {
  username: string;
  displayName: string;
  role: Role;
  townCode?: string;
  villageCode?: string;
  gridCode?: string;
  entityId?: string;
  password: string;
};

// Which level of region each role is scoped to (the server's SCOPE_LEVELS, as choices in the form).
const DISTRICT_ROLES: Role[] = ['district_admin', 'district_staff', 'testing_centre'];

function scopeOf(v: Values, districtCode: string | undefined): string | null {
  if (v.role === 'producer') return null;
  if (DISTRICT_ROLES.includes(v.role)) return districtCode ?? null;
  if (v.role === 'village_coordinator') return v.gridCode || v.villageCode || null;
  if (v.role === 'market_checker') return v.townCode || districtCode || null;
  return v.townCode ?? null;
}

export function UserCreateModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (u: UserView, password: string) => void;
}) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const role = Form.useWatch('role', form);
  const townCode = Form.useWatch('townCode', form);
  const villageCode = Form.useWatch('villageCode', form);
  const password = Form.useWatch('password', form);
  const inputs = [Form.useWatch('username', form), Form.useWatch('displayName', form)];
  const district = useDivisions({ level: 'town' }).data?.[0]?.districtCode;
  const districtName = divisionOptions(useDivisions({ level: 'district' }).data)[0]?.label ?? '本区';

  const create = useMutation({
    mutationFn: (body: unknown) => api.post<UserView>('/users', body),
    onSuccess: (u) => {
      void qc.invalidateQueries({ queryKey: ['users'] });
      onCreated(u, form.getFieldValue('password') as string);
      form.resetFields();
      onClose();
    },
    onError: (e) => {
      // scopeCode has no field of its own (it comes from the selects), so it lands in the alert.
      setError(applyServerError(form, e));
    },
  });

  const submit = async () => {
    setError(null);
    const v = await form.validateFields();
    const body = {
      username: v.username,
      displayName: v.displayName,
      role: v.role,
      scopeCode: scopeOf(v, district),
      entityId: v.role === 'producer' ? (v.entityId ?? null) : null,
      password: v.password,
    };
    const parsed = userCreateBody.safeParse(body);
    if (!parsed.success) {
      const rest = applyIssues(form, zodIssues(parsed.error));
      if (rest.length) setError(rest.map((i) => i.reason).join('；'));
      return;
    }
    create.mutate(parsed.data);
  };

  const needTown = role === 'town_supervisor' || role === 'village_coordinator';
  return (
    <Modal
      title="新增用户"
      open={open}
      onOk={submit}
      onCancel={onClose}
      okText="创建"
      confirmLoading={create.isPending}
      width={640}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ password: generatePassword() }}
        onValuesChange={(c: Partial<Values>) => {
          if ('role' in c)
            form.setFieldsValue({
              townCode: undefined,
              villageCode: undefined,
              gridCode: undefined,
              entityId: undefined,
            });
          if ('townCode' in c) form.setFieldsValue({ villageCode: undefined, gridCode: undefined });
          if ('villageCode' in c) form.setFieldsValue({ gridCode: undefined });
        }}
      >
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="displayName" label="姓名" rules={[{ required: true, message: '请输入姓名' }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
              <Select options={optionsOf(ROLE_LABELS)} />
            </Form.Item>
          </Col>
          {role && DISTRICT_ROLES.includes(role) && (
            <Col xs={24} md={12}>
              <Form.Item label="所属区域">
                <Input value={districtName} disabled />
              </Form.Item>
            </Col>
          )}
          {(needTown || role === 'market_checker') && (
            <Col xs={24} md={12}>
              <Form.Item
                name="townCode"
                label="镇街"
                rules={needTown ? [{ required: true, message: '请选择镇街' }] : []}
                extra={role === 'market_checker' ? '不选则为全区' : undefined}
              >
                <TownSelect />
              </Form.Item>
            </Col>
          )}
          {role === 'village_coordinator' && (
            <>
              <Col xs={24} md={12}>
                <Form.Item name="villageCode" label="村" rules={[{ required: true, message: '请选择村' }]}>
                  <ChildSelect level="village" parentCode={townCode} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="gridCode" label="网格" extra="可选，不选则为全村">
                  <ChildSelect level="grid" parentCode={villageCode} />
                </Form.Item>
              </Col>
            </>
          )}
          {role === 'producer' && (
            <Col xs={24}>
              <Form.Item name="entityId" label="关联主体" rules={[{ required: true, message: '请选择主体' }]}>
                <EntityPicker />
              </Form.Item>
            </Col>
          )}
          <Col xs={24}>
            <Form.Item
              label="初始密码"
              required
              extra={
                <>
                  <PasswordStrengthMeter password={password} userInputs={inputs} />
                  <div>已自动生成强密码，创建后只显示一次</div>
                </>
              }
            >
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item
                  name="password"
                  noStyle
                  rules={[
                    { required: true, message: '请输入密码' },
                    { validator: (_, v?: string) => validateStrength(v, inputs) },
                  ]}
                >
                  <Input style={{ fontFamily: 'monospace' }} />
                </Form.Item>
                <Button onClick={() => form.setFieldsValue({ password: generatePassword() })}>
                  重新生成
                </Button>
              </Space.Compact>
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
