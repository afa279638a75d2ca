import { bundledDocuments, type CatalogueDocument } from '@onewindow/catalogue'
import { ApplicationAcceptedV1 } from '@onewindow/contracts'
import { logLines } from '@onewindow/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  actors,
  caseWithApplication,
  type IntakeWorld,
  intakeWorld,
  lowRiskFactory,
  receivedApplication,
  START,
} from './world.js'

// PostgreSQL keeps 'infinity' and '-infinity' in a date or timestamptz column (a hand edit, a restore from another
// release); read back they are no day and no instant, and converting one threw. One such row must fail only what needs
// that row: a list, a registration, another version's activation and a timer pass go on with the others, and the row
// is named in the log (kind, id, reason). Monday 2 March 2026, 09:00 in Shanghai.
const DAY = 86_400_000

type LogLine = {
  msg?: string
  unreadable?: { kind?: string; id?: string; reason?: string }
  scanner?: string
  id?: string
  err?: { type?: string; message?: string }
}
const { stream, lines } = logLines<LogLine>()
// Timers by hand only: each pass below is the test's. The damaged catalogue version has a world of its own.
const world = () => intakeWorld({ scanEveryMs: 3_600_000, logger: { stream }, logLevel: 'warn' })
let w: IntakeWorld
beforeAll(async () => {
  w = await world()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const named = (kind: string) =>
  lines.filter((l) => l.unreadable?.kind === kind).map((l) => [l.unreadable?.id, l.unreadable?.reason])
const skippedBy = (scanner: string) => lines.filter((l) => l.scanner === scanner).map((l) => [l.id, l.err?.type])

/** Shanwei's bundled document under another version name. */
const shanwei = (version: string): CatalogueDocument => ({
  ...(structuredClone(bundledDocuments().find((d) => d.region.code === '441500')) as CatalogueDocument),
  version,
})
let c: IntakeWorld
const upload = async (version: string): Promise<string> => {
  const res = await c.call('POST', '/admin/catalogue/versions', actors.admin, { document: shanwei(version) })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.version.pin
}
const activate = (version: string, activeFrom: string) =>
  c.call('POST', `/admin/catalogue/versions/441500/${version}/activate`, actors.admin, { activeFrom })

describe('a catalogue version whose stored dates are no legal day', () => {
  let started = ''
  let damaged = ''
  let unactivated = ''
  beforeAll(async () => {
    c = await world()
    c.clock.set(START)
    started = await upload('2026.1')
    expect((await activate('2026.1', '2026-03-02')).status).toBe(200)
    damaged = await upload('2026.2')
    expect((await activate('2026.2', '2026-03-04')).status).toBe(200)
    // '-infinity' is before every day: the version matches "started by today" and its start is no day.
    await c.db.pool.query(`UPDATE catalogue_version SET active_from = '-infinity' WHERE pin = $1`, [damaged])
    unactivated = await upload('2026.3')
  })
  afterAll(async () => {
    await c?.[Symbol.asyncDispose]()
  })

  it('is left out of registration and of the desk’s catalogue, which take the version that started; named once', async () => {
    const registered = await c.call('POST', '/projects', actors.clerk, lowRiskFactory())
    expect(registered.status, JSON.stringify(registered.body)).toBe(201)
    expect(registered.body.project.catalogueVersion).toBe(started)
    const again = await c.call('POST', '/projects', actors.clerk, lowRiskFactory())
    expect(again.status, JSON.stringify(again.body)).toBe(201)
    const desk = await c.call('GET', '/catalogue/441500', actors.clerk)
    expect(desk.status, JSON.stringify(desk.body)).toBe(200)
    expect(desk.body.pin).toBe(started)
    // Once by the registrations' routes, once by the catalogue routes; the second registration logs nothing more.
    expect(named('catalogue version')).toEqual([
      [damaged, expect.stringContaining('/activeFrom')],
      [damaged, expect.stringContaining('/activeFrom')],
    ])
  })

  it('is left out of the admin list, which names it, and another version of the region is still activated', async () => {
    // One more damaged row, in an instant column: uploaded at 'infinity'.
    const late = await upload('2026.4')
    await c.db.pool.query(`UPDATE catalogue_version SET uploaded_at = 'infinity' WHERE pin = $1`, [late])
    const list = await c.call('GET', '/admin/catalogue/versions?region=441500', actors.admin)
    expect(list.status, JSON.stringify(list.body)).toBe(200)
    expect(list.body.versions.map((v: { pin: string }) => v.pin)).toEqual([started, unactivated])
    // Each named with its reason (the damaged start by the catalogue routes once, here or for the desk above).
    expect(named('catalogue version')).toEqual(
      expect.arrayContaining([
        [damaged, expect.stringContaining('/activeFrom')],
        [late, expect.stringContaining('/uploadedAt')],
      ]),
    )

    // The damaged start falls on no legal day, so no day asked for is taken by it.
    const activated = await activate('2026.3', '2026-03-05')
    expect(activated.status, JSON.stringify(activated.body)).toBe(200)
    expect(activated.body.version).toMatchObject({ pin: unactivated, activeFrom: '2026-03-05' })
    // Activating the damaged version itself needs its row: that one fails, and nothing is written.
    expect((await activate('2026.2', '2026-03-06')).status).toBe(500)
    const stored = await c.db.pool.query<{ pin: string; activeFrom: string }>(
      `SELECT pin, active_from::text AS "activeFrom" FROM catalogue_version WHERE region = '441500' ORDER BY pin`,
    )
    expect(stored.rows).toEqual(
      expect.arrayContaining([
        { pin: damaged, activeFrom: '-infinity' },
        { pin: unactivated, activeFrom: '2026-03-05' },
      ]),
    )
  })
})

describe('a receipt received at infinity, kept before receipts were', () => {
  it('is skipped and named by the deemed-acceptance pass; the other receipts are still accepted by law', async () => {
    w.clock.set(START)
    const damaged = await receivedApplication(w)
    const intact = await receivedApplication(w)
    // A row from before receipts were kept (no receipt column), received at 'infinity'.
    await w.db.pool.query(`UPDATE application SET receipt = NULL, received_at = 'infinity' WHERE id = $1::uuid`, [
      damaged,
    ])

    // Received Monday 03-02; its fifth working day is Monday 03-09: accepted by law on Tuesday 03-10.
    w.clock.set('2026-03-10T01:00:00Z')
    expect(await w.app.receiptScanner.runOnce()).toBe(1)
    await expect
      .poll(async () => (await w.published(ApplicationAcceptedV1)).filter((e) => e.applicationId === intact))
      .toEqual([
        expect.objectContaining({ acceptedOn: '2026-03-02', receipt: expect.objectContaining({ acceptedBy: 'law' }) }),
      ])
    const accepted = await w.db.pool.query<{ id: string }>(
      `SELECT id::text AS id FROM application WHERE id = ANY($1::uuid[]) AND accepted_at IS NOT NULL`,
      [[damaged, intact]],
    )
    expect(accepted.rows).toEqual([{ id: intact }])
    // Named once, however many passes still meet it.
    expect(await w.app.receiptScanner.runOnce()).toBe(0)
    expect(skippedBy('intake-receipt-scanner')).toEqual([[damaged, 'UnreadableStoredRow']])
  })
})

describe('a 补正 answer grant valid until -infinity', () => {
  it('is skipped and named by retention; the other lapsed grants are still deleted', async () => {
    w.clock.set(START)
    const { caseId, applicationId } = await caseWithApplication(w, { sub: 'helper-li', name: '李帮办' })
    const inserted = await w.db.pool.query<{ id: string; bad: boolean }>(
      `INSERT INTO assisted_answer_grant (id, case_id, application_id, valid_until)
       SELECT gen_random_uuid(), $1::uuid, $2::uuid, v::timestamptz
         FROM unnest(ARRAY['-infinity', $3, $3]) AS v
       RETURNING id::text AS id, valid_until = '-infinity' AS bad`,
      [caseId, applicationId, START],
    )
    const bad = inserted.rows.find((r) => r.bad)?.id as string
    expect(inserted.rows).toHaveLength(3)

    // Two days on: both lapsed grants are past the day retention keeps them.
    w.clock.set(new Date(Date.parse(START) + 2 * DAY))
    expect(await w.app.retention.runOnce()).toBeGreaterThanOrEqual(2)
    const left = await w.db.pool.query<{ id: string }>('SELECT id::text AS id FROM assisted_answer_grant')
    expect(left.rows).toEqual([{ id: bad }])
    await w.app.retention.runOnce()
    expect(skippedBy('intake-grant-retention')).toEqual([[bad, 'UnreadableStoredRow']])
  })
})
