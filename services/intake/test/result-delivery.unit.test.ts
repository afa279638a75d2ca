import { loadCatalogue } from '@onewindow/catalogue'
import type { RecordDeliveryBody, ResultDelivery } from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import {
  collectionRegion,
  decideDeliveryStep,
  deliveryChoiceLines,
  deliveryDue,
} from '../src/domain/result-delivery.js'

const application = {
  applicationId: '0190a000-0000-7000-8000-000000000001',
  projectId: '0190a000-0000-7000-8000-000000000002',
  step: 'six-item-bundle',
}
const decided = { outcome: 'approved' as const, at: new Date('2026-03-10T02:00:00Z'), on: '2026-03-10' }
const moment = { at: new Date('2026-03-12T03:00:00Z'), today: '2026-03-12', by: 'clerk:c1' }
const post = { mode: 'post' as const, recipient: '张三', address: '广州市天河区一号', phone: '13800000000' }

const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code)
const step = (d: ResultDelivery | undefined, body: RecordDeliveryBody) => decideDeliveryStep(d, body, moment)
const value = <T>(r: { ok: true; value: T } | { ok: false }): T => {
  if (!r.ok) throw new Error('refused')
  return r.value
}

describe('the delivery choice at the window', () => {
  it('takes no choice, online, on-site, and post with whom, where and a phone', () => {
    expect(deliveryChoiceLines(undefined)).toEqual([])
    expect(deliveryChoiceLines({ mode: 'online' })).toEqual([])
    expect(deliveryChoiceLines({ mode: 'on-site', phone: '13800000000' })).toEqual([])
    expect(deliveryChoiceLines(post)).toEqual([])
  })

  it('names every field post is missing, and an address for a result nobody posts', () => {
    expect(deliveryChoiceLines({ mode: 'post', recipient: '张三' }).map((l) => l.field)).toEqual([
      '/delivery/address',
      '/delivery/phone',
    ])
    const lines = deliveryChoiceLines({ mode: 'on-site', address: '某地', recipient: '李四' })
    expect(lines.map((l) => [l.field, l.code])).toEqual([
      ['/delivery/recipient', 'INTAKE_DELIVERY_CHOICE_INVALID'],
      ['/delivery/address', 'INTAKE_DELIVERY_CHOICE_INVALID'],
    ])
  })
})

describe('a delivery falling due at the decision', () => {
  it('delivers online at once, and an application with no choice online too, saying so', () => {
    const online = deliveryDue(application, { mode: 'online' }, decided)
    expect(online).toMatchObject({ mode: 'online', chosen: true, state: 'delivered-online', dueOn: '2026-03-10' })
    const none = deliveryDue(application, undefined, { ...decided, outcome: 'rejected' })
    expect(none).toMatchObject({ mode: 'online', chosen: false, state: 'delivered-online', outcome: 'rejected' })
  })

  it('waits for collection on site and for posting by post, keeping the address', () => {
    expect(deliveryDue(application, { mode: 'on-site' }, decided).state).toBe('awaiting-collection')
    expect(deliveryDue(application, post, decided)).toMatchObject({
      state: 'awaiting-posting',
      recipient: '张三',
      address: '广州市天河区一号',
      version: 1,
    })
  })
})

describe('the clerk recording a delivery', () => {
  const onSite = deliveryDue(application, { mode: 'on-site' }, decided)
  const posting = deliveryDue(application, post, decided)

  it('records 已领取 with the signer and the day', () => {
    const done = value(step(onSite, { step: 'collected', signer: '王五', on: '2026-03-11' }))
    expect(done).toMatchObject({ state: 'collected', signer: '王五', collectedOn: '2026-03-11', version: 2 })
    expect(done.by).toBe('clerk:c1')
  })

  it('records 已寄出 then 已签收', () => {
    const posted = value(step(posting, { step: 'posted', trackingNumber: 'SF1234567890' }))
    expect(posted).toMatchObject({ state: 'posted', trackingNumber: 'SF1234567890', postedOn: '2026-03-12' })
    const signed = value(step(posted, { step: 'signed', on: '2026-03-12' }))
    expect(signed).toMatchObject({ state: 'signed', signedOn: '2026-03-12', version: 3 })
  })

  it('refuses a step before the decision, of the other mode, or out of order', () => {
    expect(codeOf(step(undefined, { step: 'collected', signer: '王五', on: '2026-03-11' }))).toBe(
      'INTAKE_DELIVERY_NOT_DUE',
    )
    expect(codeOf(step(posting, { step: 'collected', signer: '王五', on: '2026-03-11' }))).toBe(
      'INTAKE_DELIVERY_WRONG_MODE',
    )
    expect(codeOf(step(onSite, { step: 'posted', trackingNumber: 'SF1234567890' }))).toBe('INTAKE_DELIVERY_WRONG_MODE')
    const online = deliveryDue(application, undefined, decided)
    expect(codeOf(step(online, { step: 'signed', on: '2026-03-11' }))).toBe('INTAKE_DELIVERY_WRONG_MODE')
    expect(codeOf(step(posting, { step: 'signed', on: '2026-03-11' }))).toBe('INTAKE_DELIVERY_OUT_OF_ORDER')
    const collected = value(step(onSite, { step: 'collected', signer: '王五', on: '2026-03-11' }))
    expect(codeOf(step(collected, { step: 'collected', signer: '王五', on: '2026-03-11' }))).toBe(
      'INTAKE_DELIVERY_OUT_OF_ORDER',
    )
    const posted = value(step(posting, { step: 'posted', trackingNumber: 'SF1234567890' }))
    expect(codeOf(step(posted, { step: 'posted', trackingNumber: 'SF1234567890' }))).toBe(
      'INTAKE_DELIVERY_OUT_OF_ORDER',
    )
  })

  // A missing signer, tracking number or day, or a field of another step, is the schema's (RecordDeliveryBody):
  // result-delivery.int.test.ts refuses them at the route, naming the field.
  it('refuses a day after today or before the decision, a posting not today, and a signature before the posting', () => {
    const fieldOf = (r: ReturnType<typeof step>) =>
      r.ok ? 'ok' : (r.error.details as { errors: Array<{ field: string }> }).errors[0]?.field
    expect(fieldOf(step(onSite, { step: 'collected', signer: '王五', on: '2026-03-13' }))).toBe('/on')
    expect(fieldOf(step(onSite, { step: 'collected', signer: '王五', on: '2026-03-09' }))).toBe('/on')
    expect(fieldOf(step(posting, { step: 'posted', trackingNumber: 'SF1234567890', on: '2026-03-11' }))).toBe('/on')
    const posted = value(step(posting, { step: 'posted', trackingNumber: 'SF1234567890' }))
    expect(fieldOf(step(posted, { step: 'signed', on: '2026-03-11' }))).toBe('/on')
    expect(fieldOf(step(posted, { step: 'signed', on: '2026-03-13' }))).toBe('/on')
    expect(codeOf(step(posted, { step: 'signed', on: '2026-03-11' }))).toBe('INTAKE_DELIVERY_INVALID')
  })
})

describe('the window an on-site result is collected at', () => {
  it('is named by the region of the catalogue the application was accepted under, never the national root', () => {
    expect(collectionRegion(loadCatalogue('441500'))).toEqual({ regionName: '汕尾市' })
    // A district without a document of its own takes its city's catalogue, and its city's window.
    expect(collectionRegion(loadCatalogue('441502'))).toEqual({ regionName: '汕尾市' })
    expect(collectionRegion(loadCatalogue('000000'))).toEqual({})
    expect(collectionRegion(undefined)).toEqual({})
    const due = deliveryDue(
      { ...application, ...collectionRegion(loadCatalogue('440600')) },
      { mode: 'on-site' },
      decided,
    )
    expect(due).toMatchObject({ state: 'awaiting-collection', regionName: '佛山市' })
  })
})
