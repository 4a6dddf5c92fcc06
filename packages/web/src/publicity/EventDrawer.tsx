import { UploadOutlined } from '@ant-design/icons';
import type { EventView } from '@nongan/shared/publicity/schemas';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Image, Space, Upload } from 'antd';
import { api, errorMessage } from '../common/api.ts';
import { useIsMobile } from '../common/useIsMobile.ts';

/** One event: its details, photos and (when the caller may change it) edit and photo upload. */
export function EventDrawer({
  id,
  onClose,
  onEdit,
}: {
  id: string;
  onClose: () => void;
  onEdit: (e: EventView) => void;
}) {
  const mobile = useIsMobile();
  const qc = useQueryClient();
  const ev = useQuery({
    queryKey: ['publicity', 'event', id],
    queryFn: () => api.get<EventView>(`/publicity/events/${id}`),
  });
  const upload = useMutation({
    mutationFn: (f: File) => api.upload(`/publicity/events/${id}/photos`, f),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['publicity'] }),
  });
  const e = ev.data;
  return (
    <Drawer open onClose={onClose} title={e?.title ?? '宣传活动'} size={mobile ? '100%' : 640}>
      {e && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="类型">{e.kindLabel}</Descriptions.Item>
            <Descriptions.Item label="日期">
              {e.startOn === e.endOn ? e.startOn : `${e.startOn} 至 ${e.endOn}`}
            </Descriptions.Item>
            <Descriptions.Item label="镇街">{e.townName}</Descriptions.Item>
            <Descriptions.Item label="地点">{e.place}</Descriptions.Item>
            <Descriptions.Item label="组织单位">{e.organiser}</Descriptions.Item>
            <Descriptions.Item label="发放物资">
              {e.materials.length ? e.materials.map((m) => `${m.item} ${m.quantity}`).join('；') : '无'}
            </Descriptions.Item>
            <Descriptions.Item label="受众人数">{e.peopleReached} 人</Descriptions.Item>
            <Descriptions.Item label="现场咨询">{e.consultations} 人次</Descriptions.Item>
            {e.notes && <Descriptions.Item label="备注">{e.notes}</Descriptions.Item>}
            <Descriptions.Item label="登记人">{e.createdByName ?? '—'}</Descriptions.Item>
          </Descriptions>
          <h4 style={{ marginTop: 16 }}>现场照片</h4>
          <Image.PreviewGroup>
            <Space wrap>
              {e.photos.map((p) => (
                <Image
                  key={p.id}
                  width={96}
                  height={96}
                  style={{ objectFit: 'cover' }}
                  src={`/api/publicity/events/${e.id}/photos/${p.id}`}
                  alt="现场照片"
                />
              ))}
            </Space>
          </Image.PreviewGroup>
          {upload.error && (
            <Alert type="error" showIcon title={errorMessage(upload.error)} style={{ marginTop: 8 }} />
          )}
          {e.editable && (
            <Space style={{ marginTop: 16 }} wrap>
              <Upload
                accept="image/jpeg,image/png,image/webp"
                showUploadList={false}
                beforeUpload={(f) => {
                  upload.mutate(f);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} loading={upload.isPending}>
                  上传照片
                </Button>
              </Upload>
              <Button onClick={() => onEdit(e)}>修改</Button>
            </Space>
          )}
        </>
      )}
    </Drawer>
  );
}
