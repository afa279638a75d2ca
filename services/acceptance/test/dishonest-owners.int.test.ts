import { DishonestOwnerDelistedV1, DishonestOwnerListedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARCHIVE, acceptanceWorld, call, publish, shanweiProject, type World } from './helpers.js'

// 失信 (004:2235: 对被纳入不诚信名单的申请人……不允许其通过告知承诺、容缺受理等方式办理有关手续): acceptance keeps intake's
// dishonesty list from its events and refuses a listed owner's 告知承诺 when it applies for joint acceptance. The
// listing's version orders the changes: a delisting wins over a listing of a lower version whenever it arrives.

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
  party: { name: '汕尾市失信示例有限公司', creditCode },
  actor: { sub: `owner-${creditCode}`, role: 'owner', creditCode },
})
const open = (projectId: string, body: object, actor: object) =>
  call(w, 'POST', `/projects/${projectId}/acceptance`, actor, body)
const listed = (creditCode: string, version: number) =>
  publish(
    w,
    DishonestOwnerListedV1,
    { creditCode, version, reason: '汕信用〔2026〕1号', listedAt: START, listedBy: 'admin:admin-1' },
    `owner:${creditCode}`,
  )
const delisted = (creditCode: string, version: number) =>
  publish(
    w,
    DishonestOwnerDelistedV1,
    { creditCode, version, delistedAt: START, delistedBy: 'admin:admin-1' },
    `owner:${creditCode}`,
  )
const handled = async () =>
  Number(
    (await w.db.pool.query("SELECT count(*) AS n FROM inbox_message WHERE consumer LIKE 'acceptance-dishonest-%'"))
      .rows[0].n,
  )
const held = async (creditCode: string) =>
  (await w.db.pool.query('SELECT listed, version FROM dishonest_owner WHERE credit_code = $1', [creditCode])).rows[0]

describe('the dishonesty list (失信) in joint acceptance', () => {
  it('refuses a listed owner’s commitments naming the field, takes its plain application, and takes both once delisted', async () => {
    const owner = ownerOf('91441500MA51XY311A')
    await listed(owner.party.creditCode, 1)
    await expect.poll(() => held(owner.party.creditCode)).toEqual({ listed: true, version: 1 })

    const project = await shanweiProject(w, owner.party)
    const refused = await open(project, { commitments: [ARCHIVE] }, owner.actor)
    expect(refused.status, JSON.stringify(refused.body)).toBe(422)
    expect(refused.body).toMatchObject({
      code: 'ACCEPTANCE_OWNER_ON_DISHONESTY_LIST',
      errors: [{ field: '/body/commitments', message: 'may not be chosen by an owner on the dishonesty list' }],
    })
    expect((await w.db.pool.query('SELECT 1 FROM acceptance_case WHERE project_id = $1', [project])).rowCount).toBe(0)
    expect((await open(project, {}, owner.actor)).status).toBe(201)

    await delisted(owner.party.creditCode, 2)
    await expect.poll(() => held(owner.party.creditCode)).toEqual({ listed: false, version: 2 })
    const next = await shanweiProject(w, owner.party)
    const opened = await open(next, { commitments: [ARCHIVE] }, owner.actor)
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    expect(opened.body.case.items.find((i: { item: string }) => i.item === ARCHIVE)?.status).toBe('committed')
  })

  it('keeps the delisting when the listing before it arrives again, or arrives after it', async () => {
    const before = await handled()
    const redelivered = ownerOf('91441500MA51XY312B')
    await listed(redelivered.party.creditCode, 1)
    await expect.poll(() => held(redelivered.party.creditCode)).toEqual({ listed: true, version: 1 })
    await delisted(redelivered.party.creditCode, 2)
    await expect.poll(() => held(redelivered.party.creditCode)).toEqual({ listed: false, version: 2 })
    // The listing again, as a new message (the inbox would drop the same id): its version is below the delisting's.
    await listed(redelivered.party.creditCode, 1)

    const late = ownerOf('91441500MA51XY313C')
    await delisted(late.party.creditCode, 2)
    await expect.poll(() => held(late.party.creditCode)).toEqual({ listed: false, version: 2 })
    await listed(late.party.creditCode, 1)
    // Listed again later (version 3) then delisted (4) arriving first: the listing of 3 does not undo it.
    const relisted = ownerOf('91441500MA51XY314D')
    await delisted(relisted.party.creditCode, 4)
    await listed(relisted.party.creditCode, 3)

    // Every one of the eight messages handled (each consumer's inbox row is written with what it kept).
    await expect.poll(async () => (await handled()) - before).toBe(7)
    expect(await held(redelivered.party.creditCode)).toEqual({ listed: false, version: 2 })
    expect(await held(late.party.creditCode)).toEqual({ listed: false, version: 2 })
    expect(await held(relisted.party.creditCode)).toEqual({ listed: false, version: 4 })

    for (const owner of [redelivered, late, relisted]) {
      const project = await shanweiProject(w, owner.party)
      const opened = await open(project, { commitments: [ARCHIVE] }, owner.actor)
      expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    }
  })
})
