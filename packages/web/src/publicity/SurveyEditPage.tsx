import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { QUESTION_KIND_LABELS, QUESTION_KINDS, type SurveyView } from '@nongan/shared/publicity/schemas';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate, useParams } from 'react-router-dom';
import { api } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';

type Q = { kind: string; text: string; options?: string };
type Values = { title: string; intro?: string; dates: [Dayjs, Dayjs]; questions: Q[] };

const DEFAULT_QUESTIONS: Q[] = [
  { kind: 'rating', text: '您对本区农产品质量安全状况的总体满意程度' },
  { kind: 'rating', text: '您对本区农产品质量安全监管工作的满意程度' },
  {
    kind: 'choice',
    text: '您购买农产品时是否留意食用农产品合格证或追溯码？',
    options: '经常留意\n偶尔留意\n从不留意\n不了解',
  },
  { kind: 'text', text: '您对农产品质量安全工作的意见和建议' },
];

/** New survey, or its changes; questions are locked once anyone answered. */
export function SurveyEditPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const existing = useQuery({
    queryKey: ['publicity', 'survey', id],
    queryFn: () => api.get<SurveyView>(`/surveys/${id}`),
    enabled: !!id,
  });
  const s = existing.data;
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        title: v.title,
        intro: v.intro?.trim() || null,
        opensOn: v.dates[0].format('YYYY-MM-DD'),
        closesOn: v.dates[1].format('YYYY-MM-DD'),
        questions: v.questions.map((q) => ({
          kind: q.kind,
          text: q.text,
          options:
            q.kind === 'choice'
              ? (q.options ?? '')
                  .split('\n')
                  .map((o) => o.trim())
                  .filter(Boolean)
              : [],
        })),
      };
      return id ? api.put<SurveyView>(`/surveys/${id}`, body) : api.post<SurveyView>('/surveys', body);
    },
    onSuccess: (r) => {
      qc.invalidateQueries({ queryKey: ['publicity'] });
      navigate(`/publicity/surveys/${r.id}`);
    },
  });
  const error = save.error ? applyServerError(form, save.error) : null;
  if (id && !s) return null;
  const initial: Values = s
    ? {
        title: s.title,
        intro: s.intro ?? undefined,
        dates: [dayjs(s.opensOn), dayjs(s.closesOn)],
        questions: s.questions.map((q) => ({ ...q, options: q.options.join('\n') })),
      }
    : {
        title: `${dayjs().year()} 年农产品质量安全群众满意度调查`,
        dates: [dayjs(), dayjs().add(30, 'day')],
        questions: DEFAULT_QUESTIONS,
      };
  const frozen = s?.frozen ?? false;
  return (
    <Card title={id ? '修改调查' : '新建满意度调查'} style={{ maxWidth: 760 }}>
      {frozen && (
        <Alert
          type="info"
          showIcon
          title="已有群众作答，题目已冻结；仍可修改标题、说明和日期。"
          style={{ marginBottom: 12 }}
        />
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="title" label="调查名称" rules={[{ required: true, min: 2 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="intro" label="说明（显示在表单顶部）">
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="dates" label="开放时间" rules={[{ required: true }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Typography.Title level={5}>题目</Typography.Title>
        <Form.List name="questions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Card
                  key={f.key}
                  size="small"
                  style={{ marginBottom: 8 }}
                  title={`第 ${i + 1} 题`}
                  extra={
                    !frozen && <MinusCircleOutlined aria-label="删除题目" onClick={() => remove(f.name)} />
                  }
                >
                  <Form.Item name={[f.name, 'kind']} label="题型" rules={[{ required: true }]}>
                    <Select
                      disabled={frozen}
                      options={QUESTION_KINDS.map((k) => ({ value: k, label: QUESTION_KIND_LABELS[k] }))}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'text']} label="题目" rules={[{ required: true, min: 2 }]}>
                    <Input disabled={frozen} maxLength={200} />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() =>
                      form.getFieldValue(['questions', f.name, 'kind']) === 'choice' && (
                        <Form.Item
                          name={[f.name, 'options']}
                          label="选项（每行一个）"
                          rules={[{ required: true }]}
                        >
                          <Input.TextArea disabled={frozen} rows={4} />
                        </Form.Item>
                      )
                    }
                  </Form.Item>
                </Card>
              ))}
              {!frozen && (
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ kind: 'rating', text: '' })}
                  block
                >
                  添加题目
                </Button>
              )}
            </>
          )}
        </Form.List>
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            保存
          </Button>
          <Button onClick={() => navigate(-1)}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
