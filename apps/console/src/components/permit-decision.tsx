import { Form, Input } from 'antd'
import { PERMIT_DECISION_MAXIMA } from '../bounds'

/**
 * A decision on an outside-line permit (外线行政审批), as two forms take it: the department's, deciding on the platform
 * (外线审批), and the provider's, recording a written decision where no department decides there (报装申请).
 */
export type PermitDecisionValues = { documentNo?: string; reason?: string }

/** The decision's fields by their Chinese names, for the refusal's lines above the form (`ProblemAlert`'s `fields`). */
export const PERMIT_DECISION_FIELD_NAMES = { '/documentNo': '文号', '/reason': '不予许可理由' } as const

/** The texts as the routes take them: trimmed, empty where none was given. */
export const permitDecisionTexts = (v: PermitDecisionValues) => ({
  documentNo: (v.documentNo ?? '').trim(),
  reason: (v.reason ?? '').trim(),
})

/**
 * 文号 (of the written decision) and, for 不予许可, the reason: inside the caller's Form, each at most as long as the
 * routes take (`PERMIT_DECISION_MAXIMA`). A grant always has its 文号; a refusal made on the platform may have none
 * (`documentNoRequired` false), a written one recorded by the provider names it.
 */
export function PermitDecisionFields({
  refused,
  documentNoRequired,
}: {
  refused: boolean
  documentNoRequired: boolean
}) {
  return (
    <>
      <Form.Item
        name="documentNo"
        label="文号"
        rules={documentNoRequired ? [{ required: true, whitespace: true, message: '请填写审批决定书的文号' }] : []}
      >
        <Input maxLength={PERMIT_DECISION_MAXIMA.documentNo} placeholder="如：佛城管许〔2026〕12号" />
      </Form.Item>
      {refused && (
        <Form.Item
          name="reason"
          label="不予许可理由"
          rules={[{ required: true, whitespace: true, message: '请填写不予许可的理由' }]}
        >
          <Input.TextArea maxLength={PERMIT_DECISION_MAXIMA.reason} rows={3} />
        </Form.Item>
      )}
    </>
  )
}
