import { CameraOutlined, DeleteOutlined } from '@ant-design/icons';
import { ITEM_RESULT_LABELS, type ItemResult } from '@nongan/shared/inspections/schemas';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Input, Radio, Space, Tag, Typography } from 'antd';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import './inspections.css';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../common/api.ts';
import { typeLabel } from '../common/labels.ts';
import { ScanButton } from '../common/ScanButton.tsx';
import { type LookupView, lookupEntity, newClientId, submitInspection } from './queries.ts';

/**
 * The camera scanner under the search box: it calls `onCode` with the text it read (a trace-code
 * URL, a bare code or an entity's code). The phone camera (common/ScanButton) unless a test or
 * another page supplies its own.
 */
export type ScannerRender = (onCode: (text: string) => void) => ReactNode;
const cameraScanner: ScannerRender = (onCode) => (
  <ScanButton onScan={onCode} label="扫码查找" title="扫描合格证或主体二维码" block />
);

type Answer = { result?: ItemResult; note: string; photos: File[] };

const MAX_PHOTO_MB = 5;
const TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/** 巡查: find the entity (typed or scanned code), then one card per checklist item. */
export function InspectionFormPage({ scanner = cameraScanner }: { scanner?: ScannerRender } = {}) {
  const [params] = useSearchParams();
  const [code, setCode] = useState('');
  const [found, setFound] = useState<LookupView | null>(null);
  const [lookupError, setLookupError] = useState<string | null>(null);
  const [looking, setLooking] = useState(false);

  const find = async (text: string) => {
    const v = text.trim();
    if (!v) return;
    setLooking(true);
    setLookupError(null);
    try {
      const hit = await lookupEntity(v);
      setFound(hit);
      setCode(hit.entityName);
    } catch (e) {
      setFound(null);
      setLookupError(e instanceof ApiError ? (e.issues[0]?.reason ?? e.message) : String(e));
    } finally {
      setLooking(false);
    }
  };
  // A link from the duty list names the entity: look it up at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on arrival
  useEffect(() => {
    const id = params.get('entityId');
    // The id stays out of the box: people read the entity's name below it.
    if (id) void find(id);
  }, []);

  return (
    <div style={{ maxWidth: 760 }}>
      <div className="page-header">
        <Typography.Title level={4}>巡查检查</Typography.Title>
      </div>
      <Card size="small" title="巡查对象" className="insp-lookup" style={{ marginBottom: 12 }}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Input.Search
            aria-label="追溯码或主体代码"
            placeholder="输入或扫描合格证追溯码、统一社会信用代码、主体名称"
            enterButton="查找"
            size="large"
            value={code}
            loading={looking}
            onChange={(e) => setCode(e.target.value)}
            onSearch={find}
          />
          {scanner?.((text) => void find(text))}
          {lookupError && <Alert type="error" showIcon title={lookupError} />}
          {found && (
            <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
              <Descriptions.Item label="主体">{found.entityName}</Descriptions.Item>
              <Descriptions.Item label="类型">{typeLabel(found.entityType)}</Descriptions.Item>
              <Descriptions.Item label="所在地">
                {[found.townName, found.villageName, found.gridName].filter(Boolean).join(' · ')}
              </Descriptions.Item>
              <Descriptions.Item label="待完成任务">{found.openDuties} 项</Descriptions.Item>
            </Descriptions>
          )}
        </Space>
      </Card>
      {found && <ChecklistForm key={found.entityId} target={found} />}
    </div>
  );
}

function ChecklistForm({ target }: { target: LookupView }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const items = target.checklist.items;
  // One client id per form: a retried or replayed submit finds the same record.
  const clientId = useMemo(newClientId, []);
  const [answers, setAnswers] = useState<Record<string, Answer>>(() =>
    Object.fromEntries(items.map((i) => [i.key, { note: '', photos: [] }])),
  );
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [queued, setQueued] = useState(false);
  const set = (key: string, patch: Partial<Answer>) =>
    setAnswers((a) => ({ ...a, [key]: { ...(a[key] as Answer), ...patch } }));

  const check = () => {
    const e: Record<string, string> = {};
    for (const i of items) {
      const a = answers[i.key] as Answer;
      if (!a.result) e[i.key] = '请选择检查结果';
      else if (a.result === 'fail' && !a.note.trim()) e[i.key] = '不合格项须写明问题';
    }
    setErrors(e);
    return Object.keys(e).length === 0;
  };

  const onSubmit = async () => {
    if (!check()) {
      message.error('还有检查项目未填写完整');
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const out = await submitInspection(
        {
          clientId,
          entityId: target.entityId,
          checklistId: target.checklist.id,
          inspectedAt: new Date().toISOString(),
          items: items.map((i) => {
            const a = answers[i.key] as Answer;
            return { key: i.key, result: a.result as ItemResult, note: a.note.trim() || null };
          }),
          note: note.trim() || null,
        },
        items.flatMap((i) => (answers[i.key] as Answer).photos.map((file) => ({ itemKey: i.key, file }))),
        `巡查 ${target.entityName}${failed ? ` · ${failed} 项不合格` : ''}`,
      );
      if (!out.sent) {
        // No network: kept on this device with its photos, sent by the outbox when it returns.
        setQueued(true);
        message.info('已保存在本机，联网后自动同步');
        return;
      }
      const saved = out.data;
      await qc.invalidateQueries({ queryKey: ['inspections'] });
      message.success(
        saved.failedCount ? `已保存，${saved.failedCount} 项不合格，已下达整改` : '已保存，全部合格',
      );
      navigate(`/inspections/${saved.id}`);
    } catch (e) {
      if (e instanceof ApiError) {
        const byItem: Record<string, string> = {};
        for (const i of e.issues) {
          const m = i.field.match(/^items\.(\d+)\./);
          const key = m ? items[Number(m[1])]?.key : undefined;
          if (key) byItem[key] = i.reason;
        }
        setErrors(byItem);
        setFailure(e.issues.length ? e.issues.map((i) => i.reason).join('；') : e.message);
      } else setFailure(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const failed = items.filter((i) => answers[i.key]?.result === 'fail').length;
  return (
    <>
      <Typography.Paragraph type="secondary">
        检查表第 {target.checklist.version} 版（{target.checklist.entityTypeName}）
        {target.checklist.source ? `，依据：${target.checklist.source}` : ''}
      </Typography.Paragraph>
      <Button
        style={{ marginBottom: 12 }}
        onClick={() =>
          setAnswers((a) =>
            Object.fromEntries(
              items.map((i) => [i.key, { ...(a[i.key] as Answer), result: a[i.key]?.result ?? 'pass' }]),
            ),
          )
        }
      >
        未填项目全部设为合格
      </Button>
      {items.map((item, n) => {
        const a = answers[item.key] as Answer;
        return (
          <Card
            key={item.key}
            size="small"
            className={`insp-item${a.result === 'fail' ? ' is-fail' : ''}`}
            title={
              <span style={{ whiteSpace: 'normal' }}>
                {n + 1}. {item.label}
              </span>
            }
          >
            {item.hint && <Typography.Paragraph type="secondary">{item.hint}</Typography.Paragraph>}
            <Radio.Group
              className="insp-choices"
              optionType="button"
              buttonStyle="solid"
              aria-label={item.label}
              value={a.result}
              onChange={(e) => set(item.key, { result: e.target.value })}
              options={(Object.keys(ITEM_RESULT_LABELS) as ItemResult[]).map((r) => ({
                value: r,
                label: ITEM_RESULT_LABELS[r],
              }))}
            />
            {(a.result === 'fail' || a.note) && (
              <Input.TextArea
                style={{ marginTop: 8 }}
                aria-label={`${item.label}问题说明`}
                placeholder={a.result === 'fail' ? '写明发现的问题（必填）' : '说明（可选）'}
                autoSize={{ minRows: 2 }}
                maxLength={500}
                value={a.note}
                onChange={(e) => set(item.key, { note: e.target.value })}
              />
            )}
            <PhotoPicker files={a.photos} onChange={(photos) => set(item.key, { photos })} />
            {errors[item.key] && <Typography.Text type="danger">{errors[item.key]}</Typography.Text>}
          </Card>
        );
      })}
      <Card size="small" title="其他情况" className="insp-item">
        <Input.TextArea
          aria-label="其他情况"
          placeholder="可选"
          autoSize={{ minRows: 2 }}
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </Card>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 8 }} />}
      {queued ? (
        <Alert
          type="success"
          showIcon
          data-testid="inspection-queued"
          title="已保存在本机，联网后自动同步"
          description="照片随记录保存在本机。页面顶部的“待同步”列表可查看和立即同步。"
          action={<Button onClick={() => navigate('/inspections')}>返回巡查任务</Button>}
        />
      ) : (
        <div className="insp-submit">
          <Button type="primary" block loading={busy} onClick={onSubmit}>
            提交巡查记录{failed ? `（${failed} 项不合格，将下达整改）` : ''}
          </Button>
        </div>
      )}
    </>
  );
}

function PhotoPicker({ files, onChange }: { files: File[]; onChange: (f: File[]) => void }) {
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const urls = useMemo(() => files.map((f) => URL.createObjectURL(f)), [files]);
  useEffect(
    () => () => {
      for (const u of urls) URL.revokeObjectURL(u);
    },
    [urls],
  );
  return (
    <div className="insp-photos">
      {files.map((f, i) => (
        <Space key={urls[i]} orientation="vertical" size={0} align="center">
          <img src={urls[i]} alt={`照片 ${i + 1}`} />
          <Button
            size="small"
            type="text"
            icon={<DeleteOutlined />}
            aria-label="删除照片"
            onClick={() => onChange(files.filter((x) => x !== f))}
          />
        </Space>
      ))}
      <Button icon={<CameraOutlined />} style={{ height: 72 }} onClick={() => input.current?.click()}>
        拍照
      </Button>
      <input
        ref={input}
        type="file"
        accept="image/jpeg,image/png,image/webp"
        capture="environment"
        hidden
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (!f) return;
          if (!TYPES.includes(f.type)) return void message.error('照片应为 JPEG、PNG 或 WebP');
          if (f.size > MAX_PHOTO_MB * 1024 * 1024)
            return void message.error(`照片不能超过 ${MAX_PHOTO_MB} MB`);
          onChange([...files, f]);
        }}
      />
      {files.length > 0 && <Tag>{files.length} 张</Tag>}
    </div>
  );
}
