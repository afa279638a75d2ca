import { jetstream } from '@nats-io/jetstream'
import { headers as natsHeaders } from '@nats-io/transport-node'
import {
  type AcceptanceCaseSnapshot,
  AcceptanceClockOverdueV1,
  AcceptanceClockWarnedV1,
  StepDecidedV1,
} from '@onewindow/contracts'
import { wireSubject } from '@onewindow/messaging'
import type { Static } from 'typebox'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  ARCHIVE,
  acceptanceWorld,
  aProject,
  call,
  committedCase,
  lead,
  outboxBodies,
  owner,
  reviewer,
  type World,
} from './helpers.js'

// Issue 10, item 1: every date is a real calendar day from 2000-01-01 to 2099-12-31, a period ends no earlier than
// it starts, and a refusal writes nothing: no row changed, no outbox row, nothing on the stream.

type Case = Static<typeof AcceptanceCaseSnapshot>

// Monday 2 March 2026, 10:00 in Shanghai.
const START = '2026-03-02T02:00:00Z'
const ALL = ['housing-construction', 'natural-resources', 'civil-air-defence']
const IMPOSSIBLE = ['2026-13-01', '2026-02-30', '2026-04-31', '0000-00-00', '2027-02-29', '9999-12-31', '1999-12-31']

let w: World
beforeAll(async () => {
  w = await acceptanceWorld(START)
})
beforeEach(() => {
  w.clock.set(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

/** Everything the service wrote about a case: its row, its outbox rows, and the stream's message count. */
async function footprint(caseId: string) {
  const row = await w.db.pool.query('SELECT version, state FROM acceptance_case WHERE id = $1', [caseId])
  const outbox = await w.db.pool.query('SELECT count(*)::int AS n FROM outbox_message WHERE aggregate_id = $1', [
    caseId,
  ])
  return { row: row.rows[0], outbox: outbox.rows[0]?.n as number }
}

/** Messages on the test stream: nothing new may appear there after a refusal. */
async function streamMessages(): Promise<number> {
  const { jetstreamManager } = await import('@nats-io/jetstream')
  const info = await (await jetstreamManager(w.nc)).streams.info(w.topology.stream)
  return info.state.messages
}

const fieldsOf = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((e) => e.field)

describe('dates on the joint-acceptance routes', () => {
  it.each(IMPOSSIBLE)(
    'an inspection on %s, or a public notice from or to it, is 400 naming the field; nothing written',
    async (bad) => {
      const projectId = await aProject(w)
      const c: Case = (await call(w, 'POST', `/projects/${projectId}/acceptance`, owner, {})).body.case
      // Let the relay publish what the open wrote, so the stream's count is steady before the refusals.
      await expect
        .poll(async () => (await w.db.pool.query('SELECT 1 FROM outbox_message WHERE sent_at IS NULL')).rowCount)
        .toBe(0)
      const before = await footprint(c.caseId)
      const onStream = await streamMessages()
      const body = { date: '2026-03-04', place: 'site office', participants: ALL }
      const cases: Array<[object, string]> = [
        [{ ...body, date: bad }, '/body/date'],
        [{ ...body, publicNotice: { from: bad, to: '2026-03-20' } }, '/body/publicNotice/from'],
        [{ ...body, publicNotice: { from: '2026-03-05', to: bad } }, '/body/publicNotice/to'],
      ]
      for (const [payload, field] of cases) {
        const res = await call(w, 'POST', `/acceptance/${c.caseId}/inspection`, lead, payload)
        expect(res.status).toBe(400)
        expect(res.body).toMatchObject({ status: 400, code: expect.any(String) })
        expect(fieldsOf(res.body)).toContain(field)
      }
      expect(await footprint(c.caseId)).toEqual(before)
      expect(await streamMessages()).toBe(onStream)
    },
  )

  it('a public notice that ends before it starts is 422 naming publicNotice/to; nothing written', async () => {
    // Shanwei's 5 W do not count 公示 (004:1816), so its case takes a notice at all.
    const projectId = await aProject(w, 'social-simple-low-risk', undefined, '441500')
    const c: Case = (await call(w, 'POST', `/projects/${projectId}/acceptance`, owner, {})).body.case
    expect(c.clockExclusions).toEqual(['public-notice'])
    const participants = [...new Set(c.items.map((i) => i.department))]
    const before = await footprint(c.caseId)
    const res = await call(w, 'POST', `/acceptance/${c.caseId}/inspection`, lead, {
      date: '2026-03-04',
      place: 'site office',
      participants,
      publicNotice: { from: '2026-03-20', to: '2026-03-05' },
    })
    expect([res.status, res.body.code]).toEqual([422, 'ACCEPTANCE_INSPECTION_INVALID'])
    expect(res.body.errors).toEqual([{ field: '/body/publicNotice/to', message: 'is before from' }])
    expect(await footprint(c.caseId)).toEqual(before)
    // The same period the right way round is taken: one day is a period too.
    const ok = await call(w, 'POST', `/acceptance/${c.caseId}/inspection`, lead, {
      date: '2026-03-04',
      place: 'site office',
      participants,
      publicNotice: { from: '2026-03-05', to: '2026-03-05' },
    })
    expect(ok.status).toBe(200)
    expect(ok.body.case.clock.suspensions).toEqual([{ kind: 'public-notice', from: '2026-03-05', to: '2026-03-05' }])
  })

  it('a public notice on a case whose limit counts it (Foshan, 004:2169) is 422 naming publicNotice; nothing written', async () => {
    const projectId = await aProject(w)
    const c: Case = (await call(w, 'POST', `/projects/${projectId}/acceptance`, owner, {})).body.case
    const before = await footprint(c.caseId)
    const res = await call(w, 'POST', `/acceptance/${c.caseId}/inspection`, lead, {
      date: '2026-03-04',
      place: 'site office',
      participants: ALL,
      publicNotice: { from: '2026-03-05', to: '2026-03-09' },
    })
    expect([res.status, res.body.code]).toEqual([422, 'ACCEPTANCE_INSPECTION_INVALID'])
    expect(res.body.errors).toEqual([
      { field: '/body/publicNotice', message: "is not excluded from this case's clock" },
    ])
    expect(await footprint(c.caseId)).toEqual(before)
  })

  it('a commitment verification with an impossible rectifyBy or barredUntil is 400 naming it; nothing written', async () => {
    const c: Case = await committedCase(w)
    const before = await footprint(c.caseId)
    const breached = { item: ARCHIVE, result: 'breached', findings: ['the archive was not handed over'] }
    for (const bad of IMPOSSIBLE) {
      const rectify = await call(
        w,
        'POST',
        `/acceptance/${c.caseId}/commitments`,
        reviewer('urban-construction-archive'),
        {
          ...breached,
          measures: ['rectify'],
          rectifyBy: bad,
        },
      )
      expect(rectify.status).toBe(400)
      expect(fieldsOf(rectify.body)).toContain('/body/rectifyBy')
      const bar = await call(w, 'POST', `/acceptance/${c.caseId}/commitments`, reviewer('urban-construction-archive'), {
        ...breached,
        measures: ['bar-commitment'],
        barredUntil: bad,
      })
      expect(bar.status).toBe(400)
      expect(fieldsOf(bar.body)).toContain('/body/barredUntil')
    }
    expect(await footprint(c.caseId)).toEqual(before)
  })
})

describe('dates in events', () => {
  it('a StepDecidedV1 with an impossible decidedOn is dead-lettered at once and stores nothing', async () => {
    const projectId = uuidv7()
    const applicationId = uuidv7()
    const body = {
      applicationId,
      projectId,
      step: 'six-item-bundle',
      outcome: 'approved',
      decidedAt: '2026-02-02T01:00:00.000Z',
      decidedOn: '2026-02-30',
      tasks: [{ taskId: uuidv7(), item: 'construction-permit', department: 'x', outcome: 'approved' }],
    }
    expect(StepDecidedV1.validator.Check(body)).toBe(false)
    // Published raw, as a faulty producer would: publishAsRelay checks the schema and would refuse it.
    const id = uuidv7()
    const h = natsHeaders()
    h.set('ce-specversion', '1.0')
    h.set('ce-id', id)
    h.set('ce-type', StepDecidedV1.subject)
    h.set('ce-source', 'test')
    h.set('ow-aggregate', applicationId)
    await jetstream(w.nc).publish(wireSubject(w.topology, StepDecidedV1.subject), JSON.stringify(body), {
      headers: h,
      msgID: id,
    })
    await expect
      .poll(async () => {
        const { rows } = await w.db.pool.query<{ error: string; deliveries: number }>(
          'SELECT error, deliveries FROM dead_letter WHERE event_id = $1',
          [id],
        )
        return rows
      })
      .toEqual([{ error: expect.stringContaining('/decidedOn'), deliveries: 1 }])
    expect((await w.db.pool.query('SELECT 1 FROM approved_item WHERE project_id = $1', [projectId])).rowCount).toBe(0)
    expect((await w.db.pool.query('SELECT 1 FROM inbox_message WHERE event_id = $1', [id])).rowCount).toBe(0)
  })
})

describe('a stored case with a bad date', () => {
  it('is skipped by the scan, which still raises every other case’s alerts', async () => {
    // Cases stored before dates were checked: one whose clock cannot be evaluated, one whose events fail their schema.
    const open = async () => {
      const res = await call(w, 'POST', `/projects/${await aProject(w)}/acceptance`, owner, {})
      expect(res.status).toBe(201)
      return res.body.case as Case
    }
    const badClock = await open()
    const badInspection = await open()
    const good = await open()
    await w.db.pool.query(
      `UPDATE acceptance_case SET state = jsonb_set(state, '{clock,start}', '"2026-02-30"') WHERE id = $1`,
      [badClock.caseId],
    )
    await w.db.pool.query(
      `UPDATE acceptance_case SET status = 'scheduled', state = state || jsonb_build_object('status', 'scheduled',
         'inspection', jsonb_build_object('date', '2026-13-01', 'place', 'x', 'participants', '[]'::jsonb, 'round', 1))
        WHERE id = $1`,
      [badInspection.caseId],
    )
    // 8 W from Monday 2 March are due on Wednesday 11 March: on the 20th every case is overdue.
    w.clock.set('2026-03-20T02:00:00Z')
    await w.app.scanner.runOnce()
    const alerted = async () => [
      ...(await outboxBodies(w, AcceptanceClockWarnedV1)).map((b) => b.case.caseId),
      ...(await outboxBodies(w, AcceptanceClockOverdueV1)).map((b) => b.case.caseId),
    ]
    const ids = await alerted()
    expect(ids.filter((id) => id === good.caseId)).toHaveLength(2)
    expect(ids).not.toContain(badClock.caseId)
    expect(ids).not.toContain(badInspection.caseId)
    // The next pass skips them again, and raises nothing twice.
    await w.app.scanner.runOnce()
    expect(await alerted()).toEqual(ids)
  })
})
