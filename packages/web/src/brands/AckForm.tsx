import type { Purpose } from '@nongan/shared/dossier/four-links';
import { Checkbox, Form } from 'antd';
import { EligibilityPanel } from './EligibilityPanel.tsx';
import { useEligibility } from './queries.ts';

/** The four-links panel for the picked entity, and the 已知悉 box when it only warns. */
export function FourLinksFields({ entityId, purpose }: { entityId: string | undefined; purpose: Purpose }) {
  const v = useEligibility(entityId, purpose).data?.verdict;
  if (!entityId) return null;
  return (
    <>
      <div style={{ marginBottom: 12 }}>
        <EligibilityPanel entityId={entityId} purpose={purpose} />
      </div>
      {v === 'warn' && (
        <Form.Item
          name="acknowledge"
          valuePropName="checked"
          rules={[
            {
              validator: (_, x) =>
                x ? Promise.resolve() : Promise.reject(new Error('请确认已知悉上述提示')),
            },
          ]}
        >
          <Checkbox>已知悉上述“四挂钩”提示，仍予通过（记入操作日志）</Checkbox>
        </Form.Item>
      )}
    </>
  );
}
