import { BASIS_LABELS } from '@nongan/shared/certificates/schemas';
import { api } from '../common/api.ts';
import {
  failedRowCount,
  ImportControls,
  ImportModalFrame,
  ImportSummary,
  RowErrorsTable,
  TemplateLink,
  useImport,
} from '../common/ImportParts.tsx';
import type { LegacyImport } from './queries.ts';

/** Certificates made under the older (four-basis) template: template, upload, strict mode, row errors. */
export function LegacyImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const imp = useImport({
    upload: (f, mode) => api.upload<LegacyImport>('/certificates/legacy/import', f, { mode }),
    invalidate: ['certificates'],
    strict: true,
    onClose,
  });
  const r = imp.result;
  const failedRows = r ? failedRowCount(r.errors) : 0;
  return (
    <ImportModalFrame
      title="导入旧版合格证"
      width={760}
      open={open}
      onCancel={imp.close}
      intro={
        <>
          按旧版（试行）模板开具的合格证可批量导入，导入后可扫码查验。旧模板的四项依据按现行三项显示：
          自我承诺、内部质量控制 → {BASIS_LABELS.quality_control}；自行检测 → {BASIS_LABELS.self_test}
          ；委托检测 → {BASIS_LABELS.entrusted_test}（原依据一并保留）。
          <TemplateLink path="/certificates/legacy/template.xlsx" />
        </>
      }
    >
      <ImportControls imp={imp} onStart={imp.start} />
      {r && (
        <>
          <ImportSummary
            clean={r.errors.length === 0}
            committed={r.committed}
            title={
              r.committed
                ? r.errors.length
                  ? `已导入 ${r.created} 张，${failedRows} 行有错误未导入`
                  : `导入成功，共 ${r.created} 张`
                : r.errors.length
                  ? '存在错误，未导入任何数据'
                  : '文件中没有可导入的合格证'
            }
            column={{ xs: 2, sm: 4 }}
            items={[
              { key: 'total', label: '总行数', children: r.total },
              { key: 'created', label: '导入', children: r.created },
              { key: 'failed', label: '有错误的行', children: failedRows },
              { key: 'committed', label: '已提交', children: r.committed ? '是' : '否' },
            ]}
          />
          {r.errors.length > 0 && <RowErrorsTable errors={r.errors} field="field" width={200} />}
        </>
      )}
    </ImportModalFrame>
  );
}
