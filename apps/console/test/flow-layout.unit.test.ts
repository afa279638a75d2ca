import { bundledDocuments } from '@onewindow/catalogue'
import { describe, expect, it } from 'vitest'
import { type Box, departmentNode, ems, FONT, flowLayout, wrap } from '../src/pages/owner/flow-layout.js'
import type { DepartmentView, StepView } from '../src/pages/owner/flow-model.js'

// Shanwei's low-risk factory's second step, the one the owner's browser test shows.
const SHANWEI = '人防、规划、施工许可、节能审查、供水供电报装一并申请'

/** Every step name of the bundled catalogues (Shanwei's, Foshan's, Qinzhou's…), longest first. */
const stepNames = [
  ...new Set(
    bundledDocuments().flatMap((d) =>
      ((d as { projectTypes?: Array<{ steps?: Array<{ name: { zh: string } }> }> }).projectTypes ?? []).flatMap((t) =>
        (t.steps ?? []).map((s) => s.name.zh),
      ),
    ),
  ),
].sort((a, b) => b.length - a.length)

// As flow-model.ts makes one from a task (what it adds beyond these is not the chart's).
const department = (taskId: string, name: string, over: Partial<DepartmentView> = {}): DepartmentView =>
  ({
    taskId,
    department: name,
    item: 'item',
    nationalCode: 3,
    nationalName: '已受理',
    status: 'claimed',
    decided: false,
    remaining: 15,
    unit: 'W',
    due: '2026-03-20',
    level: 'green',
    ...over,
  }) as DepartmentView
const step = (code: string, name: string, departments: DepartmentView[] = []): StepView => ({
  step: code,
  name,
  state: 'not-started',
  current: false,
  departments,
})

/** Two boxes overlap when they share more than an edge. */
const overlap = (a: Box, b: Box) => Math.abs(a.x - b.x) * 2 < a.w + b.w && Math.abs(a.y - b.y) * 2 < a.h + b.h

describe("the owner's flow chart: every name whole", () => {
  it('knows the longest step names of the bundled catalogues', () => {
    expect(stepNames[0]?.length).toBeGreaterThan(SHANWEI.length)
    expect(stepNames).toContain(SHANWEI)
    expect(stepNames).toContain('竣工联合验收和市政公用基础设施接入服务')
    // Foshan's longest.
    expect(stepNames).toContain('用地规划、人防、工程规划（及施工、消防设计）许可一并申请')
  })

  it('wraps a name into lines that fit, keeping every character, breaking after a separator', () => {
    expect(wrap(SHANWEI, 15)).toEqual(['人防、规划、施工许可、', '节能审查、供水供电报装一并申请'])
    expect(wrap('立项用地规划许可阶段', 15)).toEqual(['立项用地规划许可阶段'])
    expect(wrap('补正已提交，审查中 · 剩余 15 个工作日', 15)).toEqual(['补正已提交，审查中 ·', '剩余 15 个工作日'])
    // No line starts with closing punctuation; a number is not split.
    expect(wrap('外线工程审批（容缺受理、并联办理）', 8)).toEqual(['外线工程审批', '（容缺受理、', '并联办理）'])
    for (const line of wrap('一二三四五六七、', 7)) expect(line).not.toMatch(/^[、，。）]/)
    expect(wrap('剩余 12345 个工作日', 4).join('|')).toContain('12345')
    for (const width of [6, 9, 10, 13, 15]) {
      for (const name of stepNames) {
        const lines = wrap(name, width)
        expect(lines.join(''), `${name} at ${width}`).toBe(name.replaceAll(' ', ''))
        for (const line of lines) expect(ems(line), `${line} of ${name}`).toBeLessThanOrEqual(width)
      }
    }
  })

  it('lays the steps side by side on a wide page and in one column on a phone, no node over another', () => {
    const steps = [
      step('a', '立项用地规划许可阶段', [
        department('t1', '汕尾市自然资源局'),
        department('t2', '发展改革部门', { status: 'supplement-requested' }),
      ]),
      step('b', SHANWEI),
      step('e', stepNames[0] ?? ''),
      step('c', '竣工联合验收和市政公用基础设施接入服务'),
      step('d', '不动产初始登记'),
    ]
    for (const [width, column] of [
      [1180, false],
      [800, false],
      [330, true],
    ] as const) {
      const layout = flowLayout(steps, width)
      expect(layout.column, String(width)).toBe(column)
      const boxes = [...layout.boxes.entries()]
      expect(boxes.length).toBe(7)
      for (const [id, b] of boxes) {
        // Inside the chart, and its label's lines no wider than the node.
        expect(b.x - b.w / 2, id).toBeGreaterThanOrEqual(0)
        expect(b.x + b.w / 2, id).toBeLessThanOrEqual(width)
        expect(b.y + b.h / 2, id).toBeLessThanOrEqual(layout.height)
        for (const line of b.lines) expect(ems(line) * FONT, line).toBeLessThanOrEqual(b.w - 24)
        for (const [other, o] of boxes) if (other !== id) expect(overlap(b, o), `${id} over ${other}`).toBe(false)
      }
      // The longest name is there whole, over lines of its own, above its state.
      const longest = layout.boxes.get('b')?.lines ?? []
      expect(longest.join('')).toBe(`${SHANWEI}未开始`)
      expect(layout.boxes.get('e')?.lines.join('')).toBe(`${stepNames[0]}未开始`)
      expect(layout.boxes.get(departmentNode('a', 't1'))?.lines.join('')).toMatch(/^汕尾市自然资源局审查中 · 剩余/)
    }
    // Side by side, the steps share a row; in a column, each department follows its step.
    const wide = flowLayout(steps, 1180)
    expect(new Set(['a', 'b', 'e', 'c', 'd'].map((s) => wide.boxes.get(s)?.y)).size).toBe(1)
    const narrow = flowLayout(steps, 330)
    const ys = ['a', departmentNode('a', 't1'), departmentNode('a', 't2'), 'b', 'e', 'c', 'd'].map(
      (id) => narrow.boxes.get(id)?.y ?? 0,
    )
    expect([...ys].sort((p, q) => p - q)).toEqual(ys)
  })
})
