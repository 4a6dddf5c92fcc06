import { PlusOutlined } from '@ant-design/icons';
import { PHASE_LABELS, PUBLICITY_MANAGERS, type SurveyView } from '@nongan/shared/publicity/schemas';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Col, Input, Row, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router-dom';
import { can, useMe } from '../auth/session.ts';
import { useUrlQuery } from '../campaigns/ListQuery.ts';
import { api, type Page } from '../common/api.ts';
import { PagedList } from '../common/PagedList.tsx';

export const PHASE_COLORS: Record<SurveyView['phase'], string> = {
  draft: 'default',
  upcoming: 'orange',
  open: 'green',
  closed: 'default',
};

const columns: ColumnsType<SurveyView> = [
  {
    title: '调查名称',
    dataIndex: 'title',
    width: 280,
    render: (v: string, r) => <Link to={`/publicity/surveys/${r.id}`}>{v}</Link>,
  },
  {
    title: '状态',
    dataIndex: 'phase',
    width: 90,
    render: (v: SurveyView['phase']) => <Tag color={PHASE_COLORS[v]}>{PHASE_LABELS[v]}</Tag>,
  },
  { title: '开放时间', width: 200, render: (_, r) => `${r.opensOn} 至 ${r.closesOn}` },
  { title: '题数', width: 70, align: 'right', render: (_, r) => r.questions.length },
  { title: '答卷', dataIndex: 'responses', width: 80, align: 'right' },
];

export function SurveyListPage() {
  const { q, set } = useUrlQuery(['q'] as const);
  const list = useQuery({
    queryKey: ['publicity', 'surveys', q],
    queryFn: () => api.get<Page<SurveyView>>('/surveys', q),
    placeholderData: keepPreviousData,
  });
  const navigate = useNavigate();
  const me = useMe();
  return (
    <>
      <div className="page-header">
        <Typography.Title level={4}>满意度调查</Typography.Title>
        {can(me.data?.user, PUBLICITY_MANAGERS) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/publicity/surveys/new')}>
            新建调查
          </Button>
        )}
      </div>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={24} md={10}>
          <Input.Search
            allowClear
            placeholder="搜索调查名称"
            defaultValue={q.q}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
        </Col>
      </Row>
      <PagedList
        list={list}
        query={q}
        onPage={set}
        unit="项"
        empty="还没有满意度调查"
        columns={columns}
        scrollX={760}
        onOpen={(r) => navigate(`/publicity/surveys/${r.id}`)}
        card={(r) => (
          <>
            <Typography.Text strong>{r.title}</Typography.Text>
            <span>
              <Tag color={PHASE_COLORS[r.phase]}>{PHASE_LABELS[r.phase]}</Tag>
              <Typography.Text type="secondary">
                {r.opensOn} 至 {r.closesOn} · 答卷 {r.responses} 份
              </Typography.Text>
            </span>
          </>
        )}
      />
    </>
  );
}
