import { useInfiniteQuery } from '@tanstack/react-query'
import { Button, Input, Select, Space, Table, Typography } from 'antd'
import dayjs from 'dayjs'
import { useMemo, useState } from 'react'
import { useSearchParams } from 'react-router'
import { api, keys, must } from '../../api'
import { DayRange } from '../../components/day-picker'
import { ProblemAlert } from '../../components/problem'
import { StatusTag } from '../../components/status-tag'
import { UnreadableNotice } from '../../components/unreadable-notice'
import { addressDays, type Days, dayParams } from '../../days'
import type { paths } from '../../generated/api'
import { ROLE_NAMES, type Role } from '../../session'
import { actionName, chainPosition, OBJECT_KINDS, objectInput, objectKey, objectText } from './audit-text'
import { serviceName } from './services'

type Entry = paths['/api/v1/admin/audit']['get']['responses'][200]['content']['application/json']['entries'][number]

/** Entries a page; 加载更多 asks for the next with the gateway's cursor. */
const PAGE = 50
// The route's bounds (docs/api.md): an object up to 300 characters, an actor up to 200.
const OBJECT_MAX = 300
const ACTOR_MAX = 200

const OUTCOMES: Record<string, { text: string; tone: 'green' | 'red' | 'blue' }> = {
  done: { text: '已办理', tone: 'green' },
  refused: { text: '被拒绝', tone: 'red' },
  read: { text: '查阅个人信息', tone: 'blue' },
}

const KIND_OPTIONS = Object.entries(OBJECT_KINDS).map(([value, label]) => ({ value, label }))

const roleName = (role: string) => (Object.hasOwn(ROLE_NAMES, role) ? ROLE_NAMES[role as Role] : role)

/**
 * 审计日志 — every service's commands and every read of an owner's personal data by someone else, as each service's
 * hash chain recorded them, newest first (`GET /api/v1/admin/audit`, supervisor and admin). Filtered by object (e.g.
 * its kind — 项目, 审批任务… — and id, composed into the key the services write, `project:<id>`; a whole key pasted
 * chooses its kind), by who acted, and by days (components/day-picker.tsx); the filters live in the address, so a
 * filtered view can be linked.
 */
export default function AuditLog() {
  const [params, setParams] = useSearchParams()
  const object = params.get('object') ?? ''
  const actor = params.get('actor') ?? ''
  const { from, to } = addressDays(params)
  const [target, setTarget] = useState(() => objectInput(undefined, object))
  const [actorInput, setActorInput] = useState(actor)
  const search = () => {
    const key = objectKey(target.kind, target.id)
    const next: Record<string, string> = { ...dayParams({ from, to }) }
    if (key) next['object'] = key
    if (actorInput.trim()) next['actor'] = actorInput.trim()
    setParams(next)
  }
  const setDays = (days: Days) => {
    const next = Object.fromEntries([...params].filter(([k]) => k !== 'from' && k !== 'to'))
    setParams({ ...next, ...dayParams(days) })
  }

  const list = useInfiniteQuery({
    queryKey: [...keys.audit(), object, actor, from ?? '', to ?? ''],
    queryFn: ({ pageParam }) =>
      must(
        api.GET('/api/v1/admin/audit', {
          params: {
            query: {
              limit: PAGE,
              ...(object ? { object } : {}),
              ...(actor ? { actor } : {}),
              ...(from ? { from } : {}),
              ...(to ? { to } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
  })
  const entries = useMemo(() => list.data?.pages.flatMap((p) => p.entries) ?? [], [list.data])
  const unreadable = list.data?.pages.reduce((n, p) => n + p.unreadable.length, 0) ?? 0

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ marginBottom: 0 }}>
        审计日志
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        各服务办理的每一项操作和他人对建设单位个人信息的每一次查阅，按各服务的哈希链记录，最新的在前；与各服务的链相比最多晚几秒。
      </Typography.Paragraph>
      <Space wrap>
        <label htmlFor="audit-object-kind">对象类型</label>
        <Select
          id="audit-object-kind"
          aria-label="对象类型"
          style={{ width: 160 }}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="不限"
          options={KIND_OPTIONS}
          value={target.kind ?? null}
          onChange={(kind?: string | null) => setTarget({ ...(kind ? { kind } : {}), id: target.id })}
        />
        <label htmlFor="audit-object">对象编号</label>
        <Input
          id="audit-object"
          style={{ width: 360 }}
          allowClear
          maxLength={OBJECT_MAX}
          placeholder="编号，或完整对象如 project:…"
          value={target.id}
          onChange={(e) => setTarget(objectInput(target.kind, e.target.value))}
          onPressEnter={search}
        />
        <label htmlFor="audit-actor">操作人</label>
        <Input
          id="audit-actor"
          style={{ width: 220 }}
          allowClear
          maxLength={ACTOR_MAX}
          placeholder="登录账号"
          value={actorInput}
          onChange={(e) => setActorInput(e.target.value)}
          onPressEnter={search}
        />
        <Button type="primary" onClick={search}>
          查询
        </Button>
      </Space>
      <Space wrap>
        <span id="audit-days">日期</span>
        <DayRange labelledBy="audit-days" open from={from} to={to} onChange={setDays} />
      </Space>
      <ProblemAlert error={list.error} />
      <Table<Entry>
        rowKey={(e) => `${e.chain}:${e.position}`}
        loading={list.isPending}
        dataSource={entries}
        pagination={false}
        size="small"
        locale={{ emptyText: <Typography.Text>没有符合条件的记录</Typography.Text> }}
        columns={[
          { title: '时间', key: 'at', render: (_, e) => dayjs(e.at).format('YYYY年M月D日 HH:mm:ss') },
          { title: '服务', key: 'chain', render: (_, e) => serviceName(e.chain) },
          {
            title: '操作人',
            key: 'actor',
            render: (_, e) => (
              <>
                <Typography.Text>{e.actor}</Typography.Text>
                <br />
                <Typography.Text type="secondary">{roleName(e.role)}</Typography.Text>
              </>
            ),
          },
          // In Chinese; the code stays on hover, for support.
          { title: '操作', key: 'action', render: (_, e) => <span title={e.action}>{actionName(e.action)}</span> },
          {
            title: '对象',
            key: 'object',
            render: (_, e) => (
              <span title={e.object} style={{ overflowWrap: 'anywhere' }}>
                {objectText(e.object)}
              </span>
            ),
          },
          {
            title: '结果',
            key: 'outcome',
            render: (_, e) => {
              const o = OUTCOMES[e.outcome]
              return (
                <StatusTag tone={o?.tone ?? 'grey'}>
                  {o?.text ?? e.outcome}
                  {e.code ? `（${e.code}）` : ''}
                </StatusTag>
              )
            },
          },
          {
            title: '链上位置',
            key: 'position',
            render: (_, e) => <span title={`${e.chain} #${e.position}`}>{chainPosition(e.chain, e.position)}</span>,
          },
        ]}
      />
      <UnreadableNotice count={unreadable} what="审计记录" />
      {list.hasNextPage && (
        <Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
          加载更多
        </Button>
      )}
    </Space>
  )
}
