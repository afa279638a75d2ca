import {
  AnswerObjectionBody,
  BOOKING_SLOT_HOURS as CONTRACT_BOOKING_SLOT_HOURS,
  NOTICE_LIST_MAX as CONTRACT_NOTICE_LIST_MAX,
  UTILITY_LINE_MAXIMA as CONTRACT_UTILITY_LINE_MAXIMA,
  DEFAULT_SUPERVISION_REPLY_W,
  DepartmentPermitDecisionBody,
  ListDishonestOwnerBody,
  MAX_CONTACT_NAME,
  MAX_PERMIT_DEFICIENCIES,
  MAX_PERMIT_MATERIAL_NAME,
  MAX_SURVEY_CANCEL_REASON,
  MAX_SURVEY_CONTACT,
  MAX_SURVEY_PLACE,
  MAX_SURVEY_TIME,
  OBJECTION_EVIDENCE_MAX,
  RaiseObjectionBody,
  RecordDeliveryBody,
  RecordResultBody,
  RespondSupervisionBody,
  ResultDeliveryChoice,
  SuperviseTaskBody,
  TaskCommitmentBody,
  TaskDeficiencyFindingBody,
  UtilityActionBody,
  UtilityProvider,
  VerifyCommitmentBody,
  WorksPlanInput,
} from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import { SLOT_NAMES } from '../src/booking-slots.js'
import {
  ACCEPTANCE_RESULT_MAXIMA,
  APPLICATION_CONTACT_MAXIMA,
  BOOKING_SLOT_HOURS,
  BREACH_BOUNDS,
  DELIVERY_BOUNDS,
  DISHONEST_OWNER_MAXIMA,
  JOINT_SURVEY_MAXIMA,
  NOTICE_LIST_MAX,
  OBJECTION_BOUNDS,
  PERMIT_DECISION_MAXIMA,
  PERMIT_DEFICIENCY_BOUNDS,
  SUPERVISION_BOUNDS,
  UTILITY_LINE_MAXIMA,
  UTILITY_PROVIDERS,
  WORKS_PLAN_MAXIMA,
} from '../src/bounds.js'

// The schemas' own values, whatever TypeBox's types say of a spread or optional schema.
const bound = (schema: object) => schema as { maxLength?: number; pattern?: string; minimum?: number; maximum?: number }

describe("the console's copies of the contracts' bounds", () => {
  it('are the contract’s own numbers', () => {
    expect(OBJECTION_BOUNDS).toEqual({
      reason: bound(RaiseObjectionBody.properties.reason).maxLength,
      evidence: OBJECTION_EVIDENCE_MAX,
      evidenceRef: bound(RaiseObjectionBody.properties.evidence.items).maxLength,
      finding: bound(AnswerObjectionBody.properties.finding).maxLength,
    })
    expect((RaiseObjectionBody.properties.evidence as { maxItems?: number }).maxItems).toBe(OBJECTION_EVIDENCE_MAX)
    expect(NOTICE_LIST_MAX).toBe(CONTRACT_NOTICE_LIST_MAX)
    expect(UTILITY_LINE_MAXIMA).toEqual(CONTRACT_UTILITY_LINE_MAXIMA)
    expect(JOINT_SURVEY_MAXIMA).toEqual({
      time: MAX_SURVEY_TIME,
      place: MAX_SURVEY_PLACE,
      contact: MAX_SURVEY_CONTACT,
      cancelReason: MAX_SURVEY_CANCEL_REASON,
    })
    expect(APPLICATION_CONTACT_MAXIMA).toEqual({ name: MAX_CONTACT_NAME })
  })

  it('bound 结果送达 as its schemas do', () => {
    const [collected, posted] = RecordDeliveryBody.anyOf
    const choice = ResultDeliveryChoice.properties
    const phone = bound(choice.phone)
    const tracking = bound(posted.properties.trackingNumber)
    expect(DELIVERY_BOUNDS).toEqual({
      signer: bound(collected.properties.signer).maxLength,
      recipient: bound(choice.recipient).maxLength,
      address: bound(choice.address).maxLength,
      phone: { maxLength: phone.maxLength, pattern: phone.pattern },
      trackingNumber: { maxLength: tracking.maxLength, pattern: tracking.pattern },
    })
  })

  it('bound 督办, 失信名单, 告知承诺 and 结果物 as their schemas do', () => {
    const supervise = SuperviseTaskBody.properties
    expect(SUPERVISION_BOUNDS).toEqual({
      note: bound(supervise.note).maxLength,
      response: bound(RespondSupervisionBody.properties.response).maxLength,
      replyWithin: {
        min: bound(supervise.replyWithin).minimum,
        max: bound(supervise.replyWithin).maximum,
        default: DEFAULT_SUPERVISION_REPLY_W,
      },
    })
    expect(DISHONEST_OWNER_MAXIMA).toEqual({ reason: bound(ListDishonestOwnerBody.properties.reason).maxLength })
    const plan = WorksPlanInput.properties.plans.items.properties
    expect(WORKS_PLAN_MAXIMA).toEqual({
      commitment: bound(WorksPlanInput.properties.commitment).maxLength,
      reference: bound(plan.reference).maxLength,
      description: bound(plan.description).maxLength,
    })
    const result = RecordResultBody.properties
    expect(ACCEPTANCE_RESULT_MAXIMA).toEqual({
      name: bound(result.name).maxLength,
      number: bound(result.number).maxLength,
    })
  })

  it('bound a breach’s findings as all three verification routes do', () => {
    for (const findings of [
      TaskCommitmentBody.properties.findings,
      TaskDeficiencyFindingBody.properties.findings,
      VerifyCommitmentBody.properties.findings,
    ]) {
      const list = findings as { maxItems?: number; items: object }
      expect(BREACH_BOUNDS).toEqual({ findings: list.maxItems, finding: bound(list.items).maxLength })
    }
  })

  it('bound a permit’s 文号 and 不予许可理由 as both deciding routes do (the department’s, the provider’s record)', () => {
    const variants = [...DepartmentPermitDecisionBody.anyOf, ...UtilityActionBody.anyOf] as Array<{
      properties: Record<string, object | undefined>
    }>
    const maxima = (field: string) =>
      variants.flatMap((v) => (v.properties[field] ? [bound(v.properties[field]).maxLength] : []))
    // 准予许可 and 不予许可 on the platform, permit-granted and permit-refused recorded: each has a 文号, each refusal a reason.
    expect(maxima('documentNo')).toEqual(Array(4).fill(PERMIT_DECISION_MAXIMA.documentNo))
    expect(maxima('reason')).toEqual(Array(2).fill(PERMIT_DECISION_MAXIMA.reason))
  })

  it('bound 容缺受理’s materials as the acceptance and the supply take them, and as the permit keeps them', () => {
    expect(PERMIT_DEFICIENCY_BOUNDS).toEqual({ materials: MAX_PERMIT_DEFICIENCIES, name: MAX_PERMIT_MATERIAL_NAME })
    const variants = [...DepartmentPermitDecisionBody.anyOf, ...UtilityActionBody.anyOf] as Array<{
      properties: Record<string, { maxItems?: number; items?: { properties: { name: object } } } | undefined>
    }>
    const lists = variants.flatMap((v) => [v.properties['deficiencies'], v.properties['materials']].filter((l) => l))
    expect(lists.map((l) => [l?.maxItems, l?.items && bound(l.items.properties.name).maxLength])).toEqual([
      [PERMIT_DEFICIENCY_BOUNDS.materials, PERMIT_DEFICIENCY_BOUNDS.name],
      [PERMIT_DEFICIENCY_BOUNDS.materials, PERMIT_DEFICIENCY_BOUNDS.name],
    ])
  })

  it('book the window in the contract’s half-day slots, said in words on both booking pages', () => {
    expect(BOOKING_SLOT_HOURS).toEqual(CONTRACT_BOOKING_SLOT_HOURS)
    expect(SLOT_NAMES).toEqual({ am: '上午（9:00–12:00）', pm: '下午（14:00–17:30）' })
  })

  it('offer every utility the contract allows, and no other', () => {
    const allowed = UtilityProvider.anyOf.map((literal) => literal.const)
    expect([...UTILITY_PROVIDERS].sort()).toEqual([...allowed].sort())
  })
})
