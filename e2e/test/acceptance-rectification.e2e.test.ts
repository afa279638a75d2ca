import { AcceptanceCommitmentRectificationOverdueV1 } from '@onewindow/contracts'
import { passesOf } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  approveFirstStep,
  expectStatus,
  lowRiskFactory,
  openApplication,
  owners,
  published,
  registerProject,
  sixItemDepartments,
  sixItemMaterials,
  statusWhen,
  taskOf,
  until,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// 整改 of a joint acceptance 告知承诺 breach followed through the gateway (004:1860 责令限期整改): the owner reports,
// GET /commitments carries the item's 整改 as the approval stage's, a timely report holds off 逾期未整改 until the
// department finds it not done, acceptance's timer marks it once, and the further measure reaches the timeline as the
// measure it took.

// Monday 2026-03-02, 09:00 in Shanghai. The breach is found on Tuesday 10 March, 整改 by Friday 20 March.
const START = '2026-03-02T01:00:00Z'
const at = (date: string) => `${date}T01:00:00Z`
const ARCHIVE = 'urban-construction-archive-acceptance'
const RECTIFY_BY = '2026-03-20'

let world: World
beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

type Rectification = { state: string; rectifyBy: string; reports: number; overdueOn?: string; escalation?: object }
type Commitment = { caseId: string; state: string; rectification?: Rectification }

const owner = owners.c
const ownerToken = () => world.token('owner', { creditCode: owner.creditCode })
const archivist = () => world.token('reviewer', { department: 'urban-construction-archive' })

/** A Shanwei low-risk factory whose six-item bundle (施工许可 among it) every department approved. */
async function permittedProject(): Promise<string> {
  world.clock.set(START)
  const projectId = await registerProject(world, lowRiskFactory(owner))
  await approveFirstStep(world, projectId)
  const application = expectStatus(
    await openApplication(world, projectId, { step: 'six-item-bundle', form: {}, materials: sixItemMaterials }),
    201,
  ).application
  for (const department of sixItemDepartments) {
    const task = await taskOf(world, department, application.applicationId)
    expectStatus(await act(world, task, { action: 'claim' }), 200)
    expectStatus(await act(world, task, { action: 'approve' }), 200)
  }
  return projectId
}

async function applyForAcceptance(projectId: string, body: object) {
  let res = await world.api('POST', `/api/v1/projects/${projectId}/acceptance`, ownerToken(), body)
  await until(async () => {
    if (res.body?.code !== 'ACCEPTANCE_PERMIT_NOT_GRANTED') return true
    res = await world.api('POST', `/api/v1/projects/${projectId}/acceptance`, ownerToken(), body)
    return false
  })
  return res
}

const rectificationOf = async (caseId: string): Promise<Rectification | undefined> =>
  (expectStatus(await world.api('GET', '/api/v1/commitments', archivist()), 200).commitments as Commitment[]).find(
    (c) => c.caseId === caseId,
  )?.rectification
const post = (caseId: string, act: string, body: object, bearer = archivist()) =>
  world.api('POST', `/api/v1/acceptance/${caseId}/commitment-rectification-${act}`, bearer, { item: ARCHIVE, ...body })

describe('整改 of a joint acceptance 告知承诺 breach, through the gateway', () => {
  it('reported in time, found not done, marked overdue once, then the further measure on the timeline', async () => {
    const projectId = await permittedProject()
    const caseId: string = expectStatus(await applyForAcceptance(projectId, { commitments: [ARCHIVE] }), 201).case
      .caseId
    world.clock.set(at('2026-03-10'))
    expectStatus(
      await world.api('POST', `/api/v1/acceptance/${caseId}/commitments`, archivist(), {
        item: ARCHIVE,
        result: 'breached',
        findings: ['竣工图未归档'],
        measures: ['rectify'],
        rectifyBy: RECTIFY_BY,
      }),
      200,
    )
    await until(async () => (await rectificationOf(caseId))?.state === 'owed')

    // The owner reports on the last day; another department cannot review it (the gateway answers as for no case).
    world.clock.set(at(RECTIFY_BY))
    expectStatus(await post(caseId, 'report', { statement: '竣工图已归档' }, ownerToken()), 200)
    const fire = world.token('reviewer', { department: 'housing-construction' })
    expect((await post(caseId, 'review', { result: 'done' }, fire)).status).toBe(404)
    await until(async () => (await rectificationOf(caseId))?.state === 'reported')

    // Past the day, the timely report awaiting review holds off 逾期未整改.
    world.clock.set(at('2026-03-23'))
    await passesOf(world.acceptance.scanner, 2)
    expect(await rectificationOf(caseId)).toMatchObject({ state: 'reported', rectifyBy: RECTIFY_BY, reports: 1 })
    expect(
      (await post(caseId, 'escalation', { measures: ['bar-commitment'], barredUntil: '2026-09-30' })).body,
    ).toMatchObject({ status: 409, code: 'ACCEPTANCE_RECTIFICATION_REVIEW_PENDING' })

    // Found not done: overdue at once, and the timer marks it once.
    expectStatus(await post(caseId, 'review', { result: 'not-done', note: '电子档案未移交' }), 200)
    await passesOf(world.acceptance.scanner, 3)
    await until(async () => (await rectificationOf(caseId))?.overdueOn === '2026-03-23')
    expect(await rectificationOf(caseId)).toMatchObject({ state: 'overdue', reports: 1 })
    const marks = (await published(world, AcceptanceCommitmentRectificationOverdueV1)).filter(
      (e) => e.case.caseId === caseId,
    )
    expect(marks.map((e) => e.item)).toEqual([ARCHIVE])

    // The further measure: 禁止选择告知承诺, on the list and on the owner's timeline as the measure it took.
    expectStatus(await post(caseId, 'escalation', { measures: ['bar-commitment'], barredUntil: '2026-09-30' }), 200)
    await until(async () => (await rectificationOf(caseId))?.escalation !== undefined)
    expect(await rectificationOf(caseId)).toMatchObject({
      escalation: { on: '2026-03-23', measures: ['bar-commitment'], barredUntil: '2026-09-30' },
    })
    const s = await statusWhen(world, projectId, (x) =>
      x.timeline.some((e) => e.type === 'acceptance.commitment-rectification-escalated'),
    )
    const acts = s.timeline.filter((e) => e.type.startsWith('acceptance.commitment-rectification-')).map((e) => e.type)
    expect(acts.sort()).toEqual([
      'acceptance.commitment-rectification-escalated',
      'acceptance.commitment-rectification-overdue',
      'acceptance.commitment-rectification-reported',
      'acceptance.commitment-rectification-reviewed',
    ])
    expect(s.timeline.find((e) => e.type === 'acceptance.commitment-rectification-escalated')).toMatchObject({
      outcome: 'escalated-bar',
    })
  })
})
