import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Space, Tag, Typography } from 'antd'
import { ApiProblem, api, keys, must } from '../../api'
import { channelName, type PreferencesBody, PreferencesForm } from '../../components/preferences-form'
import { ProblemAlert } from '../../components/problem'
import { StatusTag, type Tone } from '../../components/status-tag'
import { chineseDateTime } from '../../format'
import { Loading } from '../../layout'
import { useSession } from '../../session'

const STATUS: Record<string, { label: string; tone: Tone }> = {
  sent: { label: '已发送', tone: 'green' },
  pending: { label: '待发送', tone: 'blue' },
  failed: { label: '发送失败', tone: 'red' },
}

/** 消息通知 — the caller's own messages (owner organisation or department) and how it wants to be told. */
/**
 * A shared office (监督, 12345 centre, 不动产登记机构): every member reads its preferences, only an admin sets them
 * (docs/notifications.md#preferences), so the form is shown but not offered.
 */
const OFFICE_ROLES: readonly string[] = ['supervisor', 'agent', 'registrar']

/**
 * A regional reviewer or lead (its token carries a region): the department's preferences — its SMS number and e-mail
 * address above all — are one for every region of it, so only the department-wide scope sets them; a regional caller
 * reads them (docs/notifications.md#regional-callers). The form is shown but not offered, as to an office's member.
 */
const REGIONAL_SENTENCE =
  '区域用户不能修改本部门的短信/邮箱地址，由本部门全辖用户设置；通知方式和免打扰时段同样对本部门所有区域生效，这里只能查看。'

export default function Notifications() {
  const queryClient = useQueryClient()
  const { session } = useSession()
  const office = OFFICE_ROLES.includes(session?.actor.role ?? '')
  const regional = session?.actor.region !== undefined
  const messages = useInfiniteQuery({
    queryKey: keys.notifications(),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      must(
        api.GET('/api/v1/notifications', {
          params: { query: { limit: 20, ...(pageParam ? { before: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.next,
  })
  const preferences = useQuery({
    queryKey: keys.notificationPreferences(),
    queryFn: () => must(api.GET('/api/v1/notifications/preferences')),
  })
  const save = useMutation({
    mutationFn: (body: PreferencesBody) => must(api.PUT('/api/v1/notifications/preferences', { body })),
    onSuccess: (data) => queryClient.setQueryData(keys.notificationPreferences(), data),
  })
  const rows = messages.data?.pages.flatMap((p) => p.messages) ?? []
  const error = save.error
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        消息通知
      </Typography.Title>
      <Card
        title={<h2 style={{ fontSize: 18, margin: 0 }}>我的消息</h2>}
        extra={
          <Button onClick={() => void messages.refetch()} loading={messages.isFetching}>
            刷新
          </Button>
        }
        style={{ marginBottom: 16 }}
      >
        <ProblemAlert error={messages.error} />
        {messages.isPending ? (
          <Loading />
        ) : (
          <ul aria-label="消息列表" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {rows.length === 0 && <li>暂无消息。</li>}
            {rows.map((m) => (
              <li key={m.id} style={{ padding: '12px 0', borderTop: '1px solid #f0f0f0' }}>
                <Space wrap>
                  <strong>{m.title}</strong>
                  <Tag>{channelName(m.channel)}</Tag>
                  <StatusTag tone={STATUS[m.status]?.tone ?? 'grey'}>{STATUS[m.status]?.label ?? m.status}</StatusTag>
                </Space>
                <div style={{ overflowWrap: 'anywhere' }}>{m.body}</div>
                <div style={{ color: 'rgba(0, 0, 0, 0.68)' }}>
                  {chineseDateTime(m.createdAt)}
                  {m.status === 'pending' && m.dueAt !== m.createdAt
                    ? `（免打扰，${chineseDateTime(m.dueAt)} 发送）`
                    : ''}
                </div>
              </li>
            ))}
          </ul>
        )}
        {messages.hasNextPage && (
          <Button onClick={() => void messages.fetchNextPage()} loading={messages.isFetchingNextPage}>
            加载更多
          </Button>
        )}
      </Card>
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>通知设置</h2>}>
        <ProblemAlert error={preferences.error ?? (error instanceof ApiProblem ? error : error)} />
        {save.isSuccess && !save.isPending && (
          <Typography.Paragraph role="status" style={{ color: '#237804' }}>
            通知设置已保存。
          </Typography.Paragraph>
        )}
        {office && <Typography.Paragraph>本机构的通知设置由系统管理员设置，这里只能查看。</Typography.Paragraph>}
        {regional && <Typography.Paragraph>{REGIONAL_SENTENCE}</Typography.Paragraph>}
        <PreferencesForm
          preferences={preferences.data?.preferences}
          onSave={(body) => save.mutate(body)}
          saving={save.isPending}
          error={error}
          readOnly={office || regional}
        />
      </Card>
    </>
  )
}
