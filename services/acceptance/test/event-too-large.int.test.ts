// Every field of an acceptance event is within its bound, but the bounds multiply: the case is carried whole by every
// event, and each department's 整改 opinion may list 100 defects of 2,000 characters. Four departments asking for
// long rectifications make a case whose event NATS would refuse (1 MiB). Before the outbox measured its rows, the
// opinion was recorded (200), its event never left the outbox, and every later event of the case — and of its
// project — waited behind it for good. Now the opinion is refused, 422, and nothing of it is written.
import { NATS_MAX_PAYLOAD } from '@onewindow/contracts'
import { asCaller } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acceptanceWorld, aProject, call, lead, owner, reviewer, type World } from './helpers.js'

const START = '2026-03-02T02:00:00Z'
const ITEM_DEPT: Record<string, string> = {
  'planning-condition-verification': 'natural-resources',
  'fire-acceptance-filing': 'housing-construction',
  'civil-air-defence-completion-filing': 'civil-air-defence',
  'completion-acceptance-filing': 'housing-construction',
}

let w: World
beforeAll(async () => {
  w = await acceptanceWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const stored = async (caseId: string) => {
  const c = await w.db.pool.query<{ version: number; state: string }>(
    'SELECT version, state::text AS state FROM acceptance_case WHERE id = $1',
    [caseId],
  )
  const o = await w.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox_message')
  return { case: c.rows[0], outbox: o.rows[0]?.n }
}

describe('an acceptance opinion whose event would be larger than NATS takes', () => {
  it('is refused 422 MESSAGING_EVENT_TOO_LARGE with nothing written; the opinions before it stand', async () => {
    const projectId = await aProject(w)
    const opened = await call(w, 'POST', `/projects/${projectId}/acceptance`, owner, {})
    expect(opened.status).toBe(201)
    const caseId: string = opened.body.case.caseId
    const scheduled = await call(w, 'POST', `/acceptance/${caseId}/inspection`, lead, {
      date: '2026-03-04',
      place: 'site office',
      participants: ['housing-construction', 'natural-resources', 'civil-air-defence'],
    })
    expect(scheduled.status).toBe(200)
    // 60 defects of 2,000 characters, each character three bytes in UTF-8: 360 kB of defects per item's opinion.
    const defects = Array.from({ length: 60 }, (_, i) => `${String(i).padStart(2, '0')}${'消'.repeat(1998)}`)
    const answers: number[] = []
    for (const [item, department] of Object.entries(ITEM_DEPT)) {
      const before = await stored(caseId)
      const res = await w.app.inject({
        method: 'POST',
        url: `/acceptance/${caseId}/opinions`,
        headers: await asCaller('acceptance', reviewer(department), w.clock),
        payload: { item, opinion: 'rectify', defects },
      })
      answers.push(res.statusCode)
      if (res.statusCode === 200) continue
      expect(res.statusCode).toBe(422)
      expect(res.headers['content-type']).toContain('application/problem+json')
      const body = res.json()
      expect(body).toMatchObject({
        status: 422,
        code: 'MESSAGING_EVENT_TOO_LARGE',
        limit: NATS_MAX_PAYLOAD,
        event: expect.stringMatching(/^permit\.acceptance\.case\./),
      })
      expect(body.bytes).toBeGreaterThan(NATS_MAX_PAYLOAD)
      // Nothing half-written: the case as it was, no event added.
      expect(await stored(caseId)).toEqual(before)
      break
    }
    // The first opinions fit and were recorded; the one that would pass the limit was the one refused.
    expect(answers).toEqual([200, 200, 422])
    const now = await call(w, 'GET', `/acceptance/${caseId}`)
    expect(now.body.case.items.filter((i: { status: string }) => i.status === 'rectify')).toHaveLength(2)
  })
})
