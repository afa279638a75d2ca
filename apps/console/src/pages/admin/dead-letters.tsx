import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Input, Popconfirm, Select, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { StatusTag } from '../../components/status-tag'
import { chineseDateTime } from '../../format'
import type { paths } from '../../generated/api'
import { consumerName, eventName } from './dead-letter-text'
import { serviceName } from './services'

// The services whose dead letters replay (the list route also takes `notification`, whose undelivered messages do not).
type Service = paths['/api/v1/admin/dead-letters/{service}/{id}/replay']['post']['parameters']['path']['service']
type DeadLetter =
  paths['/api/v1/admin/dead-letters']['get']['responses'][200]['content']['application/json']['deadLetters'][number]

/** Each service whose consumers keep dead letters, by the name an operator knows it by. */
const SERVICES: Array<{ value: Service; label: string }> = (
  ['gateway', 'intake', 'approval', 'acceptance', 'utility', 'registration', 'hotline'] as const
).map((value) => ({ value, label: serviceName(value) }))

/** A name in Chinese over its code, the code smaller beneath it for support; a code without a name stays alone. */
function Named({ name, code }: { name: string | undefined; code: string }) {
  if (!name) return <span style={{ overflowWrap: 'anywhere' }}>{code}</span>
  return (
    <>
      <Typography.Text>{name}</Typography.Text>
      <br />
      <Typography.Text type="secondary" style={{ fontSize: 12, overflowWrap: 'anywhere' }}>
        {code}
      </Typography.Text>
    </>
  )
}

/**
 * 死信队列 — the events a service's consumers gave up on (a schema they refuse, a failure past the retries), newest
 * first, and their replay: the event is published again on its subject with its own event id, so consumers that
 * handled it already ignore it.
 */
export default function DeadLetters() {
  const [service, setService] = useState<Service>('gateway')
  const [consumer, setConsumer] = useState('')
  const client = useQueryClient()
  const filter = consumer.trim()
  const { data, error, isPending } = useQuery({
    queryKey: keys.deadLettersOf(service, filter),
    queryFn: () =>
      must(
        api.GET('/api/v1/admin/dead-letters', {
          params: { query: { service, ...(filter ? { consumer: filter } : {}) } },
        }),
      ),
    refetchOnWindowFocus: true,
  })
  const replay = useMutation({
    mutationFn: (id: string) =>
      must(api.POST('/api/v1/admin/dead-letters/{service}/{id}/replay', { params: { path: { service, id } } })),
    // The dead letters are the service's own table, not the read model: asked again, the list shows the replay.
    onSuccess: () => client.invalidateQueries({ queryKey: keys.deadLetters() }),
  })
  return (
    <>
      <Typography.Title level={1}>死信队列</Typography.Title>
      <ProblemAlert error={error} />
      <ProblemAlert error={replay.error} />
      <Space style={{ marginBottom: 16 }} wrap>
        <label htmlFor="dead-letter-service">服务</label>
        <Select
          id="dead-letter-service"
          style={{ width: 180 }}
          value={service}
          onChange={setService}
          options={SERVICES}
        />
        <label htmlFor="dead-letter-consumer">消费者</label>
        <Input
          id="dead-letter-consumer"
          style={{ width: 260 }}
          allowClear
          maxLength={200}
          placeholder="全部消费者"
          value={consumer}
          onChange={(e) => setConsumer(e.target.value)}
        />
      </Space>
      <Table<DeadLetter>
        rowKey="id"
        loading={isPending}
        dataSource={data?.deadLetters ?? []}
        pagination={false}
        size="small"
        locale={{ emptyText: '该服务暂无死信' }}
        columns={[
          { title: '进入时间', key: 'createdAt', render: (_, d) => chineseDateTime(d.createdAt) },
          {
            title: '消费者',
            key: 'consumer',
            render: (_, d) => <Named name={consumerName(d.consumer)} code={d.consumer} />,
          },
          { title: '事件', key: 'subject', render: (_, d) => <Named name={eventName(d.subject)} code={d.subject} /> },
          {
            title: '事件编号',
            key: 'eventId',
            render: (_, d) => (d.eventId ? <Typography.Text code>{d.eventId}</Typography.Text> : '—'),
          },
          { title: '投递次数', dataIndex: 'deliveries' },
          {
            // The consumer's own words (a schema's English): for support, labelled as such.
            title: '原始错误',
            key: 'error',
            render: (_, d) => (
              <Typography.Paragraph style={{ marginBottom: 0, maxWidth: 320 }} ellipsis={{ rows: 2, tooltip: d.error }}>
                {d.error}
              </Typography.Paragraph>
            ),
          },
          {
            title: '状态',
            key: 'replayedAt',
            render: (_, d) =>
              d.replayedAt ? (
                <StatusTag tone="green">已于{chineseDateTime(d.replayedAt)}重放</StatusTag>
              ) : (
                <StatusTag tone="grey">未重放</StatusTag>
              ),
          },
          {
            title: '操作',
            key: 'actions',
            render: (_, d) => (
              <Popconfirm
                title="重放这条事件？"
                description="事件以原编号重新发布，已处理过的消费者会忽略它。"
                okText="重放"
                cancelText="取消"
                onConfirm={() => replay.mutate(d.id)}
              >
                <Button size="small" loading={replay.isPending && replay.variables === d.id}>
                  重放
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </>
  )
}
