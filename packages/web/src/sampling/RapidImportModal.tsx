import { InboxOutlined } from '@ant-design/icons';
import type { UserView } from '@nongan/shared/accounts/schemas';
import { LINK_LABELS, RAPID_METHOD_LABELS } from '@nongan/shared/sampling/tests';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Checkbox,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../common/api.ts';
import { optionsOf } from '../common/labels.ts';
import { TownSelect } from '../entities/RegionFilterSelects.tsx';
import { HolderSelect } from './parts.tsx';
import type { BatchResult } from './queries.ts';
import { districtOf, ownTownOf } from './RapidFormPage.tsx';

type Defaults = { holderCode: string; townCode?: string; link: string; method: string; tester?: string };

/** Import of the files rapid-test instruments export (.xlsx/.csv), with the defaults the file lacks. */
export function RapidImportModal({
  open,
  onClose,
  user,
}: {
  open: boolean;
  onClose: () => void;
  user: UserView;
}) {
  const qc = useQueryClient();
  const [form] = Form.useForm<Defaults>();
  const [file, setFile] = useState<File | null>(null);
  const [strict, setStrict] = useState(true);
  const district = districtOf(user);
  const ownTown = ownTownOf(user);
  const holderFixed = ownTown ?? (user.role === 'testing_centre' ? district : undefined);
  const run = useMutation({
    mutationFn: ({ f, d }: { f: File; d: Defaults }) =>
      api.upload<BatchResult>('/rapid-tests/import', f, { ...d, mode: strict ? 'strict' : 'lenient' }),
    onSuccess: (r) => {
      if (r.committed) void qc.invalidateQueries({ queryKey: ['sampling'] });
    },
  });
  const close = () => {
    setFile(null);
    run.reset();
    onClose();
  };
  const start = async () => {
    const d = await form.validateFields();
    if (file) run.mutate({ f: file, d: { ...d, tester: d.tester?.trim() || undefined } });
  };
  const r = run.data;
  const failedRows = r ? new Set(r.errors.map((e) => e.row)).size : 0;
  return (
    <Modal title="批量导入快检记录" open={open} onCancel={close} footer={null} width={820} destroyOnHidden>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          支持快检仪器导出的 .xlsx 或 .csv 文件。可识别的列：样品名称、检测时间、抑制率(%)
          或检测结果（阳性/阴性）、被检单位、检测编号、检测人、仪器编号。文件中没有的信息按下方默认值填写。
        </Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{
            holderCode: holderFixed ?? district,
            townCode: ownTown,
            link: 'pre_harvest_base',
            method: 'enzyme_inhibition',
            tester: user.displayName,
          }}
        >
          <Row gutter={12}>
            <Col xs={12} md={8}>
              <Form.Item name="holderCode" label="承担单位" rules={[{ required: true, message: '请选择' }]}>
                <HolderSelect districtCode={district} only={holderFixed} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="townCode" label="镇街" rules={[{ required: true, message: '请选择镇街' }]}>
                <TownSelect disabled={!!ownTown} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="link" label="抽样环节" rules={[{ required: true, message: '请选择' }]}>
                <Select options={optionsOf(LINK_LABELS)} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="method" label="检测方法" extra="有抑制率的行按酶抑制法">
                <Select options={optionsOf(RAPID_METHOD_LABELS)} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="tester" label="检测人" extra="文件中无检测人时使用">
                <Input maxLength={40} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
        <Upload.Dragger
          accept=".xlsx,.csv"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            run.reset();
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">点击或拖拽 .xlsx / .csv 文件到此处</p>
        </Upload.Dragger>
        <Checkbox checked={strict} onChange={(e) => setStrict(e.target.checked)}>
          严格模式（任一行有错误则全部不导入）
        </Checkbox>
        <Button type="primary" disabled={!file} loading={run.isPending} onClick={start}>
          开始导入
        </Button>
        {run.isError && <Alert type="error" showIcon title={errorMessage(run.error)} />}
        {r && (
          <>
            <Alert
              showIcon
              type={r.errors.length === 0 ? 'success' : r.committed ? 'warning' : 'error'}
              title={
                r.committed
                  ? r.errors.length
                    ? `已导入 ${r.created} 条，${failedRows} 行有错误未导入`
                    : `导入成功，共 ${r.created} 条`
                  : '存在错误，未导入任何数据'
              }
            />
            <Descriptions
              size="small"
              bordered
              column={{ xs: 2, sm: 4 }}
              items={[
                { key: 'total', label: '总行数', children: r.total },
                { key: 'created', label: '已导入', children: r.created },
                {
                  key: 'positive',
                  label: '其中阳性',
                  children: <span style={{ color: r.positive ? '#d32f2f' : undefined }}>{r.positive}</span>,
                },
                { key: 'failed', label: '错误行', children: failedRows },
              ]}
            />
            {r.errors.length > 0 && (
              <Table
                size="small"
                rowKey={(e) => `${e.row}-${e.field}-${e.reason}`}
                dataSource={r.errors}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                scroll={{ x: 480 }}
                columns={[
                  { title: '行', dataIndex: 'row', width: 70 },
                  { title: '列', dataIndex: 'field', width: 120 },
                  { title: '原因', dataIndex: 'reason' },
                ]}
              />
            )}
          </>
        )}
      </Space>
    </Modal>
  );
}
