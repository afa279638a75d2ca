import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Card, Input, Radio, Typography } from 'antd'
import { useState } from 'react'
import { api, keys, must } from '../../api'
import { SLOT_NAMES, type BookingSlot as Slot } from '../../booking-slots'
import { fieldMessage, ProblemAlert } from '../../components/problem'
import { chineseDate } from '../../format'

const h2 = { fontSize: 16, margin: 0 } as const

/** How far ahead a day may be booked: intake's BOOKING_HORIZON_DAYS. */
const HORIZON_DAYS = 30

const plusDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

/**
 * 网上预约 (004:1044) on the progress page: the owner books the window for the step it can apply for next — a day
 * from today to 30 days ahead and a half-day slot — and may give the booking up (取消预约, 主动放弃). Intake refuses a
 * day the window is closed, a slot that is full or over; the refusal is said beside the field.
 */
export function BookingCard({
  projectId,
  step,
  stepName,
  today,
}: {
  projectId: string
  step: string
  stepName: string
  today: string
}) {
  const queryClient = useQueryClient()
  const key = [...keys.project(projectId), 'bookings']
  const bookings = useQuery({
    queryKey: key,
    queryFn: () => must(api.GET('/api/v1/projects/{id}/bookings', { params: { path: { id: projectId } } })),
  })
  const [day, setDay] = useState(today)
  const [slot, setSlot] = useState<Slot | undefined>()
  const refresh = () => queryClient.invalidateQueries({ queryKey: key })
  const book = useMutation({
    mutationFn: () =>
      must(
        api.POST('/api/v1/projects/{id}/bookings', {
          params: { path: { id: projectId } },
          body: { step, day, slot: slot as Slot },
        }),
      ),
    onSuccess: refresh,
  })
  const cancel = useMutation({
    mutationFn: (bookingId: string) =>
      must(api.POST('/api/v1/bookings/{id}/cancel', { params: { path: { id: bookingId } }, body: {} })),
    onSuccess: refresh,
  })
  const mine = bookings.data?.bookings.find((b) => b.step === step && (b.state === 'booked' || b.state === 'attended'))
  return (
    <Card title={<h2 style={h2}>预约办理</h2>} size="small" style={{ marginBottom: 16 }} data-booking={step}>
      <ProblemAlert error={bookings.error} />
      {mine?.state === 'attended' && (
        <Typography.Text>
          {stepName}已于{chineseDate(mine.day)}按预约到窗口办理。
        </Typography.Text>
      )}
      {mine?.state === 'booked' && (
        <>
          <Typography.Text>
            已预约：{stepName}，{chineseDate(mine.day)}
            {SLOT_NAMES[mine.slot]}，请按时到政务服务中心综合窗口办理。预约成功的服务，窗口不得拒绝办理。
          </Typography.Text>
          <div style={{ marginTop: 8 }}>
            <Button size="small" danger loading={cancel.isPending} onClick={() => cancel.mutate(mine.bookingId)}>
              取消预约
            </Button>
          </div>
          <ProblemAlert error={cancel.error} />
        </>
      )}
      {!mine && bookings.data && (
        <>
          <Typography.Paragraph style={{ marginBottom: 8 }}>
            网上预约{stepName}的窗口办理时间：今天起 {HORIZON_DAYS} 日内的工作日。
          </Typography.Paragraph>
          <Input
            type="date"
            aria-label="预约日期"
            min={today}
            max={plusDays(today, HORIZON_DAYS)}
            value={day}
            onChange={(e) => setDay(e.target.value)}
            status={fieldMessage(book.error, '/day') ? 'error' : undefined}
            style={{ width: 180, marginRight: 8 }}
          />
          <Radio.Group
            aria-label="预约时段"
            value={slot}
            onChange={(e) => setSlot(e.target.value as Slot)}
            options={(Object.keys(SLOT_NAMES) as Slot[]).map((s) => ({ value: s, label: SLOT_NAMES[s] }))}
          />
          <Button
            type="primary"
            size="small"
            disabled={!slot || !day}
            loading={book.isPending}
            onClick={() => book.mutate()}
          >
            预约
          </Button>
          <ProblemAlert error={book.error} />
        </>
      )}
    </Card>
  )
}
