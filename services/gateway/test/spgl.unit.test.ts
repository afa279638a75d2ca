import { nationalStates } from '@onewindow/contracts'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  fenToWanYuan,
  flowCode,
  rowsOfCertificateIssued,
  rowsOfProjectRegistered,
  rowsOfTaskEvent,
  type SpglProjectContext,
  STATE_CHANGING_TASK_EVENTS,
} from '../src/domain/spgl.js'
import { projectRegistered, signedCertificate, task } from './events.js'

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
