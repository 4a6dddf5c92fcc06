import {
  CalculatorOutlined,
  FileExcelOutlined,
  FileWordOutlined,
  PrinterOutlined,
  SaveOutlined,
  SendOutlined,
} from '@ant-design/icons';
import {
  BULLETIN_SECTION_LABELS,
  BULLETIN_STATE_LABELS,
  type BulletinDetailView,
  type BulletinSection,
  type BulletinSections,
} from '@nongan/shared/bulletins/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Popconfirm, Skeleton, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { api, downloadUrl, errorMessage } from '../common/api.ts';
import { ErrorResult } from '../common/ErrorResult.tsx';
import { useIsMobile } from '../common/useIsMobile.ts';
import { BulletinBody, TextBlock } from './BulletinBody.tsx';
import { BULLETIN_WRITERS, STATE_COLORS, useBulletin } from './queries.ts';

/** A bulletin: the office edits the text around the computed tables, recomputes, issues; all download. */
export function BulletinPage() {
  const { id = '' } = useParams();
  const b = useBulletin(id);
  const me = useMe();
  const mobile = useIsMobile();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [title, setTitle] = useState('');
  const [texts, setTexts] = useState<BulletinSections | null>(null);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const d = b.data;
  useEffect(() => {
    if (d && !dirty) {
      setTitle(d.title);
      setTexts(d.sections);
    }
  }, [d, dirty]);
  const done = (text: string) => (next: BulletinDetailView) => {
    qc.setQueryData(['bulletins', 'detail', id], next);
    qc.invalidateQueries({ queryKey: ['bulletins', 'list'] });
    setDirty(false);
    setError(null);
    message.success(text);
  };
  const fail = (e: unknown) => setError(errorMessage(e));
  const save = useMutation({
    mutationFn: () =>
      api.patch<BulletinDetailView>(`/bulletins/${id}`, { version: d?.version, title, sections: texts }),
    onSuccess: done('正文已保存'),
    onError: fail,
  });
  const recompute = useMutation({
    mutationFn: () => api.post<BulletinDetailView>(`/bulletins/${id}/recompute`, { version: d?.version }),
    onSuccess: done('已按最新数据重新计算'),
    onError: fail,
  });
  const issue = useMutation({
    mutationFn: () => api.post<BulletinDetailView>(`/bulletins/${id}/issue`, { version: d?.version }),
    onSuccess: done('通报已签发并存档'),
    onError: fail,
  });
  if (b.isError) return <ErrorResult error={b.error} retry={() => b.refetch()} />;
  if (!d || !texts) return <Skeleton active />;
  const editable = d.state === 'draft' && can(me.data?.user, BULLETIN_WRITERS);
  const text = (k: BulletinSection) =>
    editable ? (
      <Input.TextArea
        aria-label={BULLETIN_SECTION_LABELS[k]}
        value={texts[k]}
        autoSize={{ minRows: 3, maxRows: 16 }}
        maxLength={5000}
        placeholder={`填写“${BULLETIN_SECTION_LABELS[k]}”`}
        onChange={(e) => {
          setTexts({ ...texts, [k]: e.target.value });
          setDirty(true);
        }}
      />
    ) : (
      <TextBlock text={d.sections[k]} />
    );
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <div className="page-header">
        <Typography.Title level={4}>
          {d.periodLabel}通报 <Tag color={STATE_COLORS[d.state]}>{BULLETIN_STATE_LABELS[d.state]}</Tag>
        </Typography.Title>
        <Space wrap>
          <Button icon={<PrinterOutlined />} href={`/reports/${id}/print`} target="_blank">
            打印视图
          </Button>
          <Button icon={<FileWordOutlined />} href={downloadUrl(`/bulletins/${id}/docx`)}>
            下载 Word
          </Button>
          <Button icon={<FileExcelOutlined />} href={downloadUrl(`/bulletins/${id}/xlsx`)}>
            下载 Excel
          </Button>
          {editable && (
            <>
              <Button
                icon={<CalculatorOutlined />}
                loading={recompute.isPending}
                disabled={dirty}
                onClick={() => recompute.mutate()}
              >
                重新计算
              </Button>
              <Button
                type="primary"
                icon={<SaveOutlined />}
                loading={save.isPending}
                disabled={!dirty}
                onClick={() => save.mutate()}
              >
                保存正文
              </Button>
              <Popconfirm
                title="签发通报"
                description="签发时按最新数据计算一次并连同正文存档，此后不能再修改。"
                okText="签发"
                cancelText="取消"
                disabled={dirty}
                onConfirm={() => issue.mutate()}
              >
                <Button danger icon={<SendOutlined />} loading={issue.isPending} disabled={dirty}>
                  签发
                </Button>
              </Popconfirm>
            </>
          )}
        </Space>
      </div>
      {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} />}
      {dirty && <Alert type="warning" showIcon title="正文有未保存的修改；保存后方可重新计算或签发。" />}
      <Card size="small">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {d.state === 'issued'
            ? `${d.issuedByName ?? ''} 于 ${dayjs(d.issuedAt).format('YYYY-MM-DD HH:mm')} 签发；表格和图表为签发时的数据。`
            : `草稿：数据计算于 ${dayjs(d.computedAt).format('YYYY-MM-DD HH:mm')}。正文可修改，表格和图表由平台计算。`}
        </Typography.Paragraph>
        {editable ? (
          <Input
            aria-label="标题"
            value={title}
            maxLength={100}
            style={{ fontWeight: 600, marginBottom: 8 }}
            onChange={(e) => {
              setTitle(e.target.value);
              setDirty(true);
            }}
          />
        ) : (
          <Typography.Title level={5} style={{ textAlign: 'center' }}>
            {d.title}
          </Typography.Title>
        )}
        <BulletinBody b={d} text={text} narrow={mobile} />
      </Card>
    </Space>
  );
}
