import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Form, Input, Radio, Table, Typography } from 'antd'
import { useState } from 'react'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { ProjectTitleCell } from '../../components/project-title'
import { StatusTag } from '../../components/status-tag'
import { chineseDate } from '../../format'
import { limitText, REVIEW_STATUS, type Review, SUBJECTS } from '../shared-results/names'

type Answer =
  | { outcome: 'comments'; comments: string[] }
  | {
      outcome: 'passed'
      findings: Record<keyof typeof SUBJECTS, string>
    }

/**
 * 联合审图 — the review body's screen: the reviews it is named on, each drawing-set version with its clock, and its
 * answer to the version under review: review comments (the owner re-submits a new version) or the one technical
 * report covering fire, civil air defence and telecom, which the departments decide on.
 */
export default function Reviews() {
  const client = useQueryClient()
  const [selected, setSelected] = useState<string>()
  const { data, error, isPending } = useQuery({
    queryKey: keys.reviewBodyReviews(),
    queryFn: () => must(api.GET('/api/v1/drawing-reviews', {})),
    refetchOnWindowFocus: true,
  })
  const answer = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Answer }) =>
      must(api.POST('/api/v1/drawing-reviews/{id}/answer', { params: { path: { id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.reviewBodyReviews() }),
  })
  const reviews = data?.reviews ?? []
  const current = reviews.find((r) => r.reviewId === selected)
  return (
    <>
      <Typography.Title level={1}>联合审图</Typography.Title>
      <ProblemAlert error={error} />
      <section aria-label="审查任务">
        <Table<Review>
          rowKey="reviewId"
          loading={isPending}
          dataSource={reviews}
          pagination={false}
          locale={{ emptyText: <Typography.Text>暂无审查任务</Typography.Text> }}
          columns={[
            {
              title: '项目',
              key: 'p',
              render: (_, r) => <ProjectTitleCell projectId={r.projectId} titles={data?.projects ?? []} />,
            },
            { title: '当前版本', key: 'v', render: (_, r) => `第 ${r.versions.length} 版` },
            {
              title: '状态',
              key: 's',
              render: (_, r) => (
                <StatusTag tone={r.status === 'passed' ? 'green' : r.status === 'comments' ? 'gold' : 'blue'}>
                  {REVIEW_STATUS[r.status]}
                </StatusTag>
              ),
            },
            {
              title: '审查时限',
              key: 'c',
              render: (_, r) => {
                const v = r.versions[r.versions.length - 1]
                return v ? `${limitText(v.clock.limit)}，${chineseDate(v.dueOn)}前` : '—'
              },
            },
            {
              title: '操作',
              key: 'a',
              render: (_, r) =>
                r.status === 'reviewing' ? (
                  <Button size="small" type="primary" onClick={() => setSelected(r.reviewId)}>
                    审查第 {r.versions.length} 版
                  </Button>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </section>
      {current && current.status === 'reviewing' && (
        <AnswerForm
          key={current.reviewId}
          review={current}
          pending={answer.isPending}
          error={answer.error}
          onAnswer={(body) =>
            answer.mutate({ id: current.reviewId, body }, { onSuccess: () => setSelected(undefined) })
          }
        />
      )}
    </>
  )
}

function AnswerForm(props: { review: Review; pending: boolean; error: unknown; onAnswer: (body: Answer) => void }) {
  const [outcome, setOutcome] = useState<Answer['outcome']>('passed')
  const v = props.review.versions[props.review.versions.length - 1]
  return (
    <Card
      title={
        <h2 style={{ fontSize: 16, margin: 0 }}>
          审查第 {v?.version} 版：{v?.title}
        </h2>
      }
      size="small"
      style={{ marginTop: 16 }}
    >
      <ProblemAlert error={props.error} />
      <Form
        name="drawing-answer"
        layout="vertical"
        style={{ maxWidth: 640 }}
        onFinish={(f: Record<string, string>) =>
          props.onAnswer(
            outcome === 'comments'
              ? {
                  outcome,
                  comments: (f['comments'] ?? '')
                    .split('\n')
                    .map((x) => x.trim())
                    .filter((x) => x !== ''),
                }
              : {
                  outcome,
                  findings: {
                    fire: f['fire'] ?? '',
                    'civil-air-defence': f['civil-air-defence'] ?? '',
                    telecom: f['telecom'] ?? '',
                  },
                },
          )
        }
      >
        <Form.Item label="审查结论">
          <Radio.Group
            value={outcome}
            onChange={(e) => setOutcome(e.target.value)}
            options={[
              { value: 'passed', label: '合格，出具审查报告' },
              { value: 'comments', label: '退回修改，出具审查意见' },
            ]}
          />
        </Form.Item>
        {outcome === 'comments' ? (
          <Form.Item
            label="审查意见（每行一条）"
            name="comments"
            rules={[{ required: true, message: '请填写审查意见' }]}
          >
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
        ) : (
          (Object.keys(SUBJECTS) as Array<keyof typeof SUBJECTS>).map((k) => (
            <Form.Item
              key={k}
              label={`${SUBJECTS[k]}审查意见`}
              name={k}
              rules={[{ required: true, message: `请填写${SUBJECTS[k]}审查意见` }]}
            >
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          ))
        )}
        <Button type="primary" htmlType="submit" loading={props.pending}>
          {outcome === 'comments' ? '出具审查意见' : '出具审查报告'}
        </Button>
      </Form>
    </Card>
  )
}
