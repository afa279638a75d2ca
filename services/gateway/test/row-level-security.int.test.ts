import { regionCovers } from '@onewindow/contracts'
import { createPool } from '@onewindow/db'
import { createTestSchema, type TestSchema } from '@onewindow/testing'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { changesAfter } from '../src/db/changes.js'
import { createPrisma, type GatewayDb } from '../src/db/client.js'
import { readModel } from '../src/db/queries.js'
import { asCaller, type Caller, queryAs, readerDb } from '../src/db/scope.js'
import { ticketReads } from '../src/db/tickets.js'
import { migrationsDir } from '../src/index.js'

// Row scope enforced twice (DESIGN §8; docs/security.md "PostgreSQL least privilege and row-level security"): the
// gateway's reader role reads the read model with the application's own filters removed — `findMany()` with no
// `where` on every table — and PostgreSQL still returns only what each caller may see.

let schema: TestSchema
let owner: GatewayDb
let readerPool: pg.Pool
let reader: GatewayDb
beforeAll(async () => {
  schema = await createTestSchema(inject('databaseUrl'), migrationsDir, 'rls', { reader: true })
  owner = createPrisma(schema.pool, schema.schema)
  readerPool = createPool(schema.readerUrl as string, 2).pool
  reader = createPrisma(readerPool, schema.schema)
  await seed(schema.pool)
})
afterAll(async () => {
  await owner?.$disconnect()
  await reader?.$disconnect()
  await readerPool?.end()
  await schema?.drop()
})

// Two projects of two owners. Project A: tasks of fire and water, a case led by fire; project B: a water task, a case
// led by planning with a water item; project A's step is led by housing (牵头部门), alerted for its water task. Every
// row's name says whose it is. A is in 汕尾 (441500), B in 佛山's 禅城 (440604): a regional caller (token `region`)
// reads its department's rows of the projects within its region only.
const id = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`
const P = { A: id(1), B: id(2) }
const OWNER = { A: '91441500MA51XY201H', B: '91440600MA4UJ3KX2P' }
const REGION = { A: '441500', B: '440604' }
const rows = {
  project: { A: P.A, B: P.B },
  application: { A: id(11), B: id(12) },
  task: { 'A-fire': id(21), 'A-water': id(22), 'B-water': id(23) },
  alert: { 'A-fire': id(31), 'B-water': id(32) },
  notice: { A: id(41), B: id(42) },
  timeline: { A: id(51), B: id(52) },
  acceptance: { 'A-fire-lead': id(61), 'B-planning-lead-water-item': id(62) },
  utility: { 'A-water': id(71), 'B-power': id(72) },
  registration: { A: id(81), B: id(82) },
  certificate: { A: id(91), B: id(92) },
  pending: { A: id(101), B: id(102) },
  leadAlert: { 'A-water': id(111) },
}

async function seed(pool: pg.Pool) {
  const at = '2026-03-02T01:00:00Z'
  for (const k of ['A', 'B'] as const) {
    await pool.query(
      `INSERT INTO project (id, project_code, name, project_type, region, owner_name, owner_credit_code, investment_fen,
         registered_at) VALUES ($1, 'c', 'n', 't', $4, 'o', $2, 0, $3)`,
      [P[k], OWNER[k], at, REGION[k]],
    )
    await pool.query('INSERT INTO application (id, project_id) VALUES ($1, $2)', [rows.application[k], P[k]])
    await pool.query(`INSERT INTO deficiency (application_id, material, project_id) VALUES ($1, 'm', $2)`, [
      rows.application[k],
      P[k],
    ])
    await pool.query(
      `INSERT INTO supplement_notice (id, application_id, project_id, version, status, requests, issued_at)
       VALUES ($1, $2, $3, 1, 'open', '[]', $4)`,
      [rows.notice[k], rows.application[k], P[k], at],
    )
    await pool.query(
      `INSERT INTO timeline_entry (event_id, project_id, occurred_at, type, subject, summary) VALUES ($1, $2, $3, 't', 's', 's')`,
      [rows.timeline[k], P[k], at],
    )
    await pool.query(
      `INSERT INTO registration_case (id, project_id, status, version, snapshot, updated_at) VALUES ($1, $2, 'open', 1, '{}', $3)`,
      [rows.registration[k], P[k], at],
    )
    await pool.query(
      `INSERT INTO certificate (id, project_id, kind, number, title, owner_credit_code, signed, issued_at)
       VALUES ($1, $2, 'property', 'n', 't', $3, '{}', $4)`,
      [rows.certificate[k], P[k], OWNER[k], at],
    )
    await pool.query(
      `INSERT INTO pending_write (id, kind, project_id, owner_credit_code, since) VALUES ($1, 'application-accepted', $2, $3, $4)`,
      [rows.pending[k], P[k], OWNER[k], at],
    )
  }
  const tasks: Array<[string, 'A' | 'B', string, string | null]> = [
    [rows.task['A-fire'], 'A', 'fire', 'housing'],
    [rows.task['A-water'], 'A', 'water', 'housing'],
    [rows.task['B-water'], 'B', 'water', null],
  ]
  for (const [t, k, department, lead] of tasks)
    await pool.query(
      `INSERT INTO task (id, application_id, project_id, department, lead, item, status, national_code, version, due_on,
         snapshot, updated_at) VALUES ($1, $2, $3, $4, $7, 'i', 'assigned', 1, 1, '2026-03-20', $5, $6)`,
      [t, rows.application[k], P[k], department, JSON.stringify({ taskId: t, department }), at, lead],
    )
  await pool.query(
    `INSERT INTO lead_alert (event_id, task_id, project_id, application_id, lead, clock, department, item, due_on,
       detected_on, detected_at, used, limit_value)
     VALUES ($1, $2, $3, $4, 'housing', 'committed', 'water', 'i', '2026-03-20', '2026-03-18', $5, 8, 10)`,
    [rows.leadAlert['A-water'], rows.task['A-water'], P.A, rows.application.A, at],
  )
  const alerts: Array<[string, string, 'A' | 'B', string]> = [
    [rows.alert['A-fire'], rows.task['A-fire'], 'A', 'fire'],
    [rows.alert['B-water'], rows.task['B-water'], 'B', 'water'],
  ]
  for (const [e, t, k, department] of alerts)
    await pool.query(
      `INSERT INTO clock_alert (event_id, task_id, project_id, kind, clock, department, item, due_on, detected_on,
         detected_at, used, limit_value) VALUES ($1, $2, $3, 'yellow', 'statutory', $4, 'i', '2026-03-20', '2026-03-18', $5, 8, 10)`,
      [e, t, P[k], department, at],
    )
  const cases: Array<[string, 'A' | 'B', string, string]> = [
    [rows.acceptance['A-fire-lead'], 'A', 'fire', 'fire'],
    [rows.acceptance['B-planning-lead-water-item'], 'B', 'planning', 'water'],
  ]
  for (const [c, k, lead, item] of cases)
    await pool.query(
      `INSERT INTO acceptance_case (id, project_id, lead, status, version, snapshot, updated_at) VALUES ($1, $2, $3, 'open', 1, $4, $5)`,
      [
        c,
        P[k],
        lead,
        JSON.stringify({ lead, owner: { creditCode: OWNER[k] }, items: [{ item: 'x', department: item }] }),
        at,
      ],
    )
  const requests: Array<[string, 'A' | 'B', string]> = [
    [rows.utility['A-water'], 'A', 'water'],
    [rows.utility['B-power'], 'B', 'power'],
  ]
  for (const [u, k, provider] of requests)
    await pool.query(
      `INSERT INTO utility_request (id, project_id, provider, stage, version, snapshot, updated_at) VALUES ($1, $2, $3, 'survey', 1, '{}', $4)`,
      [u, P[k], provider, at],
    )
  // The owner's own bookkeeping: no caller may read it.
  await pool.query(`INSERT INTO read_model_cursor (name, last_sequence) VALUES ('gateway-read-model', 7)`)
  await pool.query(
    `INSERT INTO dead_letter (id, consumer, subject, stream_seq, payload, headers, error, deliveries)
     VALUES ($1, 'gateway-read-model', 's', 1, '{}', '{}', 'e', 1)`,
    [id(201)],
  )
  await pool.query(
    `INSERT INTO outbox_message (id, subject, aggregate_id, payload, headers) VALUES ($1, 's', 'a', '{}', '{}')`,
    [id(202)],
  )
  await pool.query(`INSERT INTO inbox_message (consumer, event_id, subject) VALUES ('c', $1, 's')`, [id(203)])
}

/** Every table read whole, no `where`, as `caller` on the reader role: the names of the rows it got back. */
async function everything(caller: Caller | undefined) {
  const read = async (tx: Parameters<Parameters<GatewayDb['$transaction']>[0]>[0]) => {
    const ids = (xs: Array<{ id: string }>) => xs.map((x) => x.id)
    const events = (xs: Array<{ eventId: string }>) => xs.map((x) => x.eventId)
    return {
      project: ids(await tx.project.findMany()),
      application: ids(await tx.application.findMany()),
      deficiency: (await tx.deficiency.findMany()).map((d) => d.applicationId),
      task: ids(await tx.task.findMany()),
      alert: events(await tx.clockAlert.findMany()),
      leadAlert: events(await tx.leadAlert.findMany()),
      notice: ids(await tx.supplementNotice.findMany()),
      timeline: events(await tx.timelineEntry.findMany()),
      acceptance: ids(await tx.acceptanceCase.findMany()),
      utility: ids(await tx.utilityRequest.findMany()),
      registration: ids(await tx.registrationCase.findMany()),
      certificate: ids(await tx.certificate.findMany()),
      pending: ids(await tx.pendingWrite.findMany()),
      cursor: (await tx.readModelCursor.findMany()).map((c) => c.name),
      deadLetter: ids(await tx.deadLetter.findMany()),
      outbox: ids(await tx.outboxMessage.findMany()),
      inbox: events(await tx.inboxMessage.findMany()),
    }
  }
  const got = caller ? await asCaller(readerDb(readerPool, reader), caller, read) : await reader.$transaction(read)
  // Back from ids to the names above, sorted, so a failure reads as "whose rows".
  const name = new Map<string, string>()
  for (const [table, named] of Object.entries(rows))
    for (const [n, v] of Object.entries(named)) name.set(`${table}:${v}`, n)
  const as = (table: string, xs: string[]) => xs.map((x) => name.get(`${table}:${x}`) ?? x).sort()
  return {
    project: as('project', got.project),
    application: as('application', got.application),
    deficiency: as('application', got.deficiency),
    task: as('task', got.task),
    alert: as('alert', got.alert),
    leadAlert: as('leadAlert', got.leadAlert),
    notice: as('notice', got.notice),
    timeline: as('timeline', got.timeline),
    acceptance: as('acceptance', got.acceptance),
    utility: as('utility', got.utility),
    registration: as('registration', got.registration),
    certificate: as('certificate', got.certificate),
    pending: as('pending', got.pending),
    bookkeeping: [...got.cursor, ...got.deadLetter, ...got.outbox, ...got.inbox],
  }
}

const none = {
  project: [],
  application: [],
  deficiency: [],
  task: [],
  alert: [],
  leadAlert: [],
  notice: [],
  timeline: [],
  acceptance: [],
  utility: [],
  registration: [],
  certificate: [],
  pending: [],
  bookkeeping: [],
}
const all = {
  project: ['A', 'B'],
  application: ['A', 'B'],
  deficiency: ['A', 'B'],
  task: ['A-fire', 'A-water', 'B-water'],
  alert: ['A-fire', 'B-water'],
  leadAlert: ['A-water'],
  notice: ['A', 'B'],
  timeline: ['A', 'B'],
  acceptance: ['A-fire-lead', 'B-planning-lead-water-item'],
  utility: ['A-water', 'B-power'],
  registration: ['A', 'B'],
  certificate: ['A', 'B'],
  pending: ['A', 'B'],
  bookkeeping: [],
}
const projectA = {
  project: ['A'],
  application: ['A'],
  deficiency: ['A'],
  notice: ['A'],
  timeline: ['A'],
  registration: ['A'],
  certificate: ['A'],
  pending: ['A'],
}

/** A caller of every kind the seed makes a difference to: each role, scoped to A, to B, to both and to nothing. */
const CALLERS: Caller[] = [
  { role: 'supervisor' },
  { role: 'owner', creditCode: OWNER.A },
  { role: 'owner', creditCode: OWNER.B },
  { role: 'owner', creditCode: '91110000100000000X' },
  { role: 'reviewer', department: 'fire' },
  { role: 'reviewer', department: 'water' },
  { role: 'reviewer', department: 'housing' },
  { role: 'reviewer', department: 'civil-air-defence' },
  { role: 'lead', department: 'housing' },
  { role: 'lead', department: 'planning' },
  { role: 'utility', provider: 'water' },
  { role: 'registrar' },
  { role: 'agent' },
  // Regional department users: 佛山 (440600, B's city), 汕尾 (441500, A's), 广东 (440000, both), 禅城 (B's county).
  { role: 'reviewer', department: 'fire', region: '440600' },
  { role: 'reviewer', department: 'water', region: '440600' },
  { role: 'reviewer', department: 'water', region: '441500' },
  { role: 'reviewer', department: 'water', region: '440000' },
  { role: 'reviewer', department: 'water', region: '440604' },
  { role: 'lead', department: 'housing', region: '440600' },
  { role: 'lead', department: 'planning', region: '440600' },
  { role: 'lead', department: 'planning', region: '441500' },
]

describe('the read model under row-level security, every table read with no filter', () => {
  it.each<[string, Caller | undefined, Record<string, string[]>]>([
    ['no caller named', undefined, none],
    ['a caller with a role and nothing else that scopes it (a lead with no department)', { role: 'lead' }, none],
    ['a supervisor: everything', { role: 'supervisor' }, all],
    ['an admin: everything', { role: 'admin' }, all],
    ['a clerk: everything', { role: 'clerk' }, all],
    [
      "owner A: its project's rows only",
      { role: 'owner', creditCode: OWNER.A },
      {
        ...none,
        ...projectA,
        task: ['A-fire', 'A-water'],
        alert: ['A-fire'],
        acceptance: ['A-fire-lead'],
        utility: ['A-water'],
      },
    ],
    [
      "owner B: its project's rows only",
      { role: 'owner', creditCode: OWNER.B },
      {
        ...none,
        project: ['B'],
        application: ['B'],
        deficiency: ['B'],
        notice: ['B'],
        timeline: ['B'],
        registration: ['B'],
        certificate: ['B'],
        pending: ['B'],
        task: ['B-water'],
        alert: ['B-water'],
        acceptance: ['B-planning-lead-water-item'],
        utility: ['B-power'],
      },
    ],
    [
      'a fire reviewer: project A (its task is there), its own task and alert, no utility request',
      { role: 'reviewer', department: 'fire' },
      { ...none, ...projectA, task: ['A-fire'], alert: ['A-fire'], acceptance: ['A-fire-lead'] },
    ],
    [
      'a water reviewer: both projects, only water tasks and alerts, the case with its item',
      { role: 'reviewer', department: 'water' },
      {
        ...all,
        task: ['A-water', 'B-water'],
        alert: ['B-water'],
        leadAlert: [],
        utility: [],
      },
    ],
    [
      "a housing lead (牵头部门 of project A's step): every task of the step and its alert, nothing else",
      { role: 'lead', department: 'housing' },
      { ...none, task: ['A-fire', 'A-water'], leadAlert: ['A-water'] },
    ],
    [
      'a housing reviewer (the lead department, no task of its own): nothing',
      { role: 'reviewer', department: 'housing' },
      none,
    ],
    [
      'a planning lead: the case it leads, nothing else',
      { role: 'lead', department: 'planning' },
      { ...none, acceptance: ['B-planning-lead-water-item'] },
    ],
    [
      'a water utility: its provider’s request only',
      { role: 'utility', provider: 'water' },
      { ...none, utility: ['A-water'] },
    ],
    [
      'a registrar: registration cases and certificates',
      { role: 'registrar' },
      { ...none, registration: ['A', 'B'], certificate: ['A', 'B'] },
    ],
    ['an owner with another credit code: nothing', { role: 'owner', creditCode: '91110000100000000X' }, none],
    ['a reviewer of a department with no task: nothing', { role: 'reviewer', department: 'civil-air-defence' }, none],
    [
      "a 佛山 fire reviewer: none of 汕尾's fire rows (project A's task, alert, case, project)",
      { role: 'reviewer', department: 'fire', region: '440600' },
      none,
    ],
    [
      "a 佛山 water reviewer: project B (禅城, a county of 佛山) and its water rows, none of 汕尾's project A",
      { role: 'reviewer', department: 'water', region: '440600' },
      {
        ...none,
        project: ['B'],
        application: ['B'],
        deficiency: ['B'],
        notice: ['B'],
        timeline: ['B'],
        registration: ['B'],
        certificate: ['B'],
        pending: ['B'],
        task: ['B-water'],
        alert: ['B-water'],
        acceptance: ['B-planning-lead-water-item'],
      },
    ],
    [
      "a 汕尾 water reviewer: project A and its water task, none of 佛山's project B",
      { role: 'reviewer', department: 'water', region: '441500' },
      { ...none, ...projectA, task: ['A-water'], acceptance: ['A-fire-lead'] },
    ],
    [
      "a 广东 water reviewer (the province): both cities' rows, as a water reviewer with no region",
      { role: 'reviewer', department: 'water', region: '440000' },
      { ...all, task: ['A-water', 'B-water'], alert: ['B-water'], leadAlert: [], utility: [] },
    ],
    [
      "a 禅城 water reviewer (the county itself): project B's rows",
      { role: 'reviewer', department: 'water', region: '440604' },
      {
        ...none,
        project: ['B'],
        application: ['B'],
        deficiency: ['B'],
        notice: ['B'],
        timeline: ['B'],
        registration: ['B'],
        certificate: ['B'],
        pending: ['B'],
        task: ['B-water'],
        alert: ['B-water'],
        acceptance: ['B-planning-lead-water-item'],
      },
    ],
    [
      "a 佛山 housing lead: none of 汕尾's step it leads (project A's tasks and alert)",
      { role: 'lead', department: 'housing', region: '440600' },
      none,
    ],
    [
      "a 汕尾 housing lead: project A's step as before",
      { role: 'lead', department: 'housing', region: '441500' },
      { ...none, task: ['A-fire', 'A-water'], leadAlert: ['A-water'] },
    ],
    [
      'a 佛山 planning lead: the case it leads in 佛山; a 汕尾 one: none',
      { role: 'lead', department: 'planning', region: '440600' },
      { ...none, acceptance: ['B-planning-lead-water-item'] },
    ],
    ['a 汕尾 planning lead: nothing', { role: 'lead', department: 'planning', region: '441500' }, none],
  ])('%s', async (_, caller, expected) => {
    expect(await everything(caller)).toEqual(expected)
  })

  it("names a project (its title, nothing of its owner) to a registrar, a provider and a department on an acceptance case with a row on it, and to no one else the project's policy would not let read it", async () => {
    const titles = async (caller: Caller, ids: string[] = [P.A, P.B, id(999)]) => {
      const rows = await asCaller(
        readerDb(readerPool, reader),
        caller,
        (tx) => tx.$queryRaw<Array<Record<string, unknown>>>`SELECT * FROM project_titles(${ids}::uuid[]) ORDER BY id`,
      )
      return rows
    }
    const named = async (caller: Caller) => (await titles(caller)).map((r) => (r['id'] === P.A ? 'A' : 'B'))
    // The registrar reads every case, so every project a case is on; a provider the projects of its own requests.
    expect(await named({ role: 'registrar' })).toEqual(['A', 'B'])
    expect(await named({ role: 'utility', provider: 'water' })).toEqual(['A'])
    expect(await named({ role: 'utility', provider: 'power' })).toEqual(['B'])
    expect(await named({ role: 'utility', provider: 'gas' })).toEqual([])
    expect(await named({ role: 'utility' })).toEqual([])
    // A department on a joint acceptance case — its lead, or with an item in it — the projects of those cases, as
    // the case's own policy lets it read the case: fire leads A's; planning leads B's and water has an item in it.
    expect(await named({ role: 'lead', department: 'fire' })).toEqual(['A'])
    expect(await named({ role: 'lead', department: 'planning' })).toEqual(['B'])
    expect(await named({ role: 'reviewer', department: 'planning' })).toEqual(['B'])
    expect(await named({ role: 'lead', department: 'water' })).toEqual(['B'])
    expect(await named({ role: 'lead', department: 'housing' })).toEqual([])
    expect(await named({ role: 'lead' })).toEqual([])
    // Every other caller: the projects the project's own policy lets it read, no more (a reviewer's cases are on
    // projects it has tasks on here).
    for (const caller of CALLERS.filter((c) => c.role !== 'registrar' && c.role !== 'utility' && c.role !== 'lead'))
      expect({ caller, named: await named(caller) }).toEqual({ caller, named: (await everything(caller)).project })
    // Three columns and the id: nothing of the owner (its credit code, its name) nor the investment.
    expect(await titles({ role: 'registrar' }, [P.A])).toEqual([
      { id: P.A, name: 'n', project_code: 'c', location: null },
    ])
    // The registrar's list carries them, from the cases' own project column.
    const listed = await readModel(readerDb(readerPool, reader), { role: 'registrar' }).registrations({})
    expect(listed.projects).toEqual(
      [P.A, P.B].sort().map((projectId) => ({ projectId, name: 'n', projectCode: 'c', location: null })),
    )
    const provided = await readModel(readerDb(readerPool, reader), {
      role: 'utility',
      provider: 'water',
    }).utilityRequests('water', {})
    expect(provided.projects.map((p) => p.projectId)).toEqual([P.A])
    // A lead's joint acceptance cases carry them too: B's case is planning's.
    const led = await readModel(readerDb(readerPool, reader), { role: 'lead', department: 'planning' }).acceptanceCases(
      'planning',
      {},
    )
    expect(led.projects).toEqual([{ projectId: P.B, name: 'n', projectCode: 'c', location: null }])
    expect(led.cases).toHaveLength(1)
  })

  it('answers the one-statement status only to whom may read the project (one round trip, queryAs)', async () => {
    const statusOf = (caller: Caller, project: string) =>
      readModel(readerDb(readerPool, reader), caller).status(project)
    expect((await statusOf({ role: 'owner', creditCode: OWNER.A }, P.A))?.project.projectId).toBe(P.A)
    expect(await statusOf({ role: 'owner', creditCode: OWNER.A }, P.B)).toBeUndefined()
    // A fire reviewer reading project A gets its own task and the departments it may know of: its own.
    const asFire = await statusOf({ role: 'reviewer', department: 'fire' }, P.A)
    expect(asFire?.departments).toEqual(['fire'])
    expect(asFire?.tasks.map((t) => (t as { taskId: string }).taskId)).toEqual([rows.task['A-fire']])
    expect(await statusOf({ role: 'reviewer', department: 'fire' }, P.B)).toBeUndefined()
    // A 佛山 fire reviewer reads nothing of 汕尾's project A, where its department has a task.
    expect(await statusOf({ role: 'reviewer', department: 'fire', region: '440600' }, P.A)).toBeUndefined()
    expect((await statusOf({ role: 'reviewer', department: 'fire', region: '441500' }, P.A))?.departments).toEqual([
      'fire',
    ])
    // The promises read in the same statement are scoped too.
    const promisesOf = async (caller: Caller, project: string) =>
      (await readModel(readerDb(readerPool, reader), caller).statusSince(project)).promised.map((p) => p.id)
    expect(await promisesOf({ role: 'owner', creditCode: OWNER.A }, P.A)).toEqual([rows.pending.A])
    expect(await promisesOf({ role: 'owner', creditCode: OWNER.B }, P.A)).toEqual([])
    // The same statement as the owner role (exempt from RLS) sees the whole project: the policies did the filtering.
    const whole = await readModel(readerDb(schema.pool, owner), { role: 'reviewer', department: 'fire' }).status(P.A)
    expect(whole?.departments.sort()).toEqual(['fire', 'water'])
  })

  it('widens no one’s rows when a statement names its project to set_caller (checked once, not per row)', async () => {
    // Every table counted in one statement, the caller named with and without a project, for every kind of caller
    // and for its own project, another's and an unknown one: the counts must be the same.
    const tables = ['project', 'application', 'deficiency', 'task', 'clock_alert', 'supplement_notice']
    tables.push('timeline_entry', 'acceptance_case', 'utility_request', 'registration_case', 'certificate')
    tables.push('pending_write')
    const counted = tables.map((t) => `(SELECT count(*)::int FROM ${t} WHERE caller.scoped) AS ${t}`).join(', ')
    const read = async (caller: Caller, project?: string) => {
      const call = project ? 'set_caller($1, $2, $3, $4, $5::uuid)' : 'set_caller($1, $2, $3, $4)'
      const text = `SELECT ${counted} FROM (SELECT ${call} AS scoped OFFSET 0) AS caller`
      return (await queryAs(readerPool, caller, text, project ? [project] : [])).rows[0]
    }
    for (const caller of CALLERS) {
      const scoped = await read(caller)
      for (const project of [P.A, P.B, id(999)])
        expect(await read(caller, project), JSON.stringify(caller)).toEqual(scoped)
    }
    // And the project is remembered only when the caller may read it.
    const checked = async (caller: Caller, project: string) =>
      (
        await queryAs<{ p: string | null }>(
          readerPool,
          caller,
          'SELECT caller_project()::text AS p FROM (SELECT set_caller($1, $2, $3, $4, $5::uuid) OFFSET 0) AS caller',
          [project],
        )
      ).rows[0]?.p
    expect(await checked({ role: 'owner', creditCode: OWNER.A }, P.A)).toBe(P.A)
    expect(await checked({ role: 'owner', creditCode: OWNER.A }, P.B)).toBeNull()
    expect(await checked({ role: 'reviewer', department: 'fire' }, P.A)).toBe(P.A)
    expect(await checked({ role: 'reviewer', department: 'fire' }, P.B)).toBeNull()
    expect(await checked({ role: 'reviewer', department: 'fire', region: '441500' }, P.A)).toBe(P.A)
    expect(await checked({ role: 'reviewer', department: 'fire', region: '440600' }, P.A)).toBeNull()
    expect(await checked({ role: 'supervisor' }, P.A)).toBeNull()
  })

  it('keeps a window clerk to the 办不成事 tickets she registered: another’s is, to her, a ticket that does not exist', async () => {
    // Three tickets dispatched to housing: clerk A's and clerk B's at the window, and an online one; each with its unit
    // row, a history line and a change on the live stream, as `applyTicket` and the reader write them.
    const T = { A: id(201), B: id(202), online: id(203) }
    const at = '2026-03-02T01:00:00Z'
    const tickets: Array<[string, string, string | undefined, number]> = [
      [T.A, 'window', 'clerk-a', 9001],
      [T.B, 'window', 'clerk-b', 9002],
      [T.online, 'online', undefined, 9003],
    ]
    for (const [ticket, channel, clerk, seq] of tickets) {
      const snapshot = { ticketId: ticket, channel, ...(clerk ? { windowClerk: clerk } : {}) }
      await schema.pool.query(
        `INSERT INTO ticket (id, type, status, channel, title, department, due_on, registered_at, version, snapshot,
           updated_at) VALUES ($1, 'complaint', 'dispatched', $2, 't', 'housing', '2026-03-16', $3, 1, $4, $3)`,
        [ticket, channel, at, JSON.stringify(snapshot)],
      )
      await schema.pool.query(
        `INSERT INTO ticket_unit (ticket_id, unit, due_on) VALUES ($1, 'housing', '2026-03-16')`,
        [ticket],
      )
      await schema.pool.query(
        `INSERT INTO ticket_entry (event_id, ticket_id, occurred_at, type, status, summary)
         VALUES ($1, $2, $3, 'ticket.dispatched', 'dispatched', 's')`,
        [id(seq), ticket, at],
      )
      await schema.pool.query(
        `INSERT INTO change (id, event_id, kind, event, ticket_id, department, window_clerk)
         VALUES ($1, $2, 'ticket.dispatched', 'ticket', $3, 'housing', $4)`,
        [seq, id(seq), ticket, clerk ?? null],
      )
    }
    const db = readerDb(readerPool, reader)
    const clerkA: Caller = { role: 'clerk', sub: 'clerk-a' }
    // Her own ticket reads whole; another clerk's answers as an unknown id does (the route's 404), the online one too.
    expect((await ticketReads(db, clerkA).ticket(T.A))?.history.map((e) => e.ticketId)).toEqual([T.A])
    for (const other of [T.B, T.online, id(299)]) expect(await ticketReads(db, clerkA).ticket(other)).toBeUndefined()
    // A page with no filter of the route's: the policy alone keeps the list to hers.
    const page = async (caller: Caller) =>
      (await ticketReads(db, caller).page({}, { limit: 50 })).tickets.map((t) => t.ticketId)
    expect(await page(clerkA)).toEqual([T.A])
    expect(await page({ role: 'clerk', sub: 'clerk-b' })).toEqual([T.B])
    // A clerk with no subject named, or another role's subject of her name, reads no ticket; the centre reads all.
    expect(await page({ role: 'clerk' })).toEqual([])
    expect(await page({ role: 'reviewer', department: 'fire', sub: 'clerk-a' })).toEqual([])
    expect((await page({ role: 'agent' })).sort()).toEqual([T.A, T.B, T.online].sort())
    expect((await page({ role: 'reviewer', department: 'housing' })).sort()).toEqual([T.A, T.B, T.online].sort())
    // Her history and unit rows under the same policy: no other ticket's line, no unit's list to start from.
    const entries = await asCaller(db, clerkA, (tx) => tx.ticketEntry.findMany({ select: { ticketId: true } }))
    expect(entries).toEqual([{ ticketId: T.A }])
    expect(await asCaller(db, clerkA, (tx) => tx.ticketUnit.findMany())).toEqual([])
    // The live stream's rows: her own ticket's change, no other ticket's.
    const told = await changesAfter(readerPool, clerkA, 0, 100)
    expect(told.changes.filter((c) => c.ticketId !== undefined).map((c) => [c.ticketId, c.windowClerk])).toEqual([
      [T.A, 'clerk-a'],
    ])
    const centre = await changesAfter(readerPool, { role: 'agent', sub: 'agent-1' }, 0, 100)
    expect(centre.changes.filter((c) => c.ticketId !== undefined)).toHaveLength(3)
  })

  it('keeps a regional reviewer or lead to the tickets about its region: rows, units, history and changes; a ticket of no region to none', async () => {
    // Three tickets of the transport unit, as `applyTicket` and the reader write them: 汕尾's it handles, 禅城's it
    // co-handles (another unit handles it) and one that names no region. The region is the snapshot's (a generated
    // column); the change names it as the writer does.
    const T = { shanwei: id(301), chancheng: id(302), none: id(303) }
    const at = '2026-03-02T01:00:00Z'
    const tickets: Array<[string, string | undefined, string, string[], number]> = [
      [T.shanwei, '441500', 'transport', [], 9201],
      [T.chancheng, '440604', 'other-unit', ['transport'], 9202],
      [T.none, undefined, 'transport', [], 9203],
    ]
    for (const [ticket, region, department, coHandlers, seq] of tickets) {
      const snapshot = { ticketId: ticket, channel: 'phone', ...(region ? { region } : {}) }
      await schema.pool.query(
        `INSERT INTO ticket (id, type, status, channel, title, department, co_handlers, due_on, registered_at, version,
           snapshot, updated_at) VALUES ($1, 'complaint', 'dispatched', 'phone', 't', $2, $3, '2026-03-16', $4, 1, $5, $4)`,
        [ticket, department, coHandlers, at, JSON.stringify(snapshot)],
      )
      for (const unit of [department, ...coHandlers])
        await schema.pool.query(`INSERT INTO ticket_unit (ticket_id, unit, due_on) VALUES ($1, $2, '2026-03-16')`, [
          ticket,
          unit,
        ])
      await schema.pool.query(
        `INSERT INTO ticket_entry (event_id, ticket_id, occurred_at, type, status, summary)
         VALUES ($1, $2, $3, 'ticket.dispatched', 'dispatched', 's')`,
        [id(seq), ticket, at],
      )
      await schema.pool.query(
        `INSERT INTO change (id, event_id, kind, event, ticket_id, department, co_handlers, region)
         VALUES ($1, $2, 'ticket.dispatched', 'ticket', $3, $4, $5, $6)`,
        [seq, id(seq), ticket, department, coHandlers, region ?? null],
      )
    }
    const db = readerDb(readerPool, reader)
    const ours = new Set(Object.values(T))
    // Each ticket once: the centre reads both unit rows of the co-handled one.
    const sorted = (ids: readonly string[]) => [...new Set(ids.filter((t) => ours.has(t)))].sort()
    /** Everything of the three tickets `caller` reads, each way it may read them. */
    const reads = async (caller: Caller) => {
      const listed = sorted((await ticketReads(db, caller).page({}, { limit: 50 })).tickets.map((t) => t.ticketId))
      const unitPage = sorted(
        (await ticketReads(db, caller).page({ department: 'transport' }, { limit: 50 })).tickets.map((t) => t.ticketId),
      )
      const opened: string[] = []
      for (const t of Object.values(T)) {
        const found = await ticketReads(db, caller).ticket(t)
        if (found) {
          expect(found.history.map((e) => e.ticketId)).toEqual([t])
          opened.push(t)
        }
      }
      const units = await asCaller(db, caller, (tx) => tx.ticketUnit.findMany({ select: { ticketId: true } }))
      const entries = await asCaller(db, caller, (tx) => tx.ticketEntry.findMany({ select: { ticketId: true } }))
      const told = (await changesAfter(readerPool, caller, 9200, 100)).changes.map((c) => c.ticketId ?? '')
      // Every way agrees: the list, the unit's page, the read with its history, the unit rows, the entries, the stream.
      for (const other of [
        unitPage,
        sorted(opened),
        sorted(units.map((u) => u.ticketId)),
        sorted(entries.map((e) => e.ticketId)),
        sorted(told),
      ])
        expect(other).toEqual(listed)
      return listed
    }
    const transport = (role: 'reviewer' | 'lead', region?: string): Caller => ({
      role,
      department: 'transport',
      ...(region ? { region } : {}),
    })
    // No region: every region's, the one with none among them, as before.
    expect(await reads(transport('reviewer'))).toEqual(sorted(Object.values(T)))
    expect(await reads(transport('lead'))).toEqual(sorted(Object.values(T)))
    // 佛山 (禅城's city) and 禅城 the co-handled one; 汕尾 its own; 广东 both; 钦州 none; the region-less one no region's.
    expect(await reads(transport('reviewer', '440600'))).toEqual([T.chancheng])
    expect(await reads(transport('lead', '440604'))).toEqual([T.chancheng])
    expect(await reads(transport('reviewer', '441500'))).toEqual([T.shanwei])
    expect(await reads(transport('lead', '441500'))).toEqual([T.shanwei])
    expect(await reads(transport('reviewer', '440000'))).toEqual(sorted([T.shanwei, T.chancheng]))
    expect(await reads(transport('reviewer', '450700'))).toEqual([])
    // The centre and a supervisor read all three whatever their region (theirs is refused before a read: auth.ts).
    expect(await reads({ role: 'agent', sub: 'agent-1' })).toEqual(sorted(Object.values(T)))
  })

  it("gives a reviewer who asks for another department's inbox an empty page", async () => {
    const fire = readModel(readerDb(readerPool, reader), { role: 'reviewer', department: 'fire' })
    expect((await fire.inbox('fire', {}, { limit: 10 })).tasks.map((t) => t.taskId)).toEqual([rows.task['A-fire']])
    expect((await fire.inbox('water', {}, { limit: 10 })).tasks).toEqual([])
    // A 佛山 reviewer's inbox holds none of 汕尾's tasks of its department, a 汕尾 one's all of them.
    const inbox = async (region: string) =>
      (
        await readModel(readerDb(readerPool, reader), { role: 'reviewer', department: 'fire', region }).inbox(
          'fire',
          {},
          { limit: 10 },
        )
      ).tasks.map((t) => t.taskId)
    expect(await inbox('440600')).toEqual([])
    expect(await inbox('441500')).toEqual([rows.task['A-fire']])
  })

  it("tells a regional department user on the live stream of its region's project changes only", async () => {
    // A water task's change on each project, as the reader writes them; ids far past the other tests' changes.
    for (const [seq, k] of [
      [9101, 'A'],
      [9102, 'B'],
    ] as const)
      await schema.pool.query(
        `INSERT INTO change (id, event_id, project_id, owner_credit_code, kind, event, task_id, department)
         VALUES ($1, $2, $3, $4, 'task.assigned', 'task', $5, 'water')`,
        [seq, id(seq), P[k], OWNER[k], rows.task[`${k}-water`]],
      )
    const told = async (caller: Caller) =>
      (await changesAfter(readerPool, caller, 9100, 100)).changes.map((c) => c.projectId)
    expect(await told({ role: 'reviewer', department: 'water' })).toEqual([P.A, P.B])
    expect(await told({ role: 'reviewer', department: 'water', region: '440600' })).toEqual([P.B])
    expect(await told({ role: 'reviewer', department: 'water', region: '441500' })).toEqual([P.A])
    expect(await told({ role: 'reviewer', department: 'water', region: '450700' })).toEqual([])
  })

  it('tells a utility request’s change to the reviewers of its parties within the region, never to their leads; a case’s to both', async () => {
    // A utility request's change naming transport as a party (a permit applied to it, its works plan pushed to it)
    // and a joint acceptance case's naming transport too, on project A (汕尾), as the reader writes them. Transport has
    // no task on A, so only the parties branch can give it either. The reviewers of a
    // party read the request (the policy of `utility_request`), its leads do not: the policy of `change` says so
    // itself (20270125000000_utility_change_reviewers), not only the gateway's `visibleChange`.
    await schema.pool.query(
      `INSERT INTO change (id, event_id, project_id, owner_credit_code, kind, event, provider, parties)
       VALUES (9301, $1, $2, $3, 'utility.advanced', 'utility', 'gas', '{transport}'),
              (9302, $4, $2, $3, 'acceptance.started', 'acceptance', NULL, '{transport}')`,
      [id(9301), P.A, OWNER.A, id(9302)],
    )
    const told = async (caller: Caller) =>
      (await changesAfter(readerPool, caller, 9300, 100)).changes.map((c) => `${c.id} ${c.event}`)
    expect(await told({ role: 'reviewer', department: 'transport' })).toEqual(['9301 utility', '9302 acceptance'])
    expect(await told({ role: 'reviewer', department: 'transport', region: '441500' })).toEqual([
      '9301 utility',
      '9302 acceptance',
    ])
    expect(await told({ role: 'lead', department: 'transport' })).toEqual(['9302 acceptance'])
    expect(await told({ role: 'lead', department: 'transport', region: '441500' })).toEqual(['9302 acceptance'])
    expect(await told({ role: 'reviewer', department: 'transport', region: '440600' })).toEqual([])
    expect(await told({ role: 'reviewer', department: 'planning' })).toEqual([])
    expect(await told({ role: 'utility', provider: 'gas' })).toEqual(['9301 utility'])
  })

  it('covers regions in SQL (`region_covers`) exactly as the gateway does (`regionCovers`)', async () => {
    const codes = ['440000', '440600', '440604', '441500', '441502', '450000', '450700', '450702', '44060', 'x']
    const pairs = codes.flatMap((scope) => codes.map((region) => [scope, region] as const))
    const { rows: got } = await schema.pool.query<{ scope: string; region: string; covers: boolean }>(
      `SELECT s AS scope, r AS region, region_covers(s, r) AS covers FROM unnest($1::text[], $2::text[]) AS t(s, r)`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    )
    expect(got).toEqual(pairs.map(([scope, region]) => ({ scope, region, covers: regionCovers(scope, region) })))
    expect(got.filter((r) => r.covers)).toHaveLength(17)
  })

  it('keeps no scope on a pooled connection after the statement or transaction that set it', async () => {
    const one = createPool(schema.readerUrl as string, 1).pool
    try {
      const scoped = await queryAs<{ n: number }>(
        one,
        { role: 'supervisor' },
        'SELECT n FROM (SELECT set_caller($1, $2, $3, $4) AS scoped OFFSET 0) AS caller, LATERAL (SELECT count(*)::int AS n FROM task WHERE caller.scoped) t',
        [],
      )
      expect(scoped.rows).toEqual([{ n: 3 }])
      // The same connection (max 1), next statement: the setting ended with the statement's transaction.
      expect((await one.query('SELECT count(*)::int AS n FROM task')).rows).toEqual([{ n: 0 }])
    } finally {
      await one.end()
    }
  })

  it('needs the scope set before the scan: a plain WHERE set_caller(…) is evaluated after the policies', async () => {
    // Why db/scope.ts prescribes the two shapes it does: here the policy's condition runs first, with no caller.
    const { rows: plain } = await readerPool.query(
      `SELECT id FROM task WHERE set_caller('supervisor', NULL, NULL, NULL)`,
    )
    expect(plain).toEqual([])
    expect(() => queryAs(readerPool, { role: 'supervisor' }, 'SELECT id FROM task', [])).toThrow(/set_caller/)
  })

  it('has row-level security on every table the reader may select from (a new table without it fails here)', async () => {
    // The reader gets SELECT on every table the owner creates (default privileges): a table added by a later migration
    // without RLS would be readable whole. Only the migrations' bookkeeping is left open (names and checksums).
    const { rows: open } = await schema.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c
        WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relrowsecurity
        ORDER BY 1`,
      [schema.schema],
    )
    expect(open.map((r) => r.name)).toEqual(['_prisma_migrations'])
  })

  it('lets the reader neither write nor escape: not an owner, no BYPASSRLS, no INSERT', async () => {
    const role = await readerPool.query(
      `SELECT r.rolsuper, r.rolbypassrls, (SELECT count(*)::int FROM pg_class c
          WHERE c.relnamespace = $1::regnamespace AND c.relowner = r.oid) AS owns
         FROM pg_roles r WHERE r.rolname = current_user`,
      [schema.schema],
    )
    expect(role.rows).toEqual([{ rolsuper: false, rolbypassrls: false, owns: 0 }])
    await expect(
      readerPool.query(`INSERT INTO read_model_cursor (name, last_sequence) VALUES ('x', 1)`),
    ).rejects.toMatchObject({ code: '42501' })
    await expect(readerPool.query('ALTER TABLE task DISABLE ROW LEVEL SECURITY')).rejects.toMatchObject({
      code: '42501',
    })
  })

  it('tells the gateway the parties of a case the caller cannot read (to refuse, not forward, a command)', async () => {
    const asWaterLead = readModel(readerDb(readerPool, reader), { role: 'lead', department: 'water' })
    expect(await asWaterLead.acceptanceCaseParties(rows.acceptance['A-fire-lead'])).toEqual({
      lead: 'fire',
      ownerCreditCode: OWNER.A,
      items: [{ item: 'x', department: 'fire' }],
      // Its project's region, which keeps a regional caller out of another region's case (authorise.ts `InRegion`).
      region: REGION.A,
    })
    expect(await asWaterLead.acceptanceCaseParties(id(999))).toBeUndefined()
  })

  it("tells whoever registers a 12345 ticket the region of the project it names (the agent and the clerk any project's, an owner its own's), and no one else", async () => {
    const promised = id(121)
    await schema.pool.query(
      `INSERT INTO pending_write (id, kind, project_id, owner_credit_code, region, since)
       VALUES ($1, 'project-registered', $1, $2, '450700', '2026-03-02T01:00:00Z')`,
      [promised, OWNER.B],
    )
    try {
      const regionOf = (caller: Caller, project: string) =>
        readModel(readerDb(readerPool, reader), caller).ticketProjectRegion(project)
      for (const caller of [{ role: 'agent' }, { role: 'clerk', sub: 'clerk-1' }] as Caller[]) {
        expect(await regionOf(caller, P.A), caller.role).toBe(REGION.A)
        expect(await regionOf(caller, P.B), caller.role).toBe(REGION.B)
        // A project promised on its 201 and not applied yet: the region intake answered.
        expect(await regionOf(caller, promised), caller.role).toBe('450700')
        expect(await regionOf(caller, id(999)), caller.role).toBeUndefined()
      }
      const ownerOf = (k: 'A' | 'B'): Caller => ({ role: 'owner', creditCode: OWNER[k] })
      expect(await regionOf(ownerOf('A'), P.A)).toBe(REGION.A)
      expect(await regionOf(ownerOf('A'), P.B)).toBeUndefined()
      expect(await regionOf(ownerOf('B'), promised)).toBe('450700')
      expect(await regionOf(ownerOf('A'), promised)).toBeUndefined()
      // A role that registers no ticket is told nothing, whatever it may read of the project.
      for (const caller of [
        { role: 'reviewer', department: 'fire' },
        { role: 'lead', department: 'fire' },
        { role: 'supervisor' },
        { role: 'registrar' },
      ] as Caller[])
        expect(await regionOf(caller, P.A), caller.role).toBeUndefined()
    } finally {
      await schema.pool.query('DELETE FROM pending_write WHERE id = $1', [promised])
    }
  })

  it('shows a lead the permits of the projects it acts on — a task of its department, a joint acceptance it leads — never a property certificate (证照异议)', async () => {
    const permit = { A: id(93), B: id(94) }
    for (const k of ['A', 'B'] as const)
      await schema.pool.query(
        `INSERT INTO certificate (id, project_id, kind, number, title, owner_credit_code, signed, issued_at)
         VALUES ($1, $2, 'permit', $3, 't', $4, '{}', '2026-03-02T01:00:00Z')`,
        [permit[k], P[k], `permit-${k}`, OWNER[k]],
      )
    try {
      const certificates = async (caller: Caller) => {
        const got = await asCaller(readerDb(readerPool, reader), caller, (tx) =>
          tx.certificate.findMany({ select: { id: true } }),
        )
        const names = new Map<string, string>([
          [permit.A, 'permit A'],
          [permit.B, 'permit B'],
          [rows.certificate.A, 'property A'],
          [rows.certificate.B, 'property B'],
        ])
        return got.map((c) => names.get(c.id) ?? c.id).sort()
      }
      // Fire has a task on A and leads A's acceptance; water has tasks on both; planning leads B's acceptance.
      expect(await certificates({ role: 'lead', department: 'fire' })).toEqual(['permit A'])
      expect(await certificates({ role: 'lead', department: 'water' })).toEqual(['permit A', 'permit B'])
      expect(await certificates({ role: 'lead', department: 'planning' })).toEqual(['permit B'])
      // Housing leads A's step (牵头部门 of a parallel step) with no task of its own: it uses no permit of it.
      expect(await certificates({ role: 'lead', department: 'housing' })).toEqual([])
      expect(await certificates({ role: 'lead', department: 'civil-air-defence' })).toEqual([])
      expect(await certificates({ role: 'lead' })).toEqual([])
      // The others as before: a reviewer every certificate of a project its department has a task on.
      expect(await certificates({ role: 'reviewer', department: 'fire' })).toEqual(['permit A', 'property A'])
      expect(await certificates({ role: 'reviewer', department: 'planning' })).toEqual([])

      // The project's list the route authorises on: whether the lead uses the project's permits, and them.
      const listed = async (caller: Caller, project: string) => {
        const { usesPermits, certificates: found } = await readModel(
          readerDb(readerPool, reader),
          caller,
        ).projectCertificates(project)
        return { usesPermits, certificates: found.length }
      }
      expect(await listed({ role: 'lead', department: 'planning' }, P.B)).toEqual({
        usesPermits: true,
        certificates: 1,
      })
      expect(await listed({ role: 'lead', department: 'planning' }, P.A)).toEqual({
        usesPermits: false,
        certificates: 0,
      })
      expect(await listed({ role: 'reviewer', department: 'water' }, P.B)).toMatchObject({ usesPermits: false })
      // The items of the lead's own department's tasks on it: their permits are its own, not to dispute; a lead that
      // only leads the project's acceptance has none, nor the registrar (it issues no permit).
      const ownItems = async (caller: Caller, project: string) =>
        (await readModel(readerDb(readerPool, reader), caller).projectCertificates(project)).ownItems
      expect(await ownItems({ role: 'lead', department: 'fire' }, P.A)).toEqual(['i'])
      expect(await ownItems({ role: 'lead', department: 'water' }, P.B)).toEqual(['i'])
      expect(await ownItems({ role: 'lead', department: 'planning' }, P.B)).toEqual([])
      expect(await ownItems({ role: 'registrar' }, P.A)).toEqual([])
      // Asked of the function itself: another department's tasks never, nor its own outside the token's region.
      const askedOf = async (caller: Caller, project: string) => {
        const [row] = await asCaller(
          readerDb(readerPool, reader),
          caller,
          (tx) => tx.$queryRaw<Array<{ items: string[] }>>`SELECT caller_own_items(${project}::uuid) AS items`,
        )
        return row?.items
      }
      expect(await askedOf({ role: 'lead', department: 'planning' }, P.A)).toEqual([])
      expect(await askedOf({ role: 'lead', department: 'fire', region: REGION.B }, P.A)).toEqual([])
      expect(await askedOf({ role: 'lead', department: 'fire', region: REGION.A }, P.A)).toEqual(['i'])
      // What the objection route weighs: the certificate as the lead reads it, the cases on its project.
      const target = readModel(readerDb(readerPool, reader), { role: 'lead', department: 'planning' })
      expect((await target.objectionTarget(permit.B))?.registrationCases).toBe(0)
      expect(await target.objectionTarget(permit.A)).toBeUndefined()
      const asRegistrar = readModel(readerDb(readerPool, reader), { role: 'registrar' })
      expect((await asRegistrar.objectionTarget(permit.A))?.registrationCases).toBe(1)
    } finally {
      await schema.pool.query('DELETE FROM certificate WHERE id = ANY($1::uuid[])', [[permit.A, permit.B]])
    }
  })
})
