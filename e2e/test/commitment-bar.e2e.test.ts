import { TaskCommitmentBreachedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  approveFirstStep,
  expectStatus,
  lowRiskFactory,
  openApplication,
  published,
  registerProject,
  sixItemMaterials,
  taskOf,
  until,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// 004:1860: 对检查中发现实际情况与承诺内容不符的，采取整改、依法撤销许可或者禁止选择告知承诺等惩戒措施. A department that
// finds a commitment of the approval stage not kept and bars the owner (`bar-commitment`, `barredUntil`): approval's
// breach names the owner, intake keeps the bar, and the window refuses the owner's 告知承诺 through that day.

// Monday 2026-03-02, 09:00 in Shanghai.
const START = '2026-03-02T01:00:00Z'
const at = (date: string) => `${date}T01:00:00Z`
const LEAD = 'housing-construction'

let world: World
beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

const owner = { name: '汕尾市承诺未履行示例有限公司', creditCode: '91441500MA51XY305K' }
const onCommitment = {
  step: 'six-item-bundle',
  form: {},
  materials: sixItemMaterials,
  commitments: [{ item: 'construction-permit' }],
}

async function readyForBundle(): Promise<string> {
  const projectId = await registerProject(world, lowRiskFactory(owner))
  await approveFirstStep(world, projectId)
  return projectId
}

describe('告知承诺 barred by a breached commitment of the approval stage', () => {
  it('the breach names the owner; the window refuses its 告知承诺 through barredUntil and takes it the day after', async () => {
    const first = await readyForBundle()
    const application = expectStatus(await openApplication(world, first, onCommitment), 201).application
    const task = await taskOf(world, LEAD, application.applicationId)
    let decided = false
    await until(async () => {
      const res = await world.api(
        'POST',
        `/api/v1/tasks/${task.taskId}/commitment`,
        world.token('reviewer', { department: LEAD }),
        {
          result: 'breached',
          findings: ['施工图未按承诺上传'],
          measures: ['bar-commitment'],
          barredUntil: '2026-03-31',
        },
      )
      decided = res.status === 200
      return decided || res.body?.code !== 'APPROVAL_NOT_COMMITTED'
    })
    expect(decided).toBe(true)
    await until(async () =>
      (await published(world, TaskCommitmentBreachedV1)).some((e) => e.task.taskId === task.taskId),
    )
    const breach = (await published(world, TaskCommitmentBreachedV1)).find((e) => e.task.taskId === task.taskId)
    expect(breach?.ownerCreditCode).toBe(owner.creditCode)

    // The same owner's next project: its 告知承诺 is refused once intake has heard the breach (its commitment_bar).
    await expect
      .poll(async () =>
        (
          await world.schemas.intake.pool.query('SELECT until::text FROM commitment_bar WHERE credit_code = $1', [
            owner.creditCode,
          ])
        ).rows.map((r) => r.until),
      )
      .toEqual(['2026-03-31'])
    const next = await readyForBundle()
    const refused = await openApplication(world, next, onCommitment)
    expect(refused.status, JSON.stringify(refused.body)).toBe(422)
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(refused.body.code).toBe('INTAKE_APPLICATION_INCOMPLETE')
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: '/commitments', code: 'INTAKE_OWNER_BARRED_FROM_COMMITMENT' }),
    ])

    world.clock.set(at('2026-04-01'))
    expect((await openApplication(world, next, onCommitment)).status).toBe(201)
  })
})
