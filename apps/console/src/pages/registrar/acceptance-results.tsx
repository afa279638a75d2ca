import { unbroken } from '../../components/unbroken'
import { chineseDate } from '../../format'
import type { paths } from '../../generated/api'

type CaseList = paths['/api/v1/registrations']['get']['responses'][200]['content']['application/json']
type Results = NonNullable<CaseList['registrations'][number]['acceptanceResults']>

/**
 * 在线获取验收结果 (Foshan, 004:2279): the joint acceptance's 竣工验收备案表 and each department's 结果物 as registration
 * took them from acceptance, so the registrar reads what the first registration rests on without asking the owner.
 */
export function AcceptanceResults({ results }: { results: Results | undefined }) {
  if (!results || (results.results.length === 0 && !results.filingForm && !results.passRevoked)) return null
  const form = results.filingForm
  const revoked = results.passRevoked
  // The revoked item's name as its 结果物 carries it; the code only when acceptance sent no result for it.
  const revokedName = revoked && (results.results.find((r) => r.item === revoked.item)?.itemName ?? revoked.item)
  return (
    <div data-acceptance-results style={{ marginTop: 4, fontSize: 12 }}>
      {revoked && (
        // 撤销 (004:1860): the pass the registration rests on no longer stands; registration completes nothing on it.
        <div data-pass-revoked>
          <strong>联合验收通过已依法撤销</strong>（{revokedName}，{chineseDate(revoked.on)}），不予办结登记
        </div>
      )}
      {form && (
        <div>
          竣工验收备案表 <span style={unbroken}>{form.number}</span>（{chineseDate(form.issuedOn)}）
        </div>
      )}
      {results.results.length > 0 && (
        <>
          <div>验收结果物</div>
          <ul style={{ margin: 0, paddingInlineStart: 16 }}>
            {results.results.map((r) => (
              <li key={r.item}>
                {r.itemName ?? r.item}：{r.name}（<span style={unbroken}>{r.number}</span>，{chineseDate(r.issuedOn)}）
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}
