import { loadCatalogue } from '@onewindow/catalogue'
import { nationalStates, OUTSIDE_LINE_PERMIT_ITEMS, type UtilityRequestAdvancedBody } from '@onewindow/contracts'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ACCEPTANCE_STATES,
  decisionsWithoutRound,
  fenToWanYuan,
  flowCode,
  JOINT_ACCEPTANCE_ITEM,
  permitInstance,
  permitsAdvancedRows,
  rowsOfAcceptanceEvent,
  rowsOfCertificateIssued,
  rowsOfPermitsAdvanced,
  rowsOfProjectRegistered,
  rowsOfTaskEvent,
  type SpglProjectContext,
  STATE_CHANGING_TASK_EVENTS,
} from '../src/domain/spgl.js'
import { acceptanceCase, projectRegistered, signedCertificate, task, utilityRequest } from './events.js'

const context: SpglProjectContext = {
  region: '441500',
  projectCode: '2026-441500-47-01-000001',
  flowCode: '441500-social-simple-low-risk',
  flowVersion: 'test-1',
}

describe('the national data-sharing mapping (SPGL_*)', () => {
  it('a registration: its flow version, each stage in flow order with its items, the project and its owner', () => {
    const e = projectRegistered({
      flow: [
        { step: 's1', name: '一', stage: 'land', items: ['a', 'b'] },
        { step: 's2', name: '二', stage: 'permit', items: ['c'] },
        { step: 's3', name: '三', stage: 'land', items: ['b', 'd'] },
      ],
    })
    const rows = rowsOfProjectRegistered(e)
    const flow = `${e.region}-${e.projectType}@${e.catalogueVersion}`
    expect(rows.map((r) => [r.table, r.key])).toEqual([
      ['SPGL_DFXMSPLCXXB', flow],
      ['SPGL_DFXMSPLCJDXXB', `${flow}/land`],
      ['SPGL_DFXMSPLCJDSXXXB', `${flow}/land/a`],
      ['SPGL_DFXMSPLCJDSXXXB', `${flow}/land/b`],
      ['SPGL_DFXMSPLCJDSXXXB', `${flow}/land/d`],
      ['SPGL_DFXMSPLCJDXXB', `${flow}/permit`],
      ['SPGL_DFXMSPLCJDSXXXB', `${flow}/permit/c`],
      ['SPGL_XMJBXXB', e.projectId],
      ['SPGL_XMDWXXB', `${e.projectId}/owner`],
    ])
    const stageNumbers = rows.filter((r) => r.table === 'SPGL_DFXMSPLCJDXXB').map((r) => r.fields['SPJDXH'])
    expect(stageNumbers).toEqual([1, 2])
    const project = rows.find((r) => r.table === 'SPGL_XMJBXXB')?.fields
    expect(project).toMatchObject({ XMDM: e.projectCode, GCDM: e.projectCode, XMMC: e.name, XZQHDM: e.region })
    expect(project?.['ZTZE']).toBe(e.investmentFen / 1_000_000)
    expect(project?.['SPLCBM']).toBe(flowCode(e.region, e.projectType))
    const unit = rows.find((r) => r.table === 'SPGL_XMDWXXB')?.fields
    expect(unit).toMatchObject({ DWMC: e.owner.name, DWTYSHXYDM: e.owner.creditCode })
  })

  it('a flow with a joint acceptance step lists its item 竣工联合验收 in the stage, before the items it joins', () => {
    const e = projectRegistered({
      flow: [
        { step: 'construction-permit', name: '施工许可', stage: 'construction-permit', items: ['construction-permit'] },
        {
          step: 'joint-acceptance',
          name: '竣工联合验收',
          stage: 'completion-acceptance',
          items: ['planning-condition-verification', 'fire-acceptance-filing'],
        },
        {
          step: 'first-registration',
          name: '不动产首次登记',
          stage: 'completion-acceptance',
          items: ['first-registration'],
        },
      ],
    })
    const flow = `${e.region}-${e.projectType}@${e.catalogueVersion}`
    const items = rowsOfProjectRegistered(e).filter((r) => r.table === 'SPGL_DFXMSPLCJDSXXXB')
    expect(items.map((r) => r.key)).toEqual([
      `${flow}/construction-permit/construction-permit`,
      `${flow}/completion-acceptance/joint-acceptance`,
      `${flow}/completion-acceptance/planning-condition-verification`,
      `${flow}/completion-acceptance/fire-acceptance-filing`,
      `${flow}/completion-acceptance/first-registration`,
    ])
    // The code a case's instance carries (SPSXBM of its 事项办理 row), in its own flow's items.
    expect(items[1]?.fields).toMatchObject({
      SPSXBM: JOINT_ACCEPTANCE_ITEM.code,
      SPJDXH: 2,
      SPSXBBH: e.catalogueVersion,
    })
  })

  it('a registration without a pinned catalogue version makes no flow rows, only the project and its owner', () => {
    const { catalogueVersion: _, ...e } = projectRegistered()
    expect(rowsOfProjectRegistered(e).map((r) => r.table)).toEqual(['SPGL_XMJBXXB', 'SPGL_XMDWXXB'])
  })

  it('fen to 万元 at two places', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e13 }), (fen) => {
        const wan = fenToWanYuan(fen)
        expect(Math.abs(wan - fen / 1_000_000)).toBeLessThanOrEqual(0.005 + 1e-9)
      }),
    )
  })

  it('assigned makes the handling row and a detail row with BLZT 3; each later change one detail row with its code', () => {
    const t = task('0190f5a0-0000-7000-8000-000000000001', '0190f5a0-0000-7000-8000-000000000002')
    const assigned = rowsOfTaskEvent('permit.approval.task.assigned.v1', 'e1', { task: t }, context)
    expect(assigned.map((r) => r.table)).toEqual(['SPGL_XMSPSXBLXXB', 'SPGL_XMSPSXBLXXXXB'])
    expect(assigned[0]?.fields).toMatchObject({ SPSXSLBM: t.taskId, SPSXBM: t.item, SPBMBM: t.department })
    expect(assigned[1]?.fields).toMatchObject({ DFSJZJ: 'e1', SPSXSLBM: t.taskId, BLZT: 3, GCDM: context.projectCode })
    const decided = {
      ...t,
      status: 'approved' as const,
      nationalCode: 11,
      decision: { outcome: 'approved' as const, reason: '符合', decidedAt: '2026-03-03T01:00:00Z', decidedBy: 'r1' },
    }
    const rows = rowsOfTaskEvent('permit.approval.task.decided.v1', 'e2', { task: decided }, context)
    expect(rows).toHaveLength(1)
    expect(rows[0]?.fields).toMatchObject({ BLZT: 11, BLYJ: '符合', BLR: 'r1' })
  })

  it('BLZT is the task’s own code for every state-changing event, and every code is one of the fifteen', () => {
    const t = task('0190f5a0-0000-7000-8000-000000000001', '0190f5a0-0000-7000-8000-000000000002')
    for (const subject of STATE_CHANGING_TASK_EVENTS) {
      for (const code of Object.keys(nationalStates).map(Number)) {
        const rows = rowsOfTaskEvent(subject, 'e', { task: { ...t, nationalCode: code } }, context)
        expect(rows.at(-1)?.fields['BLZT']).toBe(code)
      }
    }
  })

  it('clock pauses, extensions, commitment checks and 督办 change no 办理状态: no row', () => {
    const t = task('0190f5a0-0000-7000-8000-000000000001', '0190f5a0-0000-7000-8000-000000000002')
    for (const subject of [
      'permit.approval.task.clock-paused.v1',
      'permit.approval.task.extended.v1',
      'permit.approval.task.commitment-kept.v1',
      'permit.approval.task.supervised.v1',
    ])
      expect(rowsOfTaskEvent(subject, 'e', { task: t }, context)).toEqual([])
  })

  it('a 特别程序 row carries its kind, its own limit and its unit; a 补正 pause is not one', () => {
    const base = task('0190f5a0-0000-7000-8000-000000000001', '0190f5a0-0000-7000-8000-000000000002')
    const committed = base.clocks.committed
    if (!committed) throw new Error('the test task has a committed clock')
    const started = {
      ...base,
      status: 'special-procedure' as const,
      nationalCode: 9,
      clocks: {
        ...base.clocks,
        committed: {
          ...committed,
          suspensions: [
            { kind: 'supplement' as const, from: '2026-03-03', to: '2026-03-04' },
            { kind: 'expert-review' as const, from: '2026-03-05', limit: { value: 15, unit: 'N' as const } },
          ],
        },
      },
    }
    const [row] = rowsOfTaskEvent('permit.approval.task.special-procedure-started.v1', 'e', { task: started }, context)
    expect(row?.fields).toMatchObject({ BLZT: 9, X_TBCX_KIND: 'expert-review', X_TBCX_LIMIT: 15, X_TBCX_UNIT: 'N' })
    const claimed = rowsOfTaskEvent(
      'permit.approval.task.claimed.v1',
      'e',
      { task: { ...started, nationalCode: 8 } },
      context,
    )
    expect(claimed[0]?.fields['X_TBCX_KIND']).toBeNull()
  })

  it('a certificate is the approval document of its task: 批复文号, 标题, 日期', () => {
    const c = signedCertificate('0190f5a0-0000-7000-8000-000000000001', { kind: 'permit', item: 'construction-permit' })
    const [row] = rowsOfCertificateIssued({ certificate: c, issuedAt: '2026-03-16T01:00:00Z' }, context, 'task-1')
    expect(row?.table).toBe('SPGL_XMSPSXPFWJXXB')
    expect(row?.fields).toMatchObject({
      DFSJZJ: c.body.certificateId,
      SPSXSLBM: 'task-1',
      PFWH: c.body.number,
      PFWJBT: c.body.title,
      PFRQ: c.body.issuedOn,
      GCDM: context.projectCode,
    })
    expect(row?.fields).toMatchObject({
      X_PHASE_CODE: null,
      X_PHASE_NAME: null,
      X_PHASE_NUMBER: null,
      X_PHASE_COUNT: null,
    })
  })

  it('a phased permit (分阶段办理): each phase its own task and document, the phase in the title and the X_PHASE columns', () => {
    const phase = { code: 'below-base-slab', name: '主体工程底板以下', number: 2, count: 4 }
    const phaseColumns = { X_PHASE_CODE: phase.code, X_PHASE_NAME: phase.name, X_PHASE_NUMBER: 2, X_PHASE_COUNT: 4 }
    const t = task('0190f5a0-0000-7000-8000-000000000001', '0190f5a0-0000-7000-8000-000000000002', { phase })
    const [handling, detail] = rowsOfTaskEvent('permit.approval.task.assigned.v1', 'e1', { task: t }, context)
    expect(handling?.table).toBe('SPGL_XMSPSXBLXXB')
    // The item's name stays the catalogue's: the phase is beside it, not in it.
    expect(handling?.fields).toMatchObject({
      SPSXSLBM: t.taskId,
      SPSXBM: t.item,
      SPSXMC: t.itemName ?? null,
      ...phaseColumns,
    })
    // A detail row names its task, which names the phase.
    expect(detail?.fields).not.toHaveProperty('X_PHASE_CODE')
    const whole = rowsOfTaskEvent(
      'permit.approval.task.assigned.v1',
      'e2',
      { task: { ...t, phase: undefined } },
      context,
    )
    expect(whole[0]?.fields).toMatchObject({ X_PHASE_CODE: null, X_PHASE_NUMBER: null })

    const c = signedCertificate('0190f5a0-0000-7000-8000-000000000001', {
      kind: 'permit',
      title: '建筑工程施工许可证',
      item: 'construction-permit',
      phase,
    })
    const [row] = rowsOfCertificateIssued({ certificate: c, issuedAt: '2026-03-16T01:00:00Z' }, context, t.taskId)
    expect(row?.fields).toMatchObject({
      SPSXSLBM: t.taskId,
      PFWH: c.body.number,
      PFWJBT: '建筑工程施工许可证（第 2 阶段 / 共 4 阶段：主体工程底板以下）',
      ...phaseColumns,
    })
    // Every value is one the standard's files can carry (a string, a number or null), as the export demands.
    for (const r of [handling, row]) {
      for (const v of Object.values(r?.fields ?? {}))
        expect(['string', 'number'].includes(typeof v) || v === null).toBe(true)
    }
  })
})

describe('外线工程行政审批 — outside-line permits decided by their departments on the platform', () => {
  const projectId = '0190f5a0-0000-7000-8000-000000000001'
  const urban = { department: 'urban-management', departmentName: '佛山市城管执法局' }
  const police = { department: 'public-security', departmentName: '佛山市公安局' }
  const advanced = (
    version: number,
    permits: UtilityRequestAdvancedBody['request']['permits'],
    over: Partial<UtilityRequestAdvancedBody> = {},
  ): UtilityRequestAdvancedBody => ({
    request: utilityRequest(projectId, {
      requestId: '0190f5a0-0000-7000-8000-0000000000aa',
      stage: 'outside-line-permits',
      lowRisk: false,
      permits,
      version,
      updatedAt: `2026-03-0${version}T02:00:00Z`,
    }),
    ...over,
  })
  const requestId = '0190f5a0-0000-7000-8000-0000000000aa'

  it('plan-done: each permit applied to a department is an item instance of its national item, received 已受理 (3)', () => {
    const body = advanced(
      3,
      [
        { kind: 'road-excavation', status: 'requested', ...urban, appliedOn: '2026-03-03' },
        { kind: 'traffic-organisation', status: 'requested', ...police, appliedOn: '2026-03-03' },
        // Decided off the platform (no appliedOn): the provider records it; not the platform's handling.
        {
          kind: 'green-space',
          status: 'granted',
          ...urban,
          documentNo: '佛城管许〔2026〕3号',
          decidedOn: '2026-03-03',
        },
      ],
      { actor: 'provider-staff-1', permitsApplied: ['road-excavation', 'traffic-organisation'] },
    )
    expect(permitsAdvancedRows(body)).toBe(true)
    const rows = rowsOfPermitsAdvanced(body, context, {})
    const road = permitInstance(requestId, 'road-excavation', 3)
    const traffic = permitInstance(requestId, 'traffic-organisation', 3)
    expect(road).toBe(`${requestId}/road-excavation/3`)
    expect(rows.map((r) => [r.table, r.key])).toEqual([
      ['SPGL_XMSPSXBLXXB', road],
      ['SPGL_XMSPSXBLXXXXB', `${road}/3`],
      ['SPGL_XMSPSXBLXXB', traffic],
      ['SPGL_XMSPSXBLXXXXB', `${traffic}/3`],
    ])
    expect(rows[0]?.fields).toMatchObject({
      DFSJZJ: road,
      SPSXSLBM: road,
      SPSXBM: 'city-road-occupation-excavation',
      SPSXMC: '占用、挖掘城市道路审批',
      SPBMBM: 'urban-management',
      SPBMMC: '佛山市城管执法局',
      GCDM: context.projectCode,
      XZQHDM: context.region,
      SPLCBM: context.flowCode,
      SPLCBBH: context.flowVersion,
      SJYXBS: 1,
    })
    expect(rows[2]?.fields).toMatchObject({ SPSXBM: 'traffic-organisation-plan', SPBMMC: '佛山市公安局' })
    expect(rows[1]?.fields).toMatchObject({
      SPSXSLBM: road,
      BLZT: 3,
      BLCS: '佛山市城管执法局',
      BLR: 'provider-staff-1',
      BLYJ: null,
      BLSJ: '2026-03-03T02:00:00Z',
    })
    // The same row builders as a task's: the same columns, so a table's files have one header.
    const t = task(projectId, '0190f5a0-0000-7000-8000-000000000002')
    const [taskHandling, taskDetail] = rowsOfTaskEvent('permit.approval.task.assigned.v1', 'e1', { task: t }, context)
    expect(Object.keys(rows[0]?.fields ?? {}).sort()).toEqual(Object.keys(taskHandling?.fields ?? {}).sort())
    expect(Object.keys(rows[1]?.fields ?? {}).sort()).toEqual(Object.keys(taskDetail?.fields ?? {}).sort())
  })

  it('准予许可 is 办结 11 and its 文号 a 批复文件; 不予许可 is 办结 13 with the reason as 办理意见', () => {
    const body = advanced(
      5,
      [
        {
          kind: 'road-excavation',
          status: 'granted',
          ...urban,
          appliedOn: '2026-03-03',
          appliedAtVersion: 3,
          documentNo: '佛城管许〔2026〕12号',
          decidedOn: '2026-03-05',
        },
        // Applied for before the snapshot carried its round (no appliedAtVersion): the reader finds it.
        {
          kind: 'traffic-organisation',
          status: 'refused',
          ...police,
          appliedOn: '2026-03-03',
          reason: '交通组织方案未设置绕行指引',
          decidedOn: '2026-03-05',
        },
      ],
      { actor: 'reviewer-1', permitsDecided: ['road-excavation', 'traffic-organisation'] },
    )
    expect(permitsAdvancedRows(body)).toBe(true)
    expect(decisionsWithoutRound(body)).toEqual(['traffic-organisation'])
    const rows = rowsOfPermitsAdvanced(body, context, { 'traffic-organisation': 3 })
    const road = permitInstance(requestId, 'road-excavation', 3)
    const traffic = permitInstance(requestId, 'traffic-organisation', 3)
    expect(rows.map((r) => [r.table, r.key])).toEqual([
      ['SPGL_XMSPSXBLXXXXB', `${road}/11`],
      ['SPGL_XMSPSXPFWJXXB', road],
      ['SPGL_XMSPSXBLXXXXB', `${traffic}/13`],
    ])
    expect(rows[0]?.fields).toMatchObject({ SPSXSLBM: road, BLZT: 11, BLR: 'reviewer-1', BLYJ: null })
    expect(rows[1]?.fields).toMatchObject({
      SPSXSLBM: road,
      PFWH: '佛城管许〔2026〕12号',
      PFRQ: '2026-03-05',
      PFWJBT: '占用、挖掘城市道路审批准予许可决定书',
      PFWJYXQX: '9999-01-01',
      X_KIND: 'outside-line-permit',
      X_PHASE_CODE: null,
      GCDM: context.projectCode,
    })
    expect(rows[2]?.fields).toMatchObject({ SPSXSLBM: traffic, BLZT: 13, BLYJ: '交通组织方案未设置绕行指引' })
    for (const r of rows)
      for (const v of Object.values(r.fields)) expect(['string', 'number'].includes(typeof v) || v === null).toBe(true)
    // A decision whose round neither the snapshot nor the reader names (applied for before permitsApplied, or its
    // instance concluded already): no row; the one whose snapshot names its round is written still.
    expect(rowsOfPermitsAdvanced(body, context, {}).map((r) => r.key)).toEqual([`${road}/11`, road])
    // A later move of the request (construction-done) shows both still decided but names neither: nothing, so the
    // decision's rows are its own event's, with its actor and time.
    const later = { ...body, request: { ...body.request, version: 6, stage: 'construction' as const } }
    const { permitsDecided: _, ...moved } = { ...later, actor: 'provider-staff-1' }
    expect(permitsAdvancedRows(moved)).toBe(false)
    expect(decisionsWithoutRound(moved)).toEqual([])
    expect(rowsOfPermitsAdvanced(moved, context, { 'traffic-organisation': 3 })).toEqual([])
  })

  it('办结（容缺通过）12: a grant while a material of its 容缺受理 was owed; the acceptance and the later supply write nothing', () => {
    const road = permitInstance(requestId, 'road-excavation', 3)
    const accepted = {
      kind: 'road-excavation' as const,
      status: 'requested' as const,
      ...urban,
      appliedOn: '2026-03-03',
      appliedAtVersion: 3,
      acceptedOn: '2026-03-04',
      deficiencies: [{ name: '管线平面图' }],
    }
    // 容缺受理 decides nothing: its event names no permit decided.
    expect(permitsAdvancedRows(advanced(4, [accepted], { actor: 'reviewer-1', permitsDecided: [] }))).toBe(false)
    const granted = {
      ...accepted,
      status: 'granted' as const,
      documentNo: '佛城管许〔2026〕12号',
      decidedOn: '2026-03-05',
      grantedWithDeficiencies: true as const,
    }
    const body = advanced(5, [granted], { actor: 'reviewer-1', permitsDecided: ['road-excavation'] })
    const rows = rowsOfPermitsAdvanced(body, context, {})
    expect(rows.map((r) => [r.table, r.key])).toEqual([
      ['SPGL_XMSPSXBLXXXXB', `${road}/12`],
      ['SPGL_XMSPSXPFWJXXB', road],
    ])
    expect(rows[0]?.fields).toMatchObject({ SPSXSLBM: road, BLZT: 12, BLR: 'reviewer-1' })
    // Supplied afterwards (容缺后补): the grant stays 12, and the supply's event names no decision.
    const supplied = { ...granted, deficiencies: [{ name: '管线平面图', suppliedOn: '2026-03-09' }] }
    const later = advanced(6, [supplied], { actor: 'staff-gas', permitsDecided: [] })
    expect(rowsOfPermitsAdvanced(later, context, {})).toEqual([])
  })

  it('an older decision event (no permitsDecided, no round on any permit) writes the 办结 of each permit it shows decided on the platform; a newer one naming nothing, none', () => {
    const grantedRoad = {
      kind: 'road-excavation' as const,
      status: 'granted' as const,
      ...urban,
      appliedOn: '2026-03-03',
      documentNo: '佛城管许〔2026〕12号',
      decidedOn: '2026-03-05',
    }
    const refusedTraffic = {
      kind: 'traffic-organisation' as const,
      status: 'refused' as const,
      ...police,
      appliedOn: '2026-03-03',
      reason: '未设置绕行指引',
      decidedOn: '2026-03-05',
    }
    // Published between the department decision's release and permitsDecided: the rule it was written under.
    const older = advanced(5, [grantedRoad, refusedTraffic], { actor: 'reviewer-1' })
    expect(permitsAdvancedRows(older)).toBe(true)
    expect(decisionsWithoutRound(older)).toEqual(['road-excavation', 'traffic-organisation'])
    const road = permitInstance(requestId, 'road-excavation', 3)
    const traffic = permitInstance(requestId, 'traffic-organisation', 3)
    const rows = rowsOfPermitsAdvanced(older, context, { 'road-excavation': 3, 'traffic-organisation': 3 })
    expect(rows.map((r) => [r.table, r.key])).toEqual([
      ['SPGL_XMSPSXBLXXXXB', `${road}/11`],
      ['SPGL_XMSPSXPFWJXXB', road],
      ['SPGL_XMSPSXBLXXXXB', `${traffic}/13`],
    ])
    expect(rows[0]?.fields).toMatchObject({ BLZT: 11, BLR: 'reviewer-1', BLSJ: '2026-03-05T02:00:00Z' })
    expect(rows[2]?.fields).toMatchObject({ BLZT: 13, BLYJ: '未设置绕行指引' })
    // An older event showing no platform decision: nothing, and no look-up.
    const { appliedOn: _, ...fromPaper } = refusedTraffic
    const waiting = advanced(4, [{ ...grantedRoad, status: 'requested' }, fromPaper])
    expect(permitsAdvancedRows(waiting)).toBe(false)
    expect(decisionsWithoutRound(waiting)).toEqual([])
    // A newer event naming nothing (its permits carry their round): nothing, as before.
    const newer = advanced(6, [
      { ...grantedRoad, appliedAtVersion: 3 },
      { ...refusedTraffic, appliedAtVersion: 3 },
    ])
    expect(permitsAdvancedRows(newer)).toBe(false)
    expect(decisionsWithoutRound(newer)).toEqual([])
    expect(rowsOfPermitsAdvanced(newer, context, { 'road-excavation': 3, 'traffic-organisation': 3 })).toEqual([])
    // Naming a field makes it no older event: only what it names counts.
    const named = advanced(5, [grantedRoad, refusedTraffic], { permitsDecided: ['road-excavation'] })
    expect(decisionsWithoutRound(named)).toEqual(['road-excavation'])
    // A newer event of a request applied for before rounds were carried, deciding nothing (construction done, read
    // before the decision's own event was replayed): its empty `permitsDecided` says so — never taken for an older
    // event, so it writes no 办结 with its own actor and time, and costs no look-up.
    const moved = advanced(6, [grantedRoad, refusedTraffic], { actor: 'staff-gas', permitsDecided: [] })
    expect(permitsAdvancedRows(moved)).toBe(false)
    expect(decisionsWithoutRound(moved)).toEqual([])
    expect(rowsOfPermitsAdvanced(moved, context, { 'road-excavation': 3, 'traffic-organisation': 3 })).toEqual([])
  })

  it("a decision's instance is the round its snapshot names, whatever the reader has seen (a re-application read late)", () => {
    // The grant of the second round (applied at version 9), read while that round's application was dead-lettered:
    // the instance is version 9's, never the refused round's (3) that the stored rows would give.
    const grant = advanced(
      11,
      [
        {
          kind: 'traffic-organisation',
          status: 'granted',
          ...police,
          appliedOn: '2026-03-09',
          appliedAtVersion: 9,
          documentNo: '佛公交〔2026〕7号',
          decidedOn: '2026-03-11',
          reapplication: { change: '增设绕行指引' },
        },
      ],
      { actor: 'reviewer-police', permitsDecided: ['traffic-organisation'] },
    )
    expect(decisionsWithoutRound(grant)).toEqual([])
    const second = permitInstance(requestId, 'traffic-organisation', 9)
    expect(rowsOfPermitsAdvanced(grant, context, { 'traffic-organisation': 3 }).map((r) => [r.table, r.key])).toEqual([
      ['SPGL_XMSPSXBLXXXXB', `${second}/11`],
      ['SPGL_XMSPSXPFWJXXB', second],
    ])
  })

  it('a refused permit applied for again is a new instance of the item, received again (3)', () => {
    const again = advanced(
      7,
      [
        {
          kind: 'traffic-organisation',
          status: 'requested',
          ...police,
          appliedOn: '2026-03-07',
          reapplication: {
            change: '增设绕行指引',
            refusedOn: '2026-03-05',
            refusalReason: '交通组织方案未设置绕行指引',
          },
        },
      ],
      { permitsApplied: ['traffic-organisation'] },
    )
    const rows = rowsOfPermitsAdvanced(again, context, { 'traffic-organisation': 3 })
    const second = permitInstance(requestId, 'traffic-organisation', 7)
    expect(rows.map((r) => [r.table, r.key, r.fields['BLZT'] ?? null])).toEqual([
      ['SPGL_XMSPSXBLXXB', second, null],
      ['SPGL_XMSPSXBLXXXXB', `${second}/3`, 3],
    ])
    expect(second).not.toBe(permitInstance(requestId, 'traffic-organisation', 3))
  })

  it('a move that applies for nothing and shows nothing decided on the platform writes nothing', () => {
    const waiting = advanced(4, [{ kind: 'road-excavation', status: 'requested', ...urban, appliedOn: '2026-03-03' }])
    expect(permitsAdvancedRows(waiting)).toBe(false)
    expect(rowsOfPermitsAdvanced(waiting, context, {})).toEqual([])
    const recorded = advanced(4, [
      { kind: 'road-excavation', status: 'refused', ...urban, reason: '不符合', decidedOn: '2026-03-04' },
      { kind: 'green-space', status: 'filed', filedOn: '2026-03-04' },
    ])
    expect(permitsAdvancedRows(recorded)).toBe(false)
    expect(decisionsWithoutRound(recorded)).toEqual([])
    expect(rowsOfPermitsAdvanced(recorded, context, { 'road-excavation': 3 })).toEqual([])
    // Named as decided but recorded from paper (no appliedOn): still not the platform's handling.
    const named = { ...recorded, permitsDecided: ['road-excavation' as const] }
    expect(permitsAdvancedRows(named)).toBe(false)
    expect(rowsOfPermitsAdvanced(named, context, { 'road-excavation': 3 })).toEqual([])
  })

  it("each permit kind's item is the national catalogue's, by code and name", () => {
    const national = loadCatalogue('000000')
    for (const item of Object.values(OUTSIDE_LINE_PERMIT_ITEMS))
      expect(national.item(item.code)?.name.zh).toBe(item.name)
  })
})

describe('竣工联合验收 — a joint acceptance case as the one item it is handled as', () => {
  const lead = { lead: 'housing-construction', leadName: '佛山市住房城乡建设局' }
  const opened = acceptanceCase('01890000-0000-7000-8000-000000000001', lead)
  const subject = (s: string) => `permit.acceptance.case.${s}.v1`

  it('started: the case is an instance of 竣工联合验收 at the lead, received 已受理 (3) by the owner’s application', () => {
    const rows = rowsOfAcceptanceEvent(subject('started'), { case: opened, actor: 'owner-1' }, context)
    expect(rows.map((r) => [r.table, r.key])).toEqual([
      ['SPGL_XMSPSXBLXXB', opened.caseId],
      ['SPGL_XMSPSXBLXXXXB', `${opened.caseId}/3`],
    ])
    expect(rows[0]?.fields).toMatchObject({
      SPSXSLBM: opened.caseId,
      SPSXBM: 'joint-acceptance',
      SPSXMC: '竣工联合验收',
      SPBMBM: 'housing-construction',
      SPBMMC: '佛山市住房城乡建设局',
      GCDM: context.projectCode,
      SPLCBM: context.flowCode,
      X_PHASE_CODE: null,
    })
    expect(rows[1]?.fields).toMatchObject({
      SPSXSLBM: opened.caseId,
      BLZT: 3,
      BLCS: '佛山市住房城乡建设局',
      BLR: 'owner-1',
      BLYJ: null,
      BLSJ: opened.updatedAt,
    })
  })

  it('the joint inspection scheduled is 部门开始办理 (8); a re-inspection and a department’s opinion write nothing', () => {
    const inspection = { date: '2026-03-06', place: '现场', participants: ['housing-construction', 'fire'] }
    const first = { ...opened, status: 'scheduled' as const, inspection: { ...inspection, round: 1 }, version: 2 }
    const rows = rowsOfAcceptanceEvent(subject('inspection-scheduled'), { case: first, actor: 'lead-1' }, context)
    // Its instance's 事项办理 row first, as on every event that writes a row: the same row `started` wrote.
    const instance = rowsOfAcceptanceEvent(subject('started'), { case: opened, actor: 'owner-1' }, context)[0]
    expect(rows[0]).toEqual(instance)
    expect(rows.map((r) => [r.key, r.fields['BLZT'] ?? null, r.fields['BLR'] ?? null])).toEqual([
      [opened.caseId, null, null],
      [`${opened.caseId}/8`, 8, 'lead-1'],
    ])
    const again = { ...first, inspection: { ...inspection, round: 2 }, version: 5 }
    expect(rowsOfAcceptanceEvent(subject('inspection-scheduled'), { case: again }, context)).toEqual([])
    for (const s of ['opinion-recorded', 'rectification-submitted', 'clock-warned', 'result-recorded'])
      expect(rowsOfAcceptanceEvent(subject(s), { case: first, actor: 'reviewer-fire' }, context)).toEqual([])
  })

  it('passed is 办结（通过）11 with the 联合验收意见书 as its 批复文件; a pass before letters were numbered, 11 alone', () => {
    const passed = {
      ...opened,
      status: 'passed' as const,
      part: '1号楼',
      opinionNumber: 'LHYS-440600-2026-000007',
      decidedAt: '2026-03-06T17:00:00.000Z',
      updatedAt: '2026-03-06T17:00:00.000Z',
      version: 4,
    }
    const rows = rowsOfAcceptanceEvent(subject('passed'), { case: passed, actor: 'reviewer-fire' }, context)
    expect(rows.map((r) => [r.table, r.key])).toEqual([
      ['SPGL_XMSPSXBLXXB', opened.caseId],
      ['SPGL_XMSPSXBLXXXXB', `${opened.caseId}/11`],
      ['SPGL_XMSPSXPFWJXXB', opened.caseId],
    ])
    expect(rows[1]?.fields).toMatchObject({ BLZT: 11, BLR: 'reviewer-fire', BLCS: '佛山市住房城乡建设局', BLYJ: null })
    expect(rows[2]?.fields).toMatchObject({
      SPSXSLBM: opened.caseId,
      PFWH: 'LHYS-440600-2026-000007',
      // The day in China: 17:00Z is the 7th in Asia/Shanghai.
      PFRQ: '2026-03-07',
      PFWJBT: '竣工联合验收意见书（1号楼）',
      X_KIND: 'joint-acceptance',
    })
    const { opinionNumber: _none, ...unnumbered } = passed
    expect(rowsOfAcceptanceEvent(subject('passed'), { case: unnumbered }, context).map((r) => r.key)).toEqual([
      opened.caseId,
      `${opened.caseId}/11`,
    ])
  })

  it('failed is 办结（不通过）13 with why as 办理意见: the event’s note, else the items that failed it', () => {
    const failedItems = opened.items.map((i) =>
      i.item === 'fire-acceptance-filing' ? { ...i, status: 'failed' as const, itemName: '消防验收备案' } : i,
    )
    const failed = { ...opened, status: 'failed' as const, items: failedItems, version: 4 }
    const noted = rowsOfAcceptanceEvent(
      subject('failed'),
      { case: failed, actor: 'reviewer-fire', note: 'fire-acceptance-filing: 疏散通道堵塞' },
      context,
    )
    expect(noted.map((r) => [r.key, r.fields['BLZT'] ?? null, r.fields['BLYJ'] ?? null])).toEqual([
      [opened.caseId, null, null],
      [`${opened.caseId}/13`, 13, 'fire-acceptance-filing: 疏散通道堵塞'],
    ])
    expect(rowsOfAcceptanceEvent(subject('failed'), { case: failed }, context)[1]?.fields['BLYJ']).toBe('消防验收备案')
  })

  it('a pass revoked is 撤销 (15), only of a pass the export wrote; every state is one of the fifteen, the item the seed’s one', () => {
    const revoked = { ...opened, status: 'passed' as const, version: 9 }
    const event = { case: revoked, note: '承诺不实' }
    const rows = rowsOfAcceptanceEvent(subject('pass-revoked'), event, context, { passed: true })
    expect(rows.map((r) => [r.key, r.fields['BLZT'] ?? null, r.fields['BLYJ'] ?? null])).toEqual([
      [opened.caseId, null, null],
      [`${opened.caseId}/15`, 15, '承诺不实'],
    ])
    // A pass read before this mapping (no 11 stored): its revocation is no 撤销 of anything sent — nothing.
    expect(rowsOfAcceptanceEvent(subject('pass-revoked'), event, context, { passed: false })).toEqual([])
    expect(rowsOfAcceptanceEvent(subject('pass-revoked'), event, context)).toEqual([])
    for (const code of Object.values(ACCEPTANCE_STATES)) expect(nationalStates[code]).toBeDefined()
    expect(JOINT_ACCEPTANCE_ITEM).toEqual({ code: 'joint-acceptance', name: '竣工联合验收' })
  })

  it('each department’s 结果物 and the 竣工验收备案表 are 批复文件 of the case’s instance; one not on the snapshot, none', () => {
    const result = {
      name: '规划条件核实合格证',
      number: '佛自然规核〔2026〕9号',
      issuedOn: '2026-03-08',
      recordedBy: 'r',
    }
    const resulted = {
      ...opened,
      status: 'passed' as const,
      items: opened.items.map((i) =>
        i.item === 'fire-acceptance-filing' ? { ...i, status: 'passed' as const, result } : i,
      ),
      filingForm: { number: 'JGBA-440600-2026-000002', issuedOn: '2026-03-09' },
    }
    const recorded = rowsOfAcceptanceEvent(
      subject('result-recorded'),
      { case: resulted, item: 'fire-acceptance-filing', actor: 'reviewer-fire' },
      context,
    )
    expect(recorded.map((r) => [r.table, r.key])).toEqual([
      ['SPGL_XMSPSXBLXXB', opened.caseId],
      ['SPGL_XMSPSXPFWJXXB', `${opened.caseId}/fire-acceptance-filing`],
    ])
    expect(recorded[1]?.fields).toMatchObject({
      SPSXSLBM: opened.caseId,
      PFWH: '佛自然规核〔2026〕9号',
      PFRQ: '2026-03-08',
      PFWJBT: '规划条件核实合格证',
      X_KIND: 'joint-acceptance-result',
    })
    const filing = rowsOfAcceptanceEvent(subject('filing-issued'), { case: resulted }, context)
    expect(
      filing.map((r) => [r.key, r.fields['PFWH'] ?? null, r.fields['PFWJBT'] ?? null, r.fields['X_KIND'] ?? null]),
    ).toEqual([
      [opened.caseId, null, null, null],
      [`${opened.caseId}/filing`, 'JGBA-440600-2026-000002', '竣工验收备案表', 'completion-filing'],
    ])
    const bare = { case: opened, item: 'fire-acceptance-filing' }
    expect(rowsOfAcceptanceEvent(subject('result-recorded'), bare, context)).toEqual([])
    expect(rowsOfAcceptanceEvent(subject('filing-issued'), bare, context)).toEqual([])
  })

  it('the item’s code is the joint-acceptance step’s in every bundled catalogue that has a joint acceptance', () => {
    let types = 0
    for (const region of ['000000', '440600', '441500', '450700']) {
      for (const type of loadCatalogue(region)
        .projectTypes()
        .filter((t) => t.acceptance)) {
        types += 1
        expect(type.steps.map((s) => s.code)).toContain(JOINT_ACCEPTANCE_ITEM.code)
      }
    }
    expect(types).toBeGreaterThan(3)
  })
})
