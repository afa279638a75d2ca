import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARCHIVE, acceptanceWorld, call, shanweiProject, type World } from './helpers.js'

// A breached commitment's `bar-commitment` bars the owner from 告知承诺 until `barredUntil`, a day (commitment_bar,
// db/cases.ts `activeBar`). The `until` column is a `date`, which also takes 'infinity' — a plausible hand edit meaning
// "for good". Such a bar runs on every day: the owner's applications naming commitments are refused with the bar's
// refusal (422 ACCEPTANCE_COMMITMENT_BARRED), never a 500; applications without commitments are still taken. A bar
// until '-infinity' ended before any day and bars nothing.

// Monday 2 March 2026, 10:00 in Shanghai.
const START = '2026-03-02T02:00:00Z'

let w: World
beforeAll(async () => {
  w = await acceptanceWorld(START)
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const ownerOf = (creditCode: string) => ({
  party: { name: '汕尾市示例实业有限公司', creditCode },
  actor: { sub: `owner-${creditCode}`, role: 'owner', creditCode },
})
const open = (projectId: string, body: object, actor: object) =>
  call(w, 'POST', `/projects/${projectId}/acceptance`, actor, body)
/** A bar written by hand, as no command writes it: `until` as SQL takes it. */
const bar = (creditCode: string, until: string) =>
  w.db.pool.query(
    `INSERT INTO commitment_bar (credit_code, case_id, item, barred_on, until)
     VALUES ($1, $2::uuid, $3, '2026-02-20', $4::date)`,
    [creditCode, uuidv7(), ARCHIVE, until],
  )

describe("a commitment bar until 'infinity'", () => {
  it('refuses the owner’s commitments with the bar’s refusal before and after a dated bar ends; a plain one is taken', async () => {
    const barred = ownerOf('91441500MA51XY301J')
    await bar(barred.party.creditCode, 'infinity')
    // Beside it a bar that ends on a day: it runs shorter, and once it has ended the one for good still bars.
    await bar(barred.party.creditCode, '2026-06-30')

    for (const day of ['2026-03-02', '2026-07-01']) {
      w.clock.set(`${day}T02:00:00Z`)
      const project = await shanweiProject(w, barred.party)
      const refused = await open(project, { commitments: [ARCHIVE] }, barred.actor)
      expect(refused.status, JSON.stringify(refused.body)).toBe(422)
      expect(refused.body).toMatchObject({
        code: 'ACCEPTANCE_COMMITMENT_BARRED',
        errors: [{ field: '/body/commitments', message: 'is barred until infinity' }],
        item: ARCHIVE,
        until: 'infinity',
      })
      expect((await w.db.pool.query('SELECT 1 FROM acceptance_case WHERE project_id = $1', [project])).rowCount).toBe(0)
      expect((await open(project, {}, barred.actor)).status).toBe(201)
    }
  })

  it("beside it, a dated bar is still named by its day, and a bar until '-infinity' bars nothing", async () => {
    w.clock.set(START)
    const dated = ownerOf('91441500MA51XY303L')
    await bar(dated.party.creditCode, '2026-06-30')
    const refused = await open(await shanweiProject(w, dated.party), { commitments: [ARCHIVE] }, dated.actor)
    expect(refused.status, JSON.stringify(refused.body)).toBe(422)
    expect(refused.body).toMatchObject({
      code: 'ACCEPTANCE_COMMITMENT_BARRED',
      errors: [{ field: '/body/commitments', message: 'is barred until 2026-06-30' }],
      until: '2026-06-30',
    })

    const free = ownerOf('91441500MA51XY302K')
    await bar(free.party.creditCode, '-infinity')
    const opened = await open(await shanweiProject(w, free.party), { commitments: [ARCHIVE] }, free.actor)
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
  })
})
