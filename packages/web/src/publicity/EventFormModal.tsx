import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  EVENT_KIND_LABELS,
  EVENT_KINDS,
  type EventView,
  MATERIAL_SUGGESTIONS,
} from '@nongan/shared/publicity/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  AutoComplete,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMe } from '../auth/session.ts';
import { api } from '../common/api.ts';
import { applyServerError } from '../common/forms.ts';
import { TownSelect } from '../entities/RegionFilterSelects.tsx';

type Values = {
  kind: string;
  title: string;
  dates: [Dayjs, Dayjs];
  townCode?: string;
  place: string;
  organiser: string;
  materials?: { item: string; quantity: number }[];
  peopleReached: number;
  consultations: number;
  notes?: string;
};

/** 登记 / 修改宣传活动. A town supervisor records for its own town; the office may leave the town empty (全区). */
export function EventFormModal({ event, onClose }: { event: EventView | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const me = useMe();
  const user = me.data?.user;
  const townLocked = user?.role === 'town_supervisor';
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        kind: v.kind,
        title: v.title,
        startOn: v.dates[0].format('YYYY-MM-DD'),
        endOn: v.dates[1].format('YYYY-MM-DD'),
        townCode: townLocked ? (user?.scopeCode ?? null) : (v.townCode ?? null),
        place: v.place,
        organiser: v.organiser,
        materials: v.materials ?? [],
        peopleReached: v.peopleReached,
        consultations: v.consultations,
        notes: v.notes?.trim() || null,
      };
      return event
        ? api.put<EventView>(`/publicity/events/${event.id}`, body)
        : api.post<EventView>('/publicity/events', body);
    },
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['publicity'] });
      onClose();
    },
  });
  const error = save.error ? applyServerError(form, save.error) : null;
  const initial: Partial<Values> = event
    ? {
        ...event,
        townCode: event.townCode ?? undefined,
        notes: event.notes ?? undefined,
        dates: [dayjs(event.startOn), dayjs(event.endOn)],
      }
    : {
        kind: 'food_safety_week',
        materials: [],
        peopleReached: 0,
        consultations: 0,
        dates: [dayjs(), dayjs()],
      };
  return (
    <Modal
      open
      title={event ? '修改宣传活动' : '登记宣传活动'}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={save.isPending}
      width={640}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="kind" label="活动类型" rules={[{ required: true }]}>
          <Select options={EVENT_KINDS.map((k) => ({ value: k, label: EVENT_KIND_LABELS[k] }))} />
        </Form.Item>
        <Form.Item
          name="title"
          label="活动名称"
          rules={[{ required: true, min: 2, message: '请填写活动名称' }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="dates" label="活动日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        {!townLocked && (
          <Form.Item name="townCode" label="镇街" extra="不选表示全区性活动">
            <TownSelect placeholder="全区" />
          </Form.Item>
        )}
        <Form.Item name="place" label="地点" rules={[{ required: true, message: '请填写地点' }]}>
          <Input maxLength={200} placeholder="如：某镇农贸市场、某村便民服务中心" />
        </Form.Item>
        <Form.Item name="organiser" label="组织单位" rules={[{ required: true, message: '请填写组织单位' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label="发放物资">
          <Form.List name="materials">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'item']} rules={[{ required: true, message: '物品' }]}>
                      <AutoComplete
                        style={{ width: 180 }}
                        placeholder="物品"
                        options={MATERIAL_SUGGESTIONS.map((m) => ({ value: m }))}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'quantity']} rules={[{ required: true, message: '数量' }]}>
                      <InputNumber min={1} placeholder="数量" style={{ width: 110 }} />
                    </Form.Item>
                    <MinusCircleOutlined aria-label="删除物资" onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })}>
                  添加物资
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Space wrap>
          <Form.Item name="peopleReached" label="受众人数" rules={[{ required: true }]}>
            <InputNumber min={0} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="consultations" label="现场咨询（人次）" rules={[{ required: true }]}>
            <InputNumber min={0} style={{ width: 140 }} />
          </Form.Item>
        </Space>
        <Form.Item name="notes" label="备注">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
