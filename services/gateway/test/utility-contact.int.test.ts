import { ProjectRegisteredV1, UtilityRequestOpenedV1 } from '@onewindow/contracts'
import { readAuditEntries } from '@onewindow/messaging'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { owners, projectRegistered, utilityRequest } from './events.js'
import { type GatewayWorld, gatewayWorld } from './world.js'

// 联合报装: a provider arranges the survey and the connection with the project's owner, who files nothing again — so
// its list names the 建设单位 and the desk's 申请联系人/联系电话 on each of its own requests (docs/utility.md#whom-the-
// provider-calls). The phone is personal: no one else reads it through this list or the project's status.

let w: GatewayWorld
beforeAll(async () => {
  w = await gatewayWorld()
})
afterAll(async () => {
  await w?.[Symbol.asyncDispose]()
})

const contact = { name: '李工', phone: '0757-83331234' }

describe("the owner and the desk's contact on a provider's requests", () => {
  it('answers them to the request’s provider only; another provider, the status’ readers and other roles read no contact; the read is recorded', async () => {
    const project = projectRegistered({ owner: owners.foshan })
    await w.publish(ProjectRegisteredV1, project)
    const water = utilityRequest(project.projectId, {
      provider: 'water',
      owner: owners.foshan,
      applicationContact: contact,
    })
    const power = utilityRequest(project.projectId, {
      provider: 'power',
      owner: owners.foshan,
      applicationContact: { name: '王工' },
    })
    await w.publish(UtilityRequestOpenedV1, { request: water }, { request: power })

    const listed = async (provider: 'water' | 'power' | 'telecom') =>
      (
        await w.api(
          'GET',
          `/api/v1/utility-requests?project=${project.projectId}`,
          w.token({ role: 'utility', provider, sub: `staff-${provider}` }),
        )
      ).body as { requests: Array<Record<string, unknown>>; projects: unknown[] }
    await expect.poll(async () => (await listed('water')).requests.length).toBe(1)
    const [own] = (await listed('water')).requests
    expect(own?.['requestId']).toBe(water.requestId)
    expect(own?.['owner']).toEqual(owners.foshan)
    expect(own?.['applicationContact']).toEqual(contact)
    // Power reads its own request's contact, never water's; a provider with no request on the project reads nothing.
    const powers = (await listed('power')).requests
    expect(powers.map((r) => [r['provider'], r['applicationContact']])).toEqual([['power', { name: '王工' }]])
    expect(JSON.stringify(powers)).not.toContain(contact.phone)
    expect(await listed('telecom')).toMatchObject({ requests: [], projects: [] })

    // The project's status shows the requests to its owner, the desk and supervision — without the contact.
    for (const claims of [
      { role: 'owner' as const, creditCode: owners.foshan.creditCode },
      { role: 'supervisor' as const },
      { role: 'clerk' as const },
    ]) {
      const status = await w.api('GET', `/api/v1/projects/${project.projectId}/status`, w.token(claims))
      expect(status.status, claims.role).toBe(200)
      const utilities = status.body.utilities as Array<Record<string, unknown>>
      expect(utilities.map((u) => u['provider']).sort(), claims.role).toEqual(['power', 'water'])
      for (const u of utilities) expect(u, claims.role).not.toHaveProperty('applicationContact')
      expect(JSON.stringify(status.body), claims.role).not.toContain(contact.phone)
    }
    // No role but a provider lists the requests (a reviewer's status has none: visibility.ts).
    for (const claims of [
      { role: 'reviewer' as const, department: 'housing-construction' },
      { role: 'lead' as const, department: 'housing-construction' },
      { role: 'registrar' as const },
      { role: 'owner' as const, creditCode: owners.foshan.creditCode },
      { role: 'clerk' as const },
    ]) {
      const r = await w.api('GET', `/api/v1/utility-requests?project=${project.projectId}`, w.token(claims))
      expect(r.status, claims.role).toBe(403)
      expect(JSON.stringify(r.body)).not.toContain(contact.phone)
    }

    // The owner's name and credit code shown to a provider: a read of its personal data, recorded per project.
    await expect
      .poll(async () =>
        (await readAuditEntries(w.db.pool, { after: 0, limit: 100 }))
          .filter((e) => e.action === 'gateway.utility-requests.read')
          .map((e) => [e.actor, e.role, e.object, e.outcome]),
      )
      .toEqual(
        expect.arrayContaining([
          ['staff-water', 'utility', `project:${project.projectId}`, 'read'],
          ['staff-power', 'utility', `project:${project.projectId}`, 'read'],
        ]),
      )
    const telecomReads = (await readAuditEntries(w.db.pool, { after: 0, limit: 100 })).filter(
      (e) => e.actor === 'staff-telecom',
    )
    expect(telecomReads).toEqual([])
  })
})
