import { ProjectRegisteredV1 } from '@onewindow/contracts'
import { describe, expect, it } from 'vitest'
import { projectCopyConsumer, type SqlTx } from '../src/index.js'

const project: ProjectRegisteredV1 = {
  projectId: '0190a5a0-0000-7000-8000-000000000001',
  projectCode: '2026-310000-47-01-000001',
  name: 'Riverside school',
  projectType: 'public-building',
  region: '310000',
  owner: { name: 'Riverside Education Bureau', creditCode: '91310000MA1FL0000X' },
  investmentFen: 1_000_000_00,
  registeredAt: '2026-11-30T01:00:00.000Z',
  flow: [{ step: 'planning', name: 'Planning permit', stage: 'S1', items: ['P-01'] }],
}

const tx: SqlTx = {
  $executeRaw: async () => 0,
  $queryRaw: async <T>() => [] as T,
}

describe('projectCopyConsumer', () => {
  it('consumes ProjectRegisteredV1 under the service’s own durable', () => {
    const def = projectCopyConsumer({ durable: 'utility-projects', save: async () => {} })
    expect(def.durable).toBe('utility-projects')
    expect(def.event).toBe(ProjectRegisteredV1)
    expect(def.event.subject).toBe('permit.intake.project.registered.v1')
  })

  it('hands the service’s save the consumer’s transaction and the project as the event carries it', async () => {
    const saved: Array<{ tx: SqlTx; project: ProjectRegisteredV1 }> = []
    const def = projectCopyConsumer({
      durable: 'acceptance-projects',
      save: async (t, p) => {
        saved.push({ tx: t, project: p })
      },
    })
    await def.handle({
      event: project,
      eventId: '0190a5a0-0000-7000-8000-0000000000ee',
      headers: {},
      tx,
      now: new Date('2026-11-30T01:00:01.000Z'),
      outbox: { add: async () => {} } as never,
    })
    expect(saved).toEqual([{ tx, project }])
    expect(saved[0]?.tx).toBe(tx)
  })

  it('fails the delivery when the save fails, so the message is retried rather than lost', async () => {
    const def = projectCopyConsumer({
      durable: 'registration-projects',
      save: async () => {
        throw new Error('database gone')
      },
    })
    await expect(
      def.handle({ event: project, eventId: 'e', headers: {}, tx, now: new Date(0), outbox: {} as never }),
    ).rejects.toThrow('database gone')
  })
})
