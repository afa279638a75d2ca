import { useInfiniteQuery } from '@tanstack/react-query'
import { Button, Card, Typography } from 'antd'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { chineseDate } from '../../format'
import { modeText, STATE_NAMES } from '../clerk/delivery-names'

const h2 = { fontSize: 16, margin: 0 } as const
const item = { padding: '8px 0', borderTop: '1px solid #f0f0f0', overflowWrap: 'anywhere' } as const

/**
 * 结果送达 on the progress page (`GET /api/v1/projects/:id/deliveries`): each decided application's result, the way it
 * is delivered (方式) and where it stands (状态), oldest first, a page at a time (更多 asks for the next). Nothing until
 * a step is decided.
 */
export function DeliveriesCard({ projectId }: { projectId: string }) {
  const deliveries = useInfiniteQuery({
    queryKey: [...keys.project(projectId), 'deliveries'],
    queryFn: ({ pageParam }) =>
      must(
        api.GET('/api/v1/projects/{id}/deliveries', {
          params: { path: { id: projectId }, query: pageParam ? { cursor: pageParam } : {} },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
  })
  const rows = deliveries.data?.pages.flatMap((p) => p.deliveries) ?? []
  if (rows.length === 0 && !deliveries.error) return null
  return (
    <Card title={<h2 style={h2}>结果送达</h2>} size="small" style={{ marginBottom: 16 }}>
      <ProblemAlert error={deliveries.error} />
      <ul aria-label="结果送达" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {rows.map((d) => (
          <li key={d.applicationId} style={item}>
            <div>
              {d.stepName ?? d.step}（{d.outcome === 'approved' ? '准予许可' : '不予许可'}，{chineseDate(d.dueOn)}办结）
            </div>
            <Typography.Text>
              方式：{modeText(d)}；状态：{STATE_NAMES[d.state]}
              {d.state === 'awaiting-collection' && '，请到服务大厅综合窗口领取'}
              {d.trackingNumber && `；快递单号 ${d.trackingNumber}`}
              {d.signer && d.collectedOn && `（${d.signer}于${chineseDate(d.collectedOn)}签收）`}
              {d.signedOn && `（${chineseDate(d.signedOn)}签收）`}
            </Typography.Text>
          </li>
        ))}
      </ul>
      {deliveries.hasNextPage && (
        <Button size="small" loading={deliveries.isFetchingNextPage} onClick={() => void deliveries.fetchNextPage()}>
          更多
        </Button>
      )}
    </Card>
  )
}
