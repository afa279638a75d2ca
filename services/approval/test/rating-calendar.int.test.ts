import { ApprovalDueMovedV1, CalendarPublishedV1, type RatingSnapshot } from '@onewindow/contracts'
import { publishAsRelay, published2027 } from '@onewindow/testing'
import type { Static } from 'typebox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approvalWorld, type World } from './helpers.js'

// 好差评: a published calendar moves an open fix-and-reply loop's due date like every other clock's. A loop opened on
// Monday 28 December 2026 (10 W, the day not counted): 12-29..12-31 are the 1st to 3rd; on weekdays alone Fri 01-01 is
// the 4th and Mon 01-11 the 10th (2027 provisional); with 元旦 01-01..01-03 published, Tue 01-12 is the 10th.
const START = '2026-12-14T02:00:00Z'
const OPENED = '2026-12-28'
const BEFORE = '2027-01-11'
const AFTER = '2027-01-12'

const publication = published2027({ publishedAt: START })

let w: World
beforeAll(async () => {
  w = await approvalWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const rating = (id: string, status: 'open' | 'replied'): RatingSnapshot => ({
  ratingId: `0190b000-0000-7000-8000-00000000000${id}`,
  taskId: `0190b000-0000-7000-8000-0000000000a${id}`,
  applicationId: '0190b000-0000-7000-8000-000000000001',
  projectId: '0190b000-0000-7000-8000-000000000002',
  item: 'item-1',
  department: 'housing-construction',
  first: { level: 'dissatisfied', ratedAt: `${OPENED}T02:00:00.000Z`, ratedOn: OPENED, ratedBy: 'owner-1' },
  fix: { limit: { value: 10, unit: 'W' }, start: OPENED, dueOn: BEFORE, status },
  version: 1,
  updatedAt: `${OPENED}T02:00:00.000Z`,
})

// Stored as the repository stores a rating (db/ratings.ts): the loop's state and due date beside the whole rating.
async function store(r: RatingSnapshot) {
  await w.db.pool.query(
    `INSERT INTO rating (id, task_id, application_id, project_id, department, fix_status, fix_due_on, version, state,
                         updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [r.ratingId, r.taskId, r.applicationId, r.projectId, r.department, r.fix?.status, r.fix?.dueOn, 1, r, r.updatedAt],
  )
}
const stateOf = async (id: string) =>
  (
    await w.db.pool.query<{ state: RatingSnapshot; due: string }>(
      'SELECT state, fix_due_on::text AS due FROM rating WHERE id = $1',
      [id],
    )
  ).rows[0]
const moves = async () =>
  (
    await w.db.pool.query<{ payload: Static<typeof ApprovalDueMovedV1.schema> }>(
      'SELECT payload FROM outbox_message WHERE subject = $1 ORDER BY position',
      [ApprovalDueMovedV1.subject],
    )
  ).rows
    .map((r) => r.payload)
    .filter((b) => b.clock === 'fix')

describe('好差评 on a published calendar', () => {
  it("moves an open loop's due date, once, keeping the rating's version; a replied loop keeps its day", async () => {
    const open = rating('1', 'open')
    const replied = rating('2', 'replied')
    await store(open)
    await store(replied)
    await publishAsRelay(w.nc, w.topology, CalendarPublishedV1, publication, {
      aggregate: 'calendar:year-2027',
      source: 'intake',
    })
    await expect.poll(async () => (await moves()).length).toBe(1)
    expect((await moves())[0]).toMatchObject({
      projectId: open.projectId,
      subject: `rating:${open.ratingId}`,
      clock: 'fix',
      department: 'housing-construction',
      from: BEFORE,
      to: AFTER,
      subjectDueOn: AFTER,
      // The rating's version the move was computed on: the gateway sets the day on no newer snapshot.
      subjectVersion: open.version,
      provisionalBefore: true,
      provisionalAfter: false,
    })
    const after = await stateOf(open.ratingId)
    expect(after?.state.fix?.dueOn).toBe(AFTER)
    expect(after?.due).toBe(AFTER)
    expect(after?.state.version).toBe(1)
    expect((await stateOf(replied.ratingId))?.state.fix?.dueOn).toBe(BEFORE)
  })
})
