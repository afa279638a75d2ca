import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Input, Space, Table, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { Link } from 'react-router'
import { api, keys, must } from '../../api'
import { SLOT_NAMES } from '../../booking-slots'
import { ProblemAlert } from '../../components/problem'
import { unbroken } from '../../components/unbroken'
import { chineseDate } from '../../format'
import type { paths } from '../../generated/api'

type Booking = paths['/api/v1/bookings']['get']['responses'][200]['content']['application/json']['bookings'][number]

const bookingsKey = [...keys.all, 'bookings'] as const

const STATES: Record<Booking['state'], string> = {
  booked: '待到场',
  attended: '已到场办理',
  cancelled: '申请人已取消',
  missed: '未到',
}

/**
 * 网上预约 (004:1044, `GET /api/v1/bookings`): the day's bookings of the window (today unless a day is chosen), by slot.
 * A booked owner who comes is received at the desk (接件, which attends the booking); one who did not come by its
 * slot's end is marked 未到. A booked application is not refused save on the seed's three exceptions (已接件、待受理).
 */
export default function Bookings() {
  const [day, setDay] = useState<string>()
  const queryClient = useQueryClient()
  // A day of every region may hold more bookings than a page (500): the pages are read on to the last, so no booked
  // owner is left out of the list, neither received nor marked 未到.
  const list = useInfiniteQuery({
    queryKey: [...bookingsKey, day ?? 'today'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      must(
        api.GET('/api/v1/bookings', {
          params: { query: { ...(day ? { day } : {}), ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.next,
    // Read afresh on each visit: the desk's 接件 attends a booking without touching this list's cache.
    refetchOnMount: 'always',
  })
  const { hasNextPage, isFetchingNextPage, isError, fetchNextPage } = list
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isError) void fetchNextPage()
  }, [hasNextPage, isFetchingNextPage, isError, fetchNextPage])
  const bookings = list.data?.pages.flatMap((p) => p.bookings) ?? []
  const missed = useMutation({
    mutationFn: (id: string) => must(api.POST('/api/v1/bookings/{id}/missed', { params: { path: { id } }, body: {} })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: bookingsKey }),
  })
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 1200 }}>
      <Typography.Title level={1} style={{ marginTop: 0 }}>
        网上预约
      </Typography.Title>
      <Typography.Paragraph>
        预约成功的服务，不得拒绝办理；申请人主动放弃、无法提供必备资料或不属于本中心受理范围的除外。
      </Typography.Paragraph>
      <Space>
        <span>预约日期</span>
        <Input
          type="date"
          aria-label="预约日期"
          value={day ?? ''}
          onChange={(e) => setDay(e.target.value || undefined)}
        />
      </Space>
      <ProblemAlert error={list.error ?? missed.error} />
      {hasNextPage && (
        <Alert
          type="warning"
          showIcon
          data-bookings-incomplete
          title={`已载入 ${bookings.length} 条预约，其余预约仍在载入，请勿据此登记未到。`}
          action={
            isError ? (
              <Button size="small" onClick={() => void fetchNextPage()}>
                重新载入其余预约
              </Button>
            ) : undefined
          }
        />
      )}
      <Table<Booking>
        aria-label="网上预约"
        rowKey="bookingId"
        size="small"
        pagination={false}
        loading={list.isLoading}
        dataSource={bookings}
        locale={{ emptyText: '当日暂无预约。' }}
        columns={[
          {
            title: '项目',
            key: 'project',
            render: (_, b) => (
              <>
                <div>{b.projectName}</div>
                <Typography.Text type="secondary" style={unbroken}>
                  {b.projectCode}
                </Typography.Text>
              </>
            ),
          },
          { title: '预约环节', key: 'step', render: (_, b) => b.stepName ?? b.step },
          { title: '预约时间', key: 'when', render: (_, b) => `${chineseDate(b.day)} ${SLOT_NAMES[b.slot]}` },
          { title: '状态', key: 'state', render: (_, b) => STATES[b.state] },
          {
            title: '操作',
            key: 'actions',
            render: (_, b) =>
              b.state === 'booked' && (
                <Space wrap size="small">
                  <Link to={`/desk/projects/${b.projectId}`}>接件办理</Link>
                  <Button size="small" loading={missed.isPending} onClick={() => missed.mutate(b.bookingId)}>
                    登记未到
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </Space>
  )
}
