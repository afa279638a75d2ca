import { randomUUID } from 'node:crypto'
import { StepDecidedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { publishPoison, until } from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

let world: World
beforeAll(async () => {
  world = await startWorld({
    natsUrl: inject('natsUrl'),
    databaseUrl: inject('databaseUrl'),
    start: '2026-03-02T01:00:00Z',
  })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

type DeadLetter = { id: string; consumer: string; subject: string; eventId: string | null; error: string }
type Listed = { deadLetters: Array<DeadLetter & { replayedAt: string | null }> }

describe('dead letters of every service, through the gateway', () => {
  it('an admin lists a service’s dead letters and replays one; nobody else may', async () => {
    const admin = world.token('admin')
    const list = async (query: string) => {
      const res = await world.api('GET', `/api/v1/admin/dead-letters${query}`, admin)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return (res.body as Listed).deadLetters
    }
    const eventId = await publishPoison(world)
    // Acceptance and the gateway's own projection both consume step decisions: each keeps its own dead letter.
    let acceptance: DeadLetter | undefined
    await until(async () => {
      acceptance = (await list('?service=acceptance')).find((d) => d.eventId === eventId)
      return acceptance !== undefined
    })
    expect(acceptance).toMatchObject({ consumer: 'acceptance-approved-steps', subject: StepDecidedV1.subject })
    expect(acceptance?.error).toMatch(/^schema: /)
    await until(async () => (await list('')).some((d) => d.eventId === eventId))
    expect((await list('?service=acceptance&consumer=acceptance-projects')).some((d) => d.eventId === eventId)).toBe(
      false,
    )

    const id = acceptance?.id ?? ''
    const replayed = await world.api('POST', `/api/v1/admin/dead-letters/acceptance/${id}/replay`, admin)
    expect(replayed.status, JSON.stringify(replayed.body)).toBe(200)
    expect(replayed.body).toMatchObject({ replayed: id, streamSeq: expect.any(Number) })
    expect((await list('?service=acceptance')).find((d) => d.id === id)?.replayedAt).toEqual(expect.any(String))

    // Not an admin, an unknown service or dead letter, a malformed id: refused, naming what is wrong.
    const supervisor = world.token('supervisor')
    expect((await world.api('GET', '/api/v1/admin/dead-letters?service=acceptance', supervisor)).status).toBe(403)
    expect((await world.api('POST', `/api/v1/admin/dead-letters/acceptance/${id}/replay`, supervisor)).status).toBe(403)
    const unknownService = await world.api('GET', '/api/v1/admin/dead-letters?service=billing', admin)
    expect(unknownService.status).toBe(400)
    expect(JSON.stringify(unknownService.body)).toContain('service')
    const missing = await world.api('POST', `/api/v1/admin/dead-letters/utility/${randomUUID()}/replay`, admin)
    expect([missing.status, missing.body.code]).toEqual([404, 'DEAD_LETTER_NOT_FOUND'])
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/)
    const malformed = await world.api('POST', '/api/v1/admin/dead-letters/utility/x/replay', admin)
    expect(malformed.status).toBe(400)
  })
})
