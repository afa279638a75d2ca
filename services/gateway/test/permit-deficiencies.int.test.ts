import { ProjectRegisteredV1, UtilityRequestAdvancedV1 } from '@onewindow/contracts'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { owners, projectRegistered, utilityRequest } from './events.js'
import { type GatewayWorld, gatewayWorld, START } from './world.js'

// 容缺受理 of the outside-line permits (docs/utility.md "容缺受理"): the read model carries a permit's acceptance with
// materials missing to the department's 外线审批 and the provider's 报装申请; the gateway forwards the acceptance and
// the provider's supply, and answers hostile bodies 400 naming the field, forwarding nothing.

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

type Permit = { kind: string; acceptedOn?: string; deficiencies?: unknown; grantedWithDeficiencies?: true }
type Listed = { requestId: string; permits: Permit[] }

describe('容缺受理 in the read model and through the gateway', () => {
  const project = projectRegistered({ owner: owners.shanwei })
  const owing = {
    kind: 'road-excavation' as const,
    status: 'requested' as const,
    department: 'urban-management',
    departmentName: '城管执法局',
    appliedOn: '2026-03-03',
    appliedAtVersion: 3,
    acceptedOn: '2026-03-04',
    deficiencies: [{ name: '管线平面图' }, { name: '施工围蔽方案', suppliedOn: '2026-03-05' }],
  }
  const accepted = utilityRequest(project.projectId, {
    provider: 'gas',
    lowRisk: false,
    stage: 'outside-line-permits',
    line: { lengthM: 800, diameterMm: 250 },
    permits: [owing],
    version: 5,
  })
  // Granted 容缺通过, at construction, the plan still owed: the provider's list shows it, the inbox does not.
  const granted = utilityRequest(project.projectId, {
    provider: 'water',
    lowRisk: false,
    stage: 'construction',
    line: { lengthM: 600, diameterMm: 300 },
    permits: [
      {
        ...owing,
        status: 'granted',
        documentNo: '汕城管许〔2026〕9号',
        decidedOn: '2026-03-06',
        grantedWithDeficiencies: true,
      },
    ],
    version: 6,
  })
  const reviewer = () => w.token({ role: 'reviewer', department: 'urban-management', sub: 'reviewer-urban' })

  beforeAll(async () => {
    await w.publish(ProjectRegisteredV1, project)
    for (const request of [accepted, granted]) await w.publish(UtilityRequestAdvancedV1, { request, actor: 'staff' })
  })

  it('外线审批 lists the accepted permit with its materials; the provider reads what it owes on both requests', async () => {
    await expect
      .poll(async () => {
        const res = await w.api('GET', '/api/v1/outside-line-permits', reviewer())
        return (res.body.requests as Listed[] | undefined)?.map((r) => r.requestId)
      })
      .toEqual([accepted.requestId])
    const inbox = (await w.api('GET', '/api/v1/outside-line-permits', reviewer())).body.requests as Listed[]
    expect(inbox[0]?.permits[0]).toMatchObject({ acceptedOn: '2026-03-04', deficiencies: owing.deficiencies })

    for (const [provider, request] of [
      ['gas', accepted],
      ['water', granted],
    ] as const) {
      const res = await w.api('GET', '/api/v1/utility-requests', w.token({ role: 'utility', provider }))
      const mine = (res.body.requests as Listed[]).find((r) => r.requestId === request.requestId)
      expect(mine?.permits[0]).toMatchObject({ deficiencies: owing.deficiencies })
    }
    const res = await w.api('GET', '/api/v1/utility-requests', w.token({ role: 'utility', provider: 'water' }))
    expect((res.body.requests as Listed[])[0]?.permits[0]?.grantedWithDeficiencies).toBe(true)
  })

  it('forwards the acceptance and the supply; hostile bodies are 400 naming the field, nothing forwarded', async () => {
    const decision = `/api/v1/utility-requests/${accepted.requestId}/permit-decision`
    const actions = `/api/v1/utility-requests/${accepted.requestId}/actions`
    const gas = w.token({ role: 'utility', provider: 'gas', sub: 'staff-gas' })
    const acceptance = { kind: 'road-excavation', outcome: 'accepted', deficiencies: [{ name: '管线平面图' }] }
    const supply = { action: 'permit-materials-supplied', kind: 'road-excavation', materials: [{ name: '管线平面图' }] }
    const calls = w.utility.calls.length
    w.utility.answer(200, { request: accepted })
    expect((await w.api('POST', decision, reviewer(), acceptance)).status).toBe(200)
    expect(w.utility.calls.at(-1)).toMatchObject({ url: decision.replace('/api/v1', ''), body: acceptance })
    expect((await w.api('POST', actions, gas, supply)).status).toBe(200)
    expect(w.utility.calls.at(-1)).toMatchObject({ url: actions.replace('/api/v1', ''), body: supply })

    const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `材料${i}` }))
    for (const [what, path, token, body, field] of [
      ['eleven materials', decision, reviewer(), { ...acceptance, deficiencies: eleven }, '/body/deficiencies'],
      ['no material', decision, reviewer(), { ...acceptance, deficiencies: [] }, '/body/deficiencies'],
      [
        'a name over 100 characters',
        decision,
        reviewer(),
        { ...acceptance, deficiencies: [{ name: '图'.repeat(101) }] },
        '/body/deficiencies/0/name',
      ],
      [
        'a day to supply them by',
        decision,
        reviewer(),
        { ...acceptance, deficiencies: [{ name: '图', dueOn: '2026-03-09' }] },
        '/body/deficiencies/0/dueOn',
      ],
      ['a key of its own', decision, reviewer(), { ...acceptance, promisedOn: '2026-03-09' }, '/body/promisedOn'],
      ['eleven supplied', actions, gas, { ...supply, materials: eleven }, '/body/materials'],
      [
        'a supplied name over 100 characters',
        actions,
        gas,
        { ...supply, materials: [{ name: '图'.repeat(101) }] },
        '/body/materials/0/name',
      ],
      ['a day of its own', actions, gas, { ...supply, suppliedOn: '2026-03-01' }, '/body/suppliedOn'],
    ] as const) {
      const res = await w.api('POST', path, token, body)
      expect([what, res.status, res.headers['content-type'], JSON.stringify(res.body.errors)]).toEqual([
        what,
        400,
        expect.stringContaining('application/problem+json'),
        expect.stringContaining(field),
      ])
    }
    expect(w.utility.calls.length).toBe(calls + 2)
  })
})
