import { TaskSupervisedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  accept,
  act,
  anAcceptance,
  approvalWorld,
  call,
  outboxBodies,
  reviewerOf,
  startAt,
  type World,
} from './helpers.js'

// 督办 (跟踪督办, seeds/004_33317a5f04b53a73.txt:1794, 004:1868) through approval's routes, on real PostgreSQL and NATS.

// Monday 2 March 2026, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z'
const DEPTS = ['housing-construction', 'natural-resources']
const supervisor = { sub: 'supervisor-1', role: 'supervisor' }

let w: World
beforeAll(async () => {
  w = await approvalWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const supervise = (taskId: string, body: object, actor: object = supervisor) =>
  call(w, 'POST', `/tasks/${taskId}/supervisions`, actor, body)
const respond = (task: { id: string; department: string }, supervisionId: string, body: object, actor?: object) =>
  call(
    w,
    'POST',
    `/tasks/${task.id}/supervisions/${supervisionId}/response`,
    actor ?? reviewerOf(task.department),
    body,
  )

describe('督办 of an approval task', () => {
  it('the supervisor urges an open task twice; the department answers each; both acts are published', async () => {
    await startAt(w, START)
    const [housing] = await accept(w, anAcceptance('2026-03-02', DEPTS))
    if (!housing) throw new Error('no task')

    // Tuesday 3 March: the default limit, 5 working days — Tuesday 10 March.
    w.clock.set('2026-03-03T02:00:00Z')
    const first = await supervise(housing.id, { note: '请说明审查进度' })
    expect(first.status).toBe(200)
    expect(first.body.task).toMatchObject({ status: 'assigned', version: 2 })
    const [s1] = first.body.task.supervisions
    expect(s1).toMatchObject({
      note: '请说明审查进度',
      openedOn: '2026-03-03',
      openedBy: 'supervisor-1',
      deadline: { due: '2026-03-10' },
    })
    expect(s1.response).toBeUndefined()

    // Thursday 5 March: again, with its own limit of 2 working days — Monday 9 March.
    w.clock.set('2026-03-05T02:00:00Z')
    const second = await supervise(housing.id, { note: '再次督办：加快办理', replyWithin: 2 })
    expect(second.status).toBe(200)
    const [, s2] = second.body.task.supervisions
    expect(s2).toMatchObject({ note: '再次督办：加快办理', deadline: { due: '2026-03-09' } })

    const answered = await respond(housing, s2.id, { response: '已安排专人，周五前出具意见' })
    expect(answered.status).toBe(200)
    expect(answered.body.task.supervisions.map((s: { response?: string }) => s.response ?? null)).toEqual([
      null,
      '已安排专人，周五前出具意见',
    ])
    expect(answered.body.task.supervisions[1]).toMatchObject({
      respondedBy: 'reviewer-housing-construction',
      deadline: { due: '2026-03-09', doneOn: '2026-03-05' },
    })

    const stored = await w.db.pool.query('SELECT version FROM task WHERE id = $1', [housing.id])
    expect(stored.rows).toEqual([{ version: 4 }])
    const events = (await outboxBodies(w, TaskSupervisedV1)).filter((e) => e.task.taskId === housing.id)
    expect(events.map((e) => [e.task.version, e.actor, e.note, e.task.supervisions?.length])).toEqual([
      [2, 'supervisor-1', '请说明审查进度', 1],
      [3, 'supervisor-1', '再次督办：加快办理', 2],
      [4, 'reviewer-housing-construction', 'answered', 2],
    ])
    // Each names its 督办 and the act, so no reader infers them from the snapshot's instants.
    expect(events.map((e) => [e.supervisionId, e.turn])).toEqual([
      [s1.id, 'issued'],
      [s2.id, 'issued'],
      [s2.id, 'answered'],
    ])
  })

  it('refuses a 督办 on a decided task (409), a caller that is not the supervisor, and bad input', async () => {
    await startAt(w, START)
    const [housing, planning] = await accept(w, anAcceptance('2026-03-02', DEPTS))
    if (!housing || !planning) throw new Error('no task')
    expect((await act(w, housing, { action: 'claim' })).status).toBe(200)
    expect((await act(w, housing, { action: 'approve' })).status).toBe(200)

    const decided = await supervise(housing.id, { note: '请说明' })
    expect(decided.status).toBe(409)
    expect(decided.headers['content-type']).toContain('application/problem+json')
    expect(decided.body).toMatchObject({ code: 'APPROVAL_SUPERVISION_TASK_DECIDED', taskStatus: 'approved' })

    const byReviewer = await supervise(planning.id, { note: '请说明' }, reviewerOf('natural-resources'))
    expect(byReviewer.status).toBe(403)
    expect(byReviewer.body.code).toBe('APPROVAL_NOT_SUPERVISOR')

    const empty = await supervise(planning.id, { note: '' })
    expect(empty.status).toBe(400)
    expect(JSON.stringify(empty.body)).toContain('/body/note')
    const tooLong = await supervise(planning.id, { note: '督'.repeat(2001) })
    expect(tooLong.status).toBe(400)
    const limit = await supervise(planning.id, { note: '请说明', replyWithin: 31 })
    expect(limit.status).toBe(400)
    expect(JSON.stringify(limit.body)).toContain('/body/replyWithin')

    const rows = await w.db.pool.query('SELECT version FROM task WHERE id = $1', [planning.id])
    expect(rows.rows).toEqual([{ version: 1 }])
  })

  it('takes the reply from a reviewer of the task’s department only, once, for a 督办 the task has', async () => {
    await startAt(w, START)
    const [housing] = await accept(w, anAcceptance('2026-03-02', DEPTS))
    if (!housing) throw new Error('no task')
    const issued = await supervise(housing.id, { note: '请说明审查进度' })
    const id = issued.body.task.supervisions[0].id

    const other = await respond(housing, id, { response: '不是本部门' }, reviewerOf('natural-resources'))
    expect(other.status).toBe(403)
    expect(other.body.code).toBe('APPROVAL_NOT_YOUR_DEPARTMENT')
    const unknown = await respond(housing, '0190a000-0000-7000-8000-00000000ffff', { response: '无此督办' })
    expect(unknown.status).toBe(404)
    expect(unknown.body.code).toBe('APPROVAL_SUPERVISION_NOT_FOUND')
    const blank = await respond(housing, id, { response: '' })
    expect(blank.status).toBe(400)

    expect((await respond(housing, id, { response: '已加快' })).status).toBe(200)
    const again = await respond(housing, id, { response: '再答一次' })
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('APPROVAL_SUPERVISION_ANSWERED')
  })
})
