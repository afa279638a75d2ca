import { jetstream } from '@nats-io/jetstream'
import { headers as natsHeaders } from '@nats-io/transport-node'
import { AcceptanceStartedV1, ProjectRegisteredV1 } from '@onewindow/contracts'
import { wireSubject } from '@onewindow/messaging'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { READ_MODEL } from '../src/commands.js'
import { SPGL_READER } from '../src/db/spgl.js'
import { acceptanceCase, owners, projectRegistered } from './events.js'
import { type GatewayWorld, gatewayWorld, START } from './world.js'

// Issue 10, item 1, through the gateway: a date that is not a real day from 2000-01-01 to 2099-12-31 is a 400
// problem naming the field and never reaches the service; an event carrying one is dead-lettered, never projected.

let w: GatewayWorld
beforeAll(async () => {
  w = await gatewayWorld()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})
beforeEach(() => {
  w.clock.set(START)
})

const IMPOSSIBLE = ['2026-13-01', '2026-02-30', '2026-04-31', '0000-00-00', '2027-02-29', '9999-12-31']
const fieldsOf = (body: { errors?: Array<{ field: string }> }) => [...new Set((body.errors ?? []).map((e) => e.field))]

async function aCase() {
  const project = projectRegistered({ owner: owners.foshan })
  const c = acceptanceCase(project.projectId)
  await w.publish(ProjectRegisteredV1, project)
  await w.publish(AcceptanceStartedV1, { case: c })
  const sup = w.token({ role: 'supervisor' })
  await expect
    .poll(
      async () => (await w.api('GET', `/api/v1/projects/${project.projectId}/status`, sup)).body?.acceptance?.length,
    )
    .toBe(1)
  return { project, c }
}

describe('dates through the gateway', () => {
  it('an impossible inspection or public-notice date is 400 problem+json naming the field, and is not forwarded', async () => {
    const { c } = await aCase()
    const lead = w.token({ role: 'lead', department: 'housing-construction' })
    const sent = w.acceptance.calls.length
    const body = { date: '2026-03-09', place: '厂区', participants: ['fire', 'housing-construction'] }
    for (const bad of IMPOSSIBLE) {
      for (const [payload, field] of [
        [{ ...body, date: bad }, '/body/date'],
        [{ ...body, publicNotice: { from: bad, to: '2026-03-20' } }, '/body/publicNotice/from'],
        [{ ...body, publicNotice: { from: '2026-03-10', to: bad } }, '/body/publicNotice/to'],
      ] as const) {
        const res = await w.api('POST', `/api/v1/acceptance/${c.caseId}/inspection`, lead, payload)
        expect(res.status, `${field} ${bad}`).toBe(400)
        expect(res.headers['content-type']).toContain('application/problem+json')
        expect(fieldsOf(res.body)).toContain(field)
      }
    }
    expect(w.acceptance.calls.length).toBe(sent)
  })

  it('an impossible rectifyBy or barredUntil is 400 naming it, and is not forwarded', async () => {
    const { c } = await aCase()
    const fire = w.token({ role: 'reviewer', department: 'fire' })
    const sent = w.acceptance.calls.length
    const breached = { item: 'fire-acceptance-filing', result: 'breached', findings: ['x'] }
    for (const bad of IMPOSSIBLE) {
      const rectify = await w.api('POST', `/api/v1/acceptance/${c.caseId}/commitments`, fire, {
        ...breached,
        measures: ['rectify'],
        rectifyBy: bad,
      })
      expect([rectify.status, fieldsOf(rectify.body)]).toEqual([400, expect.arrayContaining(['/body/rectifyBy'])])
      const bar = await w.api('POST', `/api/v1/acceptance/${c.caseId}/commitments`, fire, {
        ...breached,
        measures: ['bar-commitment'],
        barredUntil: bad,
      })
      expect([bar.status, fieldsOf(bar.body)]).toEqual([400, expect.arrayContaining(['/body/barredUntil'])])
    }
    expect(w.acceptance.calls.length).toBe(sent)
  })

  it('shows the rule in the OpenAPI: a date format, the year bound and the range in words', async () => {
    const doc = JSON.parse((await w.app.inject({ method: 'GET', url: '/docs/json' })).body)
    const op = doc.paths['/api/v1/acceptance/{id}/inspection'].post
    const schema = op.requestBody.content['application/json'].schema
    expect(schema.properties.date).toMatchObject({
      type: 'string',
      format: 'date',
      pattern: '^20\\d{2}-\\d{2}-\\d{2}$',
      description: expect.stringContaining('2000-01-01 to 2099-12-31'),
    })
  })

  it('an impossible date in a query string is 400 naming it', async () => {
    const reviewer = w.token({ role: 'reviewer', department: 'fire' })
    for (const bad of IMPOSSIBLE) {
      const res = await w.api('GET', `/api/v1/tasks?due_before=${bad}`, reviewer)
      expect([res.status, fieldsOf(res.body)]).toEqual([400, ['/querystring/due_before']])
    }
  })

  it('an event with an impossible date is dead-lettered at once and not projected; the lists still answer', async () => {
    const project = projectRegistered({ owner: owners.foshan })
    await w.publish(ProjectRegisteredV1, project)
    const c = acceptanceCase(project.projectId, {
      inspection: { date: '2026-13-01', place: 'x', participants: [], round: 1 },
    })
    expect(AcceptanceStartedV1.validator.Check({ case: c })).toBe(false)
    // Published raw, as a faulty producer would: the outbox checks the schema and would refuse it.
    const id = uuidv7()
    const h = natsHeaders()
    h.set('ce-specversion', '1.0')
    h.set('ce-id', id)
    h.set('ce-type', AcceptanceStartedV1.subject)
    h.set('ce-source', 'acceptance')
    h.set('ow-aggregate', c.caseId)
    await jetstream(w.nc).publish(wireSubject(w.topology, AcceptanceStartedV1.subject), JSON.stringify({ case: c }), {
      headers: h,
      msgID: id,
    })
    // By each reader of it under its own name: the read model's and the national export's (a case is item handling).
    await expect
      .poll(async () => {
        const { rows } = await w.db.pool.query<{ consumer: string; error: string; deliveries: number }>(
          'SELECT consumer, error, deliveries FROM dead_letter WHERE event_id = $1 ORDER BY consumer',
          [id],
        )
        return rows
      })
      .toEqual(
        [READ_MODEL, SPGL_READER].map((consumer) => ({
          consumer,
          error: expect.stringContaining('/case/inspection/date'),
          deliveries: 1,
        })),
      )
    const sup = w.token({ role: 'supervisor' })
    const status = await w.api('GET', `/api/v1/projects/${project.projectId}/status`, sup)
    expect(status.status).toBe(200)
    expect(status.body.acceptance).toEqual([])
    expect((await w.api('GET', '/api/v1/supervision/clocks', sup)).status).toBe(200)
  })
})
