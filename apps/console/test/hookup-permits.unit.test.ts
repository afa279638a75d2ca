import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { ClockCell } from '../src/components/clock-cell.js'
import type { Status } from '../src/pages/owner/flow-model.js'
import { hookupPermitText } from '../src/pages/owner/hookup-permits.js'
import { UtilityHookupsCard } from '../src/pages/owner/utility-hookups.js'
import { permitsPausedFrom, permitsPauseText } from '../src/pages/utility/permits-pause.js'

// The owner's 水电气网报装: each hookup's outside-line permits, in the owner's words — needed or not, and why not; where
// needed, applied for, granted (by whom, its 文号), refused (why), against the permits' limit or all done.

type Hookup = Status['utilities'][number]

const hookup = (over: Partial<Hookup>): Hookup =>
  ({
    requestId: '0190a000-0000-7000-8000-000000000001',
    projectId: '0190a000-0000-7000-8000-000000000002',
    applicationId: '0190a000-0000-7000-8000-000000000003',
    provider: 'gas',
    stage: 'outside-line-permits',
    lowRisk: false,
    line: { lengthM: 800, diameterMm: 250 },
    permits: [],
    openedAt: '2026-03-02T01:00:00.000Z',
    version: 3,
    updatedAt: '2026-03-02T01:00:00.000Z',
    ...over,
  }) as Hookup

const clock = (due: string, overdueBy = 0) =>
  ({ limit: { value: 3, unit: 'W' }, due, overdue: overdueBy > 0, overdueBy }) as Hookup['permitsClockState']

const exemption = {
  projectType: 'social-simple-low-risk',
  projectTypeName: '社会投资简易低风险工程建设项目',
  source: 'seeds/004:2159',
}

describe('a hookup’s outside-line permits, as the owner reads them', () => {
  it('a line that needs permits: waiting for the provider’s plan, then each permit applied for, against the limit', () => {
    expect(hookupPermitText(hookup({ stage: 'plan' }))).toBe('需办理外线行政审批，由供气单位完成接入方案后申请')
    expect(
      hookupPermitText(
        hookup({
          permits: [
            { kind: 'road-excavation', status: 'requested' },
            { kind: 'green-space', status: 'requested' },
          ],
          permitsClockState: clock('2026-03-05'),
        }),
      ),
    ).toBe('需办理外线行政审批：占用挖掘道路许可已申请，审批中；临时占用绿地许可已申请，审批中；审批时限至2026年3月5日')
  })

  it('容缺受理: the materials the provider still owes, on a permit awaiting its decision and on one granted 容缺通过', () => {
    const urban = {
      department: 'urban-management',
      departmentName: '汕尾市城市管理和综合执法局',
      appliedOn: '2026-03-02',
    }
    const accepted = { ...urban, acceptedOn: '2026-03-03' }
    expect(
      hookupPermitText(
        hookup({
          permits: [
            {
              kind: 'road-excavation',
              status: 'requested',
              ...accepted,
              deficiencies: [{ name: '管线平面图', suppliedOn: '2026-03-04' }, { name: '施工围蔽方案' }],
            },
          ],
        }),
      ),
    ).toBe(
      '需办理外线行政审批：占用挖掘道路许可已申请，由汕尾市城市管理和综合执法局在线审批中，已于2026年3月3日容缺受理，待供气单位补交容缺材料：施工围蔽方案',
    )
    const granted = {
      kind: 'road-excavation',
      status: 'granted',
      ...accepted,
      decidedOn: '2026-03-04',
      documentNo: '汕城管许〔2026〕8号',
      grantedWithDeficiencies: true,
    } as const
    expect(
      hookupPermitText(
        hookup({ stage: 'construction', permits: [{ ...granted, deficiencies: [{ name: '施工围蔽方案' }] }] }),
      ),
    ).toBe(
      '需办理外线行政审批：占用挖掘道路许可已于2026年3月4日准予许可（容缺通过，汕尾市城市管理和综合执法局，汕城管许〔2026〕8号），待供气单位补交容缺材料：施工围蔽方案',
    )
    // All supplied: 容缺通过 stays, nothing is owed.
    expect(
      hookupPermitText(
        hookup({ permits: [{ ...granted, deficiencies: [{ name: '施工围蔽方案', suppliedOn: '2026-03-05' }] }] }),
      ),
    ).toBe(
      '需办理外线行政审批：占用挖掘道路许可已于2026年3月4日准予许可（容缺通过，汕尾市城市管理和综合执法局，汕城管许〔2026〕8号）',
    )
    // A refused permit owes nothing: its round is over.
    expect(
      hookupPermitText(
        hookup({
          permits: [
            {
              kind: 'road-excavation',
              status: 'refused',
              ...accepted,
              reason: '路段禁挖',
              deficiencies: [{ name: '施工围蔽方案' }],
            },
          ],
        }),
      ),
    ).toBe('需办理外线行政审批：占用挖掘道路许可不予许可（理由：路段禁挖），待供气单位重新申请')
  })

  it('占道施工交通组织方案审核 (004:1846) reads by its name, with 公安 deciding it on the platform', () => {
    expect(
      hookupPermitText(
        hookup({
          permits: [
            {
              kind: 'traffic-organisation',
              status: 'requested',
              department: 'public-security',
              departmentName: '佛山市公安局',
              appliedOn: '2026-03-02',
            },
          ],
        }),
      ),
    ).toBe('需办理外线行政审批：占道施工交通组织方案审核已申请，由佛山市公安局在线审批中')
  })

  it('a granted permit names its department, 文号 and day; a refused one its reason; overdue says by how much', () => {
    const text = hookupPermitText(
      hookup({
        permits: [
          {
            kind: 'road-excavation',
            status: 'granted',
            department: 'urban-management',
            departmentName: '汕尾市城市管理和综合执法局',
            documentNo: '汕城管许〔2026〕7号',
            decidedOn: '2026-03-04',
          },
          { kind: 'green-space', status: 'refused', reason: '该绿地为公园绿地，不予占用', decidedOn: '2026-03-05' },
        ],
        permitsClockState: clock('2026-03-05', 1),
      }),
    )
    expect(text).toBe(
      '需办理外线行政审批：占用挖掘道路许可已于2026年3月4日准予许可（汕尾市城市管理和综合执法局，汕城管许〔2026〕7号）；' +
        '临时占用绿地许可不予许可（理由：该绿地为公园绿地，不予占用），待供气单位重新申请；审批时限至2026年3月5日，已超时 1 个工作日',
    )
  })

  it('all granted: the day they were done, no limit; a grant recorded before 文号 were kept still reads', () => {
    expect(
      hookupPermitText(
        hookup({
          stage: 'construction',
          permits: [{ kind: 'road-related', status: 'granted' }],
          permitsDoneAt: '2026-03-04T06:00:00.000Z',
          permitsClockState: clock('2026-03-05'),
        }),
      ),
    ).toBe('需办理外线行政审批：涉路施工许可已准予许可；已于2026年3月4日全部办结')
  })

  it('exempt by the project’s type (非禁免批): no permit whatever the line, filed or to be filed', () => {
    const exempt = hookup({ provider: 'water', stage: 'plan', lowRisk: true, permitsExemption: exemption })
    expect(hookupPermitText(exempt)).toBe(
      '免于外线行政审批（社会投资简易低风险工程建设项目实行“非禁免批”）：待供水单位报备施工方案',
    )
    const filed = {
      ...exempt,
      stage: 'construction' as const,
      permits: [
        { kind: 'road-excavation' as const, status: 'filed' as const, filedOn: '2026-03-06' },
        { kind: 'green-space' as const, status: 'filed' as const, filedOn: '2026-03-06' },
      ],
    }
    expect(hookupPermitText(filed)).toBe(
      '免于外线行政审批（社会投资简易低风险工程建设项目实行“非禁免批”）：施工方案已于2026年3月6日报备，可以施工',
    )
  })

  it('a low-risk line is filed, or in Shanwei pushed to the departments that supervise it (告知承诺免审批)', () => {
    const filed = [{ kind: 'road-excavation' as const, status: 'filed' as const, filedOn: '2026-03-03' }]
    expect(hookupPermitText(hookup({ lowRisk: true, stage: 'construction', permits: filed }))).toBe(
      '低风险外线，免于外线行政审批（告知承诺）：施工方案已于2026年3月3日报备，可以施工',
    )
    const pushed = hookup({
      lowRisk: true,
      stage: 'construction',
      permits: filed,
      worksPlanPush: {
        commitment: '按不低于原貌标准恢复道路和绿化',
        plans: [{ kind: 'works-plan', reference: 'SW-施工-001', description: '开挖埋管120米' }],
        departments: [{ code: 'transport', name: '汕尾市交通运输局' }],
        pushedOn: '2026-03-03',
        pushedAt: '2026-03-03T02:00:00.000Z',
        source: 'seeds/004_33317a5f04b53a73.txt:1852',
      },
    })
    expect(hookupPermitText(pushed)).toBe(
      '低风险外线，免于外线行政审批（告知承诺）：施工方案已于2026年3月3日报备并推送有关部门监管',
    )
  })

  it('the card lists every hookup by its utility, and says nothing for a project without one', () => {
    const status = {
      utilities: [hookup({ stage: 'survey' }), hookup({ provider: 'water', lowRisk: true, stage: 'survey' })],
    } as Status
    const html = renderToStaticMarkup(createElement(UtilityHookupsCard, { status }))
    expect(html).toContain('供气报装：')
    expect(html).toContain('需办理外线行政审批，由供气单位完成接入方案后申请')
    expect(html).toContain('供水报装：')
    expect(html).toContain('低风险外线，免于外线行政审批（告知承诺）：待供水单位报备施工方案')
    expect(html).not.toContain('联合踏勘')
    expect(
      renderToStaticMarkup(createElement(UtilityHookupsCard, { status: { utilities: [] } as unknown as Status })),
    ).toBe('')
  })
})

describe('the permits clock paused while every permit left is back with the provider', () => {
  const refused = {
    kind: 'road-excavation' as const,
    status: 'refused' as const,
    department: 'urban-management',
    departmentName: '汕尾市城市管理和综合执法局',
    appliedOn: '2026-03-02',
    reason: '禁止开挖',
    decidedOn: '2026-03-03',
  }
  const pausedClock = {
    limit: { value: 3, unit: 'W' as const },
    start: '2026-03-02',
    suspensions: [{ kind: 'supplement' as const, from: '2026-03-04' }],
  }

  it('the owner reads the pause and since when, not a due day that moves forward every day', () => {
    const text = hookupPermitText(
      hookup({ permits: [refused], permitsClock: pausedClock, permitsClockState: clock('2026-03-12') }),
    )
    expect(text).toBe(
      '需办理外线行政审批：占用挖掘道路许可不予许可（理由：禁止开挖），待供气单位重新申请；审批时限暂停计算（自2026年3月4日起，待重新申请）',
    )
    expect(text).not.toContain('审批时限至')
    // Resumed at the re-application: the due day again.
    const resumed = hookupPermitText(
      hookup({
        permits: [{ ...refused, status: 'requested', appliedOn: '2026-03-10' }],
        permitsClock: { ...pausedClock, suspensions: [{ kind: 'supplement', from: '2026-03-04', to: '2026-03-10' }] },
        permitsClockState: clock('2026-03-12'),
      }),
    )
    expect(resumed).toContain('审批时限至2026年3月12日')
  })

  it('takes the permits clock’s own pause only, never another open suspension of the clock', () => {
    // Utility opens no other suspension today; one is made here so the pause's words never go to it.
    const other = { id: 'expert-review-1', kind: 'expert-review' as const, from: '2026-03-03' }
    const own = { id: 'permits-with-provider', kind: 'supplement' as const, from: '2026-03-05' }
    expect(permitsPausedFrom({ ...pausedClock, suspensions: [other, own] })).toBe('2026-03-05')
    // Its own pause ended at the re-application, the other still open: no pause of the permits clock to say.
    expect(permitsPausedFrom({ ...pausedClock, suspensions: [other, { ...own, to: '2026-03-09' }] })).toBeUndefined()
    // Another supplement with an id of its own (a 补正 notice's) is not it either.
    expect(
      permitsPausedFrom({ ...pausedClock, suspensions: [{ id: 'notice-1', kind: 'supplement', from: '2026-03-03' }] }),
    ).toBeUndefined()
    // Written before the pause carried its id: the id-less supplement is still its own (pausedClock, above).
    expect(permitsPausedFrom(pausedClock)).toBe('2026-03-04')
  })

  it('the provider’s clock cell names it for what it is, not 补正', () => {
    const from = permitsPausedFrom(pausedClock)
    expect(from).toBe('2026-03-04')
    expect(permitsPausedFrom({ ...pausedClock, suspensions: [] })).toBeUndefined()
    const state = {
      evaluatedOn: '2026-03-05',
      due: '2026-03-09',
      used: 1,
      remaining: 2,
      overdueBy: 0,
      level: 'green' as const,
      overdue: false,
      suspended: true,
      provisional: false,
      suspensions: [{ kind: 'supplement', from: '2026-03-04', open: true }],
    }
    const html = renderToStaticMarkup(
      createElement(ClockCell, { clock: pausedClock, state, pauseWords: permitsPauseText(from ?? '') }),
    )
    expect(html).toContain('审批时限暂停计算（自2026年3月4日起，待重新申请）')
    expect(html).not.toContain('补正')
    // Any other clock's pause keeps the kind workdays names.
    expect(renderToStaticMarkup(createElement(ClockCell, { clock: pausedClock, state }))).toContain(
      '已暂停（补正期间）',
    )
  })
})
