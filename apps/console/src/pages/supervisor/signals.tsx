import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { Button, Card, List, Select, Space, Table, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api, keys, must } from '../../api'
import { DayRange } from '../../components/day-picker'
import { ProblemAlert } from '../../components/problem'
import { StatusTag } from '../../components/status-tag'
import { UnreadableNotice } from '../../components/unreadable-notice'
import { addressPeriod, LAST_THREE_MONTHS } from '../../days'
import { departmentName } from '../../departments'
import { chineseDate } from '../../format'
import { departmentText, evidenceText, SIGNAL_NAMES, type Signal, type SignalKind } from './signal-text'

/** Signals per page; 加载更多 asks for the next with the gateway's cursor. */
const PAGE = 50
type StoredKind = Signal['kind']

/**
 * 风险信号 (issue 15, deliverable 2): the clock-gaming signals the read model raised, newest first, each with its
 * evidence and a link to its project, filtered by kind; and the departments whose median over a period is above
 * their committed limit. No polling: the live stream invalidates `keys.signals()` as tasks and alerts change.
 */
export default function Signals() {
  const [params, setParams] = useSearchParams()
  const kind = (params.get('kind') ?? undefined) as SignalKind | undefined
  const { from, to } = addressPeriod(params, LAST_THREE_MONTHS)
  const set = (next: Record<string, string | undefined>) => {
    const merged = { ...Object.fromEntries(params), ...next }
    setParams(Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as Record<string, string>)
  }
  const stored = kind === 'department-over-limit' ? undefined : (kind as StoredKind | undefined)

  const list = useInfiniteQuery({
    queryKey: [...keys.signals(), 'list', stored ?? 'all'],
    queryFn: ({ pageParam }) =>
      must(
        api.GET('/api/v1/supervision/signals', {
          params: {
            query: { limit: PAGE, ...(stored ? { kind: stored } : {}), ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next,
    enabled: kind !== 'department-over-limit',
  })
  const departments = useQuery({
    queryKey: [...keys.signals(), 'departments', from, to],
    queryFn: () =>
      must(
        api.GET('/api/v1/supervision/signals', {
          params: { query: { kind: 'department-over-limit', from, to } },
        }),
      ),
    enabled: kind === undefined || kind === 'department-over-limit',
  })
  const signals = useMemo(() => list.data?.pages.flatMap((p) => p.signals) ?? [], [list.data])
  const unreadable = list.data?.pages.reduce((n, p) => n + p.unreadable.length, 0) ?? 0
  const [asked, setAsked] = useState(false)

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ marginBottom: 0 }}>
        风险信号
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        可能“卡时限”的办理行为：超期受理、时限末段提出补正或启动特别程序、多次补正、特别程序超时、超期办结未延长；每次发生记一次。
      </Typography.Paragraph>
      <Space wrap>
        <label htmlFor="signal-kind">按类型筛选</label>
        <Select
          id="signal-kind"
          aria-label="按类型筛选"
          style={{ width: 220 }}
          value={kind ?? 'all'}
          onChange={(v: SignalKind | 'all') => set({ kind: v === 'all' ? undefined : v })}
          options={[
            { value: 'all', label: '全部' },
            ...(Object.keys(SIGNAL_NAMES) as SignalKind[]).map((k) => ({ value: k, label: SIGNAL_NAMES[k] })),
          ]}
        />
      </Space>

      {kind !== 'department-over-limit' && (
        <>
          <ProblemAlert error={list.error} />
          <Table<Signal>
            rowKey="id"
            loading={list.isPending}
            dataSource={signals}
            pagination={false}
            locale={{ emptyText: <Typography.Text>暂无风险信号</Typography.Text> }}
            columns={[
              { title: '发生日', key: 'raisedOn', render: (_, s) => chineseDate(s.raisedOn) },
              {
                title: '信号',
                key: 'kind',
                render: (_, s) => (
                  <StatusTag tone={s.kind === 'repeated-supplement' ? 'gold' : 'red'}>{SIGNAL_NAMES[s.kind]}</StatusTag>
                ),
              },
              {
                title: '项目',
                key: 'project',
                render: (_, s) => (
                  <Link to={`/projects/${s.projectId}`}>{s.projectName ?? s.projectCode ?? '查看项目'}</Link>
                ),
              },
              {
                title: '部门 / 事项',
                key: 'department',
                render: (_, s) =>
                  s.department
                    ? `${departmentName(s.department)} · ${s.evidence.itemName ?? s.item ?? '—'}`
                    : '窗口受理',
              },
              { title: '证据', key: 'evidence', render: (_, s) => evidenceText(s) },
            ]}
          />
          <UnreadableNotice count={unreadable} what="风险信号" />
          {list.hasNextPage && (
            <Button
              loading={list.isFetchingNextPage}
              onClick={() => {
                setAsked(true)
                void list.fetchNextPage()
              }}
            >
              加载更多
            </Button>
          )}
          {asked && !list.hasNextPage && <Typography.Text type="secondary">已全部加载</Typography.Text>}
        </>
      )}

      {(kind === undefined || kind === 'department-over-limit') && (
        <Card
          title={
            <Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>
              部门用时超承诺时限
            </Typography.Title>
          }
        >
          <Space wrap style={{ marginBottom: 16 }}>
            <span id="signal-period-label">统计期间（按办结日）</span>
            <DayRange labelledBy="signal-period-label" from={from} to={to} onChange={set} />
          </Space>
          <ProblemAlert error={departments.error} />
          <List
            loading={departments.isPending}
            dataSource={departments.data?.departments ?? []}
            locale={{ emptyText: '该期间没有中位用时超过承诺时限的部门' }}
            renderItem={(d) => (
              <List.Item>
                <StatusTag tone="red">{SIGNAL_NAMES[d.kind]}</StatusTag> {departmentText(d)}
              </List.Item>
            )}
          />
        </Card>
      )}
    </Space>
  )
}
