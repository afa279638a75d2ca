import { asCaller } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  accept,
  act,
  anAcceptance,
  aProject,
  registerProject,
  requestsOf,
  utilityWorld,
  type World,
} from './helpers.js'

// Utility keeps each 报装 request as a snapshot in its `state` column, read back checked (db/requests.ts). A row
// damaged after it was written (a hand edit, a restore from another release) fails only what needs that row: the
// project's and the provider's lists answer with the other requests, and an action on it is refused with nothing
// written.

const START = '2026-03-02T01:00:00Z'

let w: World
beforeAll(async () => {
  w = await utilityWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

async function list(query: string) {
  const res = await w.app.inject({
    method: 'GET',
    url: `/utility-requests?${query}`,
    headers: await asCaller('utility', { sub: 'supervisor-1', role: 'supervisor' }, w.clock),
  })
  expect(res.statusCode, res.body).toBe(200)
  return (res.json() as { requests: Array<{ requestId: string }> }).requests.map((r) => r.requestId).sort()
}

describe('a damaged stored request', () => {
  it('is left out of the lists other requests share, and an action on it writes nothing', async () => {
    const project = aProject()
    await registerProject(w, project)
    const body = anAcceptance(project, {
      utilities: [
        { provider: 'water', lengthM: 120, diameterMm: 150 },
        { provider: 'telecom', lengthM: 60 },
      ],
    })
    await accept(w, body)
    const [telecom, water] = await requestsOf(w, body.applicationId, 2)
    if (!telecom || !water) throw new Error('requests missing')
    expect(await list(`project=${project.projectId}`)).toEqual([telecom.id, water.id].sort())

    // Valid JSON, but its stage is none the snapshot knows.
    await w.db.pool.query(`UPDATE utility_request SET state = jsonb_set(state, '{stage}', '"lost"') WHERE id = $1`, [
      water.id,
    ])
    expect(await list(`project=${project.projectId}`)).toEqual([telecom.id])
    expect(await list('provider=water')).not.toContain(water.id)
    expect(await list('provider=telecom')).toContain(telecom.id)

    const before = await w.writtenTo('utility_request', water.id)
    const acted = await act(w, water, { action: 'survey-done' })
    expect(acted.status, JSON.stringify(acted.body)).toBe(500)
    expect(acted.body).toMatchObject({ code: 'UTILITY_STORED_ROW_UNREADABLE', row: 'utility request', rowId: water.id })
    expect(await w.writtenTo('utility_request', water.id)).toEqual(before)
    // The other request still acts.
    expect((await act(w, telecom, { action: 'survey-done' })).status).toBe(200)
  })
})
