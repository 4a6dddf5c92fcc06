import { type PublicSurveyView, RATING_LABELS } from '@nongan/shared/publicity/schemas';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Radio, Result, Select, Spin, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { api, errorMessage } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';
import '../complaints/public.css';
import './survey.css';

type Values = { answers: (number | string | null)[]; townCode?: string; phone?: string };

/** 群众满意度调查 — the public form (no login), phone first, like the complaint form. */
export function PublicSurveyPage() {
  const { slug = '' } = useParams();
  const [form] = Form.useForm<Values>();
  const survey = useQuery({
    queryKey: ['public', 'survey', slug],
    queryFn: () => api.get<PublicSurveyView>(`/public/surveys/${slug}`),
    retry: false,
  });
  const send = useMutation({
    mutationFn: (v: Values) =>
      api.post(`/public/surveys/${slug}/responses`, {
        answers: (survey.data?.questions ?? []).map((q, i) => {
          const a = v.answers?.[i];
          return q.kind === 'text' ? (typeof a === 'string' && a.trim() ? a.trim() : null) : (a ?? null);
        }),
        townCode: v.townCode ?? null,
        phone: v.phone?.trim() || null,
      }),
  });
  const error = send.error ? applyServerError(form, send.error) : null;
  const s = survey.data;
  return (
    <div className="public-page">
      <Card className="public-card">
        {survey.isPending && <Spin />}
        {survey.isError && <Result status="404" title="未找到该调查" subTitle={errorMessage(survey.error)} />}
        {s && (
          <>
            <Typography.Title level={4} style={{ marginTop: 0 }}>
              {s.title}
            </Typography.Title>
            <Typography.Paragraph type="secondary">
              {s.intro ?? `${s.districtName}农产品质量安全群众满意度调查，约 1 分钟，无需登录，匿名填写。`}
            </Typography.Paragraph>
            {send.isSuccess || s.answered ? (
              <Result
                status="success"
                title="感谢您的参与！"
                subTitle={s.answered && !send.isSuccess ? '本设备已提交过本次调查。' : '您的意见已提交。'}
              />
            ) : s.phase !== 'open' ? (
              <Result
                status="info"
                title={s.phase === 'upcoming' ? `调查将于 ${s.opensOn} 开始` : '调查已结束，感谢关注'}
              />
            ) : (
              <>
                {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
                <Form<Values>
                  form={form}
                  layout="vertical"
                  requiredMark={false}
                  onFinish={(v) => send.mutate(v)}
                >
                  {s.questions.map((q, i) => (
                    <Form.Item
                      // biome-ignore lint/suspicious/noArrayIndexKey: questions are fixed once published
                      key={i}
                      name={['answers', i]}
                      label={`${i + 1}. ${q.text}${q.kind === 'text' ? '（选填）' : ''}`}
                      rules={q.kind === 'text' ? [] : [{ required: true, message: '请回答此题' }]}
                    >
                      {q.kind === 'choice' ? (
                        <Radio.Group
                          className="survey-options"
                          options={q.options.map((o, k) => ({ value: k, label: o }))}
                        />
                      ) : q.kind === 'rating' ? (
                        <Radio.Group
                          className="survey-options"
                          options={RATING_LABELS.map((l, k) => ({ value: k + 1, label: `${k + 1} 分 ${l}` }))}
                        />
                      ) : (
                        <Input.TextArea rows={3} maxLength={500} showCount />
                      )}
                    </Form.Item>
                  ))}
                  <Form.Item name="townCode" label="您居住的镇街（选填）">
                    <Select
                      allowClear
                      showSearch={{ optionFilterProp: 'label' }}
                      placeholder="请选择"
                      options={s.towns.map((t) => ({ value: t.code, label: t.name }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name="phone"
                    label="手机号（选填）"
                    extra="仅用于防止重复填写：只保存加密摘要，不保存号码本身，也不会联系您。"
                    rules={[{ pattern: /^1\d{10}$/, message: '应为 11 位手机号' }]}
                  >
                    <Input maxLength={11} inputMode="tel" autoComplete="off" />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" block size="large" loading={send.isPending}>
                    提交
                  </Button>
                </Form>
              </>
            )}
          </>
        )}
      </Card>
    </div>
  );
}
