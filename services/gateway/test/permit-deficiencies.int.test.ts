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

describe('容缺待补: the department’s permits granted 容缺通过 still owing materials (filter=owing)', () => {
  const shanwei = projectRegistered({ owner: owners.shanwei })
  const foshan = projectRegistered({ owner: owners.foshan, region: '440600' })
  const grantedOwing = (
    department: string,
    decidedOn: string,
    deficiencies: Array<{ name: string; suppliedOn?: string }>,
  ) => ({
    kind: 'road-excavation' as const,
    status: 'granted' as const,
    department,
    appliedOn: '2026-03-03',
    appliedAtVersion: 3,
    acceptedOn: '2026-03-04',
    deficiencies,
    documentNo: '汕城管许〔2026〕11号',
    decidedOn,
    grantedWithDeficiencies: true as const,
  })
  // Another department than the one above, whose 容缺通过 permit (granted) owes a material too.
  const owed = [{ name: '管线平面图' }, { name: '施工围蔽方案', suppliedOn: '2026-03-05' }]
  const request = (projectId: string, permit: ReturnType<typeof grantedOwing>, over = {}) =>
    utilityRequest(projectId, {
      provider: 'power',
      lowRisk: false,
      stage: 'construction',
      line: { lengthM: 700, diameterMm: 200 },
      permits: [permit],
      version: 6,
      ...over,
    })
  // Two of the department's in Shanwei (granted on the 9th, then the 7th), one in Foshan, one of another department.
  const later = request(shanwei.projectId, grantedOwing('greening', '2026-03-09', owed))
  const earlier = request(shanwei.projectId, grantedOwing('greening', '2026-03-07', owed), { stage: 'connected' })
  const elsewhere = request(foshan.projectId, grantedOwing('greening', '2026-03-08', owed))
  const transport = request(shanwei.projectId, grantedOwing('transport', '2026-03-08', owed))
  // Granted 容缺通过 with every material supplied since: nothing owed, never on the list.
  const settled = request(
    shanwei.projectId,
    grantedOwing('greening', '2026-03-06', [{ name: '管线平面图', suppliedOn: '2026-03-10' }]),
  )
  const shanweiReviewer = () => w.token({ role: 'reviewer', department: 'greening', region: '441500' })
  const owingOf = async (token: string, query = '') => {
    const res = await w.api('GET', `/api/v1/outside-line-permits?filter=owing${query}`, token)
    return res.body as { requests: Listed[]; next?: string }
  }

  beforeAll(async () => {
    for (const p of [shanwei, foshan]) await w.publish(ProjectRegisteredV1, p)
    for (const r of [later, earlier, elsewhere, transport, settled]) {
      await w.publish(UtilityRequestAdvancedV1, { request: r, actor: 'staff' })
    }
  })

  it('lists its department’s in its region, earliest granted first, a page at a time; not another’s', async () => {
    await expect
      .poll(async () => (await owingOf(w.token({ role: 'reviewer', department: 'transport' }))).requests.length)
      .toBe(1)
    const mine = await owingOf(shanweiReviewer())
    expect(mine.requests.map((r) => r.requestId)).toEqual([earlier.requestId, later.requestId])
    expect(mine.requests[0]?.permits[0]).toMatchObject({ grantedWithDeficiencies: true, deficiencies: owed })
    // A reviewer with no region reads every region's, Foshan's granted between the two.
    const everywhere = await owingOf(w.token({ role: 'reviewer', department: 'greening' }))
    expect(everywhere.requests.map((r) => r.requestId)).toEqual([
      earlier.requestId,
      elsewhere.requestId,
      later.requestId,
    ])
    // Foshan's reviewer of the department reads Foshan's; another department's reviewer only its own.
    const foshanReviewer = w.token({ role: 'reviewer', department: 'greening', region: '440600' })
    expect((await owingOf(foshanReviewer)).requests.map((r) => r.requestId)).toEqual([elsewhere.requestId])
    const theirs = await owingOf(w.token({ role: 'reviewer', department: 'transport', region: '441500' }))
    expect(theirs.requests.map((r) => r.requestId)).toEqual([transport.requestId])
    // The decision inbox lists none of them: none awaits a decision.
    const inbox = (await w.api('GET', '/api/v1/outside-line-permits', shanweiReviewer())).body.requests as Listed[]
    expect(inbox.map((r) => r.requestId)).not.toContain(later.requestId)

    const first = await owingOf(shanweiReviewer(), '&limit=1')
    expect(first.requests.map((r) => r.requestId)).toEqual([earlier.requestId])
    expect(first.next).toBe(`granted~2026-03-07~${earlier.requestId}`)
    const second = await owingOf(shanweiReviewer(), `&limit=1&cursor=${first.next}`)
    expect([second.requests.map((r) => r.requestId), second.next]).toEqual([[later.requestId], undefined])
  })

  it('a cursor of the other list, or another filter, is 400 naming the field', async () => {
    for (const [query, field] of [
      [`filter=owing&cursor=due~2026-03-07~${earlier.requestId}`, '/querystring/cursor'],
      [`filter=owing&cursor=applied~2026-03-07~${earlier.requestId}`, '/querystring/cursor'],
      [`cursor=granted~2026-03-07~${earlier.requestId}`, '/querystring/cursor'],
      [`filter=owing&cursor=granted~2026-02-30~${earlier.requestId}`, '/querystring/cursor'],
      ['filter=supplied', '/querystring/filter'],
      ['filter=owing&filter=owing', '/querystring/filter'],
    ] as const) {
      const bad = await w.api('GET', `/api/v1/outside-line-permits?${query}`, shanweiReviewer())
      expect([query, bad.status, JSON.stringify(bad.body.errors)]).toEqual([query, 400, expect.stringContaining(field)])
    }
  })

  it('leaves the list once its last material is supplied', async () => {
    const supplied = {
      ...later,
      permits: [
        grantedOwing('greening', '2026-03-09', [
          { name: '管线平面图', suppliedOn: '2026-03-11' },
          { name: '施工围蔽方案', suppliedOn: '2026-03-05' },
        ]),
      ],
      version: 7,
    }
    await w.publish(UtilityRequestAdvancedV1, { request: supplied, actor: 'staff' })
    await expect
      .poll(async () => (await owingOf(shanweiReviewer())).requests.map((r) => r.requestId))
      .toEqual([earlier.requestId])
  })
})
