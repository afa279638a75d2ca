import { useQuery } from '@tanstack/react-query'
import { Descriptions } from 'antd'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { useActor } from '../../session'

const READERS = new Set(['agent', 'reviewer', 'lead', 'owner'])

/**
 * 诉求人信息 — the requester's personal data and the enterprise it speaks for, if any, as the signed-in party may read it (`GET …/requester`, asked of the
 * hotline: the read model never holds it): the centre, the ticket's units and the owner that filed it; a field the
 * requester hid (第九条第二款) was never stored and reads 已隐匿. A supervisor watches the handling without it.
 */
export function RequesterView({ id }: { id: string }) {
  const actor = useActor()
  const reads = READERS.has(actor.role)
  const data = useQuery({
    // Registered once and never changed: read from the hotline once a page, not again on every ticket change.
    queryKey: keys.ticketRequester(id),
    queryFn: () => must(api.GET('/api/v1/hotline/tickets/{id}/requester', { params: { path: { id } } })),
    enabled: reads,
    staleTime: Number.POSITIVE_INFINITY,
  })
  if (!reads) return null
  if (data.error) return <ProblemAlert error={data.error} />
  if (!data.data) return null
  const { requester, hidden, realName } = data.data
  // The enterprise a caller or window applicant spoke for: 诉求人信息 too, so shown to the same readers (第四十三条).
  const enterprise = requester.enterprise
  const shown = (field: 'name' | 'idNumber' | 'phone') =>
    hidden.includes(field) ? '已隐匿（未保存）' : (requester[field] ?? '未提供')
  return (
    <section aria-label="诉求人信息">
      <Descriptions
        style={{ marginTop: 24 }}
        title="诉求人信息"
        bordered
        size="small"
        column={2}
        items={[
          { key: 'name', label: '姓名', children: shown('name') },
          { key: 'idNumber', label: '身份证号码', children: shown('idNumber') },
          { key: 'phone', label: '联系电话', children: shown('phone') },
          { key: 'realName', label: '实名', children: realName ? '实名反映' : '非实名（信息不全或有隐匿）' },
          ...(enterprise
            ? [
                { key: 'enterpriseName', label: '代表企业', children: enterprise.name },
                { key: 'enterpriseCreditCode', label: '统一社会信用代码', children: enterprise.creditCode },
              ]
            : []),
        ]}
      />
    </section>
  )
}
