import { Alert } from 'antd'
import { chineseDate } from '../format'

/** 撤销 of a joint acceptance's pass as acceptance and registration carry it (`passRevoked`). */
export type PassRevoked = { item: string; on: string }

/**
 * 撤销 (004:1860 依法撤销许可): an item passed on 告知承诺 was found breached after the pass and its department revoked
 * it, so the 联合验收意见书 — and the 竣工验收备案表, where one was issued — no longer stand. Said above the letter and
 * the form, which stay readable for the record.
 */
export function PassRevokedNotice({
  revoked,
  itemName,
  filed,
}: {
  revoked: PassRevoked
  itemName: string
  filed: boolean
}) {
  return (
    <Alert
      data-pass-revoked
      type="error"
      showIcon
      style={{ marginTop: 16 }}
      message="联合验收通过已依法撤销"
      description={`${itemName}的告知承诺经核查与实际不符，已于${chineseDate(revoked.on)}依法撤销；联合验收意见书${
        filed ? '及竣工验收备案表' : ''
      }随之撤回，不再作为竣工验收备案，需重新申请联合验收。`}
    />
  )
}
