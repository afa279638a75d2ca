import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import {
  UtilityActionBody,
  UtilityJointSurveyCancelledV1,
  UtilityJointSurveyConfirmedV1,
  UtilityJointSurveyProposedV1,
  UtilityRequestAdvancedV1,
} from '../src/index.js'

// 联合踏勘: a request now may carry the project's joint survey; the stream still holds requests written before it.

const request = {
  requestId: '0195f3a0-0000-7000-8000-000000000001',
  projectId: '0195f3a0-0000-7000-8000-000000000002',
  applicationId: '0195f3a0-0000-7000-8000-000000000003',
  provider: 'water',
  stage: 'survey',
  lowRisk: false,
  line: { lengthM: 100 },
  permits: [],
  openedAt: '2026-03-02T01:00:00.000Z',
  version: 1,
  updatedAt: '2026-03-02T01:00:00.000Z',
}
const jointSurvey = {
  day: '2026-03-05',
  time: '9:00-11:00',
  place: '项目东门',
  contact: '王工 13800000000',
  proposedBy: 'water',
  proposedAt: '2026-03-02T02:00:00.000Z',
}

describe('the joint survey in the contracts', () => {
  const advanced = Compile(UtilityRequestAdvancedV1.schema)
  const proposed = Compile(UtilityJointSurveyProposedV1.schema)

  it('a request written before it still reads; one carrying it reads', () => {
    expect(advanced.Check({ request })).toBe(true)
    expect(advanced.Check({ request: { ...request, jointSurvey } })).toBe(true)
  })

  it('bounds each field of the appointment, and its day is a real one', () => {
    const withSurvey = (over: object) => ({ request: { ...request, jointSurvey: { ...jointSurvey, ...over } } })
    expect(advanced.Check(withSurvey({ day: '2026-02-30' }))).toBe(false)
    expect(advanced.Check(withSurvey({ time: 'x'.repeat(51) }))).toBe(false)
    expect(advanced.Check(withSurvey({ place: 'x'.repeat(201) }))).toBe(false)
    expect(advanced.Check(withSurvey({ contact: 'x'.repeat(101) }))).toBe(false)
    expect(advanced.Check(withSurvey({ proposedBy: 'cable-tv' }))).toBe(false)
  })

  it('the proposal event carries the appointment and at most 50 requests', () => {
    const body = { projectId: request.projectId, jointSurvey, requests: [{ ...request, jointSurvey }] }
    expect(proposed.Check(body)).toBe(true)
    expect(proposed.Check({ ...body, requests: Array.from({ length: 51 }, () => request) })).toBe(false)
  })

  it('survey-done may say it was at the joint survey, and nothing else', () => {
    const action = Compile(UtilityActionBody)
    expect(action.Check({ action: 'survey-done', atJointSurvey: true })).toBe(true)
    expect(action.Check({ action: 'survey-done' })).toBe(true)
    expect(action.Check({ action: 'survey-done', note: 'x' })).toBe(false)
  })

  it('an appointment written before confirmations still reads; confirmations are bounded and name a provider', () => {
    const confirmation = { requestId: request.requestId, provider: 'power', confirmedAt: '2026-03-02T03:00:00.000Z' }
    const confirmed = Compile(UtilityJointSurveyConfirmedV1.schema)
    const body = { projectId: request.projectId, jointSurvey: { ...jointSurvey, confirmations: [confirmation] } }
    expect(confirmed.Check({ ...body, requests: [], confirmation })).toBe(true)
    expect(confirmed.Check({ ...body, requests: [] })).toBe(false)
    expect(confirmed.Check({ ...body, requests: [], confirmation: { ...confirmation, provider: 'cable-tv' } })).toBe(
      false,
    )
    const many = { ...jointSurvey, confirmations: Array.from({ length: 51 }, () => confirmation) }
    expect(advanced.Check({ request: { ...request, jointSurvey: many } })).toBe(false)
  })

  it('a cancellation carries the appointment cancelled, a reason of 1–500 characters and when', () => {
    const cancelled = Compile(UtilityJointSurveyCancelledV1.schema)
    const body = {
      projectId: request.projectId,
      jointSurvey,
      requests: [request],
      reason: '现场尚未平整',
      cancelledAt: '2026-03-03T02:00:00.000Z',
    }
    expect(cancelled.Check(body)).toBe(true)
    expect(cancelled.Check({ ...body, reason: '' })).toBe(false)
    expect(cancelled.Check({ ...body, reason: 'x'.repeat(501) })).toBe(false)
    const { cancelledAt: _, ...undated } = body
    expect(cancelled.Check(undated)).toBe(false)
  })
})
