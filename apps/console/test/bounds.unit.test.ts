import {
  NOTICE_LIST_MAX as CONTRACT_NOTICE_LIST_MAX,
  UTILITY_LINE_MAXIMA as CONTRACT_UTILITY_LINE_MAXIMA,
  MAX_CONTACT_NAME,
  MAX_SURVEY_CANCEL_REASON,
  MAX_SURVEY_CONTACT,
  MAX_SURVEY_PLACE,
  MAX_SURVEY_TIME,
  RecordDeliveryBody,
  ResultDeliveryChoice,
  UtilityProvider,
} from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import {
  APPLICATION_CONTACT_MAXIMA,
  DELIVERY_BOUNDS,
  JOINT_SURVEY_MAXIMA,
  NOTICE_LIST_MAX,
  UTILITY_LINE_MAXIMA,
  UTILITY_PROVIDERS,
} from '../src/bounds.js'

describe("the console's copies of the contracts' bounds", () => {
  it('are the contract’s own numbers', () => {
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
    // The schemas' own values, whatever TypeBox's types say of a spread string schema.
    const bound = (schema: object) => schema as { maxLength?: number; pattern?: string }
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

  it('offer every utility the contract allows, and no other', () => {
    const allowed = UtilityProvider.anyOf.map((literal) => literal.const)
    expect([...UTILITY_PROVIDERS].sort()).toEqual([...allowed].sort())
  })
})
