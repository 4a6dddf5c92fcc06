import type { UserView } from '@nongan/shared/accounts/schemas';
import { LINK_LABELS, RAPID_METHOD_LABELS } from '@nongan/shared/sampling/tests';
import { Col, Form, Input, Row, Select } from 'antd';
import { api } from '../common/api.ts';
import {
  failedRowCount,
  ImportControls,
  ImportModalFrame,
  ImportSummary,
  RowErrorsTable,
  useImport,
} from '../common/ImportParts.tsx';
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
  const [form] = Form.useForm<Defaults>();
  const district = districtOf(user);
  const ownTown = ownTownOf(user);
  const holderFixed = ownTown ?? (user.role === 'testing_centre' ? district : undefined);
  const imp = useImport({
    upload: (f, mode, d: Defaults) => api.upload<BatchResult>('/rapid-tests/import', f, { ...d, mode }),
    invalidate: ['sampling'],
    strict: true,
    onClose,
  });
  const start = async () => {
    const d = await form.validateFields();
    imp.start({ ...d, tester: d.tester?.trim() || undefined });
  };
  const r = imp.result;
  const failedRows = r ? (r.failed ?? failedRowCount(r.errors)) : 0;
  return (
    <ImportModalFrame
      title="批量导入快检记录"
      width={820}
      open={open}
      onCancel={imp.close}
      intro={
        <>
          支持快检仪器导出的 .xlsx 或 .csv 文件。可识别的列：样品名称、检测时间、抑制率(%)
          或检测结果（阳性/阴性）、被检单位、检测编号、检测人、仪器编号。文件中没有的信息按下方默认值填写。
        </>
      }
    >
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
      <ImportControls
        imp={imp}
        onStart={start}
        accept=".xlsx,.csv"
        dropText="点击或拖拽 .xlsx / .csv 文件到此处"
      />
      {r && (
        <>
          <ImportSummary
            clean={r.errors.length === 0}
            committed={r.committed}
            title={
              r.committed
                ? r.errors.length
                  ? `已导入 ${r.created} 条，${failedRows} 行有错误未导入`
                  : `导入成功，共 ${r.created} 条`
                : '存在错误，未导入任何数据'
            }
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
          {r.errorsTruncated && (
            <div style={{ margin: '8px 0', color: '#8c8c8c' }}>仅显示前 {r.errors.length} 条错误</div>
          )}
          {r.errors.length > 0 && <RowErrorsTable errors={r.errors} field="field" width={120} />}
        </>
      )}
    </ImportModalFrame>
  );
}
